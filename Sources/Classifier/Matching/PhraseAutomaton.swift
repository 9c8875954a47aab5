/// An Aho–Corasick automaton over normalised scalars, compiled once per ruleset.
///
/// Every phrase of the lexicon is one pattern; a post is scanned once, left to right, whatever
/// the lexicon's size. Separators (spaces, punctuation) all map to one symbol and runs of them
/// count once, so `pay on arrival` also matches `pay, on  arrival`. Word boundaries are checked
/// by `PhraseMatcher`, not here.
struct PhraseAutomaton: Sendable {
    /// Symbol of unknown scalars (in no pattern): they send the automaton back to the root.
    static let unknownSymbol: UInt16 = 0
    /// Symbol shared by all separator scalars.
    static let separatorSymbol: UInt16 = 1

    private let denseSymbols: [UInt16]
    private let sparseSymbols: [UInt32: UInt16]
    private let symbolCount: Int
    /// Full transition rows (failures resolved) of the root's children, where the automaton
    /// spends most of its time: `denseRow[s]` is the row of state `s`, or -1.
    private let denseRow: [Int32]
    private let denseTable: [Int32]
    /// Sorted transitions of every state: `edgeStart[s]..<edgeStart[s+1]`; targets with outputs
    /// are stored complemented, as in `denseTable`.
    private let edgeStart: [Int32]
    private let edgeSymbols: [UInt16]
    private let edgeTargets: [Int32]
    private let failure: [Int32]
    /// Patterns ending in each state, following dictionary links: `outputStart[s]..<outputStart[s+1]`.
    private let outputStart: [Int32]
    private let outputs: [Int32]
    /// Length in symbols of each pattern.
    let patternLengths: [Int32]

    static let denseLimit: UInt32 = 0x3000
    /// Entries of full transition rows (4 bytes each): 256 KiB, to stay in cache.
    static let denseBudget = 1 << 16

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
        // ordinary text touches is a few cache lines.
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
        sparseSymbols = sparse
        symbolCount = Int(nextSymbol)
        patternLengths = symbolPatterns.map { Int32($0.count) }

        // Trie with children kept sorted by symbol, so the build is deterministic.
        var children: [[(UInt16, Int32)]] = [[]]
        var terminal: [[Int32]] = [[]]
        for (patternIndex, symbols) in symbolPatterns.enumerated() where !symbols.isEmpty {
            var state: Int32 = 0
            for symbol in symbols {
                if let found = children[Int(state)].first(where: { $0.0 == symbol }) {
                    state = found.1
                } else {
                    let created = Int32(children.count)
                    children.append([])
                    terminal.append([])
                    children[Int(state)].append((symbol, created))
                    state = created
                }
            }
            terminal[Int(state)].append(Int32(patternIndex))
        }
        let stateCount = children.count
        for index in 0..<stateCount { children[index].sort { $0.0 < $1.0 } }

