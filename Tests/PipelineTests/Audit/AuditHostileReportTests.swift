import ReportsTestKit
import Foundation
import Pipeline
import Testing

/// Posts whose every field is an attack go through real workers into reports; the reports must
/// show them as inert text.
@Suite(.serialized, .timeLimit(.minutes(5)))
struct AuditHostileReportTests {
    static let rlo = "\u{202E}"

    static func hostilePost(_ index: Int) throws -> [UInt8] {
        let object: [String: Any] = [
            "id": "<img src=x onerror=alert(\(index))>\(rlo)\(index)",
            "text": "<script>alert(1)</script> \(rlo)gnp.exe \(Fixtures.texts[0]) <a href=\"javascript:alert(2)\">pay</a> ]]> <!-- \u{2066}",
            "url": "javascript:alert(document.cookie)",
            "author": ["handle": "<svg onload=alert(3)>", "id": "\(rlo)u\(index)"],
            "platform": "<iframe src=//evil.example>",
            "lang": "en",
            "created_at": "=HYPERLINK(\"http://evil.example\")\(rlo)",
            "<x onmouseover=alert(4)>": "\"><style>body{display:none}</style>",
        ]
        return Array(try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]))
    }

    @Test func hostileTextInEveryFieldRendersInertInEveryReportFormat() async throws {
        let harness = try await PipelineHarness(partitions: 1)
        let trail = try harness.trail()
        try harness.ingest(try (0..<3).map(Self.hostilePost) + [Fixtures.post(id: "plain", index: 0)])
        try await harness.decideAll(4, trail: trail)
        let flagged = trail.decisions.filter { $0.decision != .clear }.count
        #expect(flagged == 4, "the offers are flagged despite the markup around them")

        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("reports-hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var outputs: [String: String] = [:]
        for format in ["html", "md", "csv", "json"] {
            let path = directory.appendingPathComponent("report.\(format)").path
            if format == "html" || format == "md" {
                // An earlier report left readable by everyone: overwriting it must not keep that.
                #expect(FileManager.default.createFile(atPath: path, contents: Data("old".utf8), attributes: [.posixPermissions: 0o644]))
            }
            let run = try await harness.command(["report"], ["--format", format, "--out", path])
            #expect(run.status == 0, "\(format): \(run.stderr)")
            outputs[format] = try String(contentsOfFile: path, encoding: .utf8)
            let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
            #expect(mode == 0o600, "\(format): reports hold personal data, only their owner may read them (mode \(String(mode ?? 0, radix: 8)))")
        }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasPrefix(".") }
        #expect(leftovers.isEmpty, "no temporary file is left behind: \(leftovers)")

        let html = try #require(outputs["html"])
        let inspector = HTMLInspector.inspect(html)
        #expect(inspector.parseError == nil, "\(inspector.parseError ?? "")")
        #expect(inspector.problems.isEmpty, "live content in the HTML report: \(inspector.problems)")
        #expect(inspector.elements["script", default: 0] == 0 && inspector.elements["a", default: 0] == 0)
        #expect(inspector.elements["article"] == flagged, "one card per flagged post")
        #expect(inspector.elements["svg"] == 5)
        #expect(inspector.allText.contains("javascript:alert(document.cookie)"), "the link is shown, as text")
        #expect(inspector.allText.contains("[U+202E]gnp.exe"))
        #expect(inspector.allText.contains("<svg onload=alert(3)>") == false, "authors are pseudonymised")
        for (format, output) in outputs {
            #expect(!output.unicodeScalars.contains { HTMLInspector.isBidi($0) }, "\(format) holds a raw bidi control")
        }
        let markdown = try #require(outputs["md"])
        #expect(!markdown.contains("<script") && !markdown.contains("<iframe") && !markdown.contains("](javascript"))
        let csv = try #require(outputs["csv"])
        #expect(csv.contains("\"'=HYPERLINK(") , "formula cells are defused")
        let json = try #require(outputs["json"])
        let items = try #require((try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])?["items"] as? [[String: Any]])
        #expect(items.count == flagged)
        #expect(items.contains { ($0["text"] as? String)?.contains("\(Self.rlo)gnp.exe") == true }, "JSON keeps exact values")
    }

    @Test func reportFiltersByPlatformLanguageAndScore() async throws {
        let harness = try await PipelineHarness(partitions: 1)
        let trail = try harness.trail()
        try harness.ingest(posts: 40)
        try await harness.decideAll(40, trail: trail)
        let flagged = trail.decisions.filter { $0.decision != .clear }
        let all = try await harness.command(["report"], ["--format", "json"])
        #expect((try all.json()["items"] as? [Any])?.count == flagged.count)
        let none = try await harness.command(["report"], ["--format", "json", "--platform", "facebook"])
        #expect((try none.json()["items"] as? [Any])?.count == 0)
        let strong = try await harness.command(["report"], ["--format", "json", "--lang", "en", "--min-score", "0.9", "--since", "1h"])
        #expect((try strong.json()["items"] as? [Any])?.count == flagged.filter { $0.score >= 0.9 }.count)
        let referralsOnly = try await harness.command(["report"], ["--format", "csv", "--topics", "referrals"])
        #expect(referralsOnly.stdout.split(separator: "\r\n").count == 1 + flagged.filter { $0.decision == .refer }.count)
        let bad = try await harness.command(["report"], ["--format", "json", "--since", "yesterday"])
        #expect(bad.status != 0 && bad.stderr.contains("--since"))
    }
}
