import Foundation
import Reports
import Testing

/// The Markdown report rendered by the renderers reviewers' tools use: cmark-gfm (GitHub, with
/// its autolink extension) and markdown-it (with linkify), through `Tests/Peers/markdown_live.py`.
/// `make test-peers` (part of `make test`) installs them; without them this test fails and says
/// so, it does not skip.
struct MarkdownRendererTests {
    static let peer = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Peers/markdown_live.py")

    @Test func noGeneratedStringRendersAsALinkImageOrTag() throws {
        let strings = HostileStrings.all(400)
        // One report per string: each renders alone, so a finding names its string.
        let documents = strings.enumerated().map { index, text in
            MarkdownReport(context: HostileRecords.context).render([HostileStrings.item(text, index: index)])
        }
        let results = try Self.render(documents)
        try #require(results.count == documents.count)
        var failures: [String] = []
        for (text, found) in zip(strings, results) where !found.values.allSatisfy(\.isEmpty) {
            failures.append("\(EscapingPropertyTests.shown(text)): \(found.filter { !$0.value.isEmpty })")
        }
        #expect(failures.isEmpty, "\(failures.count) of \(strings.count) reports have live content: \(failures.prefix(3))")
    }

    @Test func thePeerSeesLinksWhereThereAreSome() throws {
        // The check itself works: unescaped, the text is a link and an image in both.
        let results = try Self.render(["[\u{301}Click\u{600}](\u{301}/evil) ![\u{301}x](\u{301}/i.png) a@b.co"])
        for renderer in ["cmark-gfm", "markdown-it"] {
            let found = results.first?[renderer] ?? []
            #expect(found.contains { $0.hasPrefix("<a") } && found.contains { $0.hasPrefix("<img") }, "\(renderer): \(found)")
        }
    }

    /// What each renderer made live in each document.
    static func render(_ documents: [String]) throws -> [[String: [String]]] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", peer.path]
        // Files, not pipes: a peer that fails to start must fail this test with its message, not
        // end the whole test run with SIGPIPE as a write into its closed pipe would.
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("markdown-live-\(UUID().uuidString)")
        let input = output.appendingPathExtension("in")
        let errors = output.appendingPathExtension("err")
        try JSONSerialization.data(withJSONObject: documents).write(to: input)
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        defer {
            for file in [input, output, errors] { try? FileManager.default.removeItem(at: file) }
        }
        process.standardInput = try FileHandle(forReadingFrom: input)
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = try FileHandle(forWritingTo: errors)
        try process.run()
        process.waitUntilExit()
        let stderr = String(decoding: try Data(contentsOf: errors), as: UTF8.self)
        try #require(process.terminationStatus == 0, "the Markdown renderers did not run (status \(process.terminationStatus)): \(stderr)")
        let parsed = try JSONSerialization.jsonObject(with: Data(contentsOf: output))
        return try #require(parsed as? [[String: [String]]])
    }
}
