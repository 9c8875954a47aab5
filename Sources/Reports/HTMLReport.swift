import Classifier
import Foundation

/// The reviewer's report: one self-contained HTML file (inline CSS and SVG, no script, no external
/// asset) that opens offline and can be attached to a ticket.
///
/// Every post-derived string goes through `SafeText.html`; links are shown as text, never as
/// anchors; user text sits in `<bdi>` so that right-to-left content cannot reorder the labels
/// around it. The output is also well-formed XML, which the tests use to inspect it.
public struct HTMLReport: Sendable {
    public var context: ReportContext
    /// Longest post text shown on a card, in Unicode scalars.
    public var maxTextScalars = 20_000

    public init(context: ReportContext) {
        self.context = context
    }

    public func render(_ items: [ReportItem]) -> String {
        let summary = ReportSummary(items: items)
        let ordered = ReportContext.ordered(items)
        var html = "<!DOCTYPE html>\n<html lang=\"en\" xmlns=\"http://www.w3.org/1999/xhtml\"><head><meta charset=\"utf-8\"/>"
        // No network: a policy that forbids every fetch and every script, should anything slip through.
        html += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\"/>"
        html += "<meta name=\"referrer\" content=\"no-referrer\"/>"
        html += "<title>\(SafeText.html(context.title))</title><style>\(Self.css)</style></head><body>"
        html += "<h1>\(SafeText.html(context.title))</h1>"
        html += "<p class=\"about\">Generated \(SafeText.html(context.generatedAt)) from \(SafeText.html(context.topics.joined(separator: ", "))); \(SafeText.html(context.filter.description)). "
        html += "Post text, handles, links and fields are shown as written by their authors: never follow a link from here.</p>"
        html += summaryHTML(summary)
        if ordered.count > context.maxItems {
            html += "<p class=\"note\">Showing the first \(context.maxItems) of \(ordered.count) items; the summary covers all.</p>"
        }
        for (index, item) in ordered.prefix(context.maxItems).enumerated() {
            html += card(item, number: index + 1)
        }
        if items.isEmpty { html += "<p class=\"note\">No flagged posts match.</p>" }
        html += "</body></html>\n"
        return html
    }

    func summaryHTML(_ summary: ReportSummary) -> String {
        var html = "<section class=\"summary\"><h2>Summary</h2><p class=\"counts\">"
        html += "<span class=\"badge refer\">\(summary.refer) refer</span> <span class=\"badge review\">\(summary.review) review</span> "
        html += "<span class=\"badge protected\">\(summary.protectedCount) protected</span> "
        html += "<span class=\"badge plain\">\(summary.confirmedByReviewers) confirmed, \(summary.rejectedByReviewers) rejected by reviewers</span></p>"
        html += "<div class=\"charts\">"
        html += SVGChart.columns(title: "Decisions per \(summary.timeBucket) (UTC)", labels: summary.byDay.map(\.day), series: [
            SVGChart.Series(name: "refer", color: "#c0392b", values: summary.byDay.map(\.refer)),
            SVGChart.Series(name: "review", color: "#e69a19", values: summary.byDay.map(\.review)),
        ])
        html += SVGChart.columns(title: "Score distribution", labels: (0..<10).map { String(format: "%.1f", Double($0) / 10) },
                                 series: [SVGChart.Series(name: "posts", color: "#5b6f8f", values: summary.scoreBins)])
        html += SVGChart.bars(title: "By language", items: summary.byLanguage.map { ($0.name, Double($0.count)) }, color: "#5b8f6f") { String(Int($0)) }
        html += SVGChart.bars(title: "By platform", items: summary.byPlatform.map { ($0.name, Double($0.count)) }, color: "#7a5b8f") { String(Int($0)) }
        html += SVGChart.bars(title: "Top signals (posts)", items: summary.topSignals.map { ($0.name, Double($0.count)) }, color: "#8f5b5b") { String(Int($0)) }
        html += "</div></section>"
        return html
    }

