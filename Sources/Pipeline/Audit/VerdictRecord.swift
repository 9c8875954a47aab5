import Foundation

/// A reviewer's verdict on a flagged post, on the `verdicts` topic keyed by post id; the latest
/// verdict for a post wins. See `schemas/verdict.schema.json`.
///
/// Verdicts are the ground truth for false-positive lists and replay backtests.
public struct VerdictRecord: Codable, Sendable, Equatable {
    /// What the reviewer concluded.
    public enum Outcome: String, Codable, Sendable, CaseIterable {
        /// The post is a paid smuggling offer: the referral was right.
        case confirm
        /// The referral was wrong (a false positive).
        case reject
    }

    public var type = "verdict"
    public var schemaVersion = 1
    public var postID: String
    public var verdict: Outcome
    public var reason: String?
    public var reviewer: String?
    /// RFC 3339 UTC time of the verdict.
    public var decidedAt: String

    enum CodingKeys: String, CodingKey {
        case type, schemaVersion = "schema_version", postID = "post_id", verdict, reason, reviewer
        case decidedAt = "decided_at"
    }

    public init(postID: String, verdict: Outcome, reason: String? = nil, reviewer: String? = nil, decidedAt: String) {
        self.postID = postID
        self.verdict = verdict
        self.reason = reason
        self.reviewer = reviewer
        self.decidedAt = decidedAt
    }

    /// The record as written to the `verdicts` topic.
    public func json() -> [UInt8] {
        var json = JSONWriter(capacity: 256)
        json.beginObject()
        json.key("decided_at"); json.string(decidedAt)
        json.key("post_id"); json.string(postID)
        json.key("reason"); json.optionalString(reason)
        json.key("reviewer"); json.optionalString(reviewer)
        json.key("schema_version"); json.int(schemaVersion)
        json.key("type"); json.string(type)
        json.key("verdict"); json.string(verdict.rawValue)
        json.endObject()
        return json.bytes
    }

    /// Decodes a record of the `verdicts` topic.
    public init(json bytes: [UInt8]) throws {
        self = try JSONDecoder().decode(VerdictRecord.self, from: Data(bytes))
        guard type == "verdict", !postID.isEmpty else {
            throw TrailRecord.DecodingFailure(description: "not a verdict record (type '\(type)', post id '\(postID)')")
        }
    }
}
