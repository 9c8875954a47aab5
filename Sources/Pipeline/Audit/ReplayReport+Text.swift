import Classifier
import Foundation

extension ReplayReport {
    /// A human-readable diff: counts, then one line per changed post, harmful referrals first.
    public func text() -> String {
        var lines: [String] = []
        let names = rulesets.map { "\(TerminalText.printable($0.name)) \(TerminalText.printable($0.version)) (sha256 \($0.sha256.prefix(12))…)" }.joined(separator: ", ")
        lines.append("\(mode == .reproduce ? "Reproduction" : "Backtest") with \(names)")
        lines.append("replayed \(replayed), reproduced \(reproduced), changed \(changed), not replayable \(notReplayable), input mismatches \(inputMismatches)")
        lines.append("agreeing duplicates \(duplicates), unknown ruleset \(unknownRuleset), malformed \(malformed)")
        if mode == .backtest {
            lines.append("would now refer: \(protectedNowReferred) protected, \(rejectedNowReferred) rejected by reviewers")
            lines.append("reviewer verdicts: confirmed referred \(confirmedReferred), confirmed not referred \(confirmedNotReferred), rejected referred \(rejectedReferred), rejected not referred \(rejectedNotReferred)")
        }
        let ordered = changes.sorted { ($0.isHarmfulReferral ? 0 : 1, $0.source.description) < ($1.isHarmfulReferral ? 0 : 1, $1.source.description) }
        for change in ordered.prefix(200) {
            let recorded = change.recorded
            let replayed = change.replayed
            var line = "\(change.isHarmfulReferral ? "HARMFUL " : "")\(change.source) \(TerminalText.printable(recorded.postID, limit: 80)): "
            line += "\(recorded.decision.rawValue) \(Self.format(recorded.score)) → \(replayed.verdict.rawValue) \(Self.format(replayed.score))"
            if recorded.isProtected != replayed.isProtected { line += "; protected \(recorded.isProtected) → \(replayed.isProtected)" }
            let added = Self.signalNames(replayed.signals).subtracting(Self.signalNames(recorded.signals)).sorted().map { TerminalText.printable($0) }
            let removed = Self.signalNames(recorded.signals).subtracting(Self.signalNames(replayed.signals)).sorted().map { TerminalText.printable($0) }
            if !added.isEmpty { line += "; +" + added.joined(separator: " +") }
            if !removed.isEmpty { line += "; -" + removed.joined(separator: " -") }
            if recorded.guardReasons != replayed.guardReasons { line += "; guard changed" }
            if let verdict = change.reviewerVerdict { line += " (reviewer: \(verdict.rawValue))" }
            lines.append(line)
        }
        if changes.count > 200 { lines.append("... \(changed - 200) more changes (see --json)") }
        for ruleset in unknownRulesets {
            lines.append("UNKNOWN RULESET \(TerminalText.printable(ruleset.name)) \(TerminalText.printable(ruleset.version)) sha256 \(TerminalText.printable(ruleset.sha256)): pass its file with --ruleset, or add --backtest")
        }
        for (source, postID, ruleset) in unknownRulesetRecords.prefix(50) {
            lines.append("UNKNOWN RULESET \(source) \(TerminalText.printable(postID, limit: 80)): decided with sha256 \(TerminalText.printable(ruleset.sha256))")
        }
        for (location, problem) in malformedRecords.prefix(50) {
            lines.append("MALFORMED \(TerminalText.printable(location)): \(TerminalText.printable(problem, limit: 300))")
        }
        for location in mismatchLocations.prefix(50) { lines.append("INPUT MISMATCH \(location): the input no longer matches its recorded SHA-256") }
        lines.append(passed ? "OK" : "FAILED: " + failures.joined(separator: "; "))
        return lines.joined(separator: "\n")
    }

    /// Why the replay did not pass, one phrase per kind of finding.
    var failures: [String] {
        var reasons: [String] = []
        if mode == .reproduce && changed > 0 { reasons.append("recorded decisions do not reproduce") }
        if mode == .reproduce && unknownRuleset > 0 { reasons.append("records name rulesets not given") }
        if mode == .backtest && protectedNowReferred + rejectedNowReferred > 0 { reasons.append("protected or rejected posts would be referred") }
        if inputMismatches > 0 { reasons.append("inputs no longer match their records") }
        if malformed > 0 { reasons.append("trail records are malformed") }
        return reasons
    }

    static func format(_ score: Double) -> String { String(format: "%.3f", score) }
}
