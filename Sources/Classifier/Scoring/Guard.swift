/// Encodes the UN Smuggling Protocol's definition on top of the score: no referral without
/// evidence of an offer of facilitation AND of material benefit, and protective content is
/// never referred.
///
/// Category sets are bit masks over `Ruleset.categories` indices, so applying the guard costs
/// a few integer operations per post.
struct Guard: Sendable {
    let settings: GuardSettings
    let names: [String]
    let offer: UInt64
    let benefit: UInt64
    let protect: [UInt64]
    let downgrade: [UInt64]
    let review: [UInt64]

    init(settings: GuardSettings, categories: [String]) {
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
        protect = settings.protectWhen.filter { !$0.isEmpty }.map(mask)
        downgrade = settings.downgradeWhen.filter { !$0.isEmpty }.map(mask)
        review = settings.reviewWhen.filter { !$0.isEmpty }.map(mask)
    }

    struct Outcome: Sendable, Equatable {
        var verdict: Verdict
        var isProtected: Bool
        var reasons: [String]
    }

    /// `present` has bit i set when category i has a signal; `firstMatch(i)` gives the first
    /// matched text of category i, for the reasons.
    func apply(proposed: Verdict, present: UInt64, firstMatch: (Int) -> String?) -> Outcome {
        var verdict = proposed
        var reasons: [String] = []
        func describe(_ mask: UInt64) -> String {
            names.indices.filter { mask & (1 << UInt64($0)) != 0 }.map { index in
                firstMatch(index).map { "\(names[index]) (\"\($0)\")" } ?? names[index]
            }.joined(separator: " + ")
        }
        let protecting = protect.first { $0 & present == $0 }
        let hasOffer = offer & present != 0
        let hasBenefit = benefit & present != 0
        if verdict == .refer && !(hasOffer && hasBenefit) {
            verdict = .review
            let missing = [hasOffer ? nil : "an offer of facilitation", hasBenefit ? nil : "material benefit"].compactMap { $0 }
            reasons.append("refer needs an offer of facilitation and material benefit; no evidence of \(missing.joined(separator: " or ")): downgraded to review")
        }
        if let downgrading = downgrade.first(where: { $0 & present == $0 }), Self.rank(verdict) > Self.rank(settings.downgradeMax) {
            verdict = settings.downgradeMax
            reasons.append("third-party or service context \(describe(downgrading)): capped at \(settings.downgradeMax.rawValue)")
        }
        if verdict == .clear, protecting == nil, let reviewing = review.first(where: { $0 & present == $0 }) {
            verdict = .review
            reasons.append("\(describe(reviewing)): sent to review")
        }
        if let protecting {
            if Self.rank(verdict) > Self.rank(settings.protectedMax) {
                verdict = settings.protectedMax
                reasons.append("protected content \(describe(protecting)): never referred, capped at \(settings.protectedMax.rawValue)")
            } else {
                reasons.append("protected content \(describe(protecting)): never referred")
            }
        }
        return Outcome(verdict: verdict, isProtected: protecting != nil, reasons: reasons)
    }

    /// Convenience for tests and tools: the guard on category names.
    func apply(proposed: Verdict, present: Set<String>, firstMatch: [String: String]) -> Outcome {
        var mask: UInt64 = 0
        for (index, name) in names.enumerated() where present.contains(name) { mask |= 1 << UInt64(index) }
        return apply(proposed: proposed, present: mask) { firstMatch[names[$0]] }
    }

    static func rank(_ verdict: Verdict) -> Int {
        switch verdict {
        case .clear: return 0
        case .review: return 1
        case .refer: return 2
        }
    }
}
