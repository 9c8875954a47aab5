import Classifier
import Foundation
import Kafka

extension Worker {
    /// Decides, delivers and commits one batch.
    func process(_ batch: [KafkaMessage], producer: KafkaProducer, consumer: KafkaConsumer) throws(KafkaError) {
        let started = ContinuousClock.now
        let now = Decider.timestamp()
        var records: [ProducerRecord] = []
        records.reserveCapacity(batch.count * 2)
        var decided: [Verdict: Int] = [:]
        var deadLettered: [DeadLetterReason.Code: Int] = [:]
        var nextOffsets: [TopicPartition: Int64] = [:]
        for (message, (outcome, outputs)) in zip(batch, decideAll(batch, now: now)) {
            records.append(contentsOf: outputs)
            switch outcome {
            case .decided(let verdict): decided[verdict, default: 0] += 1
            case .deadLettered(let code):
                deadLettered[code, default: 0] += 1
                logger.warning("input dead-lettered", metadata: [
                    PipelineLogKey.deadLetterCode: .string(code.rawValue),
                    PipelineLogKey.source: .string("\(message.topic)/\(message.partition)/\(message.offset)"),
                ])
            }
            let partition = message.topicPartition
            nextOffsets[partition] = max(nextOffsets[partition] ?? 0, message.offset + 1)
        }
        let committed: Bool
        switch configuration.processingGuarantee {
        case .atLeastOnce:
            try deliver(records, producer: producer)
            committed = commit(nextOffsets, consumer: consumer)
        case .exactlyOnce:
            try transact(records, offsets: nextOffsets, producer: producer, consumer: consumer)
            committed = true
        }
        counterState.withLock { counters in
            counters.consumed += batch.count
            counters.batches += 1
            counters.decisions.merge(decided, uniquingKeysWith: +)
            counters.deadLetters.merge(deadLettered, uniquingKeysWith: +)
            if committed { counters.commits += 1 } else { counters.commitFailures += 1 }
        }
        metrics.recordBatch(consumed: batch.count, decided: decided, deadLettered: deadLettered,
                            duration: started.duration(to: .now), committed: committed)
    }

    /// Decides a batch on up to `decideThreads` threads; results keep the batch's order.
    func decideAll(_ batch: [KafkaMessage], now: String) -> [(outcome: Decider.Outcome, records: [ProducerRecord])] {
        let threads = batch.count >= 64 ? min(configuration.decideThreads, batch.count / 32) : 1
        guard threads > 1 else { return batch.map { decider.outputs(for: $0, now: now) } }
        let chunk = (batch.count + threads - 1) / threads
        let results = DecideResults(count: threads)
        let shared = decider
        DispatchQueue.concurrentPerform(iterations: threads) { part in
            let range = (part * chunk)..<min(batch.count, (part + 1) * chunk)
            results.store(part, batch[range].map { shared.outputs(for: $0, now: now) })
        }
        return results.joined()
    }

    /// Sends every record and waits until all are acknowledged, re-sending those librdkafka gave up
    /// on, until `deliveryTimeout`. Throws (so nothing is committed) when delivery is impossible.
    func deliver(_ records: [ProducerRecord], producer: KafkaProducer) throws(KafkaError) {
        var unacknowledged: [UInt64: ProducerRecord] = [:]
        unacknowledged.reserveCapacity(records.count)
        for record in records {
            unacknowledged[try producer.send(record)] = record
        }
        let deadline = ContinuousClock.now.advanced(by: configuration.deliveryTimeout)
        var backoff = Duration.milliseconds(100)
        while true {
            let failures: [KafkaProducer.DeliveryFailure]
            do {
                failures = try producer.flush(timeout: .seconds(5))
            } catch where error.code == .timeout && ContinuousClock.now < deadline && !error.isFatal {
                logger.warning("outputs not yet acknowledged; still waiting", metadata: [
                    PipelineLogKey.batchSize: .stringConvertible(producer.outstandingCount),
                ])
                continue
            }
            guard let first = failures.first else { return }
            if let fatal = failures.first(where: { $0.error.isFatal }) { throw fatal.error }
            guard ContinuousClock.now < deadline else {
                throw KafkaError(code: .produce, message: "\(failures.count) outputs undeliverable for \(configuration.deliveryTimeout); last error: \(first.error.message)",
                                 rdCode: first.error.rdCode, rdName: first.error.rdName)
            }
            logger.warning("re-sending \(failures.count) outputs after: \(first.error)")
            counterState.withLock { $0.redeliveries += failures.count }
            metrics.recordRedeliveries(failures.count)
            // A pause before re-sending: the broker said no, asking again at once would not help.
            Thread.sleep(forTimeInterval: Double(backoff.components.seconds) + Double(backoff.components.attoseconds) / 1e18)
            backoff = min(backoff * 2, .seconds(5))
            for failure in failures {
                guard let record = unacknowledged.removeValue(forKey: failure.sequence) else { continue }
                unacknowledged[try producer.send(record)] = record
            }
        }
    }

