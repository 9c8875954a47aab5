/// Where structured findings can start: digits (numbers, phones, dates), `+` (phones) and `@`
/// (handles).
///
/// Found in one pass and shared, so each extractor jumps from start to start instead of
/// walking the whole text: most scalars are letters, and almost half of all posts have no
/// digit at all.
struct ExtractionStarts {
    /// Indices of the normalised scalars that are digits, `+` or `@`, ascending.
    let positions: [Int]

    init(_ scalars: [UInt32]) {
        // Every index is written and the count only advances past starts: no branch per
        // scalar to mispredict on text that mixes letters and digits. Collected in a temporary
        // buffer and copied, because `Array(unsafeUninitializedCapacity:)` allocates through
        // an unspecialised runtime path that looks up type metadata on every call.
        positions = withUnsafeTemporaryAllocation(of: Int.self, capacity: scalars.count) { buffer in
            var found = 0
            for (index, value) in scalars.enumerated() {
                buffer[found] = index
                let isStart = ScalarKind.isDigit(value) || value == 0x2B || value == 0x40
                found &+= isStart ? 1 : 0
            }
            return Array(UnsafeBufferPointer(rebasing: buffer[0..<found]))
        }
    }

    /// The first start at or after `index`; `cursor` remembers where the last search ended, so
    /// a left-to-right walk costs one pass over `positions`.
    @inline(__always)
    func next(from index: Int, cursor: inout Int) -> Int? {
        while cursor < positions.count && positions[cursor] < index { cursor += 1 }
        return cursor < positions.count ? positions[cursor] : nil
    }
}
