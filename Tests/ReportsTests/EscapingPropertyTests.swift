import Foundation
import Reports
import ReportsTestKit
import Testing

/// Every output format, over generated strings that mix combining marks with every character
/// that means something in it: escaping works per Unicode scalar, so no mark can hide a quote,
/// bracket or angle bracket inside one `Character`.
struct EscapingPropertyTests {
    static let strings = HostileStrings.all(400)

    /// The string as the checks below report it: every scalar visible.
    static func shown(_ text: String) -> String {
        text.unicodeScalars.map { $0.isASCII && $0.value >= 0x20 && $0.value < 0x7F ? String($0) : "\\u{\(String($0.value, radix: 16))}" }.joined()
    }

    @Test func theIssueCasesAreEscapedScalarByScalar() {
        #expect(SafeText.html("<\u{301}script>") == "&lt;\u{301}script&gt;")
        #expect(SafeText.html("\"\u{301}'\u{301}&\u{301}") == "&quot;\u{301}&#39;\u{301}&amp;\u{301}")
        #expect(CSVReport.cell("a\"\u{301}b") == "\"a\"\"\u{301}b\"")
        #expect(CSVReport.cell("=\u{301}1+1") == "\"'=\u{301}1+1\"")
        #expect(CSVReport.cell("  +1") == "\"'  +1\"", "spaces an import may trim do not hide a formula")
        #expect(CSVReport.cell("\u{FF1D}1+1") == "\"'\u{FF1D}1+1\"", "fullwidth equals sign")
        #expect(MarkdownReport.escape("[\u{301}Click\u{600}](\u{301}/evil)") == "\\[\u{301}Click\u{600}\\]\\(\u{301}\\/evil\\)")
        #expect(MarkdownReport.escape("!x@y.z") == "\\!x`@`y\\.z", "a code span splits what an e-mail autolink searches")
        #expect(SafeText.truncated(String(repeating: "a\u{301}", count: 100), to: 10).unicodeScalars.count == 10,
                "truncation counts scalars: one grapheme can hold any number of marks")
    }

    @Test func htmlIsWellFormedAndInertForEveryGeneratedString() {
        var failures: [String] = []
        for (index, text) in Self.strings.enumerated() {
            let html = HTMLReport(context: HostileRecords.context).render([HostileStrings.item(text, index: index)])
            let inspector = HTMLInspector.inspect(html)
            if let error = inspector.parseError { failures.append("\(Self.shown(text)): not well-formed: \(error)") }
            if !inspector.problems.isEmpty { failures.append("\(Self.shown(text)): \(inspector.problems)") }
            if inspector.elements["a", default: 0] + inspector.elements["script", default: 0] + inspector.elements["img", default: 0] > 0 {
                failures.append("\(Self.shown(text)): a live element")
            }
            // What the attacker wrote is still there, as text (a CR next to a cut between
            // highlighted spans is marked, not dropped, so those strings are left out here).
            if !text.unicodeScalars.contains("\r"), !inspector.allText.contains(SafeText.neutralised(text)) {
                failures.append("\(Self.shown(text)): the text is not shown as written")
            }
        }
        #expect(failures.isEmpty, "\(failures.count) of \(Self.strings.count) strings: \(failures.prefix(5))")
    }

    @Test func markdownEscapesEveryASCIIPunctuationScalarAndLosesNothing() {
        var failures: [String] = []
        for text in Self.strings {
            for keepNewlines in [false, true] {
                let escaped = MarkdownReport.escape(text, keepNewlines: keepNewlines)
                var expected = String.UnicodeScalarView()
                for scalar in SafeText.neutralised(text, keepNewlines: keepNewlines).unicodeScalars {
                    expected.append(scalar == "\t" || (scalar == "\n" && !keepNewlines) ? " " : scalar)
                }
                guard let read = Self.unescapeMarkdown(escaped) else {
                    failures.append("\(Self.shown(text)) → \(Self.shown(escaped)): a bare punctuation scalar")
                    continue
                }
                if Array(read.unicodeScalars) != Array(expected) { failures.append("\(Self.shown(text)) → \(Self.shown(escaped)): reads back as \(Self.shown(read))") }
            }
        }
        #expect(failures.isEmpty, "\(failures.count) failures: \(failures.prefix(5))")
    }

    /// `escape`'s output read back under the rules it promises: each ASCII punctuation scalar is
    /// backslash-escaped, one of the entities `&amp;` `&lt;` `&gt;`, or inside a code span of `@`
    /// alone. Nil when any stands bare.
    static func unescapeMarkdown(_ text: String) -> String? {
        let scalars = Array(text.unicodeScalars)
        var result = String.UnicodeScalarView()
        var index = 0
        func isPunctuation(_ scalar: Unicode.Scalar) -> Bool { HostileStrings.punctuation.contains(String(scalar)) }
        while index < scalars.count {
            let scalar = scalars[index]
            switch scalar {
            case "\\":
                guard index + 1 < scalars.count, isPunctuation(scalars[index + 1]) else { return nil }
                result.append(scalars[index + 1])
                index += 2
            case "&":
                // Compared scalar by scalar: `hasPrefix` would compare `;` and `;\u{301}` as Characters.
                let entities = [("&amp;", "&"), ("&lt;", "<"), ("&gt;", ">")]
                guard let (entity, character) = entities.first(where: { scalars[index...].starts(with: $0.0.unicodeScalars) }) else { return nil }
                result.append(contentsOf: character.unicodeScalars)
                index += entity.unicodeScalars.count
            case "`":
                guard let close = scalars[(index + 1)...].firstIndex(of: "`"), close > index + 1,
                      scalars[(index + 1)..<close].allSatisfy({ $0 == "@" }) else { return nil }
                result.append(contentsOf: scalars[(index + 1)..<close])
                index = close + 1
            default:
                guard !isPunctuation(scalar) else { return nil }
                result.append(scalar)
                index += 1
            }
        }
        return String(result)
    }

    @Test func csvCellsReadBackAsWrittenAndNoneStartsAFormula() throws {
        let items = Self.strings.enumerated().map { HostileStrings.item($0.element, index: $0.offset) }
        let csv = CSVReport(context: HostileRecords.context).render(items)
        let rows = try #require(Self.parseCSV(csv), "the CSV is not RFC 4180: a quote was left undoubled")
        #expect(rows.count == 1 + items.count, "one row per item: no cell ended early")
        let ordered = ReportContext.ordered(items)
        var failures: [String] = []
        for (row, item) in zip(rows.dropFirst(), ordered) {
            if row.count != CSVReport.header.count { failures.append("\(Self.shown(item.text)): \(row.count) cells") }
            for cell in row where Self.startsFormula(cell) { failures.append("\(Self.shown(item.text)): cell \(Self.shown(cell)) starts a formula") }
            let written = SafeText.neutralised(item.text)
            let text = row.last ?? ""
            if text != written && text != "'" + written { failures.append("\(Self.shown(item.text)): reads back as \(Self.shown(text))") }
        }
        #expect(failures.isEmpty, "\(failures.count) failures: \(failures.prefix(5))")
    }

    /// What a spreadsheet runs: a cell whose first scalar after spaces is `= + - @`, a fullwidth
    /// or small form of one, or tab, CR or LF.
    static func startsFormula(_ cell: String) -> Bool {
        let starts: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r", "\n", "\u{FF1D}", "\u{FF0B}", "\u{FF0D}", "\u{FF20}",
                                           "\u{FE66}", "\u{FE62}", "\u{FE63}", "\u{FE6B}"]
        guard let first = cell.unicodeScalars.first(where: { starts.contains($0) || !$0.properties.isWhitespace }) else { return false }
        return starts.contains(first)
    }

    /// RFC 4180 read byte by byte (a quote byte never occurs inside a UTF-8 sequence): every
    /// cell quoted, `""` a quote inside one, rows ended by CRLF. Nil when the text breaks that.
    static func parseCSV(_ text: String) -> [[String]]? {
        let bytes = Array(text.utf8)
        var rows: [[String]] = []
        var row: [String] = []
        var index = 0
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "\"") else { return nil }
            index += 1
            var cell: [UInt8] = []
            while true {
                guard index < bytes.count else { return nil }
                if bytes[index] == UInt8(ascii: "\"") {
                    if index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "\"") {
                        cell.append(UInt8(ascii: "\""))
                        index += 2
                        continue
                    }
                    index += 1
                    break
                }
                cell.append(bytes[index])
                index += 1
            }
            row.append(String(decoding: cell, as: UTF8.self))
            if index < bytes.count && bytes[index] == UInt8(ascii: ",") {
                index += 1
            } else if index + 1 < bytes.count && bytes[index] == 0x0D && bytes[index + 1] == 0x0A {
                rows.append(row)
                row = []
                index += 2
            } else {
                return nil
            }
        }
        return row.isEmpty ? rows : nil
    }

    @Test func jsonKeepsEveryGeneratedStringExactly() throws {
        let items = Self.strings.enumerated().map { HostileStrings.item($0.element, index: $0.offset) }
        let bytes = try JSONReport(context: HostileRecords.context).render(items)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        let rendered = try #require(object["items"] as? [[String: Any]])
        let texts = rendered.map { Array((($0["text"] as? String) ?? "").unicodeScalars) }
        #expect(texts == ReportContext.ordered(items).map { Array($0.text.unicodeScalars) })
        #expect(!HostileRecords.hasBidiControl(String(decoding: bytes, as: UTF8.self)))
    }
}
