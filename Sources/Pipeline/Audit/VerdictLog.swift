import Foundation
import Kafka
import Logging

/// The latest reviewer verdict per post id, as read from the `verdicts` topic.
///
/// Verdicts are keyed by post id, so all verdicts on one post sit in one partition in the order
/// they were written: the last one read wins.
public struct VerdictLog: Sendable {
    public var latest: [String: VerdictRecord] = [:]
    /// Records of the verdicts topic that could not be read.
    public var malformed = 0

    public init(_ records: [VerdictRecord] = []) {
        for record in records { latest[record.postID] = record }
    }

    public subscript(postID: String) -> VerdictRecord.Outcome? { latest[postID]?.verdict }

    /// Reads the whole `verdicts` topic.
    public static func read(kafka: KafkaConfiguration, topics: PipelineTopics, logger: Logger) throws -> VerdictLog {
        var log = VerdictLog()
        _ = try TopicScan.read(kafka: kafka, topics: [topics.verdicts], optionalTopics: [topics.verdicts], logger: logger) { message in
            guard let value = message.value, let record = try? VerdictRecord(json: value) else {
                log.malformed += 1
                return
            }
            log.latest[record.postID] = record
        }
        return log
    }
}
