/// Makes attacker-controlled text (post text, handles, URLs, ids, fields) safe to show.
///
/// Everything a post carries is written by whoever posted or scraped it. Reports show it, never
/// interpret it: markup is escaped for each format, and characters that change how the
/// surrounding text reads (bidi overrides, invisible separators, control characters) are replaced
/// by a visible `[U+XXXX]` marker, so a reviewer sees that they were there.
public enum SafeText {
    /// Bidi embedding, override and isolate controls, and the implicit marks: each can reorder
    /// what a reviewer reads ("Trojan Source").
    public static let bidiControls: Set<UInt32> = [
        0x061C, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069,
    ]

    /// Invisible characters that only hide words from filters (zero-width space, word joiner, BOM,
    /// interlinear annotations), line separators, and the noncharacters XML forbids.
    /// ZWJ and ZWNJ stay: emoji sequences and Persian spelling need them.
    static let invisibles: Set<UInt32> = [0x200B, 0x2060, 0xFEFF, 0x2028, 0x2029, 0xFFF9, 0xFFFA, 0xFFFB, 0xFFFE, 0xFFFF]

    /// Whether a scalar is replaced by a visible marker.
    public static func needsMarker(_ scalar: Unicode.Scalar, keepNewlines: Bool = true) -> Bool {
        let value = scalar.value
        if bidiControls.contains(value) || invisibles.contains(value) { return true }
        if value == 0x0A || value == 0x09 { return !keepNewlines }
        return value < 0x20 || (0x7F...0x9F).contains(value)
    }

    /// The text with bidi controls, invisible separators and control characters (other than line
    /// feed and tab when `keepNewlines`) replaced by `[U+XXXX]`.
    public static func neutralised(_ text: String, keepNewlines: Bool = true) -> String {
        guard text.unicodeScalars.contains(where: { needsMarker($0, keepNewlines: keepNewlines) }) else { return text }
        var result = String.UnicodeScalarView()
        let scalars = Array(text.unicodeScalars)
        for (index, scalar) in scalars.enumerated() {
            // Windows line ends are line ends, not a control character worth a marker.
            if keepNewlines, scalar == "\r", index + 1 < scalars.count, scalars[index + 1] == "\n" { continue }
            if needsMarker(scalar, keepNewlines: keepNewlines) {
                result.append(contentsOf: marker(scalar).unicodeScalars)
            } else {
                result.append(scalar)
            }
        }
        return String(result)
    }

    /// `[U+202E]`: what a reviewer sees in place of a neutralised character.
    public static func marker(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "[U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + "]"
    }

    /// Neutralised and escaped for HTML (or XML) text and quoted attribute values.
    ///
    /// Works on Unicode scalars, never on `Character`s: a combining mark after `<` or `"` makes
    /// one grapheme of the two, which a `Character` comparison would let through unescaped.
    public static func html(_ text: String, keepNewlines: Bool = true) -> String {
        var result = String.UnicodeScalarView()
        for scalar in neutralised(text, keepNewlines: keepNewlines).unicodeScalars {
            switch scalar {
            case "&": result.append(contentsOf: "&amp;".unicodeScalars)
            case "<": result.append(contentsOf: "&lt;".unicodeScalars)
            case ">": result.append(contentsOf: "&gt;".unicodeScalars)
            case "\"": result.append(contentsOf: "&quot;".unicodeScalars)
            case "'": result.append(contentsOf: "&#39;".unicodeScalars)
            default: result.append(scalar)
            }
        }
        return String(result)
    }

    /// At most `limit` Unicode scalars, with an ellipsis when cut. Scalars, not `Character`s: one
    /// grapheme can hold any number of combining marks, so a `Character` count bounds nothing.
    public static func truncated(_ text: String, to limit: Int) -> String {
        guard text.unicodeScalars.count > limit else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.prefix(max(0, limit - 1)))) + "…"
    }
}
