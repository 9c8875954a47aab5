import Classifier
import Foundation
import Kafka
import Records

/// What deciding one batch produced, before delivery.
struct DecidedBatch {
    var records: [ProducerRecord] = []
    var nextOffsets: [TopicPartition: Int64] = [:]
    var consumed = 0
    var decided: [Verdict: Int] = [:]
    var deadLettered: [DeadLetterReason.Code: Int] = [:]
    var started = ContinuousClock.now
}

extension Worker {
    /// Decides every record of a batch (on several threads) and collects its outputs and offsets.
    func decide(_ batch: [KafkaMessage]) -> DecidedBatch {
        var result = DecidedBatch()
        let now = Decider.timestamp()
        result.records.reserveCapacity(batch.count * 2)
        result.consumed = batch.count
        for (message, (outcome, outputs)) in zip(batch, decideAll(batch, now: now)) {
            result.records.append(contentsOf: outputs)
            switch outcome {
            case .decided(let verdict): result.decided[verdict, default: 0] += 1
            case .deadLettered(let code):
                result.deadLettered[code, default: 0] += 1
                logger.warning("input dead-lettered", metadata: [
                    PipelineLogKey.deadLetterCode: .string(code.rawValue),
                    PipelineLogKey.source: .string("\(message.topic)/\(message.partition)/\(message.offset)"),
                ])
            }
            let partition = message.topicPartition
            result.nextOffsets[partition] = max(result.nextOffsets[partition] ?? 0, message.offset + 1)
        }
        return result
    }

    /// Exactly once: decides a batch and publishes it with its offsets in one transaction.
    func processInTransaction(_ batch: [KafkaMessage], producer: KafkaProducer, consumer: KafkaConsumer) throws(KafkaError) {
        let decided = decide(batch)
        let published = try transact(decided.records, offsets: decided.nextOffsets, producer: producer, consumer: consumer)
        if !inRebalanceCallback { resumeAfterOutputs(consumer) }
        guard published else {
            // Partitions of the batch were revoked while it waited to be retried: nothing of it
            // is committed, and what is still ours is read again from the batch's start.
            try rewind(batch, consumer: consumer)
            return
        }
        record(decided, committed: true)
    }

