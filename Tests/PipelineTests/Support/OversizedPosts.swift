import Foundation

/// Inputs whose outputs, written whole, would exceed a record size limit: each must still end as
/// exactly one trail record, and stop no worker.
enum OversizedPosts {
    struct Case {
        var name: String
        var payload: [UInt8]
        /// The input's Kafka key (a huge one must not make its dead letter too large).
        var key: [UInt8]?
        /// `decided`, or the dead-letter code expected.
        var expected: String
    }

    static let offer = "Boat to Italy this week, price 4500€, pay on arrival through the office. WhatsApp +218 91 234 5678. "

    /// A JSON object of members whose values are JSON already, written by hand: JSONSerialization
    /// takes seconds over tens of thousands of keys in a debug build.
    static func object(_ members: [(String, String)]) -> String {
        "{" + members.map { "\(string($0.0)):\($0.1)" }.joined(separator: ",") + "}"
    }

    /// A JSON string of text without quotes, backslashes or control characters (U+2028 stays raw).
    static func string(_ text: String) -> String { "\"" + text + "\"" }

    static func post(_ id: String, text: String, _ more: [(String, String)] = []) -> [UInt8] {
        Array(object([("id", string(id)), ("text", string(text))] + more).utf8)
    }

    /// The post of issue 15: an author object with 40,000 keys (about 480 KB), decided `refer`;
    /// pseudonymised, its author alone is over 2 MB.
    static var fortyThousandKeyAuthor: Case {
        let author = object((0..<40_000).map { ("k\($0)", "\"\"") })
        return Case(name: "author with 40,000 keys", payload: post("author-40k", text: offer, [("author", author)]), expected: "decided")
    }

    /// Inputs of about `scale` bytes each (at most ~1 MiB, the default max post size): sized
    /// against a worker's `message.max.bytes`, each overflows it in another part of the record.
    static func cases(scale: Int) -> [Case] {
        let url = { (letter: Character) in "https://t.me/" + String(repeating: letter, count: scale / 3) }
        var deep = object([("leaf", string(String(repeating: "z", count: scale)))])
        for _ in 0..<28 { deep = object([("a", deep), ("b", "[1,2,3]")]) }
        // Members of 36 bytes or so, about 0.9 × scale in all (under the max post size at 1 MB).
        let wide = object((0..<(scale / 40)).map { ("field\($0)", string("value-\($0)-" + String(repeating: "w", count: 12))) })
        return [
            fortyThousandKeyAuthor,
            // Signals whose matched text is long: the audit record itself overflows.
            Case(name: "three long URLs", payload: post("urls", text: offer + [url("a"), url("b"), url("c")].joined(separator: " ")),
                 expected: "decided"),
            Case(name: "many signals", payload: post("signals", text: String(repeating: offer, count: scale / offer.utf8.count)),
                 expected: "decided"),
            // A raw U+2028 is escaped in output (6 bytes for 3): the record outgrows its input.
            Case(name: "long string fields", payload: post("fields", text: offer, [
                ("platform", string(String(repeating: "\u{2028}", count: scale / 4))),
                ("url", string("https://example.org/" + String(repeating: "p", count: scale / 8))),
            ]), expected: "decided"),
            Case(name: "wide object", payload: post("wide", text: offer, [("extra", wide)]), expected: "decided"),
            Case(name: "deep object", payload: post("deep", text: offer, [("extra", deep)]), expected: "decided"),
            Case(name: "huge malformed line", payload: Array(("{\"id\":\"bad\",\"text\":\"" + String(repeating: "x", count: scale)).utf8),
                 expected: "invalid_json"),
            Case(name: "huge key, bad payload", payload: Array(("not json " + String(repeating: "y", count: scale / 2)).utf8),
                 key: Array(String(repeating: "k", count: scale / 2).utf8), expected: "invalid_json"),
        ]
    }
}
