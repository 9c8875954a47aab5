/// Turns attacker-written text into a canonical form for matching, keeping offsets.
///
/// Two passes. The scalar pass folds each scalar on its own (see `ScalarFolding`). The word
/// pass looks at whole words: it folds Cyrillic/Greek look-alikes inside Latin words, undoes
/// leetspeak inside words (`b0at`, `g@me`, `wats4pp`), joins spaced or dotted letters
/// (`w h a t s a p p`, `ر.ح.ل.ا.ت`) and recognises Arabizi, whose digits stand for Arabic
/// letters and are therefore kept. Punctuation and spacing are kept: extractors need `4.5k`
/// and `+90 555`; the matcher treats every separator run as one space.
public enum Normaliser {
    /// How digits inside words are read.
    public enum Mode: Sendable {
        /// Posts: leetspeak digits inside words become letters unless the word is Arabizi.
        case post
        /// Lexicon phrases: digits are kept as written, so Arabizi phrases stay Arabizi.
        case phrase
    }

    /// Normalises `text`. `languageHint` (the post's `lang`) only helps to tell Arabizi from
    /// leetspeak; the result is deterministic for the same arguments.
    public static func normalise(_ text: String, languageHint: String? = nil, mode: Mode = .post) -> NormalizedText {
        var folded: [UInt32] = []
        var foldedOrigins: [Int32] = []
        folded.reserveCapacity(text.utf8.count)
        foldedOrigins.reserveCapacity(text.utf8.count)
        let folding = ScalarFolding.shared
        var offset: Int32 = 0
        for scalar in text.unicodeScalars {
            folding.fold(scalar.value, origin: offset, into: &folded, origins: &foldedOrigins)
            offset &+= 1
        }
        var pass = WordPass(scalars: folded, origins: foldedOrigins, languageHint: languageHint, mode: mode)
        pass.run()
        return NormalizedText(scalars: pass.output, origins: pass.outputOrigins,
                              originalCount: Int(offset), arabiziWordCount: pass.arabiziWords)
    }
}

/// The word-level pass of `Normaliser`.
struct WordPass {
    let scalars: [UInt32]
    let origins: [Int32]
    let mode: Normaliser.Mode
    let languageHint: String?
    var output: [UInt32] = []
    var outputOrigins: [Int32] = []
    var arabiziWords = 0

    init(scalars: [UInt32], origins: [Int32], languageHint: String?, mode: Normaliser.Mode) {
        self.scalars = scalars
        self.origins = origins
        self.languageHint = languageHint
        self.mode = mode
        output.reserveCapacity(scalars.count)
        outputOrigins.reserveCapacity(scalars.count)
    }

    /// Separators between spaced-out letters (`w h a t s`, `w.h.a.t.s`, `w-h-a-t-s`).
    @inline(__always)
    static func isLetterSpacer(_ value: UInt32) -> Bool {
        value == 0x20 || value == 0x2E || value == 0x2D || value == 0x5F || value == 0x2A || value == 0xB7
            || value == 0x2022 || value == 0x7C
    }

    /// End of the word starting at `start`: letters and digits, plus `@`/`$` between letters.
    func wordEnd(from start: Int) -> Int {
        var index = start
        let count = scalars.count
        while index < count {
            let value = scalars[index]
            if ScalarKind.isWordScalar(value) {
                index += 1
            } else if (value == 0x40 || value == 0x24) && index > start && index + 1 < count
                        && ScalarKind.isLetter(scalars[index - 1]) && ScalarKind.isLetter(scalars[index + 1]) {
                index += 1
            } else {
                break
            }
        }
        return index
    }

