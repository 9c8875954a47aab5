/// Greek and Cyrillic letters that stand in for Latin ones (`bοat`, `ΙΤΑLΥ`, `ΒΟΑΤ ΤΟ ...`).
///
/// Inside a word that also has Latin letters a look-alike is always a disguise: no language
/// mixes the alphabets within a word, so those fold at once. A word written only in Greek or
/// Cyrillic letters may be a real word, and `Το` (Greek "the") or `он` (Russian "he") look
/// as Latin as `ΤΟ` in `ΒΟΑΤ ΤΟ ΙΤΑLΥ`; so the word alone cannot tell. Such a word is read as
/// Latin only when all of these hold:
/// 1. the language hint is not a language written in Greek or Cyrillic (el, ru, uk, be, bg,
///    mk, sr, kk, ky, tg, mn, ...; see `LookAlikes.isGreekOrCyrillicLanguage`);
/// 2. every letter of the word has a Latin look-alike (`ΒΟΑΤ`, `ТАХІ`, not `σκάφος`);
/// 3. the post shows a disguise: a word that mixes Latin letters with Greek or Cyrillic
///    look-alikes, or Greek with Cyrillic letters (`ΙΤΑLΥ`, `LОNDОN`); or Latin letters
///    outnumber the post's Greek and Cyrillic ones (a Greek word among English ones); or the
///    post's Greek and Cyrillic letters are all capitals with look-alikes, at least
///    `LookAlikeEvidence.wholePostMinimum` of them (`ΒΟΑΤ ΤΟ ΚΟЅ`: a Greek or Russian sentence
///    that long hardly does without `Σ`, `Λ`, `Π`, `И`, `Л`, `Д`, ...). Lower-case letters do
///    not count there: too many real words are made of `α ε ι κ ν ο τ` or `а в е к м н о р с т`
///    alone (`και το`, `все на море`).
/// Real Greek and Cyrillic posts keep their letters: they fail 3, and with a hint also 1.
/// Lexicon phrases (`Normaliser.Mode.phrase`) are never folded whole: they are written in
/// their language by us, not disguised. The decision waits for the end of the pass, when the
/// whole post has been seen; only posts with Greek or Cyrillic letters pay for it.
extension WordPass {
    /// What the pass has seen of Greek and Cyrillic letters.
    struct LookAlikeEvidence {
        /// Posts whose Greek and Cyrillic letters are all capital look-alikes count as
        /// disguised from this many of them on.
        static let wholePostMinimum = 8
        /// Words (or spaced runs) of Greek or Cyrillic letters that all have look-alikes.
        var candidates: [Range<Int>] = []
        /// Words mixing Latin letters with Greek or Cyrillic look-alikes, or Greek with Cyrillic.
        var mixedWords = 0
        /// Greek and Cyrillic letters in words without Latin letters that have look-alikes,
        /// and how many of those were written as capitals...
        var lookAlikeLetters = 0
        var capitalLookAlikes = 0
        /// ...and Greek and Cyrillic letters anywhere that have none.
        var otherLetters = 0
    }

    /// The Latin letter the Greek or Cyrillic letter at `index` looks like, if any.
    @inline(__always)
    func latinLookAlike(at index: Int) -> UInt32? {
        LookAlikes.latin(original: originals[Int(origins[index])], folded: scalars[index])
    }

    @inline(__always)
    static func isGreekOrCyrillic(_ value: UInt32) -> Bool {
        let script = ScalarKind.script(value)
        return script == .greek || script == .cyrillic
    }

    /// Folds the look-alikes of a word that mixes Latin letters with Greek or Cyrillic ones.
    ///
    /// Which way depends on the word. A Greek or Cyrillic letter with no Latin look-alike
    /// (`п`, `д`, `λ`, `θ`) says the word is Greek or Cyrillic with Latin letters slipped in
    /// (`Пepeхoд`, `Aθήvα`): its Latin letters take that alphabet's look-alikes, provided all
    /// of them have one and the word holds one alphabet only. Otherwise the word is Latin in
    /// disguise (`bοat`, `ΙΤΑLΥ`) and its Greek and Cyrillic look-alikes become Latin.
    mutating func foldMixedWord(_ word: Range<Int>) {
        if foldLatinInGreekOrCyrillicWord(word) { return }
        foldLookAlikesInLatinWord(word)
    }

