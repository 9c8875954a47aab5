/// Letters from other alphabets and symbol blocks that read as Latin letters.
///
/// Two kinds, with different rules. Small capitals, IPA letters and enclosed letters are not
/// letters of any language we match, so they fold everywhere, in the per-scalar tables.
/// Greek and Cyrillic letters are real letters: they fold only inside words the word pass
/// judges to be Latin in disguise (see `WordPass`).
enum LookAlikes {
    /// The Latin letters a small capital, IPA letter or enclosed letter stands for, when
    /// compatibility decomposition does not already give them (`ᴜ`, `ʙ`, `🅑`, `🅱`, `⒝`).
    /// Parenthesised letters have a decomposition, but to `(b)`: the parentheses would split
    /// the word they disguise.
    static func latin(_ value: UInt32) -> [UInt32]? {
        switch value {
        case 0x249C...0x24B5: return [value - 0x249C + 0x61]  // ⒜ parenthesised small letters
        case 0x1F110...0x1F129: return [value - 0x1F110 + 0x61]  // 🄐 parenthesised capitals
        case 0x1F150...0x1F169: return [value - 0x1F150 + 0x61]  // 🅐 negative circled capitals
        case 0x1F170...0x1F189: return [value - 0x1F170 + 0x61]  // 🅰 negative squared capitals
        case 0x1D01: return [0x61, 0x65]  // ᴁ
        case 0x0276: return [0x6F, 0x65]  // ɶ
        default: break
        }
        guard let letter = smallCapital(value) else { return nil }
        return [letter]
    }

    /// Small capitals (U+1D00–U+1D2B and the IPA ones) and IPA letters that are typographic
    /// variants of a Latin letter. Turned, sideways and Greek-shaped ones are left alone.
    private static func smallCapital(_ value: UInt32) -> UInt32? {
        switch value {
        case 0x1D00, 0x0251: return 0x61  // ᴀ ɑ
        case 0x0299, 0x1D03: return 0x62  // ʙ ᴃ
        case 0x1D04: return 0x63  // ᴄ
        case 0x1D05: return 0x64  // ᴅ
        case 0x1D07: return 0x65  // ᴇ
        case 0xA730: return 0x66  // ꜰ
        case 0x0262, 0x0261: return 0x67  // ɢ ɡ
        case 0x029C: return 0x68  // ʜ
        case 0x026A, 0x0269: return 0x69  // ɪ ɩ
        case 0x1D0A: return 0x6A  // ᴊ
        case 0x1D0B: return 0x6B  // ᴋ
        case 0x029F, 0x1D0C: return 0x6C  // ʟ ᴌ
        case 0x1D0D: return 0x6D  // ᴍ
        case 0x0274, 0x1D0E: return 0x6E  // ɴ ᴎ
        case 0x1D0F: return 0x6F  // ᴏ
        case 0x1D18, 0x1D29: return 0x70  // ᴘ ᴩ
        case 0xA7AF: return 0x71  // ꞯ
        case 0x0280, 0x0281, 0x1D19, 0x1D1A: return 0x72  // ʀ ʁ ᴙ ᴚ
        case 0xA731: return 0x73  // ꜱ
        case 0x1D1B: return 0x74  // ᴛ
        case 0x1D1C: return 0x75  // ᴜ
        case 0x1D20: return 0x76  // ᴠ
        case 0x1D21: return 0x77  // ᴡ
        case 0x028F: return 0x79  // ʏ
        case 0x1D22: return 0x7A  // ᴢ
        default: return nil
        }
    }

    /// The Latin letter a Greek or Cyrillic letter looks like. `original` is the scalar as
    /// written, `folded` what the scalar pass made of it: capitals are looked up as written,
    /// because case folding turns `Ν`, `Υ`, `Η` (N, Y, H) into `ν`, `υ`, `η` (v, u, n).
    @inline(__always)
    static func latin(original: UInt32, folded: UInt32) -> UInt32? {
        if let capital = greekCapital(original) { return capital }
        return lowercase(folded)
    }

    /// Greek capitals whose lower-case form looks like another Latin letter or like none.
    /// Cyrillic capitals need no entry: their lower-case forms look like the same letter.
    private static func greekCapital(_ value: UInt32) -> UInt32? {
        switch value {
        case 0x392: return 0x62  // Β
        case 0x396: return 0x7A  // Ζ
        case 0x397: return 0x68  // Η
        case 0x39C: return 0x6D  // Μ
        case 0x39D: return 0x6E  // Ν
        case 0x3A5: return 0x79  // Υ
        default: return nil
        }
    }

