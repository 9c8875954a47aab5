import Foundation

/// Per-scalar folding: compatibility decomposition (the K of NFKC), case folding, removal of
/// combining marks (diacritics, Arabic harakat), Arabic/Persian letter unification, Latin
/// look-alikes that are not letters of any language (`ᴜ`, `ʙ`, `🅑`, see `LookAlikes`) and
/// the digits of every script to ASCII.
///
/// Folding happens scalar by scalar so that every output scalar keeps the offset of the
/// original scalar it came from. Removing all combining marks makes the result independent of
/// composition, so NFKC and NFKD agree on it. The tables are computed once per process from
/// Foundation's Unicode data and then only read, so they are safe to share between threads.
/// A class, so that using the shared instance costs one reference, not a copy of five tables.
final class ScalarFolding: Sendable {
    /// Marker in `dense` for a scalar that folds to several scalars (ligatures, `½`, `ﷺ`).
    static let expands: UInt32 = 0xFFFF_FFFF
    /// Marker in `dense` for a scalar that is dropped (marks, format characters).
    static let dropped: UInt32 = 0xFFFF_FFFE

    /// Shared instance; Swift initialises static lets once, thread-safely.
    static let shared = ScalarFolding()

    /// Folded value for scalars below `denseLimit`.
    private let dense: [UInt32]
    /// Folded values outside the dense range (presentation forms, fullwidth, math letters).
    private let sparse: [UInt32: UInt32]
    /// Multi-scalar results, for scalars marked `expands`.
    private let expansions: [UInt32: [UInt32]]
    static let denseLimit: UInt32 = 0x2500
    /// Folded values of the symbol blocks (arrows, dingbats, ...) and the emoji planes, common
    /// in posts: without these tables each costs a hash lookup and Unicode property lookups.
    /// Same results as `sparse` + `slowFold`, precomputed.
    private let symbols: [UInt32]
    private let emoji: [UInt32]
    static let symbolsLimit: UInt32 = 0x3000
    static let emojiBase: UInt32 = 0x1F000
    static let emojiLimit: UInt32 = 0x20000

    private init() {
        var dense = [UInt32](repeating: 0, count: Int(Self.denseLimit))
        var sparse: [UInt32: UInt32] = [:]
        var expansions: [UInt32: [UInt32]] = [:]
        for value in 0..<Self.denseLimit {
            let folded = Self.computeFold(value)
            dense[Int(value)] = Self.encode(value, folded, &expansions)
        }
        // Ethiopic numerals take the general path, expanding to themselves, so that the bulk
        // fold notices them there at no cost to other scalars: their value depends on their
        // neighbours (`EthiopicNumerals`).
        for value in EthiopicNumerals.range {
            dense[Int(value)] = Self.expands
            expansions[value] = [value]
        }
        // Ranges with compatibility forms or look-alikes that attackers use to dodge keyword
        // filters (the dingbat circled digits would otherwise get only `slowFold`).
        let extraRanges: [ClosedRange<UInt32>] = [
            0x2776...0x2793, 0x2C60...0x2C7F, 0xA720...0xA7FF, 0xFB00...0xFDFF, 0xFE10...0xFE6F,
            0xFE70...0xFEFF, 0xFF00...0xFFEF, 0x10780...0x107BF, 0x1D400...0x1D7FF, 0x1F100...0x1F1AD,
        ]
        for range in extraRanges {
            for value in range {
                let folded = Self.computeFold(value)
                if folded.count == 1 && folded[0] == value { continue }
                sparse[value] = Self.encode(value, folded, &expansions)
            }
        }
        symbols = Self.fallbackTable(Self.denseLimit..<Self.symbolsLimit, sparse, &expansions)
        emoji = Self.fallbackTable(Self.emojiBase..<Self.emojiLimit, sparse, &expansions)
        self.dense = dense
        self.sparse = sparse
        self.expansions = expansions
    }

