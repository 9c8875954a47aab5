import Classifier
import Records

/// What `audit verify` found: counts for dashboards and scripts, and findings for people.
public struct VerificationReport: Sendable {
    /// One problem in the trail, where it is and what is wrong.
    public struct Finding: Sendable, Equatable {
        public enum Kind: String, Sendable {
            case missing, duplicateDisagrees = "duplicate_disagrees", inputMismatch = "input_mismatch"
            case malformed, unknownRuleset = "unknown_ruleset", protectedReferred = "protected_referred"
            case orphaned
        }
        public var kind: Kind
        /// The input offset (or trail location) concerned.
        public var location: String
        public var detail: String
    }

    /// Input offsets in `[low, high)` of every input partition.
    public var inputRecords = 0
    /// Input offsets accounted for by a decision record.
    public var audited = 0
    /// Input offsets accounted for by a dead-letter record.
    public var deadlettered = 0
    /// Input offsets with no trail record.
    public var missing = 0
    /// Trail records beyond the first for an input offset (at-least-once restarts).
    public var duplicates = 0
    /// Input offsets whose duplicate records state different outcomes.
    public var duplicatesDisagreeing = 0
    /// Trail records whose input hash does not match the input record at their offset.
    public var inputMismatches = 0
    /// Trail records that cannot be read or break the record rules.
    public var malformed = 0
    /// Decision records that refer content the guard marked protected: must never happen.
    public var protectedReferred = 0
    /// Trail records for input offsets that do not exist (past the end, or an unknown partition).
    public var orphaned = 0
    /// Trail records for input the topic no longer retains (below the low watermark): not checkable.
    public var beyondRetention = 0
    /// Rulesets named in records whose SHA-256 matches no ruleset given to the verifier.
    public var unknownRulesets: [RulesetIdentity] = []
    /// Findings, at most `findingLimit` of them; the counts are always complete.
    public var findings: [Finding] = []
    public static let findingLimit = 1000

    public init() {}

    /// Trail records in conflict with the input or each other.
    public var mismatched: Int { inputMismatches + duplicatesDisagreeing + orphaned }

    /// True when the trail is complete, consistent and names only known rulesets.
    public var isClean: Bool {
        missing == 0 && mismatched == 0 && malformed == 0 && protectedReferred == 0 && unknownRulesets.isEmpty
    }

    mutating func note(_ kind: Finding.Kind, _ location: String, _ detail: String) {
        if findings.count < Self.findingLimit { findings.append(Finding(kind: kind, location: location, detail: detail)) }
    }

    /// `{"input_records", "audited", "deadlettered", "missing", "duplicates", "mismatched", ...}`.
    public func json() -> [UInt8] {
        var json = JSONWriter()
        json.beginObject()
        json.key("input_records"); json.int(inputRecords)
        json.key("audited"); json.int(audited)
        json.key("deadlettered"); json.int(deadlettered)
        json.key("missing"); json.int(missing)
        json.key("duplicates"); json.int(duplicates)
        json.key("duplicates_disagreeing"); json.int(duplicatesDisagreeing)
        json.key("mismatched"); json.int(mismatched)
        json.key("input_mismatches"); json.int(inputMismatches)
        json.key("orphaned"); json.int(orphaned)
        json.key("malformed"); json.int(malformed)
        json.key("protected_referred"); json.int(protectedReferred)
        json.key("beyond_retention"); json.int(beyondRetention)
        json.key("unknown_rulesets"); json.beginArray()
        for ruleset in unknownRulesets { ruleset.write(to: &json) }
        json.endArray()
        json.key("ok"); json.bool(isClean)
        json.key("findings"); json.beginArray()
        for finding in findings {
            json.beginObject()
            json.key("kind"); json.string(finding.kind.rawValue)
            json.key("location"); json.string(finding.location)
            json.key("detail"); json.string(finding.detail)
            json.endObject()
        }
        json.endArray()
        json.endObject()
        return json.bytes
    }

    /// A summary for people; findings with their locations.
    public func text() -> String {
        var lines = [
            "input records  \(inputRecords)",
            "audited        \(audited)",
            "dead-lettered  \(deadlettered)",
            "missing        \(missing)",
            "duplicates     \(duplicates) (\(duplicatesDisagreeing) disagreeing)",
            "mismatched     \(mismatched) (input hash \(inputMismatches), orphaned \(orphaned))",
            "malformed      \(malformed)",
            "protected referred \(protectedReferred)",
            "beyond retention   \(beyondRetention) (not checkable)",
        ]
        for ruleset in unknownRulesets {
            lines.append("unknown ruleset \(TerminalText.printable(ruleset.name)) \(TerminalText.printable(ruleset.version)) sha256 \(TerminalText.printable(ruleset.sha256)): pass its file with --ruleset")
        }
        for finding in findings.prefix(50) {
            lines.append("  \(finding.kind.rawValue) \(TerminalText.printable(finding.location)): \(TerminalText.printable(finding.detail, limit: 300))")
        }
        if findings.count > 50 { lines.append("  ... \(findings.count - 50) more findings (see --json)") }
        lines.append(isClean ? "OK: the trail is complete and consistent" : "FAILED: the trail has findings")
        return lines.joined(separator: "\n")
    }
}
