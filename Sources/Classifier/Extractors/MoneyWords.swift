/// The currency and multiplier hits of one post, for lookups by position.
///
/// Sorted arrays searched by bisection, not dictionaries: a post has a handful of such hits,
/// and hashing them cost more than the rest of the price extractor; a hostile post with
/// thousands of them still costs O(log n) per number.
struct MoneyWords {
    struct Hit {
        var start: Int
        var end: Int
        var value: Double
    }

    /// Currency hits by start, the longest first at each start (the matcher's order).
    private(set) var currencies: [Hit] = []
    private var currenciesByEnd: [Hit] = []
    private var multipliers: [Hit] = []
    private var multipliersByEnd: [Hit] = []

    var isEmpty: Bool { currencies.isEmpty && multipliers.isEmpty }

    /// `hits` sorted by start, then longest first.
    init(hits: [PatternHit], kinds: [PatternKind]) {
        for hit in hits {
            switch kinds[hit.pattern] {
            case .currency: currencies.append(Hit(start: hit.start, end: hit.end, value: 0))
            case let .multiplier(value): multipliers.append(Hit(start: hit.start, end: hit.end, value: value))
            default: break
            }
        }
        // By end, then longest (smallest start) first.
        let byEnd: (Hit, Hit) -> Bool = { $0.end != $1.end ? $0.end < $1.end : $0.start < $1.start }
        if !currencies.isEmpty { currenciesByEnd = currencies.sorted(by: byEnd) }
        if !multipliers.isEmpty { multipliersByEnd = multipliers.sorted(by: byEnd) }
    }

    /// End of the longest currency starting at `position`.
    func currencyEnd(startingAt position: Int) -> Int? {
        Self.first(in: currencies, atLeast: position, byEnd: false).map { $0.end }
    }

    /// Start of the longest currency ending at `position`.
    func currencyStart(endingAt position: Int) -> Int? {
        Self.first(in: currenciesByEnd, atLeast: position, byEnd: true).map { $0.start }
    }

    /// The longest multiplier starting at `position`.
    func multiplier(startingAt position: Int) -> Hit? {
        Self.first(in: multipliers, atLeast: position, byEnd: false)
    }

    /// The longest multiplier ending at `position`.
    func multiplier(endingAt position: Int) -> Hit? {
        Self.first(in: multipliersByEnd, atLeast: position, byEnd: true)
    }

    /// The first hit that starts (or ends) at `position`, by bisection over `hits` sorted that way.
    /// (A flag, not a key path: key-path reads are not inlined.)
    private static func first(in hits: [Hit], atLeast position: Int, byEnd: Bool) -> Hit? {
        var low = 0
        var high = hits.count
        while low < high {
            let middle = (low + high) / 2
            if (byEnd ? hits[middle].end : hits[middle].start) < position { low = middle + 1 } else { high = middle }
        }
        guard low < hits.count else { return nil }
        return (byEnd ? hits[low].end : hits[low].start) == position ? hits[low] : nil
    }
}
