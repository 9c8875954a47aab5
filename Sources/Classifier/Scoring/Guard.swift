/// Encodes the UN Smuggling Protocol's definition on top of the score: no referral without
/// evidence of an offer of facilitation AND of material benefit, and protected content is
/// never referred.
///
/// Protection weighs evidence instead of counting words: a post is protected when one of the
/// ruleset's protective combinations is present AND its protective evidence outweighs its
/// commercial evidence. Evidence is what each category contributed to the score (its weight
/// plus the learned weights of its phrases): the commercial evidence sums the positive
/// contributions of offer and benefit categories, the protective evidence the negative
/// contributions of protective ones. So "we are not smugglers" or one "donation" added to a
/// priced crossing does not protect it, while a rescue hotline's warning that quotes a price
/// is protected. Downgrades (news, licensed services) weigh the same way.
///
/// Category sets are bit masks over `Ruleset.categories` indices.
struct Guard: Sendable {
    let settings: GuardSettings
    let names: [String]
    let offer: UInt64
    let benefit: UInt64
    let protective: UInt64
    let protect: [UInt64]
    let downgrade: [UInt64]
    let review: [UInt64]
    let reviewUnread: [UInt64]

    init(settings: GuardSettings, categories: [String], protective: [Bool]) {
        self.settings = settings
        names = categories
        func mask(_ list: [String]) -> UInt64 {
            list.reduce(UInt64(0)) { mask, name in
                guard let index = categories.firstIndex(of: name) else { return mask }
                return mask | (1 << UInt64(index))
            }
        }
        offer = mask(settings.offer)
        benefit = mask(settings.benefit)
        self.protective = protective.enumerated().reduce(UInt64(0)) { $1.element ? $0 | (1 << UInt64($1.offset)) : $0 }
        protect = settings.protectWhen.filter { !$0.isEmpty }.map(mask)
        downgrade = settings.downgradeWhen.filter { !$0.isEmpty }.map(mask)
        review = settings.reviewWhen.filter { !$0.isEmpty }.map(mask)
        reviewUnread = settings.reviewUnreadWhen.filter { !$0.isEmpty }.map(mask)
    }

    struct Outcome: Sendable, Equatable {
        var verdict: Verdict
        var isProtected: Bool
        var reasons: [String]
    }

    /// `present` has bit i set when category i has a signal; `contribution(i)` is what category
    /// i added to the logit; `firstMatch(i)` gives its first matched text, for the reasons;
    /// `phraseMatched` says whether any lexicon phrase matched (else only extractors spoke).
    /// `unprotected` is what the score would propose without the protective categories' and
    /// their interactions' contributions (see `GuardSettings.outweighedProtectionReviews`).
    func apply(proposed: Verdict, present: UInt64, phraseMatched: Bool = true, unprotected: Verdict = .clear,
               contribution: (Int) -> Double, firstMatch: (Int) -> String?) -> Outcome {
        var verdict = proposed
        var reasons: [String] = []
        func describe(_ mask: UInt64) -> String {
            names.indices.filter { mask & (1 << UInt64($0)) != 0 }.map { index in
                firstMatch(index).map { "\(names[index]) (\"\($0)\")" } ?? names[index]
            }.joined(separator: " + ")
        }
        func evidence(_ mask: UInt64, sign: Double) -> Double {
            var total = 0.0
            for index in names.indices where mask & present & (1 << UInt64(index)) != 0 { total += max(0, sign * contribution(index)) }
            return total
        }
        let commercial = evidence(offer | benefit, sign: 1)
        let margin = settings.protectMargin
        let protectiveEvidence = evidence(protective, sign: -1)
        let protecting = protectiveEvidence > commercial * margin ? protect.first { $0 & present == $0 } : nil
        let hasOffer = offer & present != 0
        let hasBenefit = benefit & present != 0
        func weighed(_ mask: UInt64, _ weight: Double) -> String {
            "\(describe(mask)) weighs \(Self.figure(weight)) against commercial evidence \(Self.figure(commercial))"
        }
        if verdict == .refer && !(hasOffer && hasBenefit) {
            verdict = .review
            let missing = [hasOffer ? nil : "an offer of facilitation", hasBenefit ? nil : "material benefit"].compactMap { $0 }
            reasons.append("refer needs an offer of facilitation and material benefit; no evidence of \(missing.joined(separator: " or ")): downgraded to review")
        }
        if let downgrading = downgrade.first(where: { $0 & present == $0 && evidence($0, sign: -1) > commercial * margin }),
           Self.rank(verdict) > Self.rank(settings.downgradeMax) {
            verdict = settings.downgradeMax
            reasons.append("third-party or service context: \(weighed(downgrading, evidence(downgrading, sign: -1))): capped at \(settings.downgradeMax.rawValue)")
        }
        if verdict == .clear, protecting == nil, let reviewing = review.first(where: { $0 & present == $0 }) {
            verdict = .review
            reasons.append("\(describe(reviewing)): sent to review")
        }
        // Protective words a paid offer carries but that do not outweigh it cannot clear it:
        // "we are not smugglers" or "donation welcome" added to an ad leaves it for a reviewer.
        if settings.outweighedProtectionReviews, verdict == .clear, unprotected != .clear, protecting == nil, hasOffer, hasBenefit,
           let outweighed = protect.first(where: { $0 & present == $0 }) {
            verdict = .review
            let weight = evidence(outweighed, sign: -1)
            reasons.append("\(weighed(outweighed, weight)): protective words that do not outweigh a paid offer do not clear it: sent to review")
        }
        if verdict == .clear, protecting == nil, !phraseMatched, let reviewing = reviewUnread.first(where: { $0 & present == $0 }) {
            verdict = .review
            reasons.append("no lexicon phrase matched (a language the lexicon does not cover?) but \(describe(reviewing)): sent to review")
        }
        if protecting != nil {
            let shown = protective & present
            if Self.rank(verdict) > Self.rank(settings.protectedMax) {
                verdict = settings.protectedMax
                reasons.append("protected content: \(weighed(shown, protectiveEvidence)): never referred, capped at \(settings.protectedMax.rawValue)")
            } else {
                reasons.append("protected content: \(weighed(shown, protectiveEvidence)): never referred")
            }
        }
        return Outcome(verdict: verdict, isProtected: protecting != nil, reasons: reasons)
    }

    /// Convenience for tests and tools: the guard on category names, each present category
    /// contributing `contributions[name]` (default: its weight in `weights`).
    func apply(proposed: Verdict, present: Set<String>, firstMatch: [String: String], weights: [String: Double],
               contributions: [String: Double] = [:], phraseMatched: Bool = true, unprotected: Verdict = .clear) -> Outcome {
        var mask: UInt64 = 0
        for (index, name) in names.enumerated() where present.contains(name) { mask |= 1 << UInt64(index) }
        return apply(proposed: proposed, present: mask, phraseMatched: phraseMatched, unprotected: unprotected, contribution: { contributions[names[$0]] ?? weights[names[$0]] ?? 0 },
                     firstMatch: { firstMatch[names[$0]] })
    }

    static func figure(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        return String(rounded)
    }

    static func rank(_ verdict: Verdict) -> Int {
        switch verdict {
        case .clear: return 0
        case .review: return 1
        case .refer: return 2
        }
    }
}
