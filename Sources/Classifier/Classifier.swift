import Foundation

/// Decides posts with one ruleset. Pure, deterministic and safe to share between threads.
///
/// The ruleset's lexicon is compiled into one automaton when the classifier is created; each
/// `decide` normalises the text once, scans it once, runs the extractors, scores the evidence
/// with the ruleset's linear model (category weights, refined by the fitted `model:` section:
/// a weight per phrase, interactions and character n-grams) and applies the guard.
public final class Classifier: Sendable {
    /// The ruleset this classifier decides with; its identity is recorded in every decision.
    public let ruleset: Ruleset
    let lexicon: CompiledLexicon
    let guardRules: Guard
    /// Per category index: name, weight and whether it is protective.
    let categoryNames: [String]
    let weights: [Double]
    let isProtective: [Bool]
    /// Per phrase: signal name, category index and learned deviation from the category weight.
    let phraseNames: [String]
    let phraseCategories: [Int]
    let phraseWeights: [Double]
    /// Per phrase: the index of the first phrase with the same signal name, so that a phrase
    /// written twice in the file is scored once, as the trainer counts it.
    let phraseKeys: [Int]
    let interactions: [CompiledInteraction]
    let ngrams: NgramTable
    /// The category that offer and benefit evidence inside long quotations counts for, if the
    /// ruleset declares one (`quoted`), and the categories it takes evidence from.
    let quotedCategory: Int?
    let commercial: UInt64
    let prices: PriceExtractor?
    let contacts: ContactExtractor
    let dates: DateExtractor?
    let routes: RouteExtractor

    /// Signals listed (and scored) per category in a decision.
    public static let maxSignalsPerCategory = 32
    /// Words whose n-grams carried at least this much weight are listed as signals.
    public static let ngramSignalThreshold = 0.25
    /// At most this many n-gram signals are listed, the heaviest first.
    public static let maxNgramSignals = 3

    /// Compiles `ruleset` (lexicon automaton, guard masks, n-gram table). Do it once and share
    /// the instance.
    public init(ruleset: Ruleset) {
        self.ruleset = ruleset
        lexicon = CompiledLexicon(ruleset: ruleset)
        categoryNames = ruleset.categories.map(\.name)
        weights = ruleset.categories.map(\.weight)
        isProtective = ruleset.categories.map { $0.side == .protective }
        guardRules = Guard(settings: ruleset.guardSettings, categories: ruleset.categories.map(\.name), protective: isProtective)
        let names = categoryNames
        func index(_ name: String?) -> Int? { name.flatMap { names.firstIndex(of: $0) } }
        prices = index(ruleset.extractors.price).map { PriceExtractor(category: $0) }
        contacts = ContactExtractor(phoneCategory: index(ruleset.extractors.phone), handleCategory: index(ruleset.extractors.handle))
        dates = index(ruleset.extractors.date).map { DateExtractor(category: $0) }
        routes = RouteExtractor(routeCategory: index(ruleset.extractors.route), destinationCategory: index(ruleset.extractors.destination))
        phraseCategories = ruleset.phrases.map { names.firstIndex(of: $0.category) ?? 0 }
        phraseNames = ruleset.phrases.map(Self.signalName)
        phraseWeights = phraseNames.map { ruleset.model.phraseWeights[$0] ?? 0 }
        var firstOfName: [String: Int] = [:]
        phraseKeys = phraseNames.enumerated().map { index, name in
            if let first = firstOfName[name] { return first }
            firstOfName[name] = index
            return index
        }
        let guardRules = self.guardRules
        interactions = ruleset.model.interactions.map { spec in
            CompiledInteraction(name: "interaction.\(spec.name)", weight: spec.weight, parts: spec.parts.map { part in
                switch part {
                case "offer": return guardRules.offer
                case "benefit": return guardRules.benefit
                case "protective": return guardRules.protective
                default: return index(part).map { UInt64(1) << UInt64($0) } ?? 0
                }
            }, protective: guardRules.protective)
        }
        ngrams = NgramTable(length: ruleset.model.ngramLength, entries: ruleset.model.ngrams)
        quotedCategory = index("quoted")
        commercial = guardRules.offer | guardRules.benefit
    }

    /// The signal name of a lexicon phrase: `category.language.normalised_phrase`.
    static func signalName(_ phrase: PhraseSpec) -> String {
        let key = Normaliser.normalise(phrase.text, mode: .phrase).string.replacingOccurrences(of: " ", with: "_")
        return "\(phrase.category).\(phrase.language).\(key)"
    }