    /// Moves the fetch positions of the batch's partitions still assigned back to its first records.
    private func rewind(_ batch: [KafkaMessage], consumer: KafkaConsumer) throws(KafkaError) {
        var starts: [TopicPartition: Int64] = [:]
        for message in batch where assigned.contains(message.topicPartition) {
            starts[message.topicPartition] = min(starts[message.topicPartition] ?? .max, message.offset)
        }
        pending.removeAll { starts[$0.topicPartition] != nil }
        try consumer.seek(starts)
        logger.warning("partitions revoked while a transaction was retried: its batch is read again on \(starts.count) partitions still assigned")
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

    /// Publishes outputs and input offsets in one transaction. An abortable failure aborts and
    /// runs the same batch again (decisions are deterministic), with outputs a topic refused as too
    /// large shortened; a fatal one (fenced, or an unrecoverable producer) throws, so nothing of the
    /// batch is committed. Between attempts the consumer is served (partitions paused, see
    /// `awaitOutputs`); returns false if that revoked partitions of the batch.
    func transact(_ records: [ProducerRecord], offsets: [TopicPartition: Int64], producer: KafkaProducer,
                  consumer: KafkaConsumer) throws(KafkaError) -> Bool {
        let deadline = ContinuousClock.now.advanced(by: configuration.deliveryTimeout)
        var backoff = Duration.milliseconds(100)
        var records = records
        var sent: [UInt64: Int] = [:]
        while true {
            do throws(KafkaError) {
                try producer.beginTransaction()
                sent.removeAll(keepingCapacity: true)
                for index in records.indices {
                    let (sequence, form) = try DeliveryTracker.enqueue(records[index], producer: producer)
                    records[index] = form
                    sent[sequence] = index
                }
                try producer.sendOffsetsToTransaction(offsets, consumer: consumer, timeout: .seconds(30))
                passCrashPoint(batch: metrics.totals.batches + 1, openTransaction: producer)
                try commitTransaction(producer, consumer: consumer, deadline: deadline)
                return true
            } catch {
                guard !error.isFatal, ContinuousClock.now < deadline else { throw error }
                logger.warning("transaction failed, aborting and retrying the batch: \(error)")
                metrics.recordRedeliveries(records.count)
                // Read before the abort forgets them: outputs refused as too large go shortened.
                for failure in try producer.takeDeliveryReports().failures where failure.error.isRecordTooLarge {
                    if let index = sent[failure.sequence], let smaller = records[index].shrunk() { records[index] = smaller }
                }
                do {
                    try producer.abortTransaction(timeout: .seconds(30))
                } catch {
                    if error.isFatal { throw error }
                    logger.warning("abort failed: \(error)")
                }
                try serveConsumer(for: backoff, consumer: consumer)
                backoff = min(backoff * 2, .seconds(5))
                guard offsets.keys.allSatisfy(assigned.contains) else { return false }
            }
        }
    }

    /// Waits `duration`, serving the consumer (paused) unless within a rebalance callback.
    private func serveConsumer(for duration: Duration, consumer: KafkaConsumer) throws(KafkaError) {
        guard !inRebalanceCallback else {
            Thread.sleep(forTimeInterval: Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18)
            return
        }
        let end = ContinuousClock.now.advanced(by: duration)
        repeat {
            try serve(consumer, timeoutMilliseconds: 50)
        } while ContinuousClock.now < end
    }

    /// Retries a commit that timed out (retriable) as librdkafka allows, serving the consumer in
    /// between; other errors propagate.
    private func commitTransaction(_ producer: KafkaProducer, consumer: KafkaConsumer, deadline: ContinuousClock.Instant) throws(KafkaError) {
        while true {
            do {
                try producer.commitTransaction(timeout: min(.seconds(30), maxPollInterval / 3))
                return
            } catch where error.isRetriable && !error.requiresAbort && !error.isFatal && ContinuousClock.now < deadline {
                logger.warning("transaction commit not confirmed yet, retrying: \(error)")
                try serveConsumer(for: .milliseconds(100), consumer: consumer)
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

    /// Partitions that are no longer ours: a carried offset for them must never be committed
    /// later, after another member may have moved them further, and what was fetched from them
    /// and not yet sent is their new owner's to decide.
    private func forget(_ partitions: [TopicPartition]) {
        let gone = Set(partitions)
        assigned.subtract(gone)
        for partition in gone { uncommitted[partition] = nil }
        tracker.forget(gone)
        pending.removeAll { gone.contains($0.topicPartition) }
    }

    /// Runs inside `poll` on the worker thread: finishes what is in hand for revoked partitions
    /// before they go, and drops what was fetched for lost ones (their new owner decides them).
    func handleRebalance(_ event: KafkaConsumer.RebalanceEvent, producer: KafkaProducer, consumer: KafkaConsumer) {
        inRebalanceCallback = true
        defer {
            inRebalanceCallback = false
            metrics.recordRebalance(assignedNow: assigned.count)
        }
        switch event {
        case .assigned(let partitions):
            assigned.formUnion(partitions)
            // Waiting for stalled outputs: new partitions wait too. Otherwise they are resumed:
            // librdkafka keeps a partition's pause through a revocation, so one revoked while
            // paused and assigned back now would never be fetched again.
            if pausedForOutputs { consumer.pause(partitions) } else { consumer.resume(partitions) }
            // Cooperative rebalances also report empty increments: not worth an info line.
            logger.log(level: partitions.isEmpty ? .debug : .info,
                       "partitions assigned: \(partitions.map(\.description).sorted().joined(separator: ","))")
        case .revoked(let partitions):
            logger.info("partitions revoked: \(partitions.map(\.description).sorted().joined(separator: ","))")
            // Finish and commit while the partitions are still ours; then let them go.
            defer { forget(partitions) }
            guard !abandoning else { return }
            // Outputs stalled (this callback runs within that wait): finishing would block the
            // rebalance for as long as the outage lasts.
            guard !pausedForOutputs else {
                logger.warning("outputs stalled: revoked partitions go with their uncommitted records, which their next owner decides again")
                return
            }
            do {
                let deadline = ContinuousClock.now.advanced(by: revocationBudget)
                if try !finishInHand(producer: producer, consumer: consumer, deadline: deadline) {
                    logger.warning("outputs not acknowledged within \(revocationBudget): revoked partitions go with their uncommitted records, which their next owner decides again")
                }
            } catch {
                failure = error
            }
        case .lost(let partitions):
            logger.warning("partitions lost: \(partitions.map(\.description).sorted().joined(separator: ","))")
            forget(partitions)
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