        var fail = [Int32](repeating: 0, count: stateCount)
        var merged = terminal
        var root = [Int32](repeating: 0, count: symbolCount)
        for (symbol, target) in children[0] { root[Int(symbol)] = target }
        var queue: [Int32] = children[0].map { $0.1 }
        var head = 0
        while head < queue.count {
            let state = queue[head]
            head += 1
            for (symbol, target) in children[Int(state)] {
                var probe = fail[Int(state)]
                var found: Int32 = 0
                while true {
                    if probe == 0 { found = root[Int(symbol)]; break }
                    if let edge = children[Int(probe)].first(where: { $0.0 == symbol }) { found = edge.1; break }
                    probe = fail[Int(probe)]
                }
                fail[Int(target)] = found == target ? 0 : found
                merged[Int(target)].append(contentsOf: merged[Int(fail[Int(target)])])
                queue.append(target)
            }
        }
        var edgeStart: [Int32] = [0]
        var edgeSymbols: [UInt16] = []
        var edgeTargets: [Int32] = []
        var outputStart: [Int32] = [0]
        var outputs: [Int32] = []
        for state in 0..<stateCount {
            for (symbol, target) in children[state] {
                edgeSymbols.append(symbol)
                edgeTargets.append(target)
            }
            edgeStart.append(Int32(edgeSymbols.count))
            outputs.append(contentsOf: merged[state])
            outputStart.append(Int32(outputs.count))
        }
        // Full rows (failures resolved) for the shallowest states, in breadth-first order, up
        // to a memory budget: a state's row is its own edges over its failure's row, and the
        // failure is shallower, so its row already exists.
        var rows = [Int32](repeating: -1, count: stateCount)
        var table: [Int32] = root
        rows[0] = 0
        let budget = Self.denseBudget
        for state in queue {
            guard table.count + symbolCount <= budget else { break }
            let failRow = rows[Int(fail[Int(state)])]
            guard failRow >= 0 else { continue }
            let base = Int(failRow) * symbolCount
            var row = Array(table[base..<(base + symbolCount)])
            for (symbol, target) in children[Int(state)] { row[Int(symbol)] = target }
            rows[Int(state)] = Int32(table.count / symbolCount)
            table.append(contentsOf: row)
        }
        // Transition targets that have outputs are stored complemented (negative), so the scan
        // learns whether to look for matches from the value it already loaded.
        func encode(_ target: Int32) -> Int32 { merged[Int(target)].isEmpty ? target : ~target }
        denseRow = rows
        denseTable = table.map(encode)
        self.edgeStart = edgeStart
        self.edgeSymbols = edgeSymbols
        self.edgeTargets = edgeTargets.map(encode)
        failure = fail
        self.outputStart = outputStart
        self.outputs = outputs
    }

    @inline(__always)
    func symbol(of value: UInt32) -> UInt16 {
        if value < Self.denseLimit { return denseSymbols[Int(value)] }
        return sparseSymbols[value] ?? Self.unknownSymbol
    }

    @inline(__always)
    private func next(_ state: Int32, _ symbol: UInt16,
                      _ rows: UnsafeBufferPointer<Int32>, _ table: UnsafeBufferPointer<Int32>,
                      _ starts: UnsafeBufferPointer<Int32>, _ symbols: UnsafeBufferPointer<UInt16>,
                      _ targets: UnsafeBufferPointer<Int32>, _ fail: UnsafeBufferPointer<Int32>) -> Int32 {
        var current = Int(state)
        while true {
            let row = rows[current]
            if row >= 0 { return table[Int(row) &* symbolCount &+ Int(symbol)] }
            var index = Int(starts[current])
            let upper = Int(starts[current &+ 1])
            while index < upper {
                let edge = symbols[index]
                if edge == symbol { return targets[index] }
                if edge > symbol { break }
                index &+= 1
            }
            current = Int(fail[current])
        }
    }

    /// Calls `onMatch(pattern, start, end)` for every occurrence, with `start..<end` in
    /// `scalars` indices. Leading separators of a match are never part of it.
    func scan(_ scalars: [UInt32], _ onMatch: (Int, Int, Int) -> Void) {
        // positions[k] = index in `scalars` of the k-th symbol fed to the automaton.
        var positions = [Int32](repeating: 0, count: scalars.count + 1)
        denseRow.withUnsafeBufferPointer { rows in
        denseTable.withUnsafeBufferPointer { table in
        edgeStart.withUnsafeBufferPointer { starts in
        edgeSymbols.withUnsafeBufferPointer { symbols in
        edgeTargets.withUnsafeBufferPointer { targets in
        failure.withUnsafeBufferPointer { fail in
        outputStart.withUnsafeBufferPointer { outputStart in
        positions.withUnsafeMutableBufferPointer { positions in
            var state: Int32 = 0
            var fed = 0
            var lastWasSeparator = true
            let count = scalars.count
            for index in 0..<count {
                let value = scalars[index]
                let symbol = symbol(of: value)
                // A sentence end (`. `, `! `, `?`, line break) ends every phrase: `please. Bring`
                // is not `please bring`. A dot inside a token (`wats.app`, `t.me`) is a separator.
                if symbol == Self.unknownSymbol || (Self.isSentenceEnd(value) && (index + 1 == count || !ScalarKind.isWordScalar(scalars[index + 1]))) {
                    state = 0
                    lastWasSeparator = false
                    continue
                }
                if symbol == Self.separatorSymbol {
                    if lastWasSeparator { continue }
                    lastWasSeparator = true
                } else {
                    lastWasSeparator = false
                }
                positions[fed] = Int32(index)
                fed += 1
                let encoded = next(state, symbol, rows, table, starts, symbols, targets, fail)
                if encoded >= 0 {
                    state = encoded
                    continue
                }
                state = ~encoded
                let lower = Int(outputStart[Int(state)])
                let upper = Int(outputStart[Int(state) + 1])
                if lower == upper { continue }
                for slot in lower..<upper {
                    let pattern = Int(outputs[slot])
                    let start = Int(positions[fed - Int(patternLengths[pattern])])
                    onMatch(pattern, start, index + 1)
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
}
