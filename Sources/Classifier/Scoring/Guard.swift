/// Encodes the UN Smuggling Protocol's definition on top of the score: no referral without
/// evidence of an offer of facilitation AND of material benefit, and protective content is
/// never referred.
struct Guard: Sendable {
    let settings: GuardSettings
    let offer: Set<String>
    let benefit: Set<String>

    init(settings: GuardSettings) {
        self.settings = settings
        offer = Set(settings.offer)
        benefit = Set(settings.benefit)
    }

    struct Outcome: Sendable, Equatable {
        var verdict: Verdict
        var isProtected: Bool
        var reasons: [String]
    }

    /// `present` are the categories with at least one signal; `firstMatch` names the first
    /// matched text per category, for the reasons.
    func apply(proposed: Verdict, present: Set<String>, firstMatch: [String: String]) -> Outcome {
        var verdict = proposed
        var reasons: [String] = []
        func describe(_ categories: [String]) -> String {
            categories.map { category in firstMatch[category].map { "\(category) (\"\($0)\")" } ?? category }.joined(separator: " + ")
        }
        let protectingSet = settings.protectWhen.first { !$0.isEmpty && $0.allSatisfy(present.contains) }
        let isProtected = protectingSet != nil
        let hasOffer = !offer.isDisjoint(with: present)
        let hasBenefit = !benefit.isDisjoint(with: present)
        if verdict == .refer && !(hasOffer && hasBenefit) {
            verdict = .review
            let missing = [hasOffer ? nil : "an offer of facilitation", hasBenefit ? nil : "material benefit"].compactMap { $0 }
            reasons.append("refer needs an offer of facilitation and material benefit; no evidence of \(missing.joined(separator: " or ")): downgraded to review")
        }
        if let downgrading = settings.downgradeWhen.first(where: { !$0.isEmpty && $0.allSatisfy(present.contains) }) {
            if Self.rank(verdict) > Self.rank(settings.downgradeMax) {
                verdict = settings.downgradeMax
                reasons.append("third-party or service context \(describe(downgrading)): capped at \(settings.downgradeMax.rawValue)")
            }
        }
        if let protectingSet {
            if Self.rank(verdict) > Self.rank(settings.protectedMax) {
                verdict = settings.protectedMax
                reasons.append("protected content \(describe(protectingSet)): never referred, capped at \(settings.protectedMax.rawValue)")
            } else {
                reasons.append("protected content \(describe(protectingSet)): never referred")
            }
        }
        return Outcome(verdict: verdict, isProtected: isProtected, reasons: reasons)
    }

    static func rank(_ verdict: Verdict) -> Int {
        switch verdict {
        case .clear: return 0
        case .review: return 1
        case .refer: return 2
        }
    }
}
