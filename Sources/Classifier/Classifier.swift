import Foundation

/// Decides posts with one ruleset. Pure, deterministic and safe to share between threads.
public final class Classifier: Sendable {
    public let ruleset: Ruleset

    public init(ruleset: Ruleset) {
        self.ruleset = ruleset
    }

    public func decide(_ post: Post) -> Decision {
        let folded = post.text.lowercased()
        var signals: [Signal] = []
        var logit = ruleset.bias
        for (category, phrase) in ruleset.phrases {
            guard let range = folded.range(of: phrase) else { continue }
            let weight = ruleset.categoryWeights[category] ?? 0
            let start = folded.unicodeScalars.distance(from: folded.startIndex, to: range.lowerBound)
            let end = start + folded[range].unicodeScalars.count
            let scalars = Array(post.text.unicodeScalars)
            let matched = end <= scalars.count
                ? String(String.UnicodeScalarView(scalars[start..<end])) : phrase
            signals.append(Signal(name: "\(category).\(phrase)", category: category, matched: matched,
                                  span: TextSpan(start: start, end: end), weight: weight))
            logit += weight
        }
        let score = 1 / (1 + exp(-logit))
        let isProtected = signals.contains { $0.category == "humanitarian" }
        let hasOffer = signals.contains { $0.category == "facilitation" }
        let hasBenefit = signals.contains { $0.category == "benefit" }
        var reasons: [String] = []
        var verdict: Verdict = score >= ruleset.referThreshold ? .refer : score >= ruleset.reviewThreshold ? .review : .clear
        if verdict == .refer && !(hasOffer && hasBenefit) {
            verdict = .review
            reasons.append("refer needs both a facilitation offer and a material benefit")
        }
        if isProtected && verdict == .refer {
            verdict = .review
            reasons.append("protected content is never referred")
        }
        return Decision(postID: post.id, verdict: verdict, score: score, isProtected: isProtected,
                        signals: signals, guardReasons: reasons, ruleset: ruleset.identity)
    }
}
