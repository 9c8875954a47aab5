import Foundation

/// Decides posts with one ruleset. Pure, deterministic and safe to share between threads.
///
/// The ruleset's lexicon is compiled into one automaton when the classifier is created; each
/// `decide` normalises the text once, scans it once, runs the extractors, scores the signals
/// with the ruleset's linear model and applies the guard.
public final class Classifier: Sendable {
    /// The ruleset this classifier decides with; its identity is recorded in every decision.
    public let ruleset: Ruleset
    let lexicon: CompiledLexicon
    let guardRules: Guard
    /// Per category index: name, weight and whether it is protective.
    let categoryNames: [String]
    let weights: [Double]
    let isProtective: [Bool]
    /// Per phrase: signal name and category index, computed once.
    let phraseNames: [String]
    let phraseCategories: [Int]
    let prices: PriceExtractor?
    let contacts: ContactExtractor
    let dates: DateExtractor?
    let routes: RouteExtractor

    /// Signals listed per category in a decision; their weights still sum to the category's.
    public static let maxSignalsPerCategory = 32

    /// Compiles `ruleset` (lexicon automaton, guard masks). Do it once and share the instance.
    public init(ruleset: Ruleset) {
        self.ruleset = ruleset
        lexicon = CompiledLexicon(ruleset: ruleset)
        categoryNames = ruleset.categories.map(\.name)
        weights = ruleset.categories.map(\.weight)
        isProtective = ruleset.categories.map { $0.side == .protective }
        guardRules = Guard(settings: ruleset.guardSettings, categories: ruleset.categories.map(\.name))
        let names = categoryNames
        func index(_ name: String?) -> Int? { name.flatMap { names.firstIndex(of: $0) } }
        prices = index(ruleset.extractors.price).map { PriceExtractor(category: $0) }
        contacts = ContactExtractor(phoneCategory: index(ruleset.extractors.phone), handleCategory: index(ruleset.extractors.handle))
        dates = index(ruleset.extractors.date).map { DateExtractor(category: $0) }
        routes = RouteExtractor(routeCategory: index(ruleset.extractors.route), destinationCategory: index(ruleset.extractors.destination))
        phraseCategories = ruleset.phrases.map { names.firstIndex(of: $0.category) ?? 0 }
        phraseNames = ruleset.phrases.map { phrase in
            let key = Normaliser.normalise(phrase.text, mode: .phrase).string.replacingOccurrences(of: " ", with: "_")
            return "\(phrase.category).\(phrase.language).\(key)"
        }
    }

    /// Decides one post. Never fails: any text, however malformed, yields a decision.
    public func decide(_ post: Post) -> Decision {
        let text = Normaliser.normalise(post.text, languageHint: post.lang)
        let found = findings(in: text, language: post.lang)
        // Presence is what scores; the explanation lists at most `maxSignalsPerCategory` signals
        // of each category, so a post repeating a phrase 100,000 times stays cheap to explain.
        // Two passes over the findings with per-category counters on the stack: the first
        // counts (for the weight shares), the second keeps exactly the same findings. The guard
        // runs inside, while the first signal of each category is still at hand.
        let categoryCount = weights.count
        var present: UInt64 = 0
        var signals: [Signal] = []
        let (score, outcome) = withUnsafeTemporaryAllocation(of: Int.self, capacity: 3 * categoryCount) { counters in
            counters.initialize(repeating: 0)
            let counts = UnsafeMutableBufferPointer(rebasing: counters[0..<categoryCount])
            let listed = UnsafeMutableBufferPointer(rebasing: counters[categoryCount..<(2 * categoryCount)])
            // Index in `signals` of each category's first signal, or -1.
            let firstMatch = UnsafeMutableBufferPointer(rebasing: counters[(2 * categoryCount)...])
            firstMatch.update(repeating: -1)
            var kept = 0
            for finding in found where counts[finding.category] < Self.maxSignalsPerCategory {
                counts[finding.category] += 1
                present |= 1 << UInt64(finding.category)
                kept += 1
            }
            signals.reserveCapacity(kept)
            for finding in found where listed[finding.category] < Self.maxSignalsPerCategory {
                listed[finding.category] += 1
                let span = text.originalSpan(finding.start..<finding.end)
                let share = weights[finding.category] / Double(counts[finding.category])
                if firstMatch[finding.category] < 0 { firstMatch[finding.category] = signals.count }
                signals.append(Signal(name: finding.name, category: categoryNames[finding.category], matched: text.originalText(span),
                                      span: span, weight: share))
            }
            let score = Self.score(bias: ruleset.bias, present: present, weights: weights)
            let proposed: Verdict = score >= ruleset.thresholds.refer ? .refer : score >= ruleset.thresholds.review ? .review : .clear
            let outcome = guardRules.apply(proposed: proposed, present: present) { category in
                firstMatch[category] >= 0 ? signals[firstMatch[category]].matched : nil
            }
            return (score, outcome)
        }
        return Decision(postID: post.id, verdict: outcome.verdict, score: score, isProtected: outcome.isProtected,
                        signals: signals, guardReasons: outcome.reasons, ruleset: ruleset.identity)
    }

    /// Logistic link over the sum of the weights of the categories present, summed in category
    /// order so the floating-point result is the same on every run.
    static func score(bias: Double, present: UInt64, weights: [Double]) -> Double {
        var logit = bias
        for index in weights.indices where present & (1 << UInt64(index)) != 0 { logit += weights[index] }
        return 1 / (1 + exp(-logit))
    }

    /// The categories found in a post, for training: independent of the weights.
    public func categories(of post: Post) -> Set<String> {
        Set(findings(in: Normaliser.normalise(post.text, languageHint: post.lang), language: post.lang).map { categoryNames[$0.category] })
    }

    /// Lexicon and extractor findings, sorted by position, then name.
    func findings(in text: NormalizedText, language: String?) -> [Extraction] {
        let hits = lexicon.hits(in: text, language: language)
        var found = phraseFindings(hits)
        let starts = ExtractionStarts(text)
        prices?.extract(text, hits: hits, kinds: lexicon.kinds, starts: starts, into: &found)
        contacts.extract(text, starts: starts, into: &found)
        dates?.extract(text, starts: starts, into: &found)
        routes.extract(text, hits: hits, kinds: lexicon.kinds, places: ruleset.places, into: &found)
        // The same order as comparing (start, end, name) tuples, without copying (retaining and
        // releasing) both names for every comparison.
        found.sort { first, second in
            if first.start != second.start { return first.start < second.start }
            if first.end != second.end { return first.end < second.end }
            return first.name < second.name
        }
        return found
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
            accepted.append(Extraction(name: phraseNames[index], category: category, start: hit.start, end: hit.end))
        }
        return accepted
    }
}
