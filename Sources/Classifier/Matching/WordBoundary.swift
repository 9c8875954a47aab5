/// Word-boundary rules for phrase matches.
///
/// A phrase must start and end at word boundaries, with three exceptions: scripts written
/// without spaces (Thai, CJK, ...) have no boundaries to check; Arabic-script phrases may follow
/// an attached clitic (`و`, `ب`, `ال`, `لل`, ...) and be followed by a common suffix (`ه`, `ات`,
/// `ها`, ...); stems (`guarantee*`) may end inside a word.
enum WordBoundary {
    /// Clitics written attached to the next word, after normalisation (ة→ه, أ→ا, ی→ي, ک→ك).
    static let arabicPrefixes: Set<[UInt32]> = Set([
        "و", "ف", "ب", "ل", "ك", "ال", "لل", "بال", "وال", "فال", "كال", "ولل", "وب", "ول", "فب", "فل", "عال", "ع", "وبال",
        "س", "وس", "بي", "مي", "ن", "ه", "با", "بو",
    ].map { Array($0.unicodeScalars.map(\.value)) })
    /// The longest clitic and suffix in the sets above: longer candidates are rejected before
    /// building an array to look up (most Arabic phrases inside longer words).
    static let longestAffix = 4
    /// Inflection and possessive suffixes (Arabic, Persian, Kurdish, Urdu), normalised.
    static let arabicSuffixes: Set<[UInt32]> = Set([
        "ه", "ا", "ي", "ك", "م", "ت", "ش", "ن", "ات", "ها", "ين", "ون", "نا", "كم", "هم", "وا", "ني", "يه", "ان", "هاي", "يان",
        "هكه", "هكان", "كه", "كان", "مان", "تان", "شان", "يي", "ى", "تي", "ته", "يا", "ىا", "وه", "يت", "ري", "ده", "دا", "يك",
    ].map { Array($0.unicodeScalars.map(\.value)) })

    @inline(__always)
    static func isArabic(_ value: UInt32) -> Bool { ScalarKind.script(value) == .arabic }

    static func leftOK(_ scalars: [UInt32], _ start: Int, allowDigit: Bool, allowClitics: Bool = true) -> Bool {
        guard start > 0 else { return true }
        let before = scalars[start - 1]
        if !ScalarKind.isWordScalar(before) { return true }
        if allowDigit && ScalarKind.isDigit(before) { return true }
        let first = scalars[start]
        if !ScalarKind.isWordScalar(first) { return true }
        if ScalarKind.isUnspaced(first) || ScalarKind.isUnspaced(before) { return true }
        guard allowClitics, isArabic(first), isArabic(before) else { return false }
        var wordStart = start - 1
        while wordStart > 0 && isArabic(scalars[wordStart - 1]) { wordStart -= 1 }
        guard wordStart == 0 || !ScalarKind.isWordScalar(scalars[wordStart - 1]) else { return false }
        guard start - wordStart <= longestAffix else { return false }
        return arabicPrefixes.contains(Array(scalars[wordStart..<start]))
    }

    static func rightOK(_ scalars: [UInt32], _ end: Int, stem: Bool, firstOfMatch: UInt32) -> Bool {
        guard end < scalars.count else { return true }
        let after = scalars[end]
        if !ScalarKind.isWordScalar(after) { return true }
        if stem { return true }
        if ScalarKind.isUnspaced(after) || ScalarKind.isUnspaced(scalars[end - 1]) { return true }
        // Emoji patterns and currency symbols end wherever they end.
        if !ScalarKind.isWordScalar(scalars[end - 1]) { return true }
        guard isArabic(after), isArabic(scalars[end - 1]) else { return false }
        var wordEnd = end
        while wordEnd < scalars.count && isArabic(scalars[wordEnd]) { wordEnd += 1 }
        guard wordEnd == scalars.count || !ScalarKind.isWordScalar(scalars[wordEnd]) else { return false }
        guard wordEnd - end <= longestAffix else { return false }
        return arabicSuffixes.contains(Array(scalars[end..<wordEnd]))
    }
}
