/// Where structured findings can start: digits (numbers, phones, dates), `+` (phones) and `@`
/// (handles).
///
/// Shared by the extractors, so each jumps from start to start instead of walking the whole
/// text: most scalars are letters, and almost half of all posts have no digit at all. The
/// normaliser's word pass notes them (`NormalizedText.extractionStarts`); the positions may
/// include scalars that are no longer digits or `@`, so extractors check the scalar.
struct ExtractionStarts {
    /// Indices of the normalised scalars that may start a finding, ascending.
    let positions: [Int]

    init(_ text: NormalizedText) {
        positions = text.extractionStarts
    }

    /// Indices of the digits, `+` and `@` in `scalars`, found by walking all of them.
    static func scan(_ scalars: [UInt32]) -> [Int] {
        var positions: [Int] = []
        for (index, value) in scalars.enumerated() where ScalarKind.isDigit(value) || value == 0x2B || value == 0x40 {
            positions.append(index)
        }
        return positions
    }

    /// The first start at or after `index`; `cursor` remembers where the last search ended, so
    /// a left-to-right walk costs one pass over `positions`.
    @inline(__always)
    func next(from index: Int, cursor: inout Int) -> Int? {
        while cursor < positions.count && positions[cursor] < index { cursor += 1 }
        return cursor < positions.count ? positions[cursor] : nil
    }
}
