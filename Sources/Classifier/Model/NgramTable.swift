/// The model's n-gram weights as an open-addressing hash table keyed by gram hash.
///
/// A post looks up every gram it has (a few hundred), so the lookup is a multiply, a mask and
/// usually one probe in two flat arrays; string keys would hash and compare text instead.
final class NgramTable: Sendable {
    /// Per slot: the gram's hash (0: empty) and its index into `weights`, side by side so a
    /// probe touches one cache line. Never resized after `init`.
    private let slots: [Slot]
    private let mask: Int
    /// One bit per value of a hash's top 16 bits, set for the grams held: 8 KiB that stay in
    /// the first-level cache and turn away nearly all of a post's grams (most are not in the
    /// table) before they touch the slots, whose loads are the cache misses of this pass.
    private let filter: [UInt64]
    static let filterWords = 1024

    struct Slot: Sendable {
        var key: UInt64
        var index: Int
    }
    /// Weights in file order; a gram's index is its position in the file.
    let weights: [Double]
    let scanner: NgramScanner

    init(length: Int, entries: [(gram: String, weight: Double)]) {
        scanner = NgramScanner(length: length)
        var capacity = 16
        while capacity < entries.count * 2 { capacity <<= 1 }
        var slots = [Slot](repeating: Slot(key: 0, index: -1), count: capacity)
        var filter = [UInt64](repeating: 0, count: Self.filterWords)
        var weights: [Double] = []
        for entry in entries {
            let hash = NgramScanner.hash(entry.gram)
            var slot = Self.start(hash, capacity - 1)
            while slots[slot].key != 0 && slots[slot].key != hash { slot = (slot + 1) & (capacity - 1) }
            if slots[slot].key != 0 { continue }  // the same gram twice: the first counts
            slots[slot] = Slot(key: hash, index: weights.count)
            filter[Int(hash >> 54)] |= 1 << ((hash >> 48) & 63)
            weights.append(entry.weight)
        }
        self.slots = slots
        self.filter = filter
        self.weights = weights
        mask = capacity - 1
    }

    var isEmpty: Bool { weights.isEmpty }

    @inline(__always)
    private static func start(_ hash: UInt64, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: (hash &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }

    /// Index of the gram with `hash` in `weights`, or nil.
    func index(of hash: UInt64) -> Int? {
        withSlots { Self.index(of: hash, in: $0, filter: $1, mask: $2) }
    }

    /// Runs `body` with the table's storage, so that a post's few hundred probes go through
    /// `index(of:in:mask:)` without bounds checks or reference counting.
    @inline(__always)
    func withSlots<Result>(_ body: (UnsafeBufferPointer<Slot>, UnsafeBufferPointer<UInt64>, Int) -> Result) -> Result {
        slots.withUnsafeBufferPointer { slots in filter.withUnsafeBufferPointer { body(slots, $0, mask) } }
    }

    @inline(__always)
    static func index(of hash: UInt64, in slots: UnsafeBufferPointer<Slot>, filter: UnsafeBufferPointer<UInt64>, mask: Int) -> Int? {
        guard filter[Int(hash >> 54)] & (1 << ((hash >> 48) & 63)) != 0 else { return nil }
        var slot = start(hash, mask)
        while true {
            let entry = slots[slot]
            if entry.key == hash { return entry.index }
            if entry.key == 0 { return nil }
            slot = (slot + 1) & mask
        }
    }
}
