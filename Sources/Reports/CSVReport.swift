import Foundation

/// A report for spreadsheets and tools: RFC 4180 CSV, one row per flagged post.
///
/// Cells are quoted; bidi and control characters are neutralised; a cell that a spreadsheet
/// would run as a formula (starting, after any spaces, with `=`, `+`, `-`, `@`, a fullwidth or
/// small form of one, tab, carriage return or line feed) gets a leading apostrophe.
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
    ///
    /// Quotes are doubled per Unicode scalar: a `"` followed by a combining mark is one
    /// `Character`, and a `Character`-level replacement would leave it to end the cell early.
    public static func cell(_ value: String) -> String {
        var cell = String.UnicodeScalarView()
        cell.append("\"")
        let text = SafeText.neutralised(value)
        if startsFormula(text) { cell.append("'") }
        for scalar in text.unicodeScalars {
            if scalar == "\"" { cell.append(scalar) }
            cell.append(scalar)
        }
        cell.append("\"")
        return String(cell)
    }

    /// What spreadsheets take as the start of a formula (`= + - @`, their fullwidth and small
    /// forms, which some import as the ASCII ones), and tab, CR and LF, which some strip first.
    static let formulaStarts: Set<Unicode.Scalar> = [
        "=", "+", "-", "@", "\t", "\r", "\n",
        "\u{FF1D}", "\u{FF0B}", "\u{FF0D}", "\u{FF20}", "\u{FE66}", "\u{FE62}", "\u{FE63}", "\u{FE6B}",
    ]

    /// Whether a cell would start a formula: its first scalar after any spaces (which an import
    /// may trim) is a formula start.
    static func startsFormula(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first(where: { !($0.properties.isWhitespace && !formulaStarts.contains($0)) }) else {
            return false
        }
        return formulaStarts.contains(first)
    }
}
