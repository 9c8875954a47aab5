/// The ruleset's phrases, places, currencies and multipliers compiled into one automaton,
/// with the word-boundary rules applied to its raw matches.
///
/// A class, so that a classifier hands it to each post's scan with one reference instead of
/// copying a struct of a dozen arrays (a retain and a release each) per post.
final class CompiledLexicon: Sendable {
    let automaton: PhraseAutomaton
    let kinds: [PatternKind]
    /// Stems may end inside a word (`guarantee*` matches `guaranteed`).
    let isStem: [Bool]
    /// Arabic clitics (`و`, `ب`, `ال`, ...) may precede Arabic phrases and multilingual
    /// names, but not Persian, Pashto, Kurdish or Urdu phrases: `لپاره` is not `ل` + `پاره`.
    let allowsClitics: [Bool]
    /// For short phrases of a language other than English: that language. Words of three
    /// letters or fewer collide across languages that share a script (Urdu `بس` "bus" is
    /// Arabic `بس` "only"), so they only match posts in their language or without a language.
    /// English and `any` phrases match everywhere: posts mix in English freely.
    let shortPhraseLanguage: [String?]
    static let shortPhraseLimit = 3

    init(ruleset: Ruleset) {
        var patterns: [[UInt32]] = []
        var kinds: [PatternKind] = []
        var stems: [Bool] = []
        var clitics: [Bool] = []
        var languages: [String?] = []
        func add(_ text: String, _ kind: PatternKind, stem: Bool, clitics allowed: Bool = true, language: String? = nil) {
            let scalars = Normaliser.normalise(text, mode: .phrase).scalars
            var start = 0
            var end = scalars.count
            while start < end && PhraseAutomaton.isSeparator(scalars[start]) { start += 1 }
            while end > start && PhraseAutomaton.isSeparator(scalars[end - 1]) { end -= 1 }
            guard start < end else { return }
            patterns.append(Array(scalars[start..<end]))
            kinds.append(kind)
            stems.append(stem)
            clitics.append(allowed)
            let letters = scalars[start..<end].filter { !PhraseAutomaton.isSeparator($0) }.count
            languages.append(letters <= Self.shortPhraseLimit ? language : nil)
        }
        for (index, phrase) in ruleset.phrases.enumerated() {
            let gated = phrase.language == "en" || phrase.language == "any" ? nil : phrase.language
            add(phrase.text, .phrase(index), stem: phrase.isStem, clitics: phrase.language == "ar" || phrase.language == "any", language: gated)
        }
        for (index, place) in ruleset.places.enumerated() {
            for name in place.names { add(name, .place(index), stem: false) }
        }
        for currency in ruleset.currencies { add(currency, .currency, stem: false) }
        for (word, value) in ruleset.multipliers { add(word, .multiplier(value), stem: false) }
        automaton = PhraseAutomaton(patterns: patterns)
        self.kinds = kinds
        isStem = stems
        allowsClitics = clitics
        shortPhraseLanguage = languages
    }

    /// `ar-EG` → `ar`; ISO 639-3 codes of the covered languages → the ruleset's 639-1 codes.
    static func baseLanguage(_ tag: String) -> String {
        // Most posts carry a lower-case two-letter code, which is its own base: skip the
        // lower-casing and splitting (an allocation per post).
        let utf8 = tag.utf8
        if utf8.count == 2, utf8.allSatisfy({ $0 >= 0x61 && $0 <= 0x7A }) { return tag }
        let base = tag.lowercased().split(whereSeparator: { $0 == "-" || $0 == "_" }).first.map(String.init) ?? ""
        switch base {
        case "prs", "pes", "fas", "per": return "fa"
        case "pus", "pbt", "pbu": return "ps"
        case "ckb", "kmr", "kur", "sdh": return "ku"
        case "ara", "arz", "ary", "apc", "aeb", "acm", "ajp", "arq": return "ar"
        case "urd": return "ur"
        case "tur": return "tr"
        case "eng": return "en"
        case "fra", "fre": return "fr"
        case "spa": return "es"
        case "ita": return "it"
        case "deu", "ger": return "de"
        default: return base
        }
    }

    /// All hits in `text` that respect word boundaries, sorted by start, then longest first.
    func hits(in text: NormalizedText, language: String? = nil) -> [PatternHit] {
        var hits: [PatternHit] = []
        // One allocation for ordinary posts instead of growing from one hit to 32.
        hits.reserveCapacity(32)
        let scalars = text.scalars
        let postLanguage = language.map(Self.baseLanguage)
        automaton.scan(scalars) { pattern, start, end in
            if let postLanguage, let required = shortPhraseLanguage[pattern], required != postLanguage { return }
            let kind = kinds[pattern]
            let numeric: Bool
            switch kind {
            case .currency, .multiplier: numeric = true
            default: numeric = false
            }
            guard WordBoundary.leftOK(scalars, start, allowDigit: numeric, allowClitics: allowsClitics[pattern]),
                  WordBoundary.rightOK(scalars, end, stem: isStem[pattern], firstOfMatch: scalars[start]) else { return }
            var wordEnd = end
            // A stem's match covers the whole word, so reviewers see `guaranteed`, not `guarantee`.
            if isStem[pattern] {
                while wordEnd < scalars.count && ScalarKind.isWordScalar(scalars[wordEnd]) { wordEnd += 1 }
            }
            hits.append(PatternHit(pattern: pattern, start: start, end: wordEnd))
        }
        hits.sort { ($0.start, -$0.end, $0.pattern) < ($1.start, -$1.end, $1.pattern) }
        return hits
    }
}
