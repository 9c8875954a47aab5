/// Finds phone numbers (`+90 555 000 0084`, `0 0 2 1 8 9 ...`, `+33 6 00 00 00 17`) and
/// messenger handles (`@forest_route_00`). Messenger names and links (`WhatsApp`, `wa.me`,
/// `t.me`) are lexicon phrases.
struct ContactExtractor: Sendable {
    let phoneCategory: Int?
    let handleCategory: Int?

    @inline(__always)
    static func isPhoneSeparator(_ value: UInt32) -> Bool {
        value == 0x20 || value == 0x2D || value == 0x2E || value == 0x28 || value == 0x29 || value == 0xA0 || value == 0x2F
    }

    /// Appends phones and handles to `found`.
    func extract(_ text: NormalizedText, starts: ExtractionStarts, into found: inout [Extraction]) {
        let scalars = text.scalars
        var cursor = 0
        var index = 0
        // Scalars other than digits, `+` and `@` start nothing: jump over them.
        while let start = starts.next(from: index, cursor: &cursor) {
            index = start
            let value = scalars[index]
            if let handleCategory, value == 0x40, let end = handleEnd(scalars, index) {
                found.append(Extraction(name: "contact.handle", category: handleCategory, start: index, end: end))
                index = end
                continue
            }
            if let phoneCategory, value == 0x2B || ScalarKind.isDigit(value),
               index == 0 || !ScalarKind.isWordScalar(scalars[index - 1]) {
                let (end, digits, leadingPlus, leadingZero) = phoneRun(scalars, index)
                if (leadingPlus && digits >= 8) || (leadingZero && digits >= 9) || digits >= 10, digits <= 16 {
                    found.append(Extraction(name: "contact.phone", category: phoneCategory, start: index, end: end))
                    index = end
                    continue
                }
                index = max(end, index + 1)
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

    /// Digits with single separators between them; returns where the run ends and its digits.
    private func phoneRun(_ scalars: [UInt32], _ start: Int) -> (end: Int, digits: Int, plus: Bool, zero: Bool) {
        var index = start
        let plus = scalars[start] == 0x2B
        if plus { index += 1 }
        var digits = 0
        var end = index
        var firstDigit: UInt32?
        while index < scalars.count {
            let value = scalars[index]
            if ScalarKind.isDigit(value) {
                if firstDigit == nil { firstDigit = value }
                digits += 1
                index += 1
                end = index
            } else if Self.isPhoneSeparator(value), index + 1 < scalars.count,
                      ScalarKind.isDigit(scalars[index + 1]) || (value == 0x20 && scalars[index + 1] == 0x28) {
                index += 1
            } else {
                break
            }
        }
        if end < scalars.count && ScalarKind.isLetter(scalars[end]) { return (end, 0, plus, false) }
        return (end, digits, plus, firstDigit == 0x30)
    }
}
