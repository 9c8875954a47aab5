import Classifier
import Foundation

/// The record a worker writes for input it could not decide. See `schemas/deadletter.schema.json`.
///
/// It carries enough to find and inspect the input (offsets, size, hash, a bounded prefix) without
/// copying an arbitrarily large or hostile payload.
public struct DeadLetterRecord: Codable, Sendable, Equatable {
    public static let prefixBytes = 256

    public struct ErrorInfo: Codable, Sendable, Equatable {
        public var code: DeadLetterReason.Code
        public var message: String
    }

    public var type = "deadletter"
    public var schemaVersion = DecisionRecord.schemaVersion
    public var source: SourceOffset
    public var error: ErrorInfo
    /// Payload size in bytes; `null` for a tombstone.
    public var payloadSize: Int?
    public var payloadSHA256: String?
    /// Base64 of at most `prefixBytes` leading bytes of the payload.
    public var payloadPrefixBase64: String?
    public var workerID: String
    public var failedAt: String
    /// For `output_too_large`: the decision that could not be written in full.
    public var decision: DecidedOutcome?

    /// The core of a decision, small enough for any record.
    public struct DecidedOutcome: Codable, Sendable, Equatable {
        public var postID: String
        public var decision: Verdict
        public var score: Double
        public var isProtected: Bool
        public var ruleset: RulesetIdentity

        enum CodingKeys: String, CodingKey {
            case postID = "post_id", decision, score, isProtected = "protected", ruleset
        }

        public init(_ record: DecisionRecord) {
            postID = record.postID
            decision = record.decision
            score = record.score
            isProtected = record.isProtected
            ruleset = record.ruleset
        }
    }

    enum CodingKeys: String, CodingKey {
        case type, schemaVersion = "schema_version", source, error, payloadSize = "payload_size"
        case payloadSHA256 = "payload_sha256", payloadPrefixBase64 = "payload_prefix_base64"
        case workerID = "worker_id", failedAt = "failed_at", decision
    }

    public init(source: SourceOffset, reason: DeadLetterReason, payload: [UInt8]?, payloadSHA256: String?,
                workerID: String, failedAt: String, decision: DecidedOutcome? = nil) {
        self.source = source
        error = ErrorInfo(code: reason.code, message: reason.message)
        payloadSize = payload?.count
        self.payloadSHA256 = payloadSHA256
        payloadPrefixBase64 = payload.map { Data($0.prefix(Self.prefixBytes)).base64EncodedString() }
        self.workerID = workerID
        self.failedAt = failedAt
        self.decision = decision
    }
}
