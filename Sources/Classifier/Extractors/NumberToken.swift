/// A number as written in a post: `4500`, `3,000`, `€3 500`, `4.5` (before `k`), `1 000 000`.
struct NumberToken: Sendable, Equatable {
    var start: Int
    var end: Int
    var value: Double
    var digitCount: Int

    /// Separators allowed between digit groups of one number.
    @inline(__always)
    static func isGroupSeparator(_ value: UInt32) -> Bool {
        value == 0x2C || value == 0x2E || value == 0x20 || value == 0xA0 || value == 0x202F || value == 0x2009 || value == 0x27
    }

    /// Reads the number starting at `start` (a digit not preceded by a letter), or nil.
    ///
    /// Two walks over the number, no buffers: the first finds where it ends and how its digits
    /// are grouped, the second adds the digits up in text order.
    static func read(_ scalars: [UInt32], at start: Int) -> NumberToken? {
        guard start < scalars.count, ScalarKind.isDigit(scalars[start]) else { return nil }
        // Chinese and Japanese run numbers into words (`每人1500刀`, `5万`): only letters of
        // spaced scripts glue a digit into a word (`b4`, `4x4`).
        if start > 0 && ((ScalarKind.isLetter(scalars[start - 1]) && !ScalarKind.isUnspaced(scalars[start - 1]))
            || ScalarKind.isDigit(scalars[start - 1])) { return nil }
        var groupCount = 0
        var secondGroupLength = 0
        var firstSeparator: UInt32 = 0
        var digitCount = 0
        var index = start
        var groupLength = 0
        while index < scalars.count {
            let value = scalars[index]
            if ScalarKind.isDigit(value) {
                digitCount += 1
                groupLength += 1
                index += 1
                continue
            }
            // A separator continues the number only if a digit follows and the groups look like
            // thousands (`3 500`, `3,000`) or a decimal part (`4.5`, `4,5`).
            if isGroupSeparator(value), index + 1 < scalars.count, ScalarKind.isDigit(scalars[index + 1]) {
                var next = index + 1
                var nextLength = 0
                while next < scalars.count && ScalarKind.isDigit(scalars[next]) { next += 1; nextLength += 1 }
                let isSpace = value == 0x20 || value == 0xA0 || value == 0x202F || value == 0x2009
                let thousands = nextLength == 3 && groupLength <= 3
                let decimal = !isSpace && groupCount == 0 && nextLength <= 2
                if thousands || decimal {
                    if groupCount == 0 { firstSeparator = value }
                    groupCount += 1
                    groupLength = 0
                    index += 1
                    continue
                }
            }
            break
        }
        groupCount += 1
        if groupCount == 2 { secondGroupLength = groupLength }
        if index < scalars.count && ScalarKind.isLetter(scalars[index]) && !ScalarKind.isUnspaced(scalars[index])
            && !isMagnitudeSuffix(scalars, index) && !isOrdinalSuffix(scalars, index) {
            // `4x4`, `5k` handled by suffix rules; `10am` is a time, still a number.
            if !isTimeSuffix(scalars, index) { return nil }
        }
        var value = 0.0
        var fraction = 0.0
        var scale = 1.0
        let lastIsDecimal = groupCount == 2 && secondGroupLength <= 2 && (firstSeparator == 0x2E || firstSeparator == 0x2C)
        var inSecondGroup = false
        for position in start..<index {
            let scalar = scalars[position]
            guard ScalarKind.isDigit(scalar) else {
                inSecondGroup = true  // a separator: only the first one matters for a decimal part
                continue
            }
            let digit = Double(scalar - 0x30)
            if lastIsDecimal && inSecondGroup {
                scale /= 10
                fraction += digit * scale
            } else {
                value = value * 10 + digit
            }
        }
        return NumberToken(start: start, end: index, value: value + fraction, digitCount: digitCount)
    }

    static func isMagnitudeSuffix(_ scalars: [UInt32], _ index: Int) -> Bool {
        let value = scalars[index]
        guard value == 0x6B || value == 0x6D else { return false }  // k, m
        return index + 1 == scalars.count || !ScalarKind.isLetter(scalars[index + 1])
    }

    static func isOrdinalSuffix(_ scalars: [UInt32], _ index: Int) -> Bool {
        suffix(scalars, index, in: ["st", "nd", "rd", "th", "er", "eme", "e", "o", "a"])
    }

    static func isTimeSuffix(_ scalars: [UInt32], _ index: Int) -> Bool {
        suffix(scalars, index, in: ["am", "pm", "h", "min", "km", "nm", "x"])
    }

    /// Whether the letters from `index` on spell one of `options` (ASCII words).
    static func suffix(_ scalars: [UInt32], _ index: Int, in options: [StaticString]) -> Bool {
        var end = index
        while end < scalars.count && ScalarKind.isLetter(scalars[end]) { end += 1 }
        return options.contains { option in
            option.utf8CodeUnitCount == end - index
                && option.withUTF8Buffer { bytes in bytes.indices.allSatisfy { UInt32(bytes[$0]) == scalars[index + $0] } }
        }
    }
}
