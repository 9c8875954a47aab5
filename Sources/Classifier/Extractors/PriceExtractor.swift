/// Finds prices: a number with a currency before or after it (`4500€`, `€3 500`, `3 500 dollars`,
/// `$2800`, `١٥٠٠ دولار`), possibly scaled (`4.5k`, `4,5 bin`, `5 مليون`, `25 لاکھ`), and Arabic
/// number words with a multiplier and a currency (`خمسة آلاف يورو`). A hand-written scanner:
/// linear in the text, no backtracking.
struct PriceExtractor: Sendable {
    let category: Int

    /// Currency signs that stand alone (names come from the ruleset's `currencies`): € $ £ ₺ ₹
    /// ¥ ﷼ ₽ ₨ ₸. A switch, not a static set: no hashing and no lazy initialisation per number.
    @inline(__always)
    static func isSign(_ value: UInt32) -> Bool {
        switch value {
        case 0x20AC, 0x24, 0xA3, 0x20BA, 0x20B9, 0xA5, 0xFDFC, 0x20BD, 0x20A8, 0x20B8: return true
        default: return false
        }
    }

    /// Arabic number words (normalised: ة→ه, أ→ا) for prices written in words.
    static let numberWords: [[UInt32]: Double] = {
        let words: [(String, Double)] = [
            ("واحد", 1), ("اثنين", 2), ("اثنان", 2), ("ثلاث", 3), ("ثلاثه", 3), ("اربع", 4), ("اربعه", 4), ("خمس", 5), ("خمسه", 5),
            ("ست", 6), ("سته", 6), ("سبع", 7), ("سبعه", 7), ("ثمان", 8), ("ثمانيه", 8), ("تسع", 9), ("تسعه", 9), ("عشر", 10), ("عشره", 10),
            ("خمسين", 50), ("مئه", 100), ("ميه", 100), ("مائه", 100),
        ]
        var table: [[UInt32]: Double] = [:]
        for (word, value) in words { table[Array(word.unicodeScalars.map(\.value))] = value }
        return table
    }()

    /// Appends prices to `found`.
    func extract(_ text: NormalizedText, hits: [PatternHit], kinds: [PatternKind], starts: ExtractionStarts, into found: inout [Extraction]) {
        let scalars = text.scalars
        // Most posts have no digits and no multiplier words: skip building the lookups.
        let hasMultiplier = hits.contains { hit in
            if case .multiplier = kinds[hit.pattern] { return true }
            return false
        }
        guard hasMultiplier || starts.positions.contains(where: { ScalarKind.isDigit(scalars[$0]) }) else { return }
        var currencyStarts: [Int: Int] = [:]
        var currencyEnds: [Int: Int] = [:]
        var multiplierStarts: [Int: (end: Int, value: Double)] = [:]
        for hit in hits {
            switch kinds[hit.pattern] {
            case .currency:
                if currencyStarts[hit.start].map({ $0 < hit.end }) ?? true { currencyStarts[hit.start] = hit.end }
                if currencyEnds[hit.end].map({ $0 > hit.start }) ?? true { currencyEnds[hit.end] = hit.start }
            case let .multiplier(value):
                if multiplierStarts[hit.start].map({ $0.end < hit.end }) ?? true { multiplierStarts[hit.start] = (hit.end, value) }
            default: break
            }
        }
        var cursor = 0
        var index = 0
        // Only digits start numbers: jump from start to start.
        while let start = starts.next(from: index, cursor: &cursor) {
            index = start
            guard ScalarKind.isDigit(scalars[index]), let number = NumberToken.read(scalars, at: index) else {
                index += 1
                continue
            }
            index = max(number.end, index + 1)
            guard number.digitCount <= 9 else { continue }
            var end = number.end
            var scaled = false
            if end < scalars.count && NumberToken.isMagnitudeSuffix(scalars, end) {
                scaled = true
                end += 1
            }
            var after = skipSpace(scalars, end)
            if let multiplier = multiplierStarts[after] {
                scaled = true
                end = multiplier.end
                after = skipSpace(scalars, end)
            }
            var start = number.start
            var priced = false
            if after < scalars.count, Self.isSign(scalars[after]) {
                priced = true
                end = after + 1
            } else if let currencyEnd = currencyStarts[after] {
                priced = true
                end = currencyEnd
            }
            let before = skipSpaceBackward(scalars, number.start)
            if !priced, before > 0, Self.isSign(scalars[before - 1]) {
                priced = true
                start = before - 1
            } else if !priced, let currencyStart = currencyEnds[before] {
                priced = true
                start = currencyStart
            }
            if priced || (scaled && number.value >= 1) {
                found.append(Extraction(name: "price.amount", category: category, start: start, end: end))
            }
        }
        wordPrices(scalars, multiplierStarts: multiplierStarts, currencyStarts: currencyStarts, into: &found)
    }

    /// `خمسة آلاف يورو`: number word, multiplier, currency.
    private func wordPrices(_ scalars: [UInt32], multiplierStarts: [Int: (end: Int, value: Double)], currencyStarts: [Int: Int], into found: inout [Extraction]) {
        for (start, multiplier) in multiplierStarts.sorted(by: { $0.key < $1.key }) {
            let wordEnd = skipSpaceBackward(scalars, start)
            guard wordEnd < start else { continue }
            var wordStart = wordEnd
            while wordStart > 0 && ScalarKind.isLetter(scalars[wordStart - 1]) { wordStart -= 1 }
            guard wordStart < wordEnd, Self.numberWords[Array(scalars[wordStart..<wordEnd])] != nil else { continue }
            let after = skipSpace(scalars, multiplier.end)
            guard let currencyEnd = currencyStarts[after] else { continue }
            found.append(Extraction(name: "price.words", category: category, start: wordStart, end: currencyEnd))
        }
    }

    private func skipSpace(_ scalars: [UInt32], _ index: Int) -> Int {
        var position = index
        var skipped = 0
        while position < scalars.count && (scalars[position] == 0x20 || scalars[position] == 0xA0 || scalars[position] == 0x202F) && skipped < 2 {
            position += 1
            skipped += 1
        }
        return position
    }

    private func skipSpaceBackward(_ scalars: [UInt32], _ index: Int) -> Int {
        var position = index
        var skipped = 0
        while position > 0 && (scalars[position - 1] == 0x20 || scalars[position - 1] == 0xA0 || scalars[position - 1] == 0x202F) && skipped < 2 {
            position -= 1
            skipped += 1
        }
        return position
    }
}
