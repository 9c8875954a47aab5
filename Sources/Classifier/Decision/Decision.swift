/// What to do with a post.
public enum Verdict: String, Sendable, Codable, CaseIterable {
    /// Refer to the referral unit: a paid offer of facilitation, not protected.
    case refer
    /// A human should look at it.
    case review
    /// Nothing to do.
    case clear
}

/// A half-open range `[start, end)` of Unicode scalar offsets into the post's original text.
///
/// Unicode scalars (code points) are what Python's `str` and most JSON tooling index by.
public struct TextSpan: Sendable, Codable, Equatable, Hashable {
    public var start: Int
    public var end: Int

    public init(start: Int, end: Int) {
        self.start = start
        self.end = end
    }
}

/// One piece of evidence found in a post.
public struct Signal: Sendable, Codable, Equatable {
    /// Stable identifier of the rule or extractor that fired, e.g. `payment.on_arrival`.
    public var name: String
    /// The scoring category, e.g. `facilitation`, `benefit`, `humanitarian`.
    public var category: String
    /// The matched text, as it stands in the original post.
    public var matched: String
    /// Where `matched` stands in the original post.
    public var span: TextSpan
    /// This signal's contribution to the decision's logit.
    public var weight: Double

    public init(name: String, category: String, matched: String, span: TextSpan, weight: Double) {
        self.name = name
        self.category = category
        self.matched = matched
        self.span = span
        self.weight = weight
    }
}

/// Which ruleset made a decision.
public struct RulesetIdentity: Sendable, Codable, Equatable, Hashable {
    public var name: String
    public var version: String
    /// Lower-case hex SHA-256 of the ruleset file's bytes.
    public var sha256: String

    public init(name: String, version: String, sha256: String) {
        self.name = name
        self.version = version
        self.sha256 = sha256
    }
}

/// The classifier's decision on one post, with everything needed to explain it.
public struct Decision: Sendable, Equatable {
    public var postID: String
    public var verdict: Verdict
    /// Probability-like score in 0...1.
    public var score: Double
    /// Set when the guard found protective content: such a post is never referred.
    public var isProtected: Bool
    public var signals: [Signal]
    /// Human-readable reasons the guard gave (vetoes, downgrades, protection).
    public var guardReasons: [String]
    public var ruleset: RulesetIdentity

    public init(
        postID: String, verdict: Verdict, score: Double, isProtected: Bool,
        signals: [Signal], guardReasons: [String], ruleset: RulesetIdentity
    ) {
        self.postID = postID
        self.verdict = verdict
        self.score = score
        self.isProtected = isProtected
        self.signals = signals
        self.guardReasons = guardReasons
        self.ruleset = ruleset
    }
}
