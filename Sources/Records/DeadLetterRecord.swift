import Classifier
import Foundation

/// The record a worker writes for input it could not decide. See `schemas/deadletter.schema.json`.
///
/// It carries enough to find and inspect the input (offsets, size, hash, a bounded prefix) without
/// copying an arbitrarily large or hostile payload.
public struct DeadLetterRecord: Sendable, Equatable {
    public static let prefixBytes = 256

    public struct ErrorInfo: Sendable, Equatable {
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
    public struct DecidedOutcome: Sendable, Equatable {
        public var postID: String
        public var decision: Verdict
        public var score: Double
        public var isProtected: Bool
        public var ruleset: RulesetIdentity

        public init(_ record: DecisionRecord) {
            self.init(postID: record.postID, decision: record.decision, score: record.score, isProtected: record.isProtected,
                      ruleset: record.ruleset)
        }

        init(postID: String, decision: Verdict, score: Double, isProtected: Bool, ruleset: RulesetIdentity) {
            self.postID = postID
            self.decision = decision
            self.score = score
            self.isProtected = isProtected
            self.ruleset = ruleset
        }
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
