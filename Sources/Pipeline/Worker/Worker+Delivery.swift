import Classifier
import Foundation
import Kafka

extension Worker {
    /// At least once, pipelined: decides a batch while older ones are acknowledged, sends it once
    /// fewer than `maxBatchesInFlight` are uncommitted, then goes on polling; commits each batch's
    /// offsets once it and all older batches are delivered.
    func dispatch(_ batch: [KafkaMessage], producer: KafkaProducer, consumer: KafkaConsumer) throws(KafkaError) {
        let decided = decide(batch)
        while tracker.count >= configuration.maxBatchesInFlight {
            try settle(producer: producer, consumer: consumer, waitMilliseconds: 5)
        }
        try tracker.send(decided, producer: producer)
    }

    /// Serves delivery reports, re-sends failures, commits what is complete.
    func settle(producer: KafkaProducer, consumer: KafkaConsumer, waitMilliseconds: Int32) throws(KafkaError) {
        producer.poll(timeoutMilliseconds: waitMilliseconds)
        let reports = try producer.takeDeliveryReports()
        if !reports.failures.isEmpty {
            logger.warning("re-sending \(reports.failures.count) outputs after: \(reports.failures[0].error)")
            counterState.withLock { $0.redeliveries += reports.failures.count }
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
        passCrashPoint(batch: counters.batches + completed.count)
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
    func processPending(producer: KafkaProducer, consumer: KafkaConsumer) throws(KafkaError) {
        guard !pending.isEmpty else { return }
        let batch = pending
        pending.removeAll(keepingCapacity: true)
        switch configuration.processingGuarantee {
        case .atLeastOnce: try dispatch(batch, producer: producer, consumer: consumer)
        case .exactlyOnce: try processInTransaction(batch, producer: producer, consumer: consumer)
        }
    }

    /// Decides what is pending and waits until everything in flight is delivered and committed:
    /// before partitions are revoked and before the worker stops.
    func finishInHand(producer: KafkaProducer, consumer: KafkaConsumer) throws(KafkaError) {
        try processPending(producer: producer, consumer: consumer)
        while !tracker.isEmpty {
            try settle(producer: producer, consumer: consumer, waitMilliseconds: 20)
        }
        if !uncommitted.isEmpty {
            try settle(producer: producer, consumer: consumer, waitMilliseconds: 1)
        }
    }

    func record(_ batch: DecidedBatch, committed: Bool) {
        counterState.withLock { counters in
            counters.consumed += batch.consumed
            counters.batches += 1
            counters.decisions.merge(batch.decided, uniquingKeysWith: +)
            counters.deadLetters.merge(batch.deadLettered, uniquingKeysWith: +)
            if committed { counters.commits += 1 } else { counters.commitFailures += 1 }
        }
        metrics.recordBatch(consumed: batch.consumed, decided: batch.decided, deadLettered: batch.deadLettered,
                            duration: batch.started.duration(to: .now), committed: committed)
    }
}
