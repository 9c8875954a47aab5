import Classifier
import Foundation
import Kafka
import Logging
import Records
import Synchronization

/// A worker daemon's consume → decide → produce → commit loop, at least once.
///
/// `run()` blocks its calling thread (never a cooperative-pool thread): it polls a batch, decides
/// every record, waits until every output is acknowledged, and only then commits the batch's
/// offsets. A crash therefore re-decides at most the uncommitted batch. `stop()` (any thread, e.g. a
/// signal handler) makes `run()` finish the batch in flight, commit, leave the group and return.
public final class Worker: @unchecked Sendable {
    // @unchecked Sendable: everything but `stopping` and `metrics` is touched only by the thread
    // inside run(), including the rebalance listener, which librdkafka calls from within poll.

    let configuration: WorkerConfiguration
    var decider: Decider
    let logger: Logger
    private let stopping = Atomic<Bool>(false)
    var pending: [KafkaMessage] = []
    var failure: KafkaError?
    var assigned: Set<TopicPartition> = []
    var tracker = DeliveryTracker()
    /// Delivered batches' offsets whose commit failed, retried with the next commit.
    var uncommitted: [TopicPartition: Int64] = [:]
    /// Set when run() gives up: revocations then finish nothing.
    var abandoning = false
    /// The assigned partitions are paused while outputs are stalled (see `awaitOutputs`).
    var pausedForOutputs = false
    /// Set while librdkafka runs the rebalance callback: the consumer cannot be polled then.
    var inRebalanceCallback = false
    /// The consumer's `max.poll.interval.ms`, as in effect.
    var maxPollInterval = Duration.seconds(300)
    public let metrics: WorkerMetrics

    public init(configuration: WorkerConfiguration, classifier: Classifier, pseudonymizer: Pseudonymizer, logger: Logger,
                metrics: WorkerMetrics = WorkerMetrics()) {
        self.configuration = configuration
        self.metrics = metrics
        decider = Decider(classifier: classifier, pseudonymizer: pseudonymizer, topics: configuration.topics,
                          decoder: configuration.decoder, workerID: configuration.workerID)
        self.logger = logger
    }

    /// Asks `run()` to finish its batch and return. Safe from any thread, idempotent.
    public func stop() {
        stopping.store(true, ordering: .relaxed)
    }

    /// Runs until `stop()`; throws on a fatal Kafka error or outputs that cannot be delivered.
    public func run() throws(KafkaError) {
        var producerConfiguration = configuration.kafka
        if configuration.processingGuarantee == .exactlyOnce {
            producerConfiguration.properties["transactional.id"] = configuration.transactionalID
        }
        // Per-record acknowledgements feed the DeliveryTracker; transactions confirm whole batches.
        let producer = try KafkaProducer(configuration: producerConfiguration, logger: logger,
                                         tracksDeliveries: configuration.processingGuarantee == .atLeastOnce)
        let messageMaxBytes = producer.maxMessageBytes
        guard messageMaxBytes >= OutputLimit.minimumMessageMaxBytes else {
            throw KafkaError(code: .configuration, message: "message.max.bytes is \(messageMaxBytes); the worker needs at least \(OutputLimit.minimumMessageMaxBytes) to write its records")
        }
        decider.limit = OutputLimit(messageMaxBytes: messageMaxBytes)
        if configuration.processingGuarantee == .exactlyOnce {
            try producer.initTransactions(timeout: .seconds(60))
            logger.info("exactly-once: transactional.id \(configuration.transactionalID)")
        }
        var consumerConfiguration = configuration.kafka
        var statisticsHandler: (@Sendable (String) -> Void)?
        if let interval = configuration.statisticsIntervalMilliseconds {
            consumerConfiguration.properties["statistics.interval.ms"] = String(interval)
            statisticsHandler = { [metrics] in metrics.recordStatistics($0) }
        }
        let consumer = try KafkaConsumer(configuration: consumerConfiguration, groupID: configuration.groupID, logger: logger,
                                         statisticsHandler: statisticsHandler)
        maxPollInterval = consumer.maxPollInterval
        consumer.setRebalanceListener { [self] event in handleRebalance(event, producer: producer, consumer: consumer) }
        try consumer.subscribe([configuration.topics.posts])
        logger.info("worker started", metadata: [
            PipelineLogKey.workerID: .string(configuration.workerID),
            LogKey.group: .string(configuration.groupID),
            LogKey.topic: .string(configuration.topics.posts),
            PipelineLogKey.maxRecordBytes: .stringConvertible(decider.limit.recordBytes),
        ])

        do throws(KafkaError) {
            while !stopping.load(ordering: .relaxed) {
                try collectBatch(consumer, idleWaitMilliseconds: tracker.isEmpty ? 100 : 2)
                if let failure { throw failure }
                try processPending(producer: producer, consumer: consumer)
                if !tracker.isEmpty { try settle(producer: producer, consumer: consumer, waitMilliseconds: 0) }
            }
            // Stopping: what was collected or sent before the stop request is still owed.
            try finishInHand(producer: producer, consumer: consumer)
        } catch {
            logger.error("worker stopping on error: \(error)")
            // Leave without finishing: what is in hand is uncommitted and will be decided again by
            // the partitions' next owner; waiting for it could take as long as the fault lasts.
            abandoning = true
            try? consumer.close()
            throw error
        }
        // close() leaves the group; its final revoke finds nothing pending.
        try consumer.close()
        if let failure { throw failure }
        logger.info("worker stopped", metadata: [PipelineLogKey.workerID: .string(configuration.workerID)])
    }

    /// Polls until the batch is full or the linger time after its first record has passed.
    /// Returns at once when nothing arrives within `idleWaitMilliseconds`, so that the caller can
    /// settle outputs in flight and notice a stop request.
    private func collectBatch(_ consumer: KafkaConsumer, idleWaitMilliseconds: Int32) throws(KafkaError) {
        var deadline: ContinuousClock.Instant?
        while pending.count < configuration.batchSize && failure == nil {
            let timeout: Int32
            if let deadline {
                let remaining = ContinuousClock.now.duration(to: deadline)
                if remaining <= .zero { return }
                timeout = Int32(clamping: max(1, remaining.components.seconds * 1000 + remaining.components.attoseconds / 1_000_000_000_000_000))
            } else {
                if stopping.load(ordering: .relaxed) { return }
                timeout = idleWaitMilliseconds
            }
            guard let message = try consumer.poll(timeoutMilliseconds: timeout) else {
                if deadline == nil { return }
                continue
            }
            pending.append(message)
            if deadline == nil {
                deadline = ContinuousClock.now.advanced(by: .milliseconds(configuration.lingerMilliseconds))
            }
        }
    }
}
