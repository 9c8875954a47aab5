import Classifier
import Records

/// One flagged post as a report shows it: the decision record plus the post fields it carries.
///
/// Every string here except the decision's own numbers is attacker-controlled; renderers escape it.
public struct ReportItem: Sendable {
    public var record: DecisionRecord
    /// The topic the record was read from (`referrals`, `review`).
    public var topic: String
    /// The latest reviewer verdict on this decision (`VerdictLog.matching`), if any.
    public var reviewerVerdict: VerdictRecord?

    public init(record: DecisionRecord, topic: String, reviewerVerdict: VerdictRecord? = nil) {
        self.record = record
        self.topic = topic
        self.reviewerVerdict = reviewerVerdict
    }

    /// The post's text; empty when the record carries no post.
    public var text: String { record.post?["text"]?.stringValue ?? "" }
    public var url: String? { record.post?["url"]?.stringValue }
    public var createdAt: String? { record.post?["created_at"]?.stringValue }
    public var platform: String? { record.platform ?? record.post?["platform"]?.stringValue }
    public var lang: String? { record.lang ?? record.post?["lang"]?.stringValue }

    /// The pseudonymised author: a pseudonym, or `key: pseudonym` pairs for an author object.
    public var author: String? {
        switch record.post?["author"] {
        case .string(let value)?: return value
        case .object(let fields)?:
            return fields.keys.sorted().map { "\($0): \(fields[$0].map(Self.plain) ?? "")" }.joined(separator: ", ")
        default: return nil
        }
    }

    /// Post fields other than the ones shown on their own, as `(name, value)` text.
    public var otherFields: [(name: String, value: String)] {
        guard case .object(let fields)? = record.post else { return [] }
        let shown: Set<String> = ["id", "text", "url", "author", "platform", "lang", "created_at"]
        return fields.keys.filter { !shown.contains($0) }.sorted().prefix(Self.maxOtherFields).map { key in
            (key, SafeText.truncated(fields[key].map(Self.plain) ?? "", to: 300))
        }
    }

    public static let maxOtherFields = 20

    /// A JSON value as text: strings as they are, anything else compactly.
    static func plain(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool(let bool): bool ? "true" : "false"
        case .number(let number): number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number)
        case .string(let string): string
        case .array(let values): "[" + values.map(plain).joined(separator: ", ") + "]"
        case .object(let fields): "{" + fields.keys.sorted().map { "\($0): \(fields[$0].map(plain) ?? "")" }.joined(separator: ", ") + "}"
        }
    }
}
