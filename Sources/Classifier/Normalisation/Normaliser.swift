/// Turns attacker-written text into a canonical form for matching, keeping offsets.
///
/// Two passes. The scalar pass folds each scalar on its own (see `ScalarFolding`); Ethiopic
/// numerals, the only ones that are not positional, then become decimal numbers (see
/// `EthiopicNumerals`). The word pass looks at whole words: it folds Cyrillic/Greek
/// look-alikes inside Latin words and whole words of them in disguised posts, undoes
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
    /// leetspeak and real Greek or Cyrillic words from disguised Latin ones; the result is
    /// deterministic for the same arguments.
    /// The normaliser's revision. 2 folds Latin letters inside Greek and Cyrillic words into
    /// those alphabets and joins spaced Indic letters with their signs; 1 did neither. A
    /// ruleset names the revision it was fitted with (`normalisation`), so its recorded
    /// decisions replay unchanged.
    public static let currentRevision = 2

    public static func normalise(_ text: String, languageHint: String? = nil, mode: Mode = .post,
                                 revision: Int = currentRevision) -> NormalizedText {
        var text = text  // `withUTF8` needs contiguous UTF-8; native strings already are
        var (originals, scalars, origins, hasEthiopicNumerals) = text.withUTF8 { ScalarFolding.shared.fold(utf8: $0) }
        if hasEthiopicNumerals { EthiopicNumerals.rewrite(&scalars, &origins) }
        var arabiziWords = 0
        var extractionStarts: [Int] = []
        let kept = scalars.withUnsafeMutableBufferPointer { scalars in
            origins.withUnsafeMutableBufferPointer { origins in
                originals.withUnsafeBufferPointer { originals in
                    var pass = WordPass(scalars: scalars, origins: origins, originals: originals,
                                        languageHint: languageHint, mode: mode, revision: revision)
                    let kept = pass.run()
                    arabiziWords = pass.arabiziWords
                    extractionStarts = pass.extractionStarts
                    return kept
                }
            }
        }
        if kept < scalars.count {
            scalars.removeLast(scalars.count - kept)
            origins.removeLast(origins.count - kept)
            // Removing the spacers shifted the indices noted during the pass.
            extractionStarts = ExtractionStarts.scan(scalars)
        }
        return NormalizedText(scalars: scalars, origins: origins, originalScalars: originals,
                              arabiziWordCount: arabiziWords, extractionStarts: extractionStarts)
    }
}