    func card(_ item: ReportItem, number: Int) -> String {
        let record = item.record
        let verdictClass = record.decision.rawValue
        var html = "<article class=\"card \(verdictClass)\" id=\"item-\(number)\"><header>"
        html += "<span class=\"number\">#\(number)</span> <span class=\"badge \(verdictClass)\">\(record.decision.rawValue.uppercased())</span> "
        html += "<span class=\"score\">score \(String(format: "%.3f", record.score))</span> "
        if record.isProtected { html += "<span class=\"badge protected\">PROTECTED</span> " }
        if let verdict = item.reviewerVerdict {
            html += "<span class=\"badge \(verdict.verdict == .reject ? "rejected" : "confirmed")\">reviewer: \(verdict.verdict.rawValue)</span> "
        }
        html += "<span class=\"pid\">post <bdi>\(SafeText.html(record.postID, keepNewlines: false))</bdi></span></header>"
        html += postText(item)
        html += "<dl class=\"meta\">"
        html += field("Platform", item.platform)
        html += field("Language", item.lang)
        html += field("Author (pseudonym)", item.author)
        html += field("Link (not followed)", item.url, code: true)
        html += field("Created", item.createdAt)
        html += field("Decided", record.decidedAt)
        html += field("Source", record.source.description, code: true)
        html += field("Ruleset", "\(record.ruleset.name) \(record.ruleset.version) (sha256 \(record.ruleset.sha256.prefix(16))…)")
        html += field("Worker", record.workerID)
        if let verdict = item.reviewerVerdict {
            html += field("Reviewer verdict", [verdict.verdict.rawValue, verdict.reviewer.map { "by \($0)" }, verdict.reason.map { "— \($0)" }]
                .compactMap { $0 }.joined(separator: " "))
        }
        for (name, value) in item.otherFields { html += field("Field " + name, value) }
        html += "</dl>"
        html += signalTable(record.signals)
        if !record.guardReasons.isEmpty {
            html += "<div class=\"guard\"><strong>Guard</strong><ul>"
            for reason in record.guardReasons { html += "<li><bdi>\(SafeText.html(reason))</bdi></li>" }
            html += "</ul></div>"
        }
        return html + "</article>"
    }

    func postText(_ item: ReportItem) -> String {
        var text = item.text
        var cut = 0
        let count = text.unicodeScalars.count
        if count > maxTextScalars {
            cut = count - maxTextScalars
            text = String(String.UnicodeScalarView(text.unicodeScalars.prefix(maxTextScalars)))
        }
        var html = "<blockquote class=\"post\" dir=\"auto\">"
        let signals = item.record.signals
        for segment in SpanHighlighter.segments(of: text, spans: signals.map(\.span)) {
            guard segment.isHighlighted else {
                html += SafeText.html(segment.text)
                continue
            }
            let weight = segment.signals.reduce(0.0) { $0 + (signals[$1].weight.isFinite ? signals[$1].weight : 0) }
            let names = segment.signals.map { "\(signals[$0].name) (\(Self.signed(signals[$0].weight)))" }.joined(separator: ", ")
            html += "<mark class=\"\(weight >= 0 ? "up" : "down")\" title=\"\(SafeText.html(names, keepNewlines: false))\">\(SafeText.html(segment.text))</mark>"
        }
        if cut > 0 { html += "<span class=\"note\"> … \(cut) more characters not shown</span>" }
        return html + "</blockquote>"
    }

    func signalTable(_ signals: [Signal]) -> String {
        guard !signals.isEmpty else { return "<p class=\"note\">No signals.</p>" }
        var html = "<table class=\"signals\"><thead><tr><th>Signal</th><th>Category</th><th>Matched</th><th>Span</th><th>Contribution</th></tr></thead><tbody>"
        for signal in signals.sorted(by: { abs($0.weight) > abs($1.weight) }) {
            html += "<tr><td><bdi>\(SafeText.html(signal.name, keepNewlines: false))</bdi></td>"
            html += "<td><bdi>\(SafeText.html(signal.category, keepNewlines: false))</bdi></td>"
            html += "<td class=\"matched\"><bdi>\(SafeText.html(SafeText.truncated(signal.matched, to: 120), keepNewlines: false))</bdi></td>"
            html += "<td>\(signal.span.start)–\(signal.span.end)</td>"
            html += "<td class=\"\(signal.weight >= 0 ? "up" : "down")\">\(Self.signed(signal.weight))</td></tr>"
        }
        return html + "</tbody></table>"
    }

    func field(_ name: String, _ value: String?, code: Bool = false) -> String {
        guard let value, !value.isEmpty else { return "" }
        let escaped = SafeText.html(value, keepNewlines: false)
        let inner = code ? "<code>\(escaped)</code>" : escaped
        return "<dt>\(SafeText.html(name, keepNewlines: false))</dt><dd><bdi>\(inner)</bdi></dd>"
    }

    static func signed(_ weight: Double) -> String {
        guard weight.isFinite else { return "n/a" }
        return (weight >= 0 ? "+" : "−") + String(format: "%.2f", abs(weight))
    }
}