    /// Lower-case Cyrillic and Greek letters (and the lower-case forms of capitals) that look
    /// like Latin ones.
    private static func lowercase(_ value: UInt32) -> UInt32? {
        switch value {
        case 0x430: return 0x61  // а
        case 0x432: return 0x62  // в
        case 0x435, 0x451: return 0x65  // е ё
        case 0x43A: return 0x6B  // к
        case 0x43C: return 0x6D  // м
        case 0x43D: return 0x68  // н
        case 0x43E: return 0x6F  // о
        case 0x440: return 0x70  // р
        case 0x441: return 0x63  // с
        case 0x442: return 0x74  // т
        case 0x443, 0x4AF: return 0x79  // у ү
        case 0x445: return 0x78  // х
        case 0x456, 0x457: return 0x69  // і ї
        case 0x458: return 0x6A  // ј
        case 0x455: return 0x73  // ѕ
        case 0x501: return 0x64  // ԁ
        case 0x4BB: return 0x68  // һ
        case 0x51B: return 0x71  // ԛ
        case 0x51D: return 0x77  // ԝ
        case 0x3B1: return 0x61  // α
        case 0x3B5: return 0x65  // ε
        case 0x3B3: return 0x79  // γ
        case 0x3B7: return 0x6E  // η
        case 0x3B9: return 0x69  // ι
        case 0x3BA: return 0x6B  // κ
        case 0x3BD: return 0x76  // ν
        case 0x3BF: return 0x6F  // ο
        case 0x3C1: return 0x70  // ρ
        case 0x3C4: return 0x74  // τ
        case 0x3C5: return 0x75  // υ
        case 0x3C7: return 0x78  // χ
        case 0x3C9: return 0x77  // ω
        case 0x3F2: return 0x63  // ϲ (lunate sigma)
        case 0x3F3: return 0x6A  // ϳ
        default: return nil
        }
    }

    /// The Cyrillic (`greek` false) or Greek letter that the folded Latin `letter` looks like,
    /// for a Greek or Cyrillic word with Latin letters slipped in (`Пepeхoд`, `Aθήvα`).
    /// `isCapital` says how it was written: `H`, `B`, `M`, `T` look like Cyrillic capitals
    /// only. Returns the letter in its folded (lower-case) form, or nil when none looks alike.
    static func greekOrCyrillic(latin letter: UInt32, isCapital: Bool, greek: Bool) -> UInt32? {
        if greek {
            switch letter {
            case 0x61: return 0x3B1  // a α
            case 0x62: return isCapital ? 0x3B2 : nil  // B β
            case 0x65: return 0x3B5  // e ε
            case 0x68: return isCapital ? 0x3B7 : nil  // H η
            case 0x69: return 0x3B9  // i ι
            case 0x6B: return 0x3BA  // k κ
            case 0x6D: return isCapital ? 0x3BC : nil  // M μ
            case 0x6E: return isCapital ? 0x3BD : 0x3B7  // N ν, n η
            case 0x6F: return 0x3BF  // o ο
            case 0x70: return 0x3C1  // p ρ
            case 0x74: return 0x3C4  // t τ
            case 0x75: return 0x3C5  // u υ
            case 0x76: return 0x3BD  // v ν
            case 0x77: return 0x3C9  // w ω
            case 0x78: return 0x3C7  // x χ
            case 0x79: return isCapital ? 0x3C5 : 0x3B3  // Y υ, y γ
            case 0x7A: return isCapital ? 0x3B6 : nil  // Z ζ
            default: return nil
            }
        }
        switch letter {
        case 0x61: return 0x430  // a а
        case 0x62: return isCapital ? 0x432 : nil  // B в
        case 0x63: return 0x441  // c с
        case 0x65: return 0x435  // e е
        case 0x68: return isCapital ? 0x43D : nil  // H н
        case 0x69: return 0x456  // i і
        case 0x6A: return 0x458  // j ј
        case 0x6B: return 0x43A  // k к
        case 0x6D: return isCapital ? 0x43C : nil  // M м
        case 0x6F: return 0x43E  // o о
        case 0x70: return 0x440  // p р
        case 0x73: return 0x455  // s ѕ
        case 0x74: return isCapital ? 0x442 : nil  // T т
        case 0x78: return 0x445  // x х
        case 0x79: return 0x443  // y у
        default: return nil
        }
    }

    /// Whether the post's language is written in Greek or Cyrillic, so that its Greek or
    /// Cyrillic words are real words, whatever they look like.
    static func isGreekOrCyrillicLanguage(_ hint: String?) -> Bool {
        guard let hint else { return false }
        switch CompiledLexicon.baseLanguage(hint) {
        case "el", "grc", "ru", "uk", "be", "bg", "mk", "sr", "kk", "ky", "tg", "mn", "tt", "ba", "cnr":
            return true
        default:
            return false
        }
    }
}
