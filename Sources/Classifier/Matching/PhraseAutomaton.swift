/// A trie of the lexicon's patterns over normalised scalars, compiled once per ruleset.
///
/// Every phrase of the lexicon is one pattern. A post is scanned by walking the trie from each
/// position where a phrase may start (`mayStart`): word starts, mostly. A walk ends at the
/// first symbol the trie has no edge for, so the insides of ordinary words cost one check
/// each, and no failure links are needed (an Aho–Corasick automaton also tracks matches that
/// start inside words, which the word-boundary rules then reject). Separators (spaces,
/// punctuation) all map to one symbol and runs of them count once, so `pay on arrival` also
/// matches `pay, on  arrival`. Word boundaries are checked by `CompiledLexicon`, not here.
struct PhraseAutomaton: Sendable {
    /// Symbol of unknown scalars (in no pattern): they end every walk.
    static let unknownSymbol: UInt16 = 0
    static let space: UInt32 = 0x20
    /// Symbol shared by all separator scalars.
    static let separatorSymbol: UInt16 = 1

    private let denseSymbols: [UInt16]
    /// Symbols of the emoji planes (flags, arrows, pictographs), looked up without hashing.
    private let emojiSymbols: [UInt16]
    private let sparseSymbols: [UInt32: UInt16]
    private let symbolCount: Int
    /// States are numbered in breadth-first order, so the shallowest ones, where walks spend
    /// most of their time, are `0..<denseCount` and have full transition rows (0: no edge, as
    /// the root is nobody's child): state `s`'s row starts at `s * denseRows.stride`. No lookup sits between a
    /// state and its row, because every dependent load on the scan's critical path can cost a
    /// cache miss. Entries are two bytes, so twice as many states fit the budget.
    private let denseCount: Int
    private let denseRows: TransitionRows
    /// Deeper states (index `state - denseCount`): their edges, the only one inline.
    private let sparseStates: [SparseState]
    private let edges: [Edge]
    /// Bit `s` is set when patterns end in state `s`: a 20,000-state automaton needs 2.5 KiB,
    /// so the check after each step stays in L1 and off the transition's critical path.
    private let hasOutputs: [UInt64]
    /// Patterns ending in each state: `outputStart[s]..<outputStart[s+1]`.
    private let outputStart: [Int32]
    private let outputs: [Int32]
    /// Length in symbols of each pattern.
    let patternLengths: [Int32]

    /// Most deep states have one edge (the rest of one phrase): that edge is kept in the
    /// state itself, saving a dependent load. Otherwise `edges[first..<first+count]`, sorted.
    struct SparseState: Sendable {
        /// The only edge's target when `count == 1`, else the index of the first edge.
        var first: Int32
        /// The only edge's symbol when `count == 1`.
        var symbol: UInt16
        var count: UInt16
    }

    struct Edge: Sendable {
        var symbol: UInt16
        var target: Int32
    }

    static let denseLimit: UInt32 = 0x3000
    /// Entries of full transition rows (2 bytes each): 1 MiB. Every step from a sparse state is
    /// branchy (an edge search), so many dense states pay off even though their rows do not
    /// all stay in L1: ordinary text keeps to a few hundred of them.
    static let denseBudget = 1 << 19
    /// Scalars with a symbol table of their own (emoji, flags), so that posts full of emoji
    /// need no hashing.
    static let emojiBase: UInt32 = 0x1F000
    static let emojiLimit: UInt32 = 0x20000

    /// Whether `value` counts as a separator for matching.
    @inline(__always)
    static func isSeparator(_ value: UInt32) -> Bool {
        if value < 0x80 {
            return !(value >= 0x61 && value <= 0x7A) && !(value >= 0x30 && value <= 0x39)
                && value != 0x40 && value != 0x23 && value != 0x24 && value != 0x25
        }
        switch value {
        case 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0x060C, 0x061B, 0x061F,
             0x06D4, 0xAB, 0xBB, 0x2010...0x2015, 0x2026, 0x201C, 0x201D, 0x201E, 0xB7:
            return true
        default:
            return false
        }
    }

    @inline(__always)
    static func isSentenceEnd(_ value: UInt32) -> Bool {
        value == 0x2E || value == 0x21 || value == 0x3F || value == 0x0A || value == 0x0D || value == 0x061F || value == 0x06D4
            || value == 0x3002
    }

    /// Builds the automaton. `patterns[i]` must be non-empty and already normalised.
    init(patterns: [[UInt32]]) {
        var dense = [UInt16](repeating: Self.unknownSymbol, count: Int(Self.denseLimit))
        var sparse: [UInt32: UInt16] = [:]
        var nextSymbol: UInt16 = 2
        for value in 0..<Self.denseLimit where Self.isSeparator(value) { dense[Int(value)] = Self.separatorSymbol }
        // The commonest scalars get the lowest symbols, so the part of a transition row that
        // ordinary text touches is a few cache lines: unknown, separator and a–z fill the first
        // 56 bytes of a row, and rows start on cache lines (`TransitionRows`).
        for value in Array(0x61...0x7A) + Array(0x30...0x39) + [0x40, 0x24, 0x25, 0x23] {
            dense[value] = nextSymbol
            nextSymbol += 1
        }
        var symbolPatterns: [[UInt16]] = []
        for pattern in patterns {
            var symbols: [UInt16] = []
            var lastWasSeparator = false
            for value in pattern {
                var symbol: UInt16
                if Self.isSeparator(value) {
                    symbol = Self.separatorSymbol
                    if lastWasSeparator { continue }
                } else if value < Self.denseLimit {
                    symbol = dense[Int(value)]
                    if symbol == Self.unknownSymbol {
                        symbol = nextSymbol
                        dense[Int(value)] = symbol
                        nextSymbol &+= 1
                    }
                } else if let known = sparse[value] {
                    symbol = known
                } else {
                    symbol = nextSymbol
                    sparse[value] = symbol
                    nextSymbol &+= 1
                }
                lastWasSeparator = symbol == Self.separatorSymbol
                symbols.append(symbol)
            }
            symbolPatterns.append(symbols)
        }
        denseSymbols = dense
        var emoji = [UInt16](repeating: Self.unknownSymbol, count: Int(Self.emojiLimit - Self.emojiBase))
        for (value, symbol) in sparse where value >= Self.emojiBase && value < Self.emojiLimit {
            emoji[Int(value - Self.emojiBase)] = symbol
        }
        emojiSymbols = emoji
        sparseSymbols = sparse
        symbolCount = Int(nextSymbol)
        patternLengths = symbolPatterns.map { Int32($0.count) }
        (denseCount, denseRows, sparseStates, edges, hasOutputs, outputStart, outputs) =
            Self.compile(symbolPatterns, symbolCount: Int(nextSymbol))
    }

