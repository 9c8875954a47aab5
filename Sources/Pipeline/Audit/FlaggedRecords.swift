import Foundation
import Kafka
import Logging
import Records

/// The decision records of the flagged topics (`referrals`, `review`), with the post attached,
/// read up to their current ends.
public struct FlaggedRecords: Sendable {
    /// Each record with the topic it was read from; duplicates (same source offset) kept once.
    public var records: [(topic: String, record: DecisionRecord)] = []
    /// Records that are not readable decision records.
    public var malformed = 0

    public init() {}

    public static func read(kafka: KafkaConfiguration, topics: [String], logger: Logger) throws -> FlaggedRecords {
        var flagged = FlaggedRecords()
        var seen: Set<SourceOffset> = []
        _ = try TopicScan.read(kafka: kafka, topics: topics, logger: logger) { message in
            guard let value = message.value, case .decision(let record)? = try? TrailRecord(json: value) else {
                flagged.malformed += 1
                return
            }
            // At-least-once: a restarted worker writes the same decision again with the same source.
            guard seen.insert(record.source).inserted else { return }
            flagged.records.append((message.topic, record))
        }
        return flagged
    }
}
