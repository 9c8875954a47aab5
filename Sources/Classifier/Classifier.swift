import Foundation

/// Decides posts with one ruleset. Pure, deterministic and safe to share between threads.
///
/// The ruleset's lexicon is compiled into one automaton when the classifier is created; each
/// `decide` normalises the text once, scans it once, runs the extractors, scores the signals
/// with the ruleset's linear model and applies the guard.
public final class Classifier: Sendable {
    public let ruleset: Ruleset
    let lexicon: CompiledLexicon
    let guardRules: Guard
    let weights: [String: Double]
    let sides: [String: CategorySpec.Side]
    let prices: PriceExtractor?
    let contacts: ContactExtractor
    let dates: DateExtractor?
    let routes: RouteExtractor
    /// Signal names of lexicon phrases, computed once.
    let phraseNames: [String]

    public init(ruleset: Ruleset) {
        self.ruleset = ruleset
        lexicon = CompiledLexicon(ruleset: ruleset)
        guardRules = Guard(settings: ruleset.guardSettings)
        var weights: [String: Double] = [:]
        var sides: [String: CategorySpec.Side] = [:]
        for category in ruleset.categories {
            weights[category.name] = category.weight
            sides[category.name] = category.side
        }
        self.weights = weights
        self.sides = sides
        prices = ruleset.extractors.price.map { PriceExtractor(category: $0) }
        contacts = ContactExtractor(phoneCategory: ruleset.extractors.phone, handleCategory: ruleset.extractors.handle)
        dates = ruleset.extractors.date.map { DateExtractor(category: $0) }
        routes = RouteExtractor(routeCategory: ruleset.extractors.route, destinationCategory: ruleset.extractors.destination)
        phraseNames = ruleset.phrases.map { phrase in
            let key = Normaliser.normalise(phrase.text, mode: .phrase).string.replacingOccurrences(of: " ", with: "_")
            return "\(phrase.category).\(phrase.language).\(key)"
        }
    }

    /// Decides one post. Never fails: any text, however malformed, yields a decision.
    public func decide(_ post: Post) -> Decision {
        let text = Normaliser.normalise(post.text, languageHint: post.lang)
        let found = findings(in: text)
        let original = Array(post.text.unicodeScalars)
        var signals: [Signal] = []
        signals.reserveCapacity(found.count)
        var counts: [String: Int] = [:]
        for finding in found { counts[finding.category, default: 0] += 1 }
        var firstMatch: [String: String] = [:]
        for finding in found {
            let span = text.originalSpan(finding.start..<finding.end)
            let lower = min(max(span.start, 0), original.count)
            let upper = min(max(span.end, lower), original.count)
            var view = String.UnicodeScalarView()
            view.append(contentsOf: original[lower..<upper])
            let matched = String(view)
            let share = (weights[finding.category] ?? 0) / Double(counts[finding.category] ?? 1)
            if firstMatch[finding.category] == nil { firstMatch[finding.category] = matched }
            signals.append(Signal(name: finding.name, category: finding.category, matched: matched,
                                  span: TextSpan(start: lower, end: upper), weight: share))
        }
        let present = Set(counts.keys)
        let score = Self.score(bias: ruleset.bias, present: present, weights: weights)
        let proposed: Verdict = score >= ruleset.thresholds.refer ? .refer : score >= ruleset.thresholds.review ? .review : .clear
        let outcome = guardRules.apply(proposed: proposed, present: present, firstMatch: firstMatch)
        return Decision(postID: post.id, verdict: outcome.verdict, score: score, isProtected: outcome.isProtected,
                        signals: signals, guardReasons: outcome.reasons, ruleset: ruleset.identity)
    }

    /// Logistic link over the sum of the weights of the categories present. Summed in sorted
    /// category order so that the floating-point result never depends on hashing order.
    static func score(bias: Double, present: Set<String>, weights: [String: Double]) -> Double {
        var logit = bias
        for category in present.sorted() { logit += weights[category] ?? 0 }
        return 1 / (1 + exp(-logit))
    }

    /// The categories found in a post, for training: independent of the weights.
    public func categories(of post: Post) -> Set<String> {
        Set(findings(in: Normaliser.normalise(post.text, languageHint: post.lang)).map(\.category))
    }

    /// Lexicon and extractor findings, sorted by position, then name.
    func findings(in text: NormalizedText) -> [Extraction] {
        let hits = lexicon.hits(in: text)
        var found = phraseFindings(hits)
        if let prices { found.append(contentsOf: prices.extract(text, hits: hits, kinds: lexicon.kinds)) }
        found.append(contentsOf: contacts.extract(text))
        if let dates { found.append(contentsOf: dates.extract(text)) }
        found.append(contentsOf: routes.extract(text, hits: hits, kinds: lexicon.kinds, places: ruleset.places))
        found.sort { ($0.start, $0.end, $0.name) < ($1.start, $1.end, $1.name) }
        return found
    }

    /// Phrase hits, without those inside a longer hit of the same category or of the other
    /// side: `try again free` (a guarantee) must not also count as `free` (aid).
    private func phraseFindings(_ hits: [PatternHit]) -> [Extraction] {
        var accepted: [Extraction] = []
        var acceptedSides: [CategorySpec.Side] = []
        for hit in hits {
            guard case let .phrase(index) = lexicon.kinds[hit.pattern] else { continue }
            let phrase = ruleset.phrases[index]
            let side = sides[phrase.category] ?? .context
            let contained = accepted.indices.contains { other in
                let outer = accepted[other]
                guard outer.start <= hit.start, outer.end >= hit.end, (outer.end - outer.start) > (hit.end - hit.start)
                        || (outer.start == hit.start && outer.end == hit.end) else { return false }
                let crossesSides = (acceptedSides[other] == .protective) != (side == .protective)
                return outer.category == phrase.category || (crossesSides && (outer.end - outer.start) > (hit.end - hit.start))
            }
            if contained { continue }
            accepted.append(Extraction(name: phraseNames[index], category: phrase.category, start: hit.start, end: hit.end))
            acceptedSides.append(side)
        }
        return accepted
    }
}
