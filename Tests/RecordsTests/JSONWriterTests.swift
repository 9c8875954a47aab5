import Classifier
import Foundation
import Records
import Testing

@Suite struct JSONWriterTests {
    static let hostile = "quote\" backslash\\ nl\n tab\t nul\u{0} del\u{7F} ls\u{2028} ps\u{2029} bidi\u{202E} émoji 🚤 عربي"

    @Test func stringsRoundTripThroughAStandardParser() throws {
        var writer = JSONWriter()
        writer.beginArray()
        writer.string(Self.hostile)
        writer.string("")
        writer.string("\u{E2}")  // the lead byte of U+2028 on its own must not confuse the escaper
        writer.endArray()
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(writer.bytes)) as? [String])
        #expect(parsed == [Self.hostile, "", "\u{E2}"])
        let text = String(decoding: writer.bytes, as: UTF8.self)
        #expect(!text.contains("\u{2028}") && !text.contains("\u{2029}") && !text.contains("\n"))
    }

    /// The writer copies runs of plain bytes in bulk: every character that needs escaping must be
    /// caught wherever it sits in a run.
    @Test func escapingHoldsAtEveryOffset() throws {
        let specials: [Character] = ["\"", "\\", "\n", "\u{0}", "\u{1F}", "\u{7F}", "\u{2028}", "\u{2029}", "é", "🚤", " ", "~"]
        // Runs of non-Latin text are copied in bulk too; `€` starts with 0xE2 like U+2028.
        for (filler, special) in ["a", "ع", "€"].flatMap({ filler in specials.map { (filler, $0) } }) {
            for offset in 0..<17 {
                let text = String(repeating: filler, count: offset) + String(special) + String(repeating: filler, count: 17 - offset)
                var writer = JSONWriter()
                writer.string(text)
                let parsed = try #require(try JSONSerialization.jsonObject(with: Data(writer.bytes), options: .fragmentsAllowed) as? String)
                #expect(parsed == text, "\(special.unicodeScalars.first!.value) at \(offset)")
                let raw = String(decoding: writer.bytes, as: UTF8.self)
                #expect(!raw.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F || $0.value == 0x2028 || $0.value == 0x2029 })
            }
        }
    }

    @Test func recordsRoundTripThroughTheirReader() throws {
        let decision = Decision(
            postID: Self.hostile, verdict: .refer, score: 0.1 + 0.2, isProtected: false,
            signals: [Signal(name: "offer.crossing", category: "facilitation", matched: Self.hostile,
                             span: TextSpan(start: 3, end: 9), weight: -1.0 / 3.0)],
            guardReasons: ["because \"reasons\""], ruleset: RulesetIdentity(name: "r", version: "1", sha256: String(repeating: "a", count: 64)))
        let post: JSONValue = .object(["id": .string("x"), "n": .number(12), "f": .number(1.5), "b": .bool(true),
                                       "z": .null, "a": .array([.string(Self.hostile)])])
        let record = DecisionRecord(decision: decision, source: SourceOffset(topic: "posts", partition: 3, offset: 1 << 40),
                                    inputSHA256: String(repeating: "b", count: 64), platform: nil, lang: "en",
                                    workerID: "w", decidedAt: "2026-01-01T00:00:00.000Z", post: post)
        let decoded = try DecisionRecord(json: try record.json())
        #expect(decoded == record)
        #expect(decoded.score == 0.1 + 0.2, "scores reproduce bit for bit")

        // The worker writes the audit record and splices the post in for the flagged one.
        var audit = record
        audit.post = nil
        let spliced = try record.json(splicing: post)
        #expect(spliced.without == (try audit.json()))
        #expect(spliced.with == (try record.json()))

        let letter = DeadLetterRecord(source: SourceOffset(topic: "posts", partition: 0, offset: 5),
                                      reason: DeadLetterReason(.invalidJSON, Self.hostile), payload: Array("{x".utf8),
                                      payloadSHA256: "c", workerID: "w", failedAt: "t")
        #expect(try DeadLetterRecord(json: letter.json()) == letter)
    }

    @Test func nonFiniteScoresAreRefused() {
        var writer = JSONWriter()
        #expect(throws: JSONWriter.NonFiniteNumber.self) { try writer.double(.nan, key: "score") }
        #expect(throws: JSONWriter.NonFiniteNumber.self) { try writer.double(.infinity, key: "score") }
    }
}
