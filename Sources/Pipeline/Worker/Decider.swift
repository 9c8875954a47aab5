import Classifier
import Crypto
import Foundation
import Kafka
import Records

/// Turns one input record into the output records it owes: an audit record and maybe a referral
/// or review record, or a dead letter. Pure apart from the clock reading it is given: no Kafka I/O.
public struct Decider: Sendable {
    /// What became of one input record.
    public enum Outcome: Sendable, Equatable {
        case decided(Verdict)
        case deadLettered(DeadLetterReason.Code)
    }

    public let classifier: Classifier
    public let pseudonymizer: Pseudonymizer
    public let topics: PipelineTopics
    public let decoder: PostDecoder
    public let workerID: String
    /// The size every output record must fit; the worker sets it from its producer.
    public var limit = OutputLimit.librdkafkaDefault

    public init(classifier: Classifier, pseudonymizer: Pseudonymizer, topics: PipelineTopics, decoder: PostDecoder, workerID: String) {
        self.classifier = classifier
        self.pseudonymizer = pseudonymizer
        self.topics = topics
        self.decoder = decoder
        self.workerID = workerID
    }

    /// - Parameter now: RFC 3339 time stamped on the records (one reading per batch).
    public func outputs(for message: KafkaMessage, now: String) -> (outcome: Outcome, records: [ProducerRecord]) {
        let source = SourceOffset(topic: message.topic, partition: message.partition, offset: message.offset)
        let digest = message.value.map(Self.sha256Hex)
        let decoded: DecodedPost
        switch decoder.decode(message.value) {
        case .failure(let reason):
            return deadLetter(message, source: source, reason: reason, digest: digest, now: now)
        case .success(let post):
            decoded = post
        }
        do {
            return try decide(decoded, message: message, source: source, digest: digest ?? "", now: now)
        } catch let reason as DeadLetterReason {
            return deadLetter(message, source: source, reason: reason, digest: digest, now: now)
        } catch {
            let reason = DeadLetterReason(.undecidable, "the decision could not be encoded: \(error)")
            return deadLetter(message, source: source, reason: reason, digest: digest, now: now)
        }
    }

    private func deadLetter(_ message: KafkaMessage, source: SourceOffset, reason: DeadLetterReason, digest: String?,
                            now: String, decision: DecisionRecord? = nil) -> (outcome: Outcome, records: [ProducerRecord]) {
        let record = DeadLetterRecord(source: source, reason: reason, payload: message.value,
                                      payloadSHA256: digest, workerID: workerID, failedAt: now,
                                      decision: decision.map(DeadLetterRecord.DecidedOutcome.init))
        // Keyed by the input's key when it has one of sane size, else by its offset: never by
        // payload content.
        let key = message.key.flatMap { $0.count <= Self.maxDeadLetterKeyBytes ? $0 : nil } ?? Array(source.description.utf8)
        return (.deadLettered(reason.code), [ProducerRecord(topic: topics.deadletter, key: key, value: record.json())])
    }

    private func decide(_ decoded: DecodedPost, message: KafkaMessage, source: SourceOffset, digest: String, now: String) throws
        -> (outcome: Outcome, records: [ProducerRecord]) {
        let decision = classifier.decide(decoded.post)
        let record = DecisionRecord(decision: decision, source: source, inputSHA256: digest,
                                    platform: decoded.post.platform, lang: decoded.post.lang,
                                    workerID: workerID, decidedAt: now)
        let key = Array(decoded.post.id.utf8)
        let budget = limit.valueBytes(key: key)
        let flaggedTopic: String? = switch decision.verdict {
        case .refer: topics.referrals
        case .review: topics.review
        case .clear: nil
        }
        guard let flaggedTopic else {
            guard let audit = try Self.bounded(try record.json(), record, post: nil, within: budget) else {
                return outputTooLarge(message, source: source, digest: digest, now: now, record: record, budget: budget)
            }
            return (.decided(decision.verdict), [ProducerRecord(topic: topics.audit, key: key, value: audit)])
        }
        let post = pseudonymizer.pseudonymise(post: try decoded.object())
        let (audit, flagged) = try record.json(splicing: .object(post))
        // A reviewer's record carries the whole post up to `maxFlaggedRecordBytes`; beyond, the post
        // is shortened (the whole one stays readable at the source offset).
        guard let boundedAudit = try Self.bounded(audit, record, post: nil, within: budget),
              let boundedFlagged = try Self.bounded(flagged, record, post: post, within: min(budget, Self.maxFlaggedRecordBytes)) else {
            return outputTooLarge(message, source: source, digest: digest, now: now, record: record, budget: budget)
        }
        return (.decided(decision.verdict), [ProducerRecord(topic: topics.audit, key: key, value: boundedAudit),
                                             ProducerRecord(topic: flaggedTopic, key: key, value: boundedFlagged)])
    }

    /// `json` when it fits `budget`, else the record shortened to fit; nil if it cannot.
    private static func bounded(_ json: [UInt8], _ record: DecisionRecord, post: [String: JSONValue]?,
                                within budget: Int) throws -> [UInt8]? {
        guard json.count > budget else { return json }
        return try record.shortenedJSON(post: post, within: budget, wholeBytes: json.count)
    }

    /// The last resort, for a record limit too small for even a shortened decision: a dead letter
    /// that keeps the decision, so the input still has its one trail record.
    private func outputTooLarge(_ message: KafkaMessage, source: SourceOffset, digest: String, now: String,
                                record: DecisionRecord, budget: Int) -> (outcome: Outcome, records: [ProducerRecord]) {
        let reason = DeadLetterReason(.outputTooLarge,
            "decided \(record.decision.rawValue), but its records do not fit \(budget) bytes even shortened; raise the producer's message.max.bytes")
        return deadLetter(message, source: source, reason: reason, digest: digest, now: now, decision: record)
    }

    /// Largest referral or review record written with the whole post.
    public static let maxFlaggedRecordBytes = 512 * 1024
    /// Longest input key a dead letter is keyed by; a longer one is replaced by the source offset.
    public static let maxDeadLetterKeyBytes = 1024

    static func sha256Hex(_ bytes: [UInt8]) -> String {
        Hex.encode(SHA256.hash(data: bytes))
    }

    /// RFC 3339 UTC with milliseconds.
    public static func timestamp(_ date: Date = Date()) -> String {
        date.formatted(.iso8601.year().month().day().dateSeparator(.dash).time(includingFractionalSeconds: true).timeSeparator(.colon).timeZone(separator: .omitted))
    }
}
