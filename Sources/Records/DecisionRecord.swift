import Classifier

/// The record a worker writes for every decided post: to `audit` always, and to `referrals` or
/// `review` with the (pseudonymised) post attached. See `schemas/decision.schema.json`.
public struct DecisionRecord: Sendable, Equatable {
    public static let schemaVersion = 1

    public var type = "decision"
    public var schemaVersion = DecisionRecord.schemaVersion
    public var postID: String
    public var source: SourceOffset
    public var decision: Verdict
    public var score: Double
    public var isProtected: Bool
    public var signals: [Signal]
    public var guardReasons: [String]
    public var ruleset: RulesetIdentity
    /// Lower-case hex SHA-256 of the input payload, for integrity checks and replay.
    public var inputSHA256: String
    public var platform: String?
    public var lang: String?
    public var workerID: String
    /// RFC 3339 UTC time of the decision.
    public var decidedAt: String
    /// The post, author pseudonymised; only on `referrals` and `review` records.
    public var post: JSONValue?
    /// Set when the record was shortened to fit the output topic's record size limit.
    public var truncation: Truncation?

    public init(decision: Decision, source: SourceOffset, inputSHA256: String, platform: String?, lang: String?,
                workerID: String, decidedAt: String, post: JSONValue? = nil) {
        postID = decision.postID
        self.source = source
        self.decision = decision.verdict
        score = decision.score
        isProtected = decision.isProtected
        signals = decision.signals
        guardReasons = decision.guardReasons
        ruleset = decision.ruleset
        self.inputSHA256 = inputSHA256
        self.platform = platform
        self.lang = lang
        self.workerID = workerID
        self.decidedAt = decidedAt
        self.post = post
    }

    /// Whether two records state the same decision (what replay and duplicate checks compare).
    /// A shortened record agrees with the whole one as far as it goes (see `Truncation`).
    public func sameDecision(as other: DecisionRecord) -> Bool {
        postID == other.postID && decision == other.decision && score == other.score
            && isProtected == other.isProtected && ruleset == other.ruleset
            && Truncation.agree(self, other)
    }
}
