import Foundation
import Kafka
import Records

/// How input offsets and outputs are committed.
public enum ProcessingGuarantee: String, Sendable, CaseIterable {
    /// Outputs acknowledged, then offsets committed: a crash can repeat one batch's outputs.
    case atLeastOnce = "at_least_once"
    /// Outputs and offsets commit in one Kafka transaction per batch: needs brokers with transactions.
    case exactlyOnce = "exactly_once"
}

/// Everything a worker needs besides the classifier.
public struct WorkerConfiguration: Sendable {
    public var kafka: KafkaConfiguration
    public var groupID: String
    public var topics: PipelineTopics
    /// Most input records decided, delivered and committed together.
    public var batchSize: Int
    /// Longest wait for a batch to fill once its first record arrived.
    public var lingerMilliseconds: Int
    public var decoder: PostDecoder
    /// Identifies this worker in every record it writes.
    public var workerID: String
    /// How long undelivered outputs are retried before the worker gives up and exits non-zero
    /// (their input is then not committed, so a restarted worker decides it again).
    public var deliveryTimeout: Duration
    /// How often librdkafka reports statistics (consumer lag, broker state) to the metrics; nil: never.
    public var statisticsIntervalMilliseconds: Int?
    public var processingGuarantee: ProcessingGuarantee = .atLeastOnce
    /// Batches whose outputs may be sent but not yet committed at once (at least once). A crash
    /// repeats at most this many batches (plus any whose commit the broker refused); 1 trades
    /// throughput for one batch per crash. Also bounds the memory held for re-sending.
    public var maxBatchesInFlight = 4
    /// Threads that decide a batch's records in parallel (the classifier is thread-safe).
    public var decideThreads = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))
    /// Test only: where the worker crashes on purpose (`CrashPoint`); nil in production.
    public var crashPoint: CrashPoint?

    /// Stable per instance (group + worker id), so that a restarted instance fences its zombie.
    public var transactionalID: String { "smugglewatch-\(groupID)-\(workerID)" }

    public init(kafka: KafkaConfiguration, groupID: String = "smugglewatch", topics: PipelineTopics = PipelineTopics(),
                batchSize: Int = 500, lingerMilliseconds: Int = 50, decoder: PostDecoder = PostDecoder(),
                workerID: String = WorkerConfiguration.defaultWorkerID(), deliveryTimeout: Duration = .seconds(600)) {
        self.kafka = kafka
        self.groupID = groupID
        self.topics = topics
        self.batchSize = batchSize
        self.lingerMilliseconds = lingerMilliseconds
        self.decoder = decoder
        self.workerID = workerID
        self.deliveryTimeout = deliveryTimeout
    }

    /// `host-pid`: unique among running workers, readable in records.
    public static func defaultWorkerID() -> String {
        "\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)"
    }
}