    mutating func run() {
        let words = collectWords()
        let context = mode == .post && (isArabicHint || words.contains { hasArabiziMarker($0) })
        var cursor = 0
        var wordIndex = 0
        let count = scalars.count
        while cursor < count {
            if wordIndex < words.count && words[wordIndex].lowerBound == cursor {
                if let joined = spacedRun(at: wordIndex, words: words) {
                    for index in joined.letters { emit(scalars[index], index) }
                    cursor = joined.end
                    wordIndex = joined.nextWord
                    continue
                }
                emitWord(words[wordIndex], arabiziContext: context)
                cursor = words[wordIndex].upperBound
                wordIndex += 1
                continue
            }
            emit(scalars[cursor], cursor)
            cursor += 1
        }
    }

    private var isArabicHint: Bool {
        guard let hint = languageHint?.lowercased() else { return false }
        return hint == "ar" || hint.hasPrefix("ar-") || hint.hasPrefix("ar_") || hint == "arz" || hint == "ary"
            || hint == "apc" || hint == "aeb"
    }

    private func collectWords() -> [Range<Int>] {
        var words: [Range<Int>] = []
        var index = 0
        while index < scalars.count {
            if ScalarKind.isWordScalar(scalars[index]) {
                let end = wordEnd(from: index)
                words.append(index..<end)
                index = end
            } else {
                index += 1
            }
        }
        return words
    }

    @inline(__always)
    private mutating func emit(_ value: UInt32, _ index: Int) {
        output.append(value)
        outputOrigins.append(origins[index])
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

    private mutating func emitWord(_ word: Range<Int>, arabiziContext: Bool) {
        var latin = 0
        var lookalikes = 0
        var letters = 0
        var digits = 0
        for index in word {
            let value = scalars[index]
            let script = ScalarKind.script(value)
            if script == .latin { latin += 1 }
            if script != .none { letters += 1 } else { digits += 1 }
            if ScalarKind.latinLookalike(value) != nil { lookalikes += 1 }
        }
        let latinWord = latin > 0
        if latinWord && digits > 0 && mode == .post {
            let arabizi = hasArabiziMarker(word) || (arabiziContext && containsDigitNextToLetter(word, digit: 0x33))
            if arabizi {
                arabiziWords += 1
                for index in word { emit(fixLookalike(scalars[index], latinWord: true), index) }
                return
            }
        }
        let leet = mode == .post && latinWord && letters >= 2 && letters > digits
        var previousIsLetter = false
        for index in word {
            let value = scalars[index]
            if ScalarKind.isLetter(value) {
                emit(fixLookalike(value, latinWord: latinWord && lookalikes < letters), index)
                previousIsLetter = true
            } else if leet && previousIsLetter, let letter = Self.leetLetter(value) {
                emit(letter, index)
            } else {
                emit(value, index)
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

    @inline(__always)
    private func fixLookalike(_ value: UInt32, latinWord: Bool) -> UInt32 {
        guard latinWord, value >= 0x370, let latin = ScalarKind.latinLookalike(value) else { return value }
        return latin
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

    /// A run of at least three one-letter words of the same script, each separated by the same
    /// single spacer: the letters to emit, where to continue, and the next word to look at.
    private func spacedRun(at wordIndex: Int, words: [Range<Int>]) -> (letters: [Int], end: Int, nextWord: Int)? {
        let first = words[wordIndex]
        guard first.count == 1, ScalarKind.isLetter(scalars[first.lowerBound]) else { return nil }
        let script = ScalarKind.script(scalars[first.lowerBound])
        guard first.upperBound < scalars.count else { return nil }
        let spacer = scalars[first.upperBound]
        guard Self.isLetterSpacer(spacer) else { return nil }
        var letters = [first.lowerBound]
        var next = wordIndex + 1
        while next < words.count {
            let word = words[next]
            let previousEnd = words[next - 1].upperBound
            guard word.count == 1, word.lowerBound == previousEnd + 1, scalars[previousEnd] == spacer,
                  ScalarKind.script(scalars[word.lowerBound]) == script else { break }
            letters.append(word.lowerBound)
            next += 1
        }
        guard letters.count >= 3 else { return nil }
        return (letters, words[next - 1].upperBound, next)
    }
}
