/// Finds prices: a number with a currency before or after it (`4500€`, `€3 500`, `3 500 dollars`,
/// `$2800`, `١٥٠٠ دولار`, `R$ 90 mil`, `1.8万美刀`, `4500 💶`), possibly scaled (`4.5k`, `4,5 bin`,
/// `5 مليون`, `25 لاکھ`, `5 millones de dólares`), and numbers in words before a currency
/// (`five thousand euros`, `пять тысяч евро`, `خمسة آلاف يورو`, `五千欧元`). A hand-written
/// scanner: linear in the text, no backtracking.
struct PriceExtractor: Sendable {
    let category: Int

    /// Currency signs and money emoji that stand alone (names come from the ruleset's
    /// `currencies`): € $ £ ₺ ₹ ¥ ﷼ ₽ ₨ ₸ ₴ ₫ ₦ and 💶 💵 💷 💴 💰 💸 🤑 💲. A switch, not a static
    /// set: no hashing and no lazy initialisation per number.
    @inline(__always)
    static func isSign(_ value: UInt32) -> Bool {
        switch value {
        case 0x20AC, 0x24, 0xA3, 0x20BA, 0x20B9, 0xA5, 0xFDFC, 0x20BD, 0x20A8, 0x20B8, 0x20B4, 0x20AB, 0x20A6,
             0x1F4B0, 0x1F4B2, 0x1F4B4, 0x1F4B5, 0x1F4B6, 0x1F4B7, 0x1F4B8, 0x1F911:
            return true
        default: return false
        }
    }

    /// Smallest amount accepted when written only in words: `a dollar` or `two pounds` (of
    /// weight) are not smuggling fees, and every fee is above it.
    static let minimumWordAmount = 10.0

    /// Appends prices to `found`.
    func extract(_ text: NormalizedText, hits: [PatternHit], kinds: [PatternKind], starts: ExtractionStarts, into found: inout [Extraction]) {
        let scalars = text.scalars
        let money = MoneyWords(hits: hits, kinds: kinds)
        // Most posts have no currency word and no digit: nothing to look at.
        guard !money.isEmpty || starts.positions.contains(where: { ScalarKind.isDigit(scalars[$0]) }) else { return }
        digitPrices(scalars, money: money, starts: starts, into: &found)
        if !money.isEmpty { wordPrices(scalars, money: money, into: &found) }
    }

