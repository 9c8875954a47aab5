import Classifier
import Pipeline
import Records

/// The demo's closing report: counts, dead letters, and the strongest referrals with reasons.
struct DemoSummary {
    var trail: [SourceOffset: TrailRecord]
    var expected: Int

    func render() -> String {
        var decisions: [Verdict: Int] = [:]
        var deadLetters: [String: Int] = [:]
        var byWorker: [String: Int] = [:]
        var protectedCount = 0
        var referrals: [DecisionRecord] = []
        for record in trail.values {
            switch record {
            case .decision(let decision):
                decisions[decision.decision, default: 0] += 1
                byWorker[decision.workerID, default: 0] += 1
                if decision.isProtected { protectedCount += 1 }
                if decision.decision == .refer { referrals.append(decision) }
            case .deadLetter(let letter):
                deadLetters[letter.error.code.rawValue, default: 0] += 1
                byWorker[letter.workerID, default: 0] += 1
            }
        }
        var lines = ["", "SmuggleWatch demo: \(trail.count) of \(expected) input records accounted for", ""]
        lines.append("Decisions")
        for verdict in Verdict.allCases {
            lines.append("  \(verdict.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)) \(decisions[verdict, default: 0])")
        }
        lines.append("  protected (never referred): \(protectedCount)")
        lines.append("Dead letters: \(deadLetters.values.reduce(0, +))")
        for (code, count) in deadLetters.sorted(by: { $0.key < $1.key }) { lines.append("  \(code) \(count)") }
        lines.append("Records per worker")
        for (worker, count) in byWorker.sorted(by: { $0.key < $1.key }) { lines.append("  \(worker) \(count)") }
        lines.append("")
        lines.append("Top referrals")
        let top = referrals.sorted { ($0.score, $1.postID) > ($1.score, $0.postID) }.prefix(5)
        for referral in top {
            lines.append("  \(TerminalText.printable(referral.postID, limit: 80))  score \(String(format: "%.3f", referral.score))  [\(TerminalText.printable(referral.lang ?? "?", limit: 16))] at \(referral.source)")
            let strongest = referral.signals.sorted { ($0.weight, $1.name) > ($1.weight, $0.name) }.prefix(4)
            for signal in strongest {
                lines.append("      \(signal.category): \"\(TerminalText.printable(signal.matched, limit: 80))\" (+\(String(format: "%.2f", signal.weight)))")
            }
        }
        if top.isEmpty { lines.append("  none") }
        return lines.joined(separator: "\n")
    }
}