    /// Folds the Latin letters of a Greek or Cyrillic word into that alphabet, if the word is
    /// one (see `foldMixedWord`). Returns whether it did.
    private mutating func foldLatinInGreekOrCyrillicWord(_ word: Range<Int>) -> Bool {
        var native = 0
        var greek = false
        var cyrillic = false
        for index in word {
            switch ScalarKind.script(scalars[index]) {
            case .greek:
                greek = true
                if latinLookAlike(at: index) == nil { native += 1 }
            case .cyrillic:
                cyrillic = true
                if latinLookAlike(at: index) == nil { native += 1 }
            default:
                continue
            }
        }
        guard native > 0, greek != cyrillic else { return false }
        func alike(_ index: Int) -> UInt32? {
            let isCapital = Unicode.Scalar(originals[Int(origins[index])])?.properties.isUppercase == true
            return LookAlikes.greekOrCyrillic(latin: scalars[index], isCapital: isCapital, greek: greek)
        }
        for index in word where ScalarKind.script(scalars[index]) == .latin && alike(index) == nil { return false }
        for index in word where ScalarKind.script(scalars[index]) == .latin {
            if let letter = alike(index) { scalars[index] = letter }
        }
        // Real Greek or Cyrillic text: evidence against reading the post's other words as Latin.
        lookAlikes.otherLetters += native
        return true
    }

    /// Folds the look-alikes of a word that has Latin letters.
    mutating func foldLookAlikesInLatinWord(_ word: Range<Int>) {
        var folded = false
        for index in word where Self.isGreekOrCyrillic(scalars[index]) {
            if let latin = latinLookAlike(at: index) {
                scalars[index] = latin
                folded = true
            } else {
                lookAlikes.otherLetters += 1
            }
        }
        if folded { lookAlikes.mixedWords += 1 }
    }

    /// Notes a word (or spaced run) without Latin letters: a candidate if all its Greek and
    /// Cyrillic letters have look-alikes and it has no letter of another script.
    mutating func noteGreekOrCyrillicWord(_ word: Range<Int>) {
        var greek = false
        var cyrillic = false
        var lookAlikeLetters = 0
        var capitals = 0
        var otherLetters = 0
        var otherScript = false
        for index in word {
            let script = ScalarKind.script(scalars[index])
            switch script {
            case .greek, .cyrillic:
                if script == .greek { greek = true } else { cyrillic = true }
                guard latinLookAlike(at: index) != nil else {
                    otherLetters += 1
                    continue
                }
                lookAlikeLetters += 1
                if Unicode.Scalar(originals[Int(origins[index])])?.properties.isUppercase == true { capitals += 1 }
            case .none:
                continue
            default:
                otherScript = true
            }
        }
        lookAlikes.lookAlikeLetters += lookAlikeLetters
        lookAlikes.capitalLookAlikes += capitals
        lookAlikes.otherLetters += otherLetters
        guard otherLetters == 0, !otherScript, lookAlikeLetters > 0 else { return }
        if greek && cyrillic { lookAlikes.mixedWords += 1 }
        lookAlikes.candidates.append(word)
    }

    /// Folds the candidate words if the post is disguised (rule 3 above), then reads their
    /// digits as in any Latin word (`ΒΟ4Τ`).
    mutating func foldDisguisedWords() {
        guard mode == .post, !LookAlikes.isGreekOrCyrillicLanguage(languageHint), isDisguised() else { return }
        for word in lookAlikes.candidates {
            var letters = 0
            var digits = 0
            for index in word {
                let value = scalars[index]
                if Self.isGreekOrCyrillic(value), let latin = latinLookAlike(at: index) {
                    scalars[index] = latin
                    letters += 1
                } else if ScalarKind.isLetter(value) {
                    letters += 1
                } else if ScalarKind.isDigit(value) || value == 0x40 || value == 0x24 {
                    digits += 1
                }
            }
            readDigits(word, letters: letters, digits: digits)
        }
    }

    private func isDisguised() -> Bool {
        if lookAlikes.mixedWords > 0 { return true }
        if lookAlikes.otherLetters == 0 && lookAlikes.capitalLookAlikes == lookAlikes.lookAlikeLetters
            && lookAlikes.lookAlikeLetters >= LookAlikeEvidence.wholePostMinimum {
            return true
        }
        var latin = 0
        var greekOrCyrillic = 0
        for value in scalars {
            switch ScalarKind.script(value) {
            case .latin: latin += 1
            case .greek, .cyrillic: greekOrCyrillic += 1
            default: break
            }
        }
        return latin > greekOrCyrillic
    }
}
