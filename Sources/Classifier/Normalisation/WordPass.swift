/// The word-level pass of `Normaliser`. Works in place: leetspeak and look-alike folding
/// replace one scalar by one scalar; only joined spaced letters remove scalars (the spacers),
/// which happens in one compaction at the end. Whole Greek or Cyrillic words are folded at
/// the end too, once the whole post has been seen (see `WordPass+LookAlikes.swift`).
///
/// Works on the normaliser's arrays through buffer pointers, valid while `run` runs: array
/// accesses from a mutating method re-check bounds and reload the array on every read, and
/// the pass reads every scalar.
struct WordPass {
    let scalars: UnsafeMutableBufferPointer<UInt32>
    let origins: UnsafeMutableBufferPointer<Int32>
    /// The text as written, indexed by `origins`: folding lost the case that tells Greek `Ν`
    /// (N) from `ν` (v).
    let originals: UnsafeBufferPointer<UInt32>
    let mode: Normaliser.Mode
    let languageHint: String?
    /// `Normaliser.currentRevision` or an earlier one.
    let revision: Int
    var arabiziWords = 0
    /// Digits, `+` and `@`, for the extractors (see `NormalizedText.extractionStarts`).
    var extractionStarts: [Int] = []
    /// Computed on first need: most posts have no word that mixes letters and digits.
    private var arabiziContext: Bool?
    private var removals: [Int] = []
    /// What the post shows of Greek and Cyrillic letters, for words written only in them.
    var lookAlikes = LookAlikeEvidence()

    init(scalars: UnsafeMutableBufferPointer<UInt32>, origins: UnsafeMutableBufferPointer<Int32>,
         originals: UnsafeBufferPointer<UInt32>, languageHint: String?, mode: Normaliser.Mode, revision: Int = Normaliser.currentRevision) {
        self.scalars = scalars
        self.origins = origins
        self.originals = originals
        self.languageHint = languageHint
        self.mode = mode
        self.revision = revision
    }

    /// Separators between spaced-out letters (`w h a t s`, `w.h.a.t.s`, `w-h-a-t-s`).
    @inline(__always)
    static func isLetterSpacer(_ value: UInt32) -> Bool {
        value == 0x20 || value == 0x2E || value == 0x2D || value == 0x5F || value == 0x2A || value == 0xB7
            || value == 0x2022 || value == 0x7C
    }

    /// What `wordEnd` saw: only words with digits, `@`/`$` or non-ASCII letters need work.
    struct WordShape {
        var end: Int
        var needsWork: Bool
    }

    /// End of the word starting at `start`: letters and digits, plus `@`/`$` between letters.
    /// Inlined: it runs once per word, and the call cost as much as a short word's scan.
    @inline(__always)
    func wordEnd(from start: Int) -> WordShape {
        var index = start
        var needsWork = false
        let count = scalars.count
        while index < count {
            let value = scalars[index]
            if value >= 0x61 && value <= 0x7A {
                index += 1
            } else if ScalarKind.isDigit(value) {
                needsWork = true
                index += 1
            } else if value >= 0x80 && ScalarKind.isLetter(value) {
                if value < 0x600 { needsWork = true }  // Greek and Cyrillic letters, maybe look-alikes
                index += 1
            } else if (value == 0x40 || value == 0x24) && index > start && index + 1 < count
                        && ScalarKind.isLetter(scalars[index - 1]) && ScalarKind.isLetter(scalars[index + 1]) {
                needsWork = true
                index += 1
            } else {
                break
            }
        }
        return WordShape(end: index, needsWork: needsWork)
    }

