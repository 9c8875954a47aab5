/// The ruleset's phrases, places, currencies and multipliers compiled into one automaton,
/// with the word-boundary rules applied to its raw matches.
struct CompiledLexicon: Sendable {
    let automaton: PhraseAutomaton
    let kinds: [PatternKind]
    /// Stems may end inside a word (`guarantee*` matches `guaranteed`).
    let isStem: [Bool]
    /// Arabic clitics (`و`, `ب`, `ال`, ...) may precede Arabic phrases and multilingual
    /// names, but not Persian, Pashto, Kurdish or Urdu phrases: `لپاره` is not `ل` + `پاره`.
    let allowsClitics: [Bool]

    init(ruleset: Ruleset) {
        var patterns: [[UInt32]] = []
        var kinds: [PatternKind] = []
        var stems: [Bool] = []
        var clitics: [Bool] = []
        func add(_ text: String, _ kind: PatternKind, stem: Bool, clitics allowed: Bool = true) {
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
        }
        for (index, phrase) in ruleset.phrases.enumerated() {
            add(phrase.text, .phrase(index), stem: phrase.isStem, clitics: phrase.language == "ar" || phrase.language == "any")
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
    }

    /// All hits in `text` that respect word boundaries, sorted by start, then longest first.
    func hits(in text: NormalizedText) -> [PatternHit] {
        var hits: [PatternHit] = []
        let scalars = text.scalars
        automaton.scan(scalars) { pattern, start, end in
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
