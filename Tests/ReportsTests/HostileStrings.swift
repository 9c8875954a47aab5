import Classifier
import Records
import Reports

/// Generated attacker strings: every ASCII punctuation character, combining marks and other
/// scalars that join the one before them into one grapheme, look-alikes, controls, and pieces of
/// links and markup, mixed at random from a fixed seed (the same strings on every run).
enum HostileStrings {
    /// Scalars that extend the grapheme before them (combining marks, variation selector, ZWJ)
    /// or after them (U+0600, a prepended concatenation mark).
    static let joiners: [String] = ["\u{0301}", "\u{0300}", "\u{0327}", "\u{20D2}", "\u{FE0F}", "\u{200D}", "\u{0600}", "\u{093F}"]
    /// Every ASCII punctuation character, as CommonMark counts them.
    static let punctuation: [String] = [0x21...0x2F, 0x3A...0x40, 0x5B...0x60, 0x7B...0x7E].flatMap { range in
        range.compactMap(Unicode.Scalar.init).map(String.init)
    }
    static let pieces: [String] = punctuation + joiners + [
        "a", "w", "x", "1", " ", " ", "\n", "\t", "\r", "\r\n", "é", "ع", "😀", "🇮🇹",
        "\u{FF1D}", "\u{FF0B}", "\u{FF0D}", "\u{FF20}", "\u{FF3B}", "\u{FF08}", "\u{202E}", "\u{2066}", "\u{0007}",
        "www.", "http://", "javascript:", "mailto:", "a@b.co", "![", "](", "<script>", "</dd>", "&#60;", "&lt;",
        "=1+1", "\"=1+1", "=HYPERLINK(", "<!--", "]]>", "```", "---", "|", "[x]: /u",
    ]

    /// `count` strings of 1 to `maxPieces` pieces, the same ones on every run: Knuth's MMIX
    /// linear congruential generator, seeded by the string's index.
    static func generate(_ count: Int, maxPieces: Int = 24) -> [String] {
        (0..<count).map { index in
            var state = UInt64(index + 1) &* 0x9E37_79B9_7F4A_7C15
            func next(_ bound: Int) -> Int {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return Int((state >> 33) % UInt64(bound))
            }
            return (0...next(maxPieces)).map { _ in pieces[next(pieces.count)] }.joined()
        }
    }

    /// The cases the issue names, then the generated ones.
    static func all(_ count: Int) -> [String] {
        [
            "[\u{0301}Click\u{0600}](\u{0301}/evil)", "![\u{0301}x](\u{0301}/img.png)", "<\u{0301}script>alert(1)</script>",
            "say \"\u{0301}\n=1+1", "\"\u{0301},=1+1\r\n=2+2", "=\u{0301}1+1", " =1+1", "\u{FF1D}1+1", "@\u{0301}SUM(A1)",
            "user@evil.com", "www.evil.com", "http\u{0301}://evil.com",
        ] + generate(count)
    }

    /// A decision record whose every post-derived field is `text`.
    static func item(_ text: String, index: Int) -> ReportItem {
        var record = HostileRecords.decision(postID: text, signals: [
            Signal(name: text, category: text, matched: text, span: TextSpan(start: 1, end: 4), weight: 1),
        ])
        record.source = SourceOffset(topic: "posts", partition: 0, offset: Int64(index))
        record.guardReasons = [text]
        record.platform = text
        record.lang = text
        record.post = .object([
            "id": .string(text), "text": .string(text), "url": .string(text), "platform": .string(text),
            "author": .object(["handle": .string(text)]), "created_at": .string(text), text: .string(text),
        ])
        return ReportItem(record: record, topic: "referrals",
                          reviewerVerdict: VerdictRecord(on: record, verdict: .reject, reason: text, reviewer: text, decidedAt: text))
    }
}
