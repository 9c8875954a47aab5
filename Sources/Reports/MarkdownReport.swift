import Foundation

/// A report for tickets: Markdown that renders the same on GitHub, GitLab and Jira-like tools.
///
/// Post-derived text is neutralised, HTML-escaped (Markdown renderers pass raw HTML through) and
/// has every ASCII punctuation scalar escaped, so it cannot open links (autolinks included),
/// images, code blocks or tables. Highlighted spans are shown in bold.
public struct MarkdownReport: Sendable {
    public var context: ReportContext

    public init(context: ReportContext) {
        self.context = context
    }

    public func render(_ items: [ReportItem]) -> String {
        let summary = ReportSummary(items: items)
        var lines = ["# \(Self.escape(context.title))", ""]
        lines.append("Generated \(Self.escape(context.generatedAt)) from \(Self.escape(context.topics.joined(separator: ", "))); \(Self.escape(context.filter.description)).")
        lines.append("Post text, handles and links are shown as their authors wrote them; links are not clickable.")
        lines.append("")
        lines.append("**\(summary.refer) refer, \(summary.review) review, \(summary.protectedCount) protected; \(summary.confirmedByReviewers) confirmed, \(summary.rejectedByReviewers) rejected by reviewers.**")
        lines.append("")
        if !summary.topSignals.isEmpty {
            lines.append("| Top signal | Posts |")
            lines.append("|---|---:|")
            for signal in summary.topSignals { lines.append("| \(Self.escape(signal.name)) | \(signal.count) |") }
            lines.append("")
        }
        let ordered = ReportContext.ordered(items)
        for (index, item) in ordered.prefix(context.maxItems).enumerated() {
            lines.append(contentsOf: section(item, number: index + 1))
        }
        if ordered.count > context.maxItems { lines.append("_Showing \(context.maxItems) of \(ordered.count) items._") }
        return lines.joined(separator: "\n") + "\n"
    }

    func section(_ item: ReportItem, number: Int) -> [String] {
        let record = item.record
        var lines: [String] = []
        var heading = "## \(number). \(record.decision.rawValue.uppercased()) \(String(format: "%.3f", record.score))"
        if record.isProtected { heading += " PROTECTED" }
        heading += " — post \(Self.escape(record.postID))"
        lines.append(heading)
        lines.append("")
        for line in highlighted(item).split(separator: "\n", omittingEmptySubsequences: false) {
            lines.append("> " + line)
        }
        lines.append("")
        var facts: [(String, String?)] = [
            ("Platform", item.platform), ("Language", item.lang), ("Author (pseudonym)", item.author),
            ("Link (not followed)", item.url), ("Created", item.createdAt), ("Decided", record.decidedAt),
            ("Source", record.source.description),
            ("Ruleset", "\(record.ruleset.name) \(record.ruleset.version) (sha256 \(record.ruleset.sha256.prefix(16))…)"),
        ]
        if let verdict = item.reviewerVerdict {
            facts.append(("Reviewer verdict", [verdict.verdict.rawValue, verdict.reviewer.map { "by \($0)" }, verdict.reason].compactMap { $0 }.joined(separator: " ")))
        }
        for (name, value) in item.otherFields { facts.append(("Field " + name, value)) }
        for (name, value) in facts {
            guard let value, !value.isEmpty else { continue }
            lines.append("- \(Self.escape(name)): \(Self.escape(value))")
        }
        if !record.signals.isEmpty {
            lines.append("")
            lines.append("| Signal | Category | Matched | Span | Contribution |")
            lines.append("|---|---|---|---|---:|")
            for signal in record.signals.sorted(by: { abs($0.weight) > abs($1.weight) }) {
                lines.append("| \(Self.escape(signal.name)) | \(Self.escape(signal.category)) | \(Self.escape(SafeText.truncated(signal.matched, to: 120))) | \(signal.span.start)–\(signal.span.end) | \(HTMLReport.signed(signal.weight)) |")
            }
        }
        if !record.guardReasons.isEmpty {
            lines.append("")
            lines.append("Guard: " + record.guardReasons.map { Self.escape($0) }.joined(separator: "; "))
        }
        lines.append("")
        return lines
    }

    /// The post text, escaped, matched spans in bold.
    func highlighted(_ item: ReportItem) -> String {
        let text = String(String.UnicodeScalarView(item.text.unicodeScalars.prefix(20_000)))
        return SpanHighlighter.segments(of: text, spans: item.record.signals.map(\.span)).map { segment in
            let escaped = Self.escape(segment.text, keepNewlines: true)
            // Bold markers must hug non-space text to render, so surrounding spaces stay outside.
            guard segment.isHighlighted, !escaped.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return escaped }
            return "**" + escaped + "**"
        }.joined()
    }

    /// Neutralised, HTML-escaped, Markdown-escaped; newlines become spaces unless kept.
    ///
    /// Per Unicode scalar, never per `Character`: `[` followed by a combining mark is one
    /// `Character`, and a `Character` comparison would let it open a link. Every ASCII
    /// punctuation scalar is escaped (CommonMark lets a backslash escape any of them, so the rule
    /// needs no list of which ones matter): `&`, `<` and `>` as entities, a run of `@` as a code
    /// span (cmark-gfm links `name@host.tld` even when every character is backslash-escaped;
    /// only a code span splits the text it searches), the rest with a backslash.
    public static func escape(_ text: String, keepNewlines: Bool = false) -> String {
        var result = String.UnicodeScalarView()
        var inCodeSpan = false
        for scalar in SafeText.neutralised(text, keepNewlines: keepNewlines).unicodeScalars {
            if (scalar == "@") != inCodeSpan {
                result.append("`")
                inCodeSpan.toggle()
            }
            switch scalar {
            case "&": result.append(contentsOf: "&amp;".unicodeScalars)
            case "<": result.append(contentsOf: "&lt;".unicodeScalars)
            case ">": result.append(contentsOf: "&gt;".unicodeScalars)
            case "@": result.append(scalar)
            case "\n": result.append(keepNewlines ? "\n" : " ")
            case "\t": result.append(" ")
            default:
                if isASCIIPunctuation(scalar) { result.append("\\") }
                result.append(scalar)
            }
        }
        if inCodeSpan { result.append("`") }
        return String(result)
    }

    /// CommonMark's ASCII punctuation: every one may be backslash-escaped.
    static func isASCIIPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x21...0x2F, 0x3A...0x40, 0x5B...0x60, 0x7B...0x7E: true
        default: false
        }
    }
}
