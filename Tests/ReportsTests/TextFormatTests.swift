import Classifier
import Foundation
import Reports
import Testing

/// Markdown, CSV and JSON with hostile input.
struct TextFormatTests {
    @Test func markdownEscapesMarkupLinksAndBidi() {
        let markdown = MarkdownReport(context: HostileRecords.context).render([HostileRecords.item])
        #expect(!markdown.contains("<"), "raw HTML passes through Markdown renderers: none may remain")
        #expect(!markdown.contains("](javascript"), "no Markdown link can form")
        #expect(!markdown.contains("[U+202E]") || !HostileRecords.hasBidiControl(markdown))
        #expect(!HostileRecords.hasBidiControl(markdown))
        #expect(markdown.contains("&lt;script&gt;"))
        #expect(markdown.contains("javascript\\:alert\\(document\\.cookie\\)"))
        // A hostile line cannot end the quote block and start a heading or table of its own.
        for line in markdown.split(separator: "\n") where line.contains("HYPERLINK") {
            #expect(line.hasPrefix("> "))
        }
    }

    @Test func csvGuardsFormulasAndQuotesEveryCell() {
        #expect(CSVReport.cell("=1+1") == "\"'=1+1\"")
        #expect(CSVReport.cell("+SUM(A1)") == "\"'+SUM(A1)\"")
        #expect(CSVReport.cell("-2") == "\"'-2\"")
        #expect(CSVReport.cell("@cmd") == "\"'@cmd\"")
        #expect(CSVReport.cell("\tx") == "\"'\tx\"")
        #expect(CSVReport.cell("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSVReport.cell("\u{202E}=x") == "\"[U+202E]=x\"")
        let csv = CSVReport(context: HostileRecords.context).render([HostileRecords.item])
        #expect(!HostileRecords.hasBidiControl(csv))
        let rows = csv.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(rows.count == 2, "header and one item; newlines in the text stay inside its quoted cell")
        #expect(rows[0].hasPrefix("\"post_id\""))
    }

    @Test func jsonKeepsExactValuesButEscapesBidiControls() throws {
        let bytes = try JSONReport(context: HostileRecords.context).render([HostileRecords.item])
        let raw = String(decoding: bytes, as: UTF8.self)
        #expect(!HostileRecords.hasBidiControl(raw))
        #expect(raw.contains("\\u202e"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        let items = try #require(object["items"] as? [[String: Any]])
        #expect(items.count == 1)
        #expect(items[0]["text"] as? String == HostileRecords.text, "tools get the text exactly as posted")
        #expect(items[0]["url"] as? String == "javascript:alert(document.cookie)")
    }

    @Test func safeTextMarksBidiAndInvisibleCharacters() {
        #expect(SafeText.neutralised("a\u{202E}b\u{2067}c\u{200B}d\u{0000}") == "a[U+202E]b[U+2067]c[U+200B]d[U+0000]")
        #expect(SafeText.neutralised("line\nnext\ttab") == "line\nnext\ttab")
        #expect(SafeText.neutralised("line\nnext", keepNewlines: false) == "line[U+000A]next")
        #expect(SafeText.neutralised("می‌روم 👨‍👩‍👧") == "می‌روم 👨‍👩‍👧", "ZWNJ and ZWJ are spelling, not attacks")
        #expect(SafeText.html("<a href='x'>&\"") == "&lt;a href=&#39;x&#39;&gt;&amp;&quot;")
        #expect(SafeText.neutralised("windows\r\nline\u{0007}") == "windows\nline[U+0007]")
        #expect(SafeText.neutralised("a\u{FFFF}b\u{FFF9}c") == "a[U+FFFF]b[U+FFF9]c", "noncharacters would break the XHTML")
    }

    @Test func sinceAcceptsDurationsDatesAndTimes() throws {
        let now = Date(timeIntervalSince1970: 1_000_000)
        #expect(ReportFilter.parseSince("24h", now: now) == now.addingTimeInterval(-86_400))
        #expect(ReportFilter.parseSince("7d", now: now) == now.addingTimeInterval(-604_800))
        #expect(ReportFilter.parseSince("2026-11-20") != nil)
        #expect(ReportFilter.parseSince("2026-11-20T08:00:00Z") != nil)
        #expect(ReportFilter.parseSince("2026-11-20T08:00:00.250Z") != nil)
        #expect(ReportFilter.parseSince("yesterday") == nil)
        #expect(ReportFilter.parseSince("-3h") == nil)
    }

    @Test func filterSelectsByPlatformLanguageScoreAndTime() throws {
        var record = HostileRecords.decision(score: 0.6)
        record.platform = "Telegram"
        record.lang = "fa"
        let item = ReportItem(record: record, topic: "referrals")
        #expect(ReportFilter(platform: "telegram", lang: "FA").includes(item))
        #expect(!ReportFilter(platform: "facebook").includes(item))
        #expect(!ReportFilter(minScore: 0.7).includes(item))
        #expect(ReportFilter(since: ReportFilter.parseSince("2026-11-23")).includes(item))
        #expect(!ReportFilter(since: ReportFilter.parseSince("2026-11-24")).includes(item))
    }
}
