/// Character classes on folded scalars, written as range checks so the hot path needs no
/// Unicode property lookups for the scripts the lexicon covers.
enum ScalarKind {
    /// Writing systems the normaliser treats differently.
    enum Script: UInt8, Sendable {
        case none, latin, cyrillic, greek, arabic, unspaced, other
    }

    /// Invisible characters used to split keywords: zero-width, bidi controls, soft hyphen,
    /// variation selectors, tatweel, emoji skin tones and tags.
    @inline(__always)
    static func isFormat(_ value: UInt32) -> Bool {
        switch value {
        case 0x00AD, 0x034F, 0x061C, 0x0640, 0x180E, 0x200B...0x200F, 0x202A...0x202E,
             0x2060...0x2064, 0x2066...0x2069, 0xFE00...0xFE0F, 0xFEFF, 0x1F3FB...0x1F3FF,
             0xE0000...0xE007F, 0xE0100...0xE01EF:
            return true
        default:
            return false
        }
    }

    @inline(__always)
    static func isDigit(_ value: UInt32) -> Bool { value >= 0x30 && value <= 0x39 }

    /// Letters of any script (after folding: ASCII letters are lower-case).
    @inline(__always)
    static func isLetter(_ value: UInt32) -> Bool {
        if value < 0x80 { return value >= 0x61 && value <= 0x7A }
        return script(value) != .none
    }

    @inline(__always)
    static func isWordScalar(_ value: UInt32) -> Bool {
        isDigit(value) || isLetter(value)
    }

    /// The script of a letter, `.none` for everything that is not a letter. Below
    /// `scriptTableLimit` (Latin, Greek, Cyrillic, Arabic, ...: nearly all letters in posts) a
    /// table lookup; the range switch costs a dozen comparisons for an Arabic letter, and the
    /// normaliser, the matcher's word boundaries and the extractors ask for every scalar.
    /// The basic Arabic letters (most non-ASCII letters in posts) are answered before the
    /// table: reading a static table costs a `swift_once` call on every access.
    @inline(__always)
    static func script(_ value: UInt32) -> Script {
        if value &- 0x620 <= 0x64A - 0x620 { return .arabic }
        if value < scriptTableLimit { return scriptTable[Int(value)] }
        return computeScript(value)
    }

    static let scriptTableLimit: UInt32 = 0x3000
    private static let scriptTable: [Script] = (0..<scriptTableLimit).map(computeScript)

    /// The script by Unicode ranges (builds `scriptTable`; used directly above it).
    static func computeScript(_ value: UInt32) -> Script {
        switch value {
        case 0x61...0x7A, 0xAA, 0xBA, 0xC0...0xD6, 0xD8...0xF6, 0xF8...0x24F, 0x1E00...0x1EFF:
            return .latin
        case 0x370...0x3FF where value != 0x37E && value != 0x387: return .greek
        case 0x400...0x52F: return .cyrillic
        case 0x620...0x64A, 0x66E...0x66F, 0x671...0x6D3, 0x6D5, 0x6EE...0x6EF, 0x6FA...0x6FC,
             0x6FF, 0x750...0x77F, 0x8A0...0x8FF:
            return .arabic
        case 0x0E00...0x0EFF, 0x1000...0x109F, 0x1780...0x17FF, 0x3040...0x30FF, 0x3400...0x4DBF,
             0x4E00...0x9FFF, 0xF900...0xFAFF:
            return .unspaced
        case 0x531...0x587, 0x5D0...0x5EA, 0x900...0xDFF, 0x10A0...0x10FF, 0x1100...0x11FF,
             0x1200...0x137F, 0xAC00...0xD7AF:
            return .other
        default:
            return .none
        }
    }

    /// Scripts written without spaces between words: a phrase may start or end mid-run.
    @inline(__always)
    static func isUnspaced(_ value: UInt32) -> Bool { script(value) == .unspaced }

    /// Pictographs kept as tokens (boats, planes, flags, money, check marks).
    static func isEmoji(_ value: UInt32) -> Bool {
        switch value {
        case 0x2190...0x21FF, 0x2300...0x23FF, 0x2600...0x27BF, 0x2B00...0x2BFF, 0x1F000...0x1FAFF:
            return true
        default:
            return false
        }
    }

    @inline(__always)
    static func isRegionalIndicator(_ value: UInt32) -> Bool { value >= 0x1F1E6 && value <= 0x1F1FF }
}
