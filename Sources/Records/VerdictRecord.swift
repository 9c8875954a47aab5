/// A reviewer's verdict on one decision, on the `verdicts` topic keyed by post id. See
/// `schemas/verdict.schema.json`.
///
/// A verdict judges a decision, not a post id: ids repeat (across platforms, or when a scraper
/// reuses them), so version 2 names the decision by the input record it decided (`source`) and
/// that input's SHA-256. Version 1 records named the post id alone; they are still read, and
/// `VerdictLog` attaches them only where that is unambiguous. Verdicts are the ground truth for
/// reports, false-positive lists and replay backtests.
public struct VerdictRecord: Sendable, Equatable {
    /// What the reviewer concluded.
    public enum Outcome: String, Sendable, CaseIterable {
        /// The post is a paid smuggling offer: the referral was right.
        case confirm
        /// The referral was wrong (a false positive).
        case reject
    }

    /// The version this code writes; version 1 is still read.
    public static let schemaVersion = 2

    public var type = "verdict"
    public var schemaVersion = VerdictRecord.schemaVersion
    public var postID: String
    /// The input record the judged decision was made on; nil only in version 1 records.
    public var source: SourceOffset?
    /// SHA-256 of that input; nil only in version 1 records.
    public var inputSHA256: String?
    public var verdict: Outcome
    public var reason: String?
    public var reviewer: String?
    /// RFC 3339 UTC time of the verdict.
    public var decidedAt: String

    /// A verdict on `decision` (version 2).
    public init(on decision: DecisionRecord, verdict: Outcome, reason: String? = nil, reviewer: String? = nil, decidedAt: String) {
        postID = decision.postID
        source = decision.source
        inputSHA256 = decision.inputSHA256
        self.verdict = verdict
        self.reason = reason
        self.reviewer = reviewer
        self.decidedAt = decidedAt
    }

    /// A version 1 verdict, which names a post id alone, as written before version 2.
    public init(legacyPostID postID: String, verdict: Outcome, reason: String? = nil, reviewer: String? = nil, decidedAt: String) {
        schemaVersion = 1
        self.postID = postID
        self.verdict = verdict
        self.reason = reason
        self.reviewer = reviewer
        self.decidedAt = decidedAt
    }

    /// The decision judged; nil for a version 1 record.
    public var decision: DecisionReference? {
        guard let source, let inputSHA256 else { return nil }
        return DecisionReference(source: source, inputSHA256: inputSHA256)
    }

    /// Decodes a record of the `verdicts` topic: version 2, or version 1 (no decision named).
    /// Anything else, a key twice in one object included, is refused.
    public init(json bytes: [UInt8]) throws(RecordDecodingError) {
        self = try VerdictRecord(TrailRecord.fields(of: bytes))
        guard type == "verdict", !postID.isEmpty else {
            throw RecordDecodingError("not a verdict record (type '\(type)', post id '\(postID)')")
        }
        switch schemaVersion {
        case 1:
            guard source == nil, inputSHA256 == nil else {
                throw RecordDecodingError("a version 1 verdict names no decision; this one has source or input_sha256")
            }
        case 2:
            guard source != nil, let inputSHA256, TrailRecord.isSHA256(inputSHA256) else {
                throw RecordDecodingError("a version 2 verdict needs source and a lower-case hex input_sha256")
            }
        default:
            throw RecordDecodingError("verdict schema_version \(schemaVersion) is not 1 or 2")
        }
    }
}

/// The decision a verdict judges: the input record decided and the SHA-256 of its bytes.
/// Duplicates of one decision (an at-least-once restart) share it.
public struct DecisionReference: Hashable, Sendable {
    public var source: SourceOffset
    public var inputSHA256: String

    public init(source: SourceOffset, inputSHA256: String) {
        self.source = source
        self.inputSHA256 = inputSHA256
    }
}

extension DecisionRecord {
    /// What a verdict on this decision names.
    public var reference: DecisionReference { DecisionReference(source: source, inputSHA256: inputSHA256) }
}
