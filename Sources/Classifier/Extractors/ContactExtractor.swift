/// Finds phone numbers (`+90 555 000 0084`, `0 0 2 1 8 9 ...`, `+1 (555) 010-0199`,
/// `0555.000.00.84`), messenger handles (`@forest_route_00`) and links (`t.me/routes`,
/// `wa.me/900000`, `https://...`, `bit.ly/x`). Messenger names (`WhatsApp`, `Viber`) are
/// lexicon phrases. Links are reported in the handle's category (`extractors.handle`): both
/// name an account to write to, and a ruleset needs no new field for them.
struct ContactExtractor: Sendable {
    let phoneCategory: Int?
    let handleCategory: Int?

    @inline(__always)
    static func isPhoneSeparator(_ value: UInt32) -> Bool {
        value == 0x20 || value == 0x2D || value == 0x2E || value == 0x28 || value == 0x29 || value == 0xA0 || value == 0x2F
    }

    @inline(__always)
    static func isBracketOrDash(_ value: UInt32) -> Bool { value == 0x28 || value == 0x29 || value == 0x2D }

    /// Appends links, phones and handles to `found`.
    func extract(_ text: NormalizedText, starts: ExtractionStarts, into found: inout [Extraction]) {
        let scalars = text.scalars
        // Links first: a number or `@` inside one (`wa.me/90555...`) is part of the link.
        var links: [Range<Int>] = []
        if let handleCategory {
            links = LinkScanner.links(in: scalars)
            for link in links {
                found.append(Extraction(name: "contact.link", category: handleCategory, start: link.lowerBound, end: link.upperBound))
            }
        }
        var cursor = 0
        var index = 0
        var nextLink = 0
        // Scalars other than digits, `+` and `@` start nothing: jump over them.
        while let start = starts.next(from: index, cursor: &cursor) {
            index = start
            while nextLink < links.count && links[nextLink].upperBound <= index { nextLink += 1 }
            if nextLink < links.count && links[nextLink].contains(index) {
                index = links[nextLink].upperBound
                continue
            }
            let value = scalars[index]
            if let handleCategory, value == 0x40, let end = handleEnd(scalars, index) {
                found.append(Extraction(name: "contact.handle", category: handleCategory, start: index, end: end))
                index = end
                continue
            }
            // Digits right after Chinese or Japanese text start a number: those scripts have no spaces.
            if let phoneCategory, value == 0x2B || ScalarKind.isDigit(value),
               index == 0 || !ScalarKind.isWordScalar(scalars[index - 1]) || ScalarKind.isUnspaced(scalars[index - 1]) {
                let run = phoneRun(scalars, index)
                if (run.plus && run.digits >= 8) || (run.zero && run.digits >= 9) || run.digits >= 10, run.digits <= 16 {
                    // `(0532) 123 45 67`: the bracket belongs to the number.
                    let first = index > 0 && scalars[index - 1] == 0x28 ? index - 1 : index
                    found.append(Extraction(name: "contact.phone", category: phoneCategory, start: first, end: run.end))
                    index = run.end
                    continue
                }
                index = max(run.end, index + 1)
                continue
            }
            index += 1
        }
    }

    /// `@` at a word start followed by 3 to 40 handle characters.
    private func handleEnd(_ scalars: [UInt32], _ at: Int) -> Int? {
        if at > 0 && ScalarKind.isWordScalar(scalars[at - 1]) { return nil }
        var end = at + 1
        while end < scalars.count, end - at <= 41 {
            let value = scalars[end]
            guard (value >= 0x61 && value <= 0x7A) || ScalarKind.isDigit(value) || value == 0x5F || value == 0x2E else { break }
            end += 1
        }
        while end > at + 1 && scalars[end - 1] == 0x2E { end -= 1 }
        return end - at - 1 >= 3 ? end : nil
    }

    struct PhoneRun {
        var end: Int
        var digits: Int
        var plus: Bool
        var zero: Bool
    }

    /// Digit groups with up to two separators between them (`) `, ` (`, ` -`); returns where
    /// the run ends and how many digits it has. Three or more separators (`2500 - 3000`) end it.
    private func phoneRun(_ scalars: [UInt32], _ start: Int) -> PhoneRun {
        var index = start
        let plus = scalars[start] == 0x2B
        if plus { index += 1 }
        var digits = 0
        var end = index
        var firstDigit: UInt32?
        // Where the last group started, and the run before it, to drop a trailing time.
        var endBeforeGroup = end
        var digitsBeforeGroup = 0
        while index < scalars.count {
            let value = scalars[index]
            if ScalarKind.isDigit(value) {
                if firstDigit == nil { firstDigit = value }
                digits += 1
                index += 1
                end = index
                continue
            }
            var gap = index
            while gap < scalars.count, gap - index < 2, Self.isPhoneSeparator(scalars[gap]) { gap += 1 }
            guard gap > index, gap < scalars.count, ScalarKind.isDigit(scalars[gap]) else { break }
            // Two separators only as brackets or a dash with a space: `. ` ends a sentence.
            if gap - index == 2, !Self.isBracketOrDash(scalars[index]) && !Self.isBracketOrDash(scalars[index + 1]) { break }
            endBeforeGroup = end
            digitsBeforeGroup = digits
            index = gap
        }
        if end < scalars.count && ScalarKind.isLetter(scalars[end]) && !ScalarKind.isUnspaced(scalars[end]) {
            return PhoneRun(end: end, digits: 0, plus: plus, zero: false)
        }
        // `12.05.2024 10:30`: the hour is a time, not the end of a number.
        if end + 1 < scalars.count, scalars[end] == 0x3A, ScalarKind.isDigit(scalars[end + 1]), digitsBeforeGroup > 0 {
            end = endBeforeGroup
            digits = digitsBeforeGroup
        }
        return PhoneRun(end: end, digits: digits, plus: plus, zero: firstDigit == 0x30)
    }
}