    /// Runs the pass; returns how many scalars (and origins) are kept at the front of the
    /// buffers after joined spaced letters lost their spacers.
    mutating func run() -> Int {
        let count = scalars.count
        var index = 0
        while index < count {
            let value = scalars[index]
            guard ScalarKind.isWordScalar(value) else {
                if value == 0x2B || value == 0x40 { extractionStarts.append(index) }
                index += 1
                continue
            }
            let shape = wordEnd(from: index)
            // A one-letter word: one scalar, or an Indic letter with its signs (checked only then).
            if shape.end == index + 1
                || (revision >= 2 && shape.end - index <= Self.maxUnitLength && scalars[index] >= 0x900 && unitEnd(at: index) == shape.end),
               let runEnd = joinSpacedRun(at: index) {
                index = runEnd
                continue
            }
            // Only words that need work can hold digits or `@`.
            if shape.needsWork {
                for position in index..<shape.end where ScalarKind.isDigit(scalars[position]) || scalars[position] == 0x40 {
                    extractionStarts.append(position)
                }
                fixWord(index..<shape.end)
            }
            index = shape.end
        }
        if !lookAlikes.candidates.isEmpty { foldDisguisedWords() }
        return removals.isEmpty ? count : compact()
    }

    private func compact() -> Int {
        var kept = 0
        var next = 0
        for index in 0..<scalars.count {
            if next < removals.count && removals[next] == index {
                next += 1
                continue
            }
            scalars[kept] = scalars[index]
            origins[kept] = origins[index]
            kept += 1
        }
        return kept
    }

    private var isArabicHint: Bool {
        guard let hint = languageHint?.lowercased() else { return false }
        return hint == "ar" || hint.hasPrefix("ar-") || hint.hasPrefix("ar_") || hint == "arz" || hint == "ary"
            || hint == "apc" || hint == "aeb"
    }

    /// Whether the post is written in Arabizi: an Arabic language hint, or any word with an
    /// Arabizi-only digit.
    private mutating func isArabiziContext() -> Bool {
        if let arabiziContext { return arabiziContext }
        var found = isArabicHint
        var index = 0
        while !found && index < scalars.count {
            guard ScalarKind.isWordScalar(scalars[index]) else {
                index += 1
                continue
            }
            let end = wordEnd(from: index).end
            found = hasArabiziMarker(index..<end)
            index = end
        }
        arabiziContext = found
        return found
    }

    /// Arabizi-only digits: `2` (hamza), `5` (kha), `7` (ha), `9` (qaf/sad) next to Latin
    /// letters, or a leading `3` (ain) as in `3al`, `3and`.
    private func hasArabiziMarker(_ word: Range<Int>) -> Bool {
        var hasLatin = false
        var marker = false
        for index in word {
            let value = scalars[index]
            if ScalarKind.script(value) == .latin { hasLatin = true; continue }
            guard value == 0x32 || value == 0x35 || value == 0x37 || value == 0x39 || (value == 0x33 && index == word.lowerBound) else {
                continue
            }
            let before = index > word.lowerBound && ScalarKind.script(scalars[index - 1]) == .latin
            let after = index + 1 < word.upperBound && ScalarKind.script(scalars[index + 1]) == .latin
            if before || after { marker = true }
        }
        return hasLatin && marker
    }

    private mutating func fixWord(_ word: Range<Int>) {
        var latin = 0
        var greekOrCyrillic = 0
        var letters = 0
        var digits = 0
        for index in word {
            let script = ScalarKind.script(scalars[index])
            if script == .latin { latin += 1 }
            if script == .greek || script == .cyrillic { greekOrCyrillic += 1 }
            if script != .none { letters += 1 } else { digits += 1 }
        }
        guard latin > 0 else {
            if greekOrCyrillic > 0 { noteGreekOrCyrillicWord(word) }
            return
        }
        if greekOrCyrillic > 0 {
            if revision >= 2 { foldMixedWord(word) } else { foldLookAlikesInLatinWord(word) }
        }
        readDigits(word, letters: letters, digits: digits)
    }

