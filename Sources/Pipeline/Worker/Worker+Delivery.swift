import Classifier
import Foundation
import Kafka

extension Worker {
    /// At least once, pipelined: once fewer than `maxBatchesInFlight` batches are uncommitted,
    /// decides the collected batch and sends it, then goes on polling while older ones are
    /// acknowledged; each batch's offsets are committed once it and all older batches are delivered.
    /// Returns false, the batch still pending, if `deadline` passed before there was room.
    func dispatchPending(producer: KafkaProducer, consumer: KafkaConsumer, deadline: ContinuousClock.Instant?) throws(KafkaError) -> Bool {
        // Room first, the batch still pending: a revocation meanwhile drops its records from there.
        guard try awaitOutputs(producer: producer, consumer: consumer, deadline: deadline,
                               until: { tracker.count < configuration.maxBatchesInFlight }) else { return false }
        let batch = pending
        pending.removeAll(keepingCapacity: true)
        try tracker.send(decide(batch), producer: producer)
        return true
    }

    /// Waits, serving delivery reports, until `done` holds; false if `deadline` passed first.
    ///
    /// Outputs can stall as long as a broker outage lasts (up to `deliveryTimeout`), longer than
    /// `max.poll.interval.ms`, after which librdkafka would leave the group on this member's behalf
    /// while it still holds the partitions' batches. So once the wait has lasted `pauseAfter`, the
    /// assigned partitions are paused and the consumer is polled on: the member stays in its
    /// group, takes part in rebalances and fetches nothing. Within a rebalance callback the
    /// consumer cannot be polled; callers there bound the wait with `deadline`.
    func awaitOutputs(producer: KafkaProducer, consumer: KafkaConsumer, deadline: ContinuousClock.Instant? = nil,
                      until done: () -> Bool) throws(KafkaError) -> Bool {
        let started = ContinuousClock.now
        defer { if !inRebalanceCallback { resumeAfterOutputs(consumer) } }
        while !done() {
            if let deadline, ContinuousClock.now >= deadline { return false }
            try settle(producer: producer, consumer: consumer, waitMilliseconds: 10)
            guard !inRebalanceCallback, started.duration(to: .now) >= pauseAfter else { continue }
            try serve(consumer)
        }
        return true
    }

    /// Polls the consumer with the assigned partitions paused: rebalances and group membership go
    /// on, records do not come (a few fetched before the pause are kept for later).
    func serve(_ consumer: KafkaConsumer, timeoutMilliseconds: Int32 = 0) throws(KafkaError) {
        if !pausedForOutputs {
            pausedForOutputs = true
            consumer.pause(Array(assigned))
            logger.info("outputs not yet acknowledged: \(assigned.count) partitions paused, the consumer kept polling")
        }
        if let message = try consumer.poll(timeoutMilliseconds: timeoutMilliseconds) { pending.append(message) }
        if let failure { throw failure }
    }

    func resumeAfterOutputs(_ consumer: KafkaConsumer) {
        guard pausedForOutputs else { return }
        pausedForOutputs = false
        consumer.resume(Array(assigned))
        logger.info("outputs acknowledged: \(assigned.count) partitions resumed")
    }

    /// How long a wait for outputs lasts before the worker pauses its partitions and polls on.
    var pauseAfter: Duration { min(.seconds(1), maxPollInterval / 4) }
    /// The longest a revocation waits for the outputs of what it finishes (within the callback,
    /// where the consumer cannot be polled).
    var revocationBudget: Duration { min(.seconds(30), maxPollInterval / 2) }

    /// Serves delivery reports, re-sends failures, commits what is complete.
    func settle(producer: KafkaProducer, consumer: KafkaConsumer, waitMilliseconds: Int32) throws(KafkaError) {
        producer.poll(timeoutMilliseconds: waitMilliseconds)
        let reports = try producer.takeDeliveryReports()
        if !reports.failures.isEmpty {
            logger.warning("re-sending \(reports.failures.count) outputs after: \(reports.failures[0].error)")
            metrics.recordRedeliveries(reports.failures.count)
        }
        let shrunkBefore = tracker.shrunk
        _ = try tracker.apply(acknowledged: reports.acknowledged, failures: reports.failures, producer: producer)
        if tracker.shrunk > shrunkBefore {
            logger.warning("\(tracker.shrunk - shrunkBefore) outputs refused as too large by their topic (max.message.bytes below the producer's message.max.bytes) were sent shortened")
        }
        if let oldest = tracker.oldestStart, oldest.duration(to: .now) > configuration.deliveryTimeout {
            throw KafkaError(code: .produce, message: "outputs undeliverable for \(configuration.deliveryTimeout); the batch stays uncommitted and will be decided again")
        }
        let completed = tracker.takeCompleted()
        guard !completed.isEmpty || (!uncommitted.isEmpty && waitMilliseconds > 0) else { return }
        passCrashPoint(batch: metrics.totals.batches + completed.count)
        // Offsets whose commit failed earlier (e.g. during a rebalance) ride along. Only partitions
        // this member still owns are committed; the others' next owner decides those records again.
        var offsets = uncommitted
        for batch in completed { offsets.merge(batch.summary.nextOffsets) { max($0, $1) } }
        offsets = offsets.filter { assigned.contains($0.key) }
        let committed = commit(offsets, consumer: consumer)
        uncommitted = committed ? [:] : offsets
        for batch in completed {
            record(batch.summary, committed: committed)
        }
    }

    /// Decides the collected batch, if any, and hands it on as the processing guarantee says.
    /// Returns false, the batch still pending, if `deadline` passed first.
    @discardableResult
    func processPending(producer: KafkaProducer, consumer: KafkaConsumer, deadline: ContinuousClock.Instant? = nil) throws(KafkaError) -> Bool {
        guard !pending.isEmpty else { return true }
        switch configuration.processingGuarantee {
        case .atLeastOnce:
            return try dispatchPending(producer: producer, consumer: consumer, deadline: deadline)
        case .exactlyOnce:
            let batch = pending
            pending.removeAll(keepingCapacity: true)
            try processInTransaction(batch, producer: producer, consumer: consumer)
            return true
        }
    }

    /// Decides what is pending and waits until everything in flight is delivered and committed:
    /// before partitions are revoked and before the worker stops. False if `deadline` passed first.
    @discardableResult
    func finishInHand(producer: KafkaProducer, consumer: KafkaConsumer, deadline: ContinuousClock.Instant? = nil) throws(KafkaError) -> Bool {
        // Records polled while waiting (fetched before the pause) are finished too.
        repeat {
            guard try processPending(producer: producer, consumer: consumer, deadline: deadline),
                  try awaitOutputs(producer: producer, consumer: consumer, deadline: deadline, until: { tracker.isEmpty }) else {
                return false
            }
        } while !pending.isEmpty
        if !uncommitted.isEmpty {
            try settle(producer: producer, consumer: consumer, waitMilliseconds: 1)
        }
        return true
    }

    func record(_ batch: DecidedBatch, committed: Bool) {
        metrics.recordBatch(consumed: batch.consumed, decided: batch.decided, deadLettered: batch.deadLettered,
                            duration: batch.started.duration(to: .now), committed: committed)
    }
}
