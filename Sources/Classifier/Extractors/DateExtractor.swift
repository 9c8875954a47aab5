/// Finds departure dates and times: `15th`, `3rd`, `21:00`, `1am`, `12/05`, `9h`.
/// Weekdays and words such as `tonight` are lexicon phrases.
struct DateExtractor: Sendable {
    let category: Int

    /// Appends dates and times to `found`.
    func extract(_ text: NormalizedText, starts: ExtractionStarts, into found: inout [Extraction]) {
        let scalars = text.scalars
        var cursor = 0
        var index = 0
        // Only digits start dates: jump from start to start.
        while let start = starts.next(from: index, cursor: &cursor) {
            index = start
            guard ScalarKind.isDigit(scalars[index]), index == 0 || !ScalarKind.isWordScalar(scalars[index - 1]) else {
                index += 1
                continue
            }
            var end = index
            while end < scalars.count && ScalarKind.isDigit(scalars[end]) && end - index < 3 { end += 1 }
            let length = end - index
            guard length >= 1, length <= 2, end <= scalars.count else { index = end; continue }
            let number = digitValue(scalars, index, end)
            if end + 2 < scalars.count, scalars[end] == 0x3A, ScalarKind.isDigit(scalars[end + 1]), ScalarKind.isDigit(scalars[end + 2]), number < 24 {
                found.append(Extraction(name: "date.time", category: category, start: index, end: end + 3))
                index = end + 3
                continue
            }
            if end + 1 < scalars.count, scalars[end] == 0x2F, ScalarKind.isDigit(scalars[end + 1]), number >= 1, number <= 31 {
                var slashEnd = end + 1
                while slashEnd < scalars.count && ScalarKind.isDigit(scalars[slashEnd]) && slashEnd - end <= 2 { slashEnd += 1 }
                found.append(Extraction(name: "date.day", category: category, start: index, end: slashEnd))
                index = slashEnd
                continue
            }
            if end < scalars.count, ScalarKind.isLetter(scalars[end]) {
                var wordEnd = end
                while wordEnd < scalars.count && ScalarKind.isLetter(scalars[wordEnd]) { wordEnd += 1 }
                if NumberToken.suffix(scalars, end, in: ["st", "nd", "rd", "th"]), number >= 1, number <= 31 {
                    found.append(Extraction(name: "date.day", category: category, start: index, end: wordEnd))
                } else if NumberToken.suffix(scalars, end, in: ["am", "pm", "h"]), number <= 24 {
                    found.append(Extraction(name: "date.time", category: category, start: index, end: wordEnd))
                }
                index = wordEnd
                continue
            }
            index = end
        }
    }

    private func digitValue(_ scalars: [UInt32], _ start: Int, _ end: Int) -> Int {
        var value = 0
        for index in start..<end { value = value * 10 + Int(scalars[index] - 0x30) }
        return value
    }
}
