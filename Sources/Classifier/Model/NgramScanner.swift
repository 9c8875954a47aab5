/// Cuts a normalised text into the character n-grams the model weighs.
///
/// Tokens: words of spaced scripts, padded with a space at each edge, give their first and
/// last gram (`" boa"`, `"oat "` of `boat`; `" pas"`, `"orts "`... of longer words), digits
/// read as `0` so that a gram says "a four-digit number", not which one; runs of unspaced scripts (Chinese, Thai, ...)
/// cut into pairs of scalars; each emoji alone, a flag as its two regional indicators. A
/// token no longer than the gram length is one gram. Grams are hashed (64-bit FNV-1a over
/// the scalars): the classifier looks the hashes up, the trainer also keeps their text.
struct NgramScanner: Sendable {
    let length: Int
    /// Scalars of the pairs cut from unspaced runs.
    static let unspacedLength = 2
    static let space: UInt32 = 0x20

    init(length: Int) {
        self.length = max(1, length)
    }

    /// Calls `body(hash, gram, tokenStart, tokenEnd)` for every gram in text order; `gram` is
    /// valid during the call only; the token range is in normalised scalars.
    @inline(__always)
    func scan(_ scalars: UnsafeBufferPointer<UInt32>, _ body: (UInt64, UnsafeBufferPointer<UInt32>, Int, Int) -> Void) {
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { token in
            var index = 0
            let count = scalars.count
            while index < count {
                let value = scalars[index]
                let kind = Self.kind(value)
                if kind != 0 {
                    var end = index + 1
                    while end < count, Self.kind(scalars[end]) == kind { end += 1 }
                    if kind == 2 {
                        emitWindows(UnsafeBufferPointer(rebasing: scalars[index..<end]), window: Self.unspacedLength, start: index, end: end, body)
                        index = end
                        continue
                    }
                    // Very long "words" (base64, URLs without separators) keep their first 62 scalars.
                    let kept = min(end - index, token.count - 2)
                    token[0] = Self.space
                    for offset in 0..<kept {
                        let scalar = scalars[index + offset]
                        token[offset + 1] = scalar >= 0x30 && scalar <= 0x39 ? 0x30 : scalar
                    }
                    token[kept + 1] = Self.space
                    emitEdges(UnsafeBufferPointer(rebasing: token[0..<(kept + 2)]), start: index, end: end, body)
                    index = end
                } else if ScalarKind.isRegionalIndicator(value), index + 1 < count, ScalarKind.isRegionalIndicator(scalars[index + 1]) {
                    emitWindows(UnsafeBufferPointer(rebasing: scalars[index..<(index + 2)]), window: 2, start: index, end: index + 2, body)
                    index += 2
                } else if ScalarKind.isEmoji(value) {
                    emitWindows(UnsafeBufferPointer(rebasing: scalars[index..<(index + 1)]), window: 1, start: index, end: index + 1, body)
                    index += 1
                } else {
                    index += 1
                }
            }
        }
    }

    /// 0: not part of a word; 1: a letter or digit of a spaced script; 2: a letter of an
    /// unspaced script. One script lookup per scalar, ASCII answered inline (most scalars of
    /// most posts); the normaliser has already turned every script's digits into ASCII ones.
    @inline(__always)
    static func kind(_ value: UInt32) -> UInt8 {
        if value < 0x80 { return (value >= 0x61 && value <= 0x7A) || (value >= 0x30 && value <= 0x39) ? 1 : 0 }
        switch ScalarKind.script(value) {
        case .none: return 0
        case .unspaced: return 2
        default: return 1
        }
    }

    /// A word's first and last `length` scalars (word edges included): its stem and its
    /// ending, which carry most of what its inner pieces would, at a third of the lookups.
    @inline(__always)
    private func emitEdges(_ token: UnsafeBufferPointer<UInt32>, start: Int, end: Int,
                           _ body: (UInt64, UnsafeBufferPointer<UInt32>, Int, Int) -> Void) {
        guard token.count > length else {
            body(Self.hash(token), token, start, end)
            return
        }
        let head = UnsafeBufferPointer(rebasing: token[0..<length])
        body(Self.hash(head), head, start, end)
        let tail = UnsafeBufferPointer(rebasing: token[(token.count - length)...])
        body(Self.hash(tail), tail, start, end)
    }

    @inline(__always)
    private func emitWindows(_ token: UnsafeBufferPointer<UInt32>, window: Int, start: Int, end: Int,
                             _ body: (UInt64, UnsafeBufferPointer<UInt32>, Int, Int) -> Void) {
        guard token.count > window else {
            body(Self.hash(token), token, start, end)
            return
        }
        for offset in 0...(token.count - window) {
            let gram = UnsafeBufferPointer(rebasing: token[offset..<(offset + window)])
            body(Self.hash(gram), gram, start, end)
        }
    }

    /// FNV-1a over whole scalars (one multiply each), finished with a mixer so that grams
    /// differing in one scalar land far apart; never 0 (the empty slot of `NgramTable`).
    @inline(__always)
    static func hash(_ gram: UnsafeBufferPointer<UInt32>) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for value in gram { hash = (hash ^ UInt64(value)) &* 0x0000_0100_0000_01B3 }
        hash ^= hash >> 29
        hash = hash &* 0xBF58_476D_1CE4_E5B9
        hash ^= hash >> 32
        return hash == 0 ? 1 : hash
    }

    /// The hash of a gram written as text (as in a ruleset file).
    static func hash(_ gram: String) -> UInt64 {
        let scalars = gram.unicodeScalars.map(\.value)
        return scalars.withUnsafeBufferPointer { hash($0) }
    }

    /// A gram's text, for the ruleset file.
    static func text(_ gram: UnsafeBufferPointer<UInt32>) -> String {
        var view = String.UnicodeScalarView()
        for value in gram {
            if let scalar = Unicode.Scalar(value) { view.append(scalar) }
        }
        return String(view)
    }
}
