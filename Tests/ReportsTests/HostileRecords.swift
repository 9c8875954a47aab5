import Classifier
import Records
import Reports

/// Records whose every post-derived field is an attack: markup, script URLs, bidi overrides,
/// formula prefixes, control characters, and spans that lie about the text.
enum HostileRecords {
    static let rlo = "\u{202E}"
    static let isolate = "\u{2066}"
    static let text = "<script>alert(1)</script><img src=x onerror=alert(2)> \(rlo)gnp.exe boat to Italy 4500€ "
        + "<a href=\"javascript:alert(3)\">pay</a> ]]> <!-- x --> &amp; \"quoted\" 'single' \(isolate)end\u{0007}\u{200B}\n=HYPERLINK(\"x\")"

    static func decision(postID: String = "\"><svg onload=alert(1)>", score: Double = 0.91, signals: [Signal]? = nil) -> DecisionRecord {
        let post: JSONValue = .object([
            "id": .string(postID),
            "text": .string(text),
            "url": .string("javascript:alert(document.cookie)"),
            "author": .object(["handle": .string("<b onmouseover=alert(1)>"), "id": .string("\(rlo)live")]),
            "platform": .string("<iframe src=//evil.example>"),
            "lang": .string("\" onfocus=\"x"),
            "created_at": .string("<time onload=1>"),
            "<script>": .string("=cmd|' /C calc'!A0"),
            "nested": .object(["x": .string("\(rlo)</dd><script>alert(4)</script>")]),
        ])
        let decision = Decision(
            postID: postID, verdict: .refer, score: score, isProtected: false,
            signals: signals ?? [
                Signal(name: "<x onclick=1>", category: "</td><script>", matched: "\(rlo)abc", span: TextSpan(start: -5, end: 3), weight: 1.2),
                Signal(name: "price", category: "price", matched: "4500€", span: TextSpan(start: 60, end: 10_000), weight: 1.5),
                Signal(name: "boat", category: "transport", matched: "boat", span: TextSpan(start: 58, end: 70), weight: 0.6),
                Signal(name: "reversed", category: "aid", matched: "x", span: TextSpan(start: 30, end: 20), weight: -1),
            ],
            guardReasons: ["<style>body{display:none}</style>", "\(rlo)reason"],
            ruleset: RulesetIdentity(name: "<script>", version: "\(rlo)1", sha256: String(repeating: "a", count: 64)))
        return DecisionRecord(decision: decision, source: SourceOffset(topic: "posts", partition: 0, offset: 7),
                              inputSHA256: String(repeating: "b", count: 64), platform: "<iframe src=//evil.example>",
                              lang: "\" onfocus=\"x", workerID: "\(rlo)w<1>", decidedAt: "2026-11-23T10:00:00.000Z", post: post)
    }

    static var item: ReportItem {
        ReportItem(record: decision(), topic: "referrals",
                   reviewerVerdict: VerdictRecord(on: decision(), verdict: .reject, reason: "<script>alert(5)</script>\(rlo)",
                                                  reviewer: "<img src=x onerror=1>", decidedAt: "2026-11-23T11:00:00Z"))
    }

    static let context = ReportContext(generatedAt: "2026-11-23T12:00:00Z", topics: ["referrals", "<review>"],
                                       filter: ReportFilter(platform: "<p onclick=1>"))

    /// Whether a string holds any bidi control character.
    static func hasBidiControl(_ text: String) -> Bool {
        text.unicodeScalars.contains { SafeText.bidiControls.contains($0.value) }
    }
}
