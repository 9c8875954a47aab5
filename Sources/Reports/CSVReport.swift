import Foundation

/// A report for spreadsheets and tools: RFC 4180 CSV, one row per flagged post.
///
/// Cells are quoted; bidi and control characters are neutralised; a cell that a spreadsheet
/// would run as a formula (starting with `=`, `+`, `-`, `@`, tab or carriage return) gets a
/// leading apostrophe.
public struct CSVReport: Sendable {
    public var context: ReportContext

    public init(context: ReportContext) {
        self.context = context
    }

    public static let header = [
        "post_id", "topic", "decision", "score", "protected", "platform", "lang", "author", "url", "created_at",
        "decided_at", "source", "ruleset", "ruleset_sha256", "signals", "guard", "reviewer_verdict", "fields", "text",
    ]

    public func render(_ items: [ReportItem]) -> String {
        var rows = [Self.header.map(Self.cell).joined(separator: ",")]
        for item in ReportContext.ordered(items).prefix(context.maxItems) {
            let record = item.record
            let signals = record.signals.map { "\($0.name)(\(HTMLReport.signed($0.weight)))@\($0.span.start)-\($0.span.end)" }
            let values: [String] = [
                record.postID, item.topic, record.decision.rawValue, String(format: "%.6f", record.score),
                record.isProtected ? "true" : "false", item.platform ?? "", item.lang ?? "", item.author ?? "",
                item.url ?? "", item.createdAt ?? "", record.decidedAt, record.source.description,
                "\(record.ruleset.name) \(record.ruleset.version)", record.ruleset.sha256, signals.joined(separator: "; "),
                record.guardReasons.joined(separator: "; "), item.reviewerVerdict?.verdict.rawValue ?? "",
                item.otherFields.map { "\($0.name)=\($0.value)" }.joined(separator: "; "), item.text,
            ]
            rows.append(values.map(Self.cell).joined(separator: ","))
        }
        return rows.joined(separator: "\r\n") + "\r\n"
    }

    /// One quoted, neutralised, formula-guarded cell.
    public static func cell(_ value: String) -> String {
        var text = SafeText.neutralised(value)
        if let first = text.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) {
            text = "'" + text
        }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