    /// Reads the digits, `@` and `$` of a Latin word (`digits` of them): Arabizi keeps them,
    /// leetspeak turns them into letters.
    mutating func readDigits(_ word: Range<Int>, letters: Int, digits: Int) {
        guard digits > 0, mode == .post else { return }
        if hasArabiziMarker(word) || (containsDigitNextToLetter(word, digit: 0x33) && isArabiziContext()) {
            arabiziWords += 1
            return
        }
        guard letters >= 2 && letters > digits else { return }
        var previousIsLetter = false
        for index in word {
            let value = scalars[index]
            if ScalarKind.isLetter(value) {
                previousIsLetter = true
            } else if previousIsLetter, let letter = Self.leetLetter(value) {
                scalars[index] = letter
            } else {
                previousIsLetter = false
            }
        }
    }

    private func containsDigitNextToLetter(_ word: Range<Int>, digit: UInt32) -> Bool {
        for index in word where scalars[index] == digit {
            if index > word.lowerBound && ScalarKind.isLetter(scalars[index - 1]) { return true }
            if index + 1 < word.upperBound && ScalarKind.isLetter(scalars[index + 1]) { return true }
        }
        return false
    }

    static func leetLetter(_ value: UInt32) -> UInt32? {
        switch value {
        case 0x30: return 0x6F  // 0 -> o
        case 0x31: return 0x69  // 1 -> i
        case 0x33: return 0x65  // 3 -> e
        case 0x34: return 0x61  // 4 -> a
        case 0x35: return 0x73  // 5 -> s
        case 0x37: return 0x74  // 7 -> t
        case 0x38: return 0x62  // 8 -> b
        case 0x40: return 0x61  // @ -> a
        case 0x24: return 0x73  // $ -> s
        default: return nil
        }
    }

    /// Scalars in one spaced unit at most: a letter and its signs (`তা`, `লি`, `क्ष`).
    static let maxUnitLength = 4

    /// Where the one-letter word at `index` ends, if it is one: a letter, followed in the
    /// Indic scripts by its vowel signs and marks (`তা`), then no other letter or digit.
    @inline(__always)
    private func unitEnd(at index: Int) -> Int? {
        let count = scalars.count
        guard index < count, ScalarKind.isLetter(scalars[index]) else { return nil }
        var end = index + 1
        if revision >= 2 && scalars[index] >= 0x900 && scalars[index] <= 0xDFF {
            while end < count, end - index < Self.maxUnitLength, Self.isIndicSign(scalars[end]) { end += 1 }
        }
        guard end == count || !ScalarKind.isWordScalar(scalars[end]) else { return nil }
        return end
    }

    /// Vowel signs, viramas and other marks of the Indic scripts, which belong to the letter
    /// before them.
    private static func isIndicSign(_ value: UInt32) -> Bool {
        guard value >= 0x900 && value <= 0xDFF, let scalar = Unicode.Scalar(value) else { return false }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }

    /// Joins a run of at least three one-letter words of the same script, separated by the same
    /// single spacer (`w h a t s`, `g.a.m.e`, `ر.ح.ل.ا.ت`, `ই তা লি`: a letter with its signs
    /// is one letter here). Returns where the run ends, or nil.
    /// A Greek or Cyrillic run is judged like a word of those letters (`Β Ο Α Τ`).
    private mutating func joinSpacedRun(at start: Int) -> Int? {
        let count = scalars.count
        let first = scalars[start]
        guard ScalarKind.isLetter(first), var end = unitEnd(at: start), end + 1 < count else { return nil }
        let spacer = scalars[end]
        guard Self.isLetterSpacer(spacer) else { return nil }
        let script = ScalarKind.script(first)
        // The spacers go straight into `removals`, and out again if the run is too short.
        let mark = removals.count
        while end + 1 < count, scalars[end] == spacer, ScalarKind.script(scalars[end + 1]) == script,
              let next = unitEnd(at: end + 1) {
            removals.append(end)
            end = next
        }
        guard removals.count - mark >= 2 else {
            removals.removeSubrange(mark...)
            return nil
        }
        if script == .greek || script == .cyrillic { noteGreekOrCyrillicWord(start..<end) }
        return end
    }
}
