extension PhraseAutomaton {
    typealias Compiled = (denseCount: Int, denseRows: TransitionRows, sparseStates: [SparseState], edges: [Edge],
                          hasOutputs: [UInt64], outputStart: [Int32], outputs: [Int32])

    /// Builds the trie of `patterns` (as symbols) and lays
    /// the states out for the scan: breadth-first numbering, full rows for the shallowest
    /// states up to `denseBudget` (and while their targets fit in `UInt16`), sorted edges for
    /// the rest.
    static func compile(_ patterns: [[UInt16]], symbolCount: Int) -> Compiled {
        // Trie with children kept sorted by symbol, so the build is deterministic.
        var children: [[(UInt16, Int32)]] = [[]]
        var terminal: [[Int32]] = [[]]
        for (patternIndex, symbols) in patterns.enumerated() where !symbols.isEmpty {
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

        var queue: [Int32] = children[0].map { $0.1 }
        var head = 0
        while head < queue.count {
            let state = queue[head]
            head += 1
            queue.append(contentsOf: children[Int(state)].map { $0.1 })
        }

        // Breadth-first numbering (root first): a state's parent is shallower, so it comes
        // earlier, and the dense states are a prefix of the numbering.
        let order: [Int32] = [0] + queue
        var renamed = [Int32](repeating: 0, count: stateCount)
        for (newID, oldID) in order.enumerated() { renamed[Int(oldID)] = Int32(newID) }
        // Full rows hold a state's own edges.
        // A row's targets are at most one level deeper than its state, so with breadth-first
        // numbering the largest target grows with the row index: keep the prefix of rows whose
        // targets fit in a table entry. The root's targets always fit (one per symbol).
        let rowStride = TransitionRows.stride(for: symbolCount)
        var denseCount = min(stateCount, max(1, denseBudget / max(1, rowStride)))
        var deepestTarget: Int32 = 0
        for newID in 0..<denseCount {
            for (_, target) in children[Int(order[newID])] { deepestTarget = max(deepestTarget, renamed[Int(target)]) }
            if newID > 0 && deepestTarget > Int32(UInt16.max) {
                denseCount = newID
                break
            }
        }
        var table = [UInt16](repeating: 0, count: denseCount * rowStride)
        for newID in 0..<denseCount {
            let oldID = Int(order[newID])
            let base = newID * rowStride
            for (symbol, target) in children[oldID] { table[base + Int(symbol)] = UInt16(renamed[Int(target)]) }
        }

        var sparseStates: [SparseState] = []
        var edges: [Edge] = []
        var outputStart: [Int32] = [0]
        var outputs: [Int32] = []
        var hasOutputs = [UInt64](repeating: 0, count: (stateCount + 63) / 64)
        for newID in 0..<stateCount {
            let oldID = Int(order[newID])
            if newID >= denseCount {
                let own = children[oldID]
                if own.count == 1 {
                    sparseStates.append(SparseState(first: renamed[Int(own[0].1)], symbol: own[0].0, count: 1))
                } else {
                    // A state has at most one edge per symbol, so the count fits in UInt16.
                    let first = Int32(edges.count)
                    for (symbol, target) in own { edges.append(Edge(symbol: symbol, target: renamed[Int(target)])) }
                    sparseStates.append(SparseState(first: first, symbol: 0, count: UInt16(own.count)))
                }
            }
            if !terminal[oldID].isEmpty { hasOutputs[newID / 64] |= 1 << UInt64(newID % 64) }
            outputs.append(contentsOf: terminal[oldID])
            outputStart.append(Int32(outputs.count))
        }
        return (denseCount, TransitionRows(table, stride: rowStride), sparseStates, edges, hasOutputs, outputStart, outputs)
    }
}
