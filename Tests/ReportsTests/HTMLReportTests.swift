import ReportsTestKit
import Classifier
import Foundation
import Reports
import Testing

struct HTMLReportTests {
    @Test func hostileTextInEveryFieldRendersInert() throws {
        let html = HTMLReport(context: HostileRecords.context).render([HostileRecords.item])
        let inspector = HTMLInspector.inspect(html)
        #expect(inspector.parseError == nil, "the report is well-formed XHTML: \(inspector.parseError ?? "")")
        #expect(inspector.problems.isEmpty, "live content: \(inspector.problems)")
        #expect(inspector.elements["style"] == 1, "only the report's own style sheet")
        #expect(inspector.elements["script", default: 0] == 0)
        #expect(inspector.elements["a", default: 0] == 0, "links are text, never anchors")
        #expect(!HostileRecords.hasBidiControl(html), "no raw bidi control anywhere in the file")
        // What the attacker wrote is still there for the reviewer to read, as text.
        let text = inspector.allText
        #expect(text.contains("<script>alert(1)</script>"))
        #expect(text.contains("javascript:alert(document.cookie)"))
        #expect(text.contains("[U+202E]gnp.exe"), "the override is shown as a visible marker")
        #expect(text.contains("<b onmouseover=alert(1)>"))
        #expect(text.contains("\"><svg onload=alert(1)>"))
        #expect(text.contains("=cmd|' /C calc'!A0"))
    }

    @Test func reportHasASummaryWithInlineSVGChartsAndOneCardPerItem() throws {
        let items = (0..<5).map { index in
            var record = HostileRecords.decision(postID: "p\(index)", score: Double(index) / 5)
            record.decidedAt = "2026-11-2\(index)T10:00:00.000Z"
            return ReportItem(record: record, topic: "referrals")
        }
        let html = HTMLReport(context: HostileRecords.context).render(items)
        let inspector = HTMLInspector.inspect(html)
        #expect(inspector.parseError == nil)
        #expect(inspector.elements["svg"] == 5, "decisions per day, scores, languages, platforms, signals")
        #expect(inspector.elements["article"] == 5)
        let withoutNamespaces = html.replacingOccurrences(of: "xmlns=\"http://www.w3.org/1999/xhtml\"", with: "")
            .replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "")
        #expect(!withoutNamespaces.contains("http:") && !withoutNamespaces.contains("https:"),
                "self-contained: no URL besides the namespace names")
        #expect(inspector.elements["mark", default: 0] >= 5, "matched spans are highlighted")
    }

    @Test func spansThatLieAboutTheTextNeverCrashAndNeverDoubleHighlight() throws {
        let signals = [
            Signal(name: "a", category: "c", matched: "", span: TextSpan(start: Int.min, end: Int.max), weight: 1),
            Signal(name: "b", category: "c", matched: "", span: TextSpan(start: 5, end: 2), weight: 1),
            Signal(name: "c", category: "c", matched: "", span: TextSpan(start: 1_000_000, end: 1_000_001), weight: .nan),
        ]
        var record = HostileRecords.decision(signals: signals)
        record.post = .object(["text": .string("short 😀 text")])
        let html = HTMLReport(context: HostileRecords.context).render([ReportItem(record: record, topic: "referrals")])
        let inspector = HTMLInspector.inspect(html)
        #expect(inspector.parseError == nil)
        #expect(inspector.elements["mark"] == 1, "one merged highlight over the whole text")
        #expect(html.contains(">short 😀 text</mark>"))
    }

    @Test func emptyReportSaysSo() {
        let html = HTMLReport(context: HostileRecords.context).render([])
        #expect(HTMLInspector.inspect(html).parseError == nil)
        #expect(html.contains("No flagged posts match."))
    }
}
