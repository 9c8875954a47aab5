import Foundation
import Kafka
import Logging
import Records

/// The audit trail as read at one moment: every audit and dead-letter record, by the input offset
/// it accounts for, plus the trail records that could not be read.
public struct AuditTrail: Sendable {
    /// Records per input offset, in the order they were read (duplicates after a restart included).
    public var bySource: [SourceOffset: [TrailRecord]] = [:]
    /// Trail records that are not well-formed: where they sit, and why.
    public var malformed: [(location: String, problem: String)] = []

    public init() {}

    /// Adds one trail record's payload, or notes why it is unusable.
    public mutating func add(payload: [UInt8]?, location: String) {
        guard let payload, !payload.isEmpty else {
            malformed.append((location, "empty payload"))
            return
        }
        do {
            let record = try TrailRecord(json: payload)
            bySource[record.source, default: []].append(record)
        } catch {
            malformed.append((location, "not a decision or dead-letter record: \(error)"))
        }
    }

    /// Reads the `audit` and `deadletter` topics up to their current ends.
    public static func read(kafka: KafkaConfiguration, topics: PipelineTopics, logger: Logger) throws -> AuditTrail {
        var trail = AuditTrail()
        _ = try TopicScan.read(kafka: kafka, topics: [topics.audit, topics.deadletter], logger: logger) { message in
            trail.add(payload: message.value, location: "\(message.topic)/\(message.partition)/\(message.offset)")
        }
        return trail
    }
}
