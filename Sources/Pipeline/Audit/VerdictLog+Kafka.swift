import Kafka
import Logging
import Records

extension VerdictLog {
    /// Reads the whole `verdicts` topic.
    public static func read(kafka: KafkaConfiguration, topics: PipelineTopics, logger: Logger) throws -> VerdictLog {
        var records: [VerdictRecord] = []
        var malformed = 0
        _ = try TopicScan.read(kafka: kafka, topics: [topics.verdicts], optionalTopics: [topics.verdicts], logger: logger) { message in
            guard let value = message.value, let record = try? VerdictRecord(json: value) else {
                malformed += 1
                return
            }
            records.append(record)
        }
        var log = VerdictLog(records)
        log.malformed = malformed
        return log
    }
}
