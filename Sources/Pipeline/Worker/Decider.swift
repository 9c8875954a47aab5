import Classifier
import Crypto
import Foundation
import Kafka

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
            return try decide(decoded, source: source, digest: digest ?? "", now: now)
        } catch let reason as DeadLetterReason {
            return deadLetter(message, source: source, reason: reason, digest: digest, now: now)
        } catch {
            let reason = DeadLetterReason(.undecidable, "the decision could not be encoded: \(error)")
            return deadLetter(message, source: source, reason: reason, digest: digest, now: now)
        }
    }

    private func deadLetter(_ message: KafkaMessage, source: SourceOffset, reason: DeadLetterReason, digest: String?,
                        now: String) -> (outcome: Outcome, records: [ProducerRecord]) {
        let record = DeadLetterRecord(source: source, reason: reason, payload: message.value,
                                      payloadSHA256: digest, workerID: workerID, failedAt: now)
        // Keyed by the input's key when it has one, else by its offset: never by payload content.
        let key = message.key ?? Array(source.description.utf8)
        return (.deadLettered(reason.code), [ProducerRecord(topic: topics.deadletter, key: key, value: record.json())])
    }

    private func decide(_ decoded: DecodedPost, source: SourceOffset, digest: String, now: String) throws
        -> (outcome: Outcome, records: [ProducerRecord]) {
        let decision = classifier.decide(decoded.post)
        let record = DecisionRecord(decision: decision, source: source, inputSHA256: digest,
                                    platform: decoded.post.platform, lang: decoded.post.lang,
                                    workerID: workerID, decidedAt: now)
        let key = Array(decoded.post.id.utf8)
        let flaggedTopic: String? = switch decision.verdict {
        case .refer: topics.referrals
        case .review: topics.review
        case .clear: nil
        }
        guard let flaggedTopic else {
            return (.decided(decision.verdict), [ProducerRecord(topic: topics.audit, key: key, value: try record.json())])
        }
        let post = pseudonymizer.pseudonymise(post: try decoded.object())
        let (audit, whole) = try record.json(splicing: .object(post))
        var flagged = whole
        if flagged.count > Self.maxFlaggedRecordBytes {
            // Kafka's default record limit is about 1 MB: carry the post's beginning and say so;
            // the whole post stays readable at the source offset.
            flagged = try record.json(splicing: .object(Self.truncated(post))).with
        }
        let records = [ProducerRecord(topic: topics.audit, key: key, value: audit),
                       ProducerRecord(topic: flaggedTopic, key: key, value: flagged)]
        return (.decided(decision.verdict), records)
    }

    /// Largest referral or review record written with the whole post.
    public static let maxFlaggedRecordBytes = 512 * 1024
    /// How much text a truncated post keeps, in Unicode scalars.
    public static let truncatedTextScalars = 16 * 1024

    /// The post's scalar fields with its text cut short, marked `"truncated": true`.
    static func truncated(_ post: [String: JSONValue]) -> [String: JSONValue] {
        var kept: [String: JSONValue] = ["truncated": .bool(true)]
        for key in ["id", "platform", "lang", "url", "created_at", "scraped_at", "author"] {
            guard let value = post[key] else { continue }
            switch value {
            case .string(let text) where text.unicodeScalars.count > 2048:
                kept[key] = .string(String(String.UnicodeScalarView(text.unicodeScalars.prefix(2048))))
            case .array, .object:
                if key == "author" { kept[key] = value }
            default:
                kept[key] = value
            }
        }
        if case .string(let text)? = post["text"] {
            kept["text"] = .string(String(String.UnicodeScalarView(text.unicodeScalars.prefix(truncatedTextScalars))))
        }
        return kept
    }

    static func sha256Hex(_ bytes: [UInt8]) -> String {
        Hex.encode(SHA256.hash(data: bytes))
    }

    /// RFC 3339 UTC with milliseconds.
    public static func timestamp(_ date: Date = Date()) -> String {
        date.formatted(.iso8601.year().month().day().dateSeparator(.dash).time(includingFractionalSeconds: true).timeSeparator(.colon).timeZone(separator: .omitted))
    }
}