    /// What `fold` yields for scalars past the dense table, encoded like `dense`.
    private static func fallbackTable(_ range: Range<UInt32>, _ sparse: [UInt32: UInt32],
                                      _ expansions: inout [UInt32: [UInt32]]) -> [UInt32] {
        var table = [UInt32](repeating: 0, count: range.count)
        for value in range {
            if let found = sparse[value] {
                table[Int(value - range.lowerBound)] = found
            } else {
                let folded = ScalarKind.isFormat(value) ? [] : (slowFold(value) ?? [value])
                table[Int(value - range.lowerBound)] = encode(value, folded, &expansions)
            }
        }
        return table
    }

    private static func encode(_ value: UInt32, _ folded: [UInt32], _ expansions: inout [UInt32: [UInt32]]) -> UInt32 {
        switch folded.count {
        case 0: return dropped
        case 1: return folded[0]
        default:
            expansions[value] = folded
            return expands
        }
    }

    /// Decodes `utf8` (valid UTF-8, as every Swift string is) and folds it in one pass:
    /// `originals` are the text's scalars, `origins[i]` the index in `originals` of the scalar
    /// `scalars[i]` came from. Same result as `fold(_:origin:into:origins:)` scalar by scalar.
    /// `hasEthiopicNumerals` says whether `scalars` holds numerals still to be read as numbers.
    ///
    /// Nearly every scalar is ASCII or folds to at most one scalar, so the output fits in the
    /// input's size plus some slack and is written through pointers (each `append` checks
    /// capacity and uniqueness; the `unicodeScalars` iterator is slower than this decoder).
    /// The pointers are temporary buffers (on the stack for ordinary posts), copied into
    /// arrays of the exact size at the end: `Array(repeating:count:)` goes through an
    /// unspecialised runtime path that looks up the array's type metadata on every call.
    /// Expansions (ligatures, `½`) and scalars past the tables take the scalar-by-scalar fold;
    /// if expansions overflow the slack, the fold is redone with growing arrays.
    func fold(utf8 bytes: UnsafeBufferPointer<UInt8>)
        -> (originals: [UInt32], scalars: [UInt32], origins: [Int32], hasEthiopicNumerals: Bool) {
        let count = bytes.count
        let capacity = count + 64
        var extra: [UInt32] = []
        var extraOrigins: [Int32] = []
        var hasEthiopicNumerals = false
        return withUnsafeTemporaryAllocation(of: UInt32.self, capacity: count) { originals in
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: capacity) { out in
        withUnsafeTemporaryAllocation(of: Int32.self, capacity: capacity) { from in
            var decoded = 0
            var written = 0
            var overflowed = false
            var position = 0
            while position < count {
                let lead = UInt32(bytes[position])
                var value: UInt32
                if lead < 0x80 {
                    value = lead
                    position += 1
                } else if lead < 0xE0 {
                    value = (lead & 0x1F) << 6 | UInt32(bytes[position + 1] & 0x3F)
                    position += 2
                } else if lead < 0xF0 {
                    value = (lead & 0x0F) << 12 | UInt32(bytes[position + 1] & 0x3F) << 6 | UInt32(bytes[position + 2] & 0x3F)
                    position += 3
                } else {
                    value = (lead & 0x07) << 18 | UInt32(bytes[position + 1] & 0x3F) << 12
                        | UInt32(bytes[position + 2] & 0x3F) << 6 | UInt32(bytes[position + 3] & 0x3F)
                    position += 4
                }
                originals[decoded] = value
                let origin = Int32(truncatingIfNeeded: decoded)
                decoded += 1
                if overflowed { continue }
                // Invariant: written + (bytes left) <= capacity, so single writes fit.
                let mapped: UInt32
                if value < 0x80 {
                    mapped = (value >= 0x41 && value <= 0x5A) ? value + 0x20 : value
                } else if ScalarKind.isFormat(value) {
                    continue
                } else if value < Self.denseLimit {
                    mapped = dense[Int(value)]
                } else if value < Self.symbolsLimit {
                    mapped = symbols[Int(value &- Self.denseLimit)]
                } else if value >= Self.emojiBase && value < Self.emojiLimit {
                    mapped = emoji[Int(value &- Self.emojiBase)]
                } else {
                    mapped = Self.expands  // sparse table or slowFold: the general path
                }
                if mapped == Self.dropped { continue }
                if mapped != Self.expands {
                    out[written] = mapped
                    from[written] = origin
                    written += 1
                    continue
                }
                if EthiopicNumerals.range.contains(value) { hasEthiopicNumerals = true }
                extra.removeAll(keepingCapacity: true)
                extraOrigins.removeAll(keepingCapacity: true)
                fold(value, origin: origin, into: &extra, origins: &extraOrigins)
                guard written + extra.count + (count - position) <= capacity else {
                    overflowed = true
                    continue
                }
                for scalar in extra {
                    out[written] = scalar
                    from[written] = origin
                    written += 1
                }
            }
            // Only the first `decoded` and `written` entries were initialised.
            let decodedScalars = Array(UnsafeBufferPointer(rebasing: originals[0..<decoded]))
            guard overflowed else {
                return (decodedScalars, Array(UnsafeBufferPointer(rebasing: out[0..<written])),
                        Array(UnsafeBufferPointer(rebasing: from[0..<written])), hasEthiopicNumerals)
            }
            var scalars: [UInt32] = []
            var origins: [Int32] = []
            for (index, value) in decodedScalars.enumerated() {
                if EthiopicNumerals.range.contains(value) { hasEthiopicNumerals = true }
                fold(value, origin: Int32(truncatingIfNeeded: index), into: &scalars, origins: &origins)
            }
            return (decodedScalars, scalars, origins, hasEthiopicNumerals)
        }
        }
        }
    }

    /// Appends the folding of `scalar` to `output`, each with origin `origin`.
    @inline(__always)
    func fold(_ value: UInt32, origin: Int32, into output: inout [UInt32], origins: inout [Int32]) {
        if value < 0x80 {
            let lowered = (value >= 0x41 && value <= 0x5A) ? value + 0x20 : value
            output.append(lowered)
            origins.append(origin)
            return
        }
        if ScalarKind.isFormat(value) { return }
        let mapped: UInt32
        if value < Self.denseLimit {
            mapped = dense[Int(value)]
        } else if value < Self.symbolsLimit {
            mapped = symbols[Int(value &- Self.denseLimit)]
        } else if value >= Self.emojiBase && value < Self.emojiLimit {
            mapped = emoji[Int(value &- Self.emojiBase)]
        } else if let found = sparse[value] {
            mapped = found
        } else {
            if let folded = Self.slowFold(value) {
                for scalar in folded {
                    output.append(scalar)
                    origins.append(origin)
                }
            } else {
                output.append(value)
                origins.append(origin)
            }
            return
        }
        if mapped == Self.dropped { return }
        if mapped == Self.expands {
            for scalar in expansions[value] ?? [] {
                output.append(scalar)
                origins.append(origin)
            }
            return
        }
        output.append(mapped)
        origins.append(origin)
    }

    /// Scalars outside the tables: drop combining marks, read digits, lower-case the rare cased
    /// ones. Returns nil when the scalar stays as it is (the common case: emoji, CJK letters).
    private static func slowFold(_ value: UInt32) -> [UInt32]? {
        guard let scalar = Unicode.Scalar(value) else { return [] }
        let properties = scalar.properties
        switch properties.generalCategory {
        case .nonspacingMark, .enclosingMark: return []
        case .decimalNumber: return decimalDigit(properties)
        default: break
        }
        guard properties.changesWhenLowercased else { return nil }
        return properties.lowercaseMapping.unicodeScalars.map(\.value)
    }

    /// The full fold of one scalar, computed with Foundation (slow; only while building tables).
    static func computeFold(_ value: UInt32) -> [UInt32] {
        if isFormat(value) { return [] }
        if let special = specialFold(value) ?? LookAlikes.latin(value) { return special }
        guard let scalar = Unicode.Scalar(value) else { return [] }
        if value < 0x80 {
            return [(value >= 0x41 && value <= 0x5A) ? value + 0x20 : value]
        }
        if let number = numberFold(scalar) { return number }
        let decomposed = String(Character(scalar)).decomposedStringWithCompatibilityMapping
        var result: [UInt32] = []
        for part in decomposed.unicodeScalars {
            switch part.properties.generalCategory {
            case .nonspacingMark, .enclosingMark: continue
            default: break
            }
            if isFormat(part.value) { continue }
            if let special = specialFold(part.value) ?? LookAlikes.latin(part.value) {
                result.append(contentsOf: special)
                continue
            }
            if part.properties.changesWhenLowercased {
                for lowered in part.properties.lowercaseMapping.unicodeScalars {
                    result.append(specialFold(lowered.value)?.first ?? lowered.value)
                }
            } else {
                result.append(part.value)
            }
        }
        return result
    }

    private static func isFormat(_ value: UInt32) -> Bool { ScalarKind.isFormat(value) }

    /// Digits of every script (`٣`, `३`, `৩`, `๓`, `၃`, `３`, `𝟑`) by their Unicode value, and
    /// enclosed numbers (`③`, `❸`, `⑶`, `⒊`, `⓭`) as the number they enclose: compatibility
    /// decomposition keeps the parentheses and stops of some and leaves the dingbats as they are.
    private static func numberFold(_ scalar: Unicode.Scalar) -> [UInt32]? {
        let properties = scalar.properties
        switch properties.generalCategory {
        case .decimalNumber:
            return decimalDigit(properties)
        case .otherNumber where isEnclosedNumber(scalar.value):
            guard let number = properties.numericValue, number >= 0, number == number.rounded() else { return nil }
            return String(Int(number)).unicodeScalars.map(\.value)
        default:
            return nil
        }
    }

    private static func decimalDigit(_ properties: Unicode.Scalar.Properties) -> [UInt32]? {
        guard properties.numericType == .decimal, let digit = properties.numericValue,
              digit >= 0, digit <= 9 else { return nil }
        return [0x30 + UInt32(digit)]
    }

    private static func isEnclosedNumber(_ value: UInt32) -> Bool {
        switch value {
        case 0x2460...0x24FF, 0x2776...0x2793, 0x1F10B...0x1F10C: return true
        default: return false
        }
    }

    /// Unifications that Unicode normalisation does not do but that spelling variation needs.
    static func specialFold(_ value: UInt32) -> [UInt32]? {
        switch value {
        case 0x066B: return [0x2E]  // Arabic decimal separator
        case 0x066C: return [0x2C]  // Arabic thousands separator
        case 0x066A: return [0x25]  // Arabic percent sign
        case 0x0649, 0x06CC, 0x06D0, 0x0626: return [0x064A]  // alef maksura, Farsi/Pashto yeh, yeh-hamza -> yeh
        case 0x06A9, 0x06AA: return [0x0643]  // keheh, swash kaf -> kaf
        case 0x0629, 0x06C0, 0x06D5, 0x06C1, 0x06BE, 0x06C3: return [0x0647]  // ta marbuta, heh forms -> heh
        case 0x0671, 0x0672, 0x0673, 0x0622, 0x0623, 0x0625: return [0x0627]  // alef forms -> alef
        case 0x0624: return [0x0648]  // waw with hamza -> waw
        case 0x0131: return [0x69]  // dotless i (Turkish) -> i
        case 0x03C2: return [0x03C3]  // final sigma
        case 0x00DF: return [0x73, 0x73]  // sharp s
        case 0x2019, 0x2018, 0x02BC, 0x2032: return [0x27]  // apostrophes
        default: return nil
        }
    }
}