    /// Decides one post. Never fails: any text, however malformed, yields a decision.
    public func decide(_ post: Post) -> Decision {
        let assessment = assess(post)
        let verdict = proposal(assessment.score)
        let outcome = assessment.outcome(verdict, unprotected: proposal(assessment.unprotectedScore))
        return Decision(postID: post.id, verdict: outcome.verdict, score: assessment.score, isProtected: outcome.isProtected,
                        signals: assessment.signals, guardReasons: outcome.reasons, ruleset: ruleset.identity)
    }

    /// The verdict the score alone proposes, before the guard.
    func proposal(_ score: Double) -> Verdict {
        score >= ruleset.thresholds.refer ? .refer : score >= ruleset.thresholds.review ? .review : .clear
    }

    /// Logistic link.
    static func probability(_ logit: Double) -> Double { 1 / (1 + exp(-logit)) }

    /// Lexicon and extractor findings, sorted by position, then name.
    func findings(in text: NormalizedText, language: String?) -> [Extraction] {
        let hits = lexicon.hits(in: text, language: language)
        var found = phraseFindings(hits)
        let starts = ExtractionStarts(text)
        prices?.extract(text, hits: hits, kinds: lexicon.kinds, starts: starts, into: &found)
        contacts.extract(text, starts: starts, into: &found)
        dates?.extract(text, starts: starts, into: &found)
        routes.extract(text, hits: hits, kinds: lexicon.kinds, places: ruleset.places, into: &found)
        if let quotedCategory { moveQuotedEvidence(&found, in: text, to: quotedCategory) }
        // The same order as comparing (start, end, name) tuples, without copying (retaining and
        // releasing) both names for every comparison.
        found.sort { first, second in
            if first.start != second.start { return first.start < second.start }
            if first.end != second.end { return first.end < second.end }
            return first.name < second.name
        }
        return found
    }

    /// Offer and benefit findings inside long quotations count as `quoted`: a warning that
    /// quotes an ad is not an ad.
    private func moveQuotedEvidence(_ found: inout [Extraction], in text: NormalizedText, to category: Int) {
        guard text.scalars.contains(where: { Quotations.closing(for: $0) != nil }) else { return }
        let quoted = Quotations.ranges(in: text.scalars)
        guard !quoted.isEmpty else { return }
        for index in found.indices where commercial & (1 << UInt64(found[index].category)) != 0 {
            if quoted.contains(where: { $0.lowerBound <= found[index].start && found[index].end <= $0.upperBound }) {
                found[index].category = category
            }
        }
    }

    /// Phrase hits, without those inside a longer hit of the same category or across the
    /// protective line: `try again free` (a guarantee) must not also count as `free` (aid).
    private func phraseFindings(_ hits: [PatternHit]) -> [Extraction] {
        // Room for the hits and a few extractor findings, so the array is allocated once.
        var accepted: [Extraction] = []
        accepted.reserveCapacity(hits.count + 8)
        // Accepted hits that may still contain later ones. Hits come sorted by start, so a hit
        // that ends before the current start can never contain another: this keeps the check
        // linear even for megabyte posts made of repeated phrases.
        var active: [Int] = []
        for hit in hits {
            guard case let .phrase(index) = lexicon.kinds[hit.pattern] else { continue }
            let category = phraseCategories[index]
            let length = hit.end - hit.start
            active.removeAll { accepted[$0].end <= hit.start }
            let contained = active.contains { slot in
                let outer = accepted[slot]
                guard outer.start <= hit.start, outer.end >= hit.end else { return false }
                let outerLength = outer.end - outer.start
                if outer.category == category { return outerLength >= length }
                return outerLength > length && isProtective[outer.category] != isProtective[category]
            }
            if contained { continue }
            active.append(accepted.count)
            accepted.append(Extraction(name: phraseNames[index], category: category, start: hit.start, end: hit.end, phrase: index))
        }
        return accepted
    }
}

/// An interaction of the model, its parts as category masks (any category of a part counts).
struct CompiledInteraction: Sendable {
    let name: String
    let weight: Double
    let parts: [UInt64]
    /// Whether a part can only be met by a protective category: the interaction counts among a
    /// post's protective words (see `Assessment.unprotectedScore`).
    let needsProtective: Bool

    init(name: String, weight: Double, parts: [UInt64], protective: UInt64) {
        self.name = name
        self.weight = weight
        self.parts = parts
        needsProtective = parts.contains { $0 != 0 && $0 & ~protective == 0 }
    }

    func isPresent(_ present: UInt64) -> Bool { parts.allSatisfy { $0 & present != 0 } }
}