    /// Publishes outputs and input offsets in one transaction. An abortable failure aborts and
    /// runs the same batch again (decisions are deterministic); a fatal one (fenced, or an
    /// unrecoverable producer) throws, so nothing of the batch is committed.
    func transact(_ records: [ProducerRecord], offsets: [TopicPartition: Int64], producer: KafkaProducer,
                  consumer: KafkaConsumer) throws(KafkaError) {
        let deadline = ContinuousClock.now.advanced(by: configuration.deliveryTimeout)
        var backoff = Duration.milliseconds(100)
        while true {
            do throws(KafkaError) {
                try producer.beginTransaction()
                for record in records { try producer.send(record) }
                try producer.sendOffsetsToTransaction(offsets, consumer: consumer, timeout: .seconds(30))
                try commitTransaction(producer, deadline: deadline)
                return
            } catch {
                guard !error.isFatal, ContinuousClock.now < deadline else { throw error }
                logger.warning("transaction failed, aborting and retrying the batch: \(error)")
                counterState.withLock { $0.redeliveries += records.count }
                metrics.recordRedeliveries(records.count)
                do {
                    try producer.abortTransaction(timeout: .seconds(30))
                } catch {
                    if error.isFatal { throw error }
                    logger.warning("abort failed: \(error)")
                }
                Thread.sleep(forTimeInterval: Double(backoff.components.seconds) + Double(backoff.components.attoseconds) / 1e18)
                backoff = min(backoff * 2, .seconds(5))
            }
        }
    }

    /// Retries a commit that timed out (retriable) as librdkafka allows; other errors propagate.
    private func commitTransaction(_ producer: KafkaProducer, deadline: ContinuousClock.Instant) throws(KafkaError) {
        while true {
            do {
                try producer.commitTransaction(timeout: .seconds(30))
                return
            } catch where error.isRetriable && !error.requiresAbort && !error.isFatal && ContinuousClock.now < deadline {
                logger.warning("transaction commit not confirmed yet, retrying: \(error)")
            }
        }
    }

    /// Commits after delivery. A failed commit loses nothing (the records are decided again after
    /// a rebalance or restart: duplicates that carry the same source offsets), so it is logged, not
    /// thrown. Returns whether the commit succeeded.
    func commit(_ nextOffsets: [TopicPartition: Int64], consumer: KafkaConsumer) -> Bool {
        var attempt = 0
        while true {
            do {
                try consumer.commit(nextOffsets)
                return true
            } catch {
                attempt += 1
                if error.isRetriable && attempt < 3 && !error.isFatal {
                    Thread.sleep(forTimeInterval: 0.2 * Double(attempt))
                    continue
                }
                logger.warning("commit failed; these records will be decided again: \(error)")
                return false
            }
        }
    }

    /// Runs inside `poll` on the worker thread: finishes what is in hand for revoked partitions
    /// before they go, and drops what was fetched for lost ones (their new owner decides them).
    func handleRebalance(_ event: KafkaConsumer.RebalanceEvent, producer: KafkaProducer, consumer: KafkaConsumer) {
        counterState.withLock { $0.rebalances += 1 }
        defer { metrics.recordRebalance(assignedNow: assigned.count) }
        switch event {
        case .assigned(let partitions):
            assigned.formUnion(partitions)
            logger.info("partitions assigned: \(partitions.map(\.description).sorted().joined(separator: ","))")
        case .revoked(let partitions):
            logger.info("partitions revoked: \(partitions.map(\.description).sorted().joined(separator: ","))")
            assigned.subtract(partitions)
            guard !pending.isEmpty else { return }
            let batch = pending
            pending.removeAll(keepingCapacity: true)
            do {
                try process(batch, producer: producer, consumer: consumer)
            } catch {
                failure = error
            }
        case .lost(let partitions):
            logger.warning("partitions lost: \(partitions.map(\.description).sorted().joined(separator: ","))")
            let lost = Set(partitions)
            assigned.subtract(lost)
            pending.removeAll { lost.contains($0.topicPartition) }
        }
    }
}

/// Per-thread result slots for `decideAll`; each slot is written by exactly one thread.
final class DecideResults: @unchecked Sendable {
    private var parts: [[(outcome: Decider.Outcome, records: [ProducerRecord])]]
    private let lock = NSLock()

    init(count: Int) { parts = Array(repeating: [], count: count) }

    func store(_ part: Int, _ results: [(outcome: Decider.Outcome, records: [ProducerRecord])]) {
        lock.lock()
        parts[part] = results
        lock.unlock()
    }

    func joined() -> [(outcome: Decider.Outcome, records: [ProducerRecord])] {
        lock.lock()
        defer { lock.unlock() }
        return parts.flatMap { $0 }
    }
}
