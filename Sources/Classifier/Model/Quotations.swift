/// Finds quoted passages: warnings and news quote smugglers' ads word for word ("they sell
/// 'guaranteed trip 3000$, pay on arrival', it is a lie"), so an offer inside quotation
/// marks is evidence of a quotation, not of an offer.
///
/// Only passages of `minimumWords` words or more count: ads put single euphemisms in quotes
/// ('taxi', «the game»), and those stay evidence of an offer.
enum Quotations {
    static let minimumWords = 3

    /// Closing mark for each opening mark. ASCII `'` opens only after a space or at the start
    /// and closes only before a non-letter, so that `don't` and `l'europe` are not quotes.
    @inline(__always)
    static func closing(for value: UInt32) -> UInt32? {
        switch value {
        case 0x22: return 0x22  // "
        case 0x27: return 0x27  // '
        case 0x201C: return 0x201D  // “ ”
        case 0x201E: return 0x201C  // „ “
        case 0x2018: return 0x2019  // ‘ ’
        case 0xAB: return 0xBB  // « »
        case 0xBB: return 0xAB  // » «
        case 0x300C: return 0x300D  // 「 」
        case 0x300E: return 0x300F  // 『 』
        default: return nil
        }
    }

    /// Half-open ranges of normalised scalars inside quotation marks, in text order.
    static func ranges(in scalars: [UInt32]) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var index = 0
        let count = scalars.count
        while index < count {
            let value = scalars[index]
            guard let close = closing(for: value), value != 0x27 || index == 0 || !ScalarKind.isWordScalar(scalars[index - 1]) else {
                index += 1
                continue
            }
            var end = index + 1
            var words = 0
            var inWord = false
            var found = false
            // A quote ends at its closing mark, or is abandoned at a line break.
            while end < count, scalars[end] != 0x0A {
                let scalar = scalars[end]
                if scalar == close, close != 0x27 || end + 1 >= count || !ScalarKind.isLetter(scalars[end + 1]) {
                    found = true
                    break
                }
                let isWord = ScalarKind.isWordScalar(scalar)
                if isWord && !inWord { words += 1 }
                inWord = isWord
                end += 1
            }
            if found && words >= minimumWords {
                result.append((index + 1)..<end)
                index = end + 1
            } else {
                index += 1
            }
        }
        return result
    }
}
