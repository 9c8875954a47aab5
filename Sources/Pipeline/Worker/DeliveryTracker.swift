import Classifier
import Kafka

/// Batches whose outputs are sent but not yet all acknowledged, oldest first.
///
/// The worker keeps deciding while earlier batches are in flight; a batch's input offsets are
/// committed only once it and every batch before it are fully acknowledged, so a commit never
/// covers an output that could still be lost.
struct DeliveryTracker {
    struct Batch {
        let id: Int
        var unacknowledged: Int
        /// The decided batch, its records dropped once sent.
        var summary: DecidedBatch
    }

    private(set) var batches: [Batch] = []
    private var owners: [UInt64: (batch: Int, record: ProducerRecord, attempts: Int)] = [:]
    /// Sends of one record that a non-retriable error (authorization, size, invalid record) may
    /// fail before the worker gives up: re-sending will not change the broker's answer.
    static let maxPermanentFailures = 5
    private var nextID = 0
    /// Outputs re-sent in a smaller form after a topic refused them as too large.
    private(set) var shrunk = 0

    var isEmpty: Bool { batches.isEmpty }
    var count: Int { batches.count }

    /// Sends a batch's outputs and starts tracking them.
    mutating func send(_ decided: DecidedBatch, producer: KafkaProducer) throws(KafkaError) {
        let id = nextID
        nextID += 1
        var summary = decided
        summary.records = []
        batches.append(Batch(id: id, unacknowledged: decided.records.count, summary: summary))
        for record in decided.records {
            let (sequence, sent) = try Self.enqueue(record, producer: producer)
            owners[sequence] = (id, sent, 1)
        }
    }

    /// Enqueues a record; one the producer refuses as too large is enqueued in a smaller form
    /// (`ProducerRecord.shrunk`). Returns the sequence and the form that went.
    static func enqueue(_ record: ProducerRecord, producer: KafkaProducer) throws(KafkaError) -> (UInt64, ProducerRecord) {
        var record = record
        while true {
            do throws(KafkaError) {
                return (try producer.send(record), record)
            } catch where error.isRecordTooLarge {
                guard let smaller = record.shrunk() else { throw error }
                record = smaller
            }
        }
    }

    /// Applies delivery reports; re-sends what librdkafka gave up on. Returns how many were re-sent.
    mutating func apply(acknowledged: [UInt64], failures: [KafkaProducer.DeliveryFailure],
                        producer: KafkaProducer) throws(KafkaError) -> Int {
        for sequence in acknowledged {
            guard let owner = owners.removeValue(forKey: sequence) else { continue }
            if let index = batches.firstIndex(where: { $0.id == owner.batch }) { batches[index].unacknowledged -= 1 }
        }
        for failure in failures {
            if failure.error.isFatal { throw failure.error }
            guard let owner = owners.removeValue(forKey: failure.sequence) else { continue }
            // A topic whose max.message.bytes is below the producer's refuses the record: a smaller
            // form goes instead, so that no input stops the worker.
            if failure.error.isRecordTooLarge, let smaller = owner.record.shrunk() {
                let (sequence, sent) = try Self.enqueue(smaller, producer: producer)
                owners[sequence] = (owner.batch, sent, owner.attempts)
                shrunk += 1
                continue
            }
            if !failure.error.isRetriable && owner.attempts >= Self.maxPermanentFailures {
                throw KafkaError(code: .produce,
                                 message: "an output to \(owner.record.topic) failed \(owner.attempts) times with a non-retriable error: \(failure.error.message); check the topic's existence, ACLs and size limits",
                                 rdCode: failure.error.rdCode, rdName: failure.error.rdName)
            }
            owners[try producer.send(owner.record)] = (owner.batch, owner.record, owner.attempts + 1)
        }
        return failures.count
    }

    /// Removes and returns the oldest batches that are fully acknowledged.
    mutating func takeCompleted() -> [Batch] {
        let done = batches.prefix { $0.unacknowledged == 0 }
        batches.removeFirst(done.count)
        return Array(done)
    }

    /// Stops tracking the input offsets of partitions this member no longer owns: their outputs may
    /// still be delivered, but committing their offsets could move back what the new owner committed.
    mutating func forget(_ partitions: Set<TopicPartition>) {
        for index in batches.indices {
            batches[index].summary.nextOffsets = batches[index].summary.nextOffsets.filter { !partitions.contains($0.key) }
        }
    }

    /// When the oldest batch in flight was decided.
    var oldestStart: ContinuousClock.Instant? { batches.first?.summary.started }
}