    private func digitPrices(_ scalars: [UInt32], money: MoneyWords, starts: ExtractionStarts, into found: inout [Extraction]) {
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
            // `+90 555 ...` is a phone number, whatever follows it.
            guard number.digitCount <= 9, number.start == 0 || scalars[number.start - 1] != 0x2B else { continue }
            var end = number.end
            var scaled = false
            if end < scalars.count && NumberToken.isMagnitudeSuffix(scalars, end) {
                scaled = true
                end += 1
            }
            var after = skipSpace(scalars, end)
            if let multiplier = money.multiplier(startingAt: after) {
                scaled = true
                end = multiplier.end
                after = skipSpace(scalars, end)
                // `5 tys. zł`, `3 тыс. руб`: an abbreviation's dot, when a currency follows.
                if after == end, end + 1 < scalars.count, scalars[end] == 0x2E,
                   currencyEnd(scalars, money, at: skipSpace(scalars, end + 1)) != nil {
                    after = skipSpace(scalars, end + 1)
                }
            }
            var start = number.start
            var priced = false
            if let currencyEnd = currencyEnd(scalars, money, at: after) {
                priced = true
                end = currencyEnd
            } else if after < scalars.count, Self.isSign(scalars[after]) {
                priced = true
                end = after + 1
            }
            // A currency word before a sign (`R$ 90`) is the longer, truer match.
            let before = skipSpaceBackward(scalars, number.start)
            if !priced, let currencyStart = money.currencyStart(endingAt: before) {
                priced = true
                start = currencyStart
            } else if !priced, before > 0, Self.isSign(scalars[before - 1]) {
                priced = true
                start = before - 1
            }
            if priced || (scaled && number.value >= 1) {
                found.append(Extraction(name: "price.amount", category: category, start: start, end: end))
            }
        }
    }

    /// Where the currency that starts at `position` ends, also across `de`/`di`/`d'` (`5 millones
    /// de dólares`, `5 milioni di euro`, `un million d'euros`).
    private func currencyEnd(_ scalars: [UInt32], _ money: MoneyWords, at position: Int) -> Int? {
        if let end = money.currencyEnd(startingAt: position) { return end }
        guard position + 2 < scalars.count, scalars[position] == 0x64 else { return nil }  // d
        let second = scalars[position + 1]
        if second == 0x27 { return money.currencyEnd(startingAt: position + 2) }
        guard second == 0x65 || second == 0x69, scalars[position + 2] == 0x20 else { return nil }  // de, di
        return money.currencyEnd(startingAt: skipSpace(scalars, position + 2))
    }

    /// The start of the `de`/`di`/`d'` that joins a number to the currency at `currencyStart`, or
    /// `currencyStart`.
    private func bridgeBefore(_ scalars: [UInt32], _ currencyStart: Int) -> Int {
        if currencyStart >= 2, scalars[currencyStart - 1] == 0x27, scalars[currencyStart - 2] == 0x64 { return currencyStart - 2 }
        let end = skipSpaceBackward(scalars, currencyStart)
        guard end < currencyStart, end >= 3, scalars[end - 2] == 0x64, scalars[end - 1] == 0x65 || scalars[end - 1] == 0x69,
              scalars[end - 3] == 0x20 else { return currencyStart }
        return end - 2
    }

    /// Numbers in words before a currency: `five thousand euros`, `ثلاثة آلاف يورو`, `五千欧元`.
    /// Walks back from each currency over number words, multipliers and connectors.
    private func wordPrices(_ scalars: [UInt32], money: MoneyWords, into found: inout [Extraction]) {
        var previousStart = -1
        for currency in money.currencies where currency.start != previousStart {
            previousStart = currency.start
            let currencyStart = currency.start
            let currencyEnd = currency.end
            var position = bridgeBefore(scalars, currencyStart)
            var entries: [NumberWords.Entry] = []  // in reverse text order
            var firstStart: Int?
            var words = 0
            while words < 12 {
                words += 1
                let end = skipSeparatorsBackward(scalars, position)
                guard end > 0 else { break }
                if let multiplier = money.multiplier(endingAt: end) {
                    let value = multiplier.value
                    entries.append(NumberWords.Entry(value: value, role: NumberWords.isPowerOfTen(value) && value >= 1000 ? .scale : .add))
                    firstStart = multiplier.start
                    position = multiplier.start
                    continue
                }
                let last = scalars[end - 1]
                if ScalarKind.isUnspaced(last) {
                    // Chinese numerals are one scalar each, without spaces: `两万五千`.
                    guard let entry = NumberWords.table[[last]] else { break }
                    entries.append(entry)
                    firstStart = end - 1
                    position = end - 1
                    continue
                }
                let start = wordStart(scalars, end)
                guard start < end, start == 0 || !ScalarKind.isWordScalar(scalars[start - 1]) else { break }
                if let parts = NumberWords.entries(scalars[start..<end]) {
                    entries.append(contentsOf: parts.reversed())
                    firstStart = start
                    position = start
                } else if !entries.isEmpty, NumberWords.connectors.contains(Array(scalars[start..<end])) {
                    position = start
                } else {
                    break
                }
            }
            guard let firstStart else { continue }
            let inOrder = Array(entries.reversed())
            // A lone `thousand euros` or `mil euros` is no amount.
            if inOrder.count == 1 && inOrder[0].role == .scale { continue }
            guard NumberWords.value(of: inOrder) >= Self.minimumWordAmount else { continue }
            // A digit amount already took this currency: one price, not two.
            if found.contains(where: { $0.category == category && $0.end == currencyEnd }) { continue }
            found.append(Extraction(name: "price.words", category: category, start: firstStart, end: currencyEnd))
        }
    }

    /// Start of the word of letters (apostrophes inside included: `п'ять`) that ends at `end`.
    private func wordStart(_ scalars: [UInt32], _ end: Int) -> Int {
        var start = end
        while start > 0 {
            let value = scalars[start - 1]
            if ScalarKind.isLetter(value) && !ScalarKind.isUnspaced(value) {
                start -= 1
            } else if value == 0x27, start >= 2, start < end, ScalarKind.isLetter(scalars[start - 2]) {
                start -= 1
            } else {
                break
            }
        }
        return start
    }

    private func skipSeparatorsBackward(_ scalars: [UInt32], _ index: Int) -> Int {
        var position = index
        var skipped = 0
        while position > 0 && skipped < 2 {
            let value = scalars[position - 1]
            guard value == 0x20 || value == 0xA0 || value == 0x202F || value == 0x2D else { break }
            position -= 1
            skipped += 1
        }
        return position
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