    @inline(__always)
    func symbol(of value: UInt32) -> UInt16 {
        if value < Self.denseLimit { return denseSymbols[Int(value)] }
        if value >= Self.emojiBase && value < Self.emojiLimit { return emojiSymbols[Int(value &- Self.emojiBase)] }
        return sparseSymbols[value] ?? Self.unknownSymbol
    }

    /// The child of `state` on `symbol`, or -1 when the trie has no such edge.
    @inline(__always)
    private func child(_ state: Int, _ symbol: UInt16, _ table: UnsafeBufferPointer<UInt16>, _ rowStride: Int,
                       _ sparse: UnsafeBufferPointer<SparseState>, _ edges: UnsafeBufferPointer<Edge>) -> Int {
        if state < denseCount {
            let target = table[state &* rowStride &+ Int(symbol)]
            return target == 0 ? -1 : Int(target)
        }
        let node = sparse[state &- denseCount]
        if node.count == 1 { return node.symbol == symbol ? Int(node.first) : -1 }
        var index = Int(node.first)
        let upper = index &+ Int(node.count)
        while index < upper {
            let edge = edges[index]
            if edge.symbol == symbol { return Int(edge.target) }
            if edge.symbol > symbol { break }
            index &+= 1
        }
        return -1
    }

    /// Whether a phrase may start at a scalar `first` preceded by `before`: at a word start, after
    /// a digit (currencies, multipliers), on a scalar that is no letter (emoji, currency
    /// signs), anywhere in scripts without spaces, and inside an Arabic-script word (after a
    /// clitic). A superset of the positions `WordBoundary.leftOK` accepts for any phrase,
    /// which then decides for each match.
    @inline(__always)
    static func mayStart(_ first: UInt32, after before: UInt32) -> Bool {
        if before < 0x80 && first < 0x80 {
            return !((before >= 0x61 && before <= 0x7A) && ((first >= 0x61 && first <= 0x7A) || (first >= 0x30 && first <= 0x39)))
        }
        if !ScalarKind.isWordScalar(before) || ScalarKind.isDigit(before) || !ScalarKind.isWordScalar(first) { return true }
        let firstScript = ScalarKind.script(first)
        let beforeScript = ScalarKind.script(before)
        if firstScript == .unspaced || beforeScript == .unspaced { return true }
        return firstScript == .arabic && beforeScript == .arabic
    }

    /// Calls `onMatch(pattern, start, end)` for every occurrence starting where a phrase may
    /// start (`mayStart`), with `start..<end` in `scalars` indices. The trie is walked from
    /// each such position until it has no edge for the next symbol, so a post costs about one
    /// step per scalar of each word that begins like a phrase, and nothing for the inside of
    /// other words.
    func scan(_ scalars: [UInt32], _ onMatch: (Int, Int, Int) -> Void) {
        let rowStride = denseRows.stride
        denseRows.withEntries { table in
        sparseStates.withUnsafeBufferPointer { sparse in
        edges.withUnsafeBufferPointer { edges in
        hasOutputs.withUnsafeBufferPointer { hasOutputs in
        outputStart.withUnsafeBufferPointer { outputStart in
        scalars.withUnsafeBufferPointer { scalars in
            let count = scalars.count
            var before: UInt32 = Self.space
            for start in 0..<count {
                let first = scalars[start]
                defer { before = first }
                guard Self.mayStart(first, after: before) else { continue }
                var state = 0
                var lastWasSeparator = false
                var index = start
                while index < count {
                    let value = scalars[index]
                    let symbol = symbol(of: value)
                    // A sentence end (`. `, `! `, `?`, line break) ends every phrase: `please. Bring`
                    // is not `please bring`. A dot inside a token (`wats.app`, `t.me`) is a separator.
                    if symbol == Self.unknownSymbol || (Self.isSentenceEnd(value) && (index + 1 == count || !ScalarKind.isWordScalar(scalars[index + 1]))) {
                        break
                    }
                    index += 1
                    if symbol == Self.separatorSymbol {
                        // No phrase starts with a separator, and runs of them count once.
                        if state == 0 { break }
                        if lastWasSeparator { continue }
                        lastWasSeparator = true
                    } else {
                        lastWasSeparator = false
                    }
                    let next = child(state, symbol, table, rowStride, sparse, edges)
                    if next < 0 { break }
                    state = next
                    if hasOutputs[state &>> 6] & (1 &<< UInt64(state & 63)) == 0 { continue }
                    for slot in Int(outputStart[state])..<Int(outputStart[state + 1]) {
                        onMatch(Int(outputs[slot]), start, index)
                    }
                }
            }
        }
        }
        }
        }
        }
        }
    }
}
