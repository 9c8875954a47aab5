/// The automaton's full transition rows in memory aligned to a cache line.
///
/// Rows are padded to a multiple of 32 two-byte entries (64 bytes) and start on a cache-line
/// boundary, so a row's first line holds the transitions on separators and the letters a–z
/// (the lowest symbols): a Latin word touches one line per state. An `Array` is only 16-byte
/// aligned, which spreads those transitions over two lines in most rows.
final class TransitionRows: @unchecked Sendable {
    /// Entries per row: the symbol count rounded up to whole cache lines.
    let stride: Int
    /// Written once in `init` and only read afterwards, so sharing between threads is safe;
    /// freed in `deinit`, when no scan can hold it any more.
    private let storage: UnsafeMutableBufferPointer<UInt16>

    static let cacheLine = 64

    /// Copies `rows`, laid out with `stride` entries per row.
    init(_ rows: [UInt16], stride: Int) {
        precondition(stride % (Self.cacheLine / MemoryLayout<UInt16>.stride) == 0, "rows must fill whole cache lines")
        self.stride = stride
        let raw = UnsafeMutableRawPointer.allocate(byteCount: max(1, rows.count) * MemoryLayout<UInt16>.stride,
                                                   alignment: Self.cacheLine)
        storage = UnsafeMutableBufferPointer(start: raw.bindMemory(to: UInt16.self, capacity: rows.count), count: rows.count)
        _ = storage.initialize(from: rows)
    }

    deinit {
        storage.deallocate()
    }

    /// Calls `body` with the entries; row `s` starts at `s * stride`.
    @inline(__always)
    func withEntries<Result>(_ body: (UnsafeBufferPointer<UInt16>) throws -> Result) rethrows -> Result {
        try body(UnsafeBufferPointer(storage))
    }

    /// Rounds `symbolCount` up to whole cache lines of entries.
    static func stride(for symbolCount: Int) -> Int {
        let perLine = cacheLine / MemoryLayout<UInt16>.stride
        return (symbolCount + perLine - 1) / perLine * perLine
    }
}
