import Classifier
import Foundation
import Kafka
import Logging
import Records

/// Re-decides the posts behind the audit trail, reading each post back from the input topic at its
/// recorded offset.
///
/// Reproduce mode re-decides each post with the ruleset that decided it (looked up by SHA-256);
/// backtest mode re-decides every post with one candidate ruleset, before it is deployed.
public struct Replayer: Sendable {
    public enum Mode: Sendable {
        /// Classifiers by ruleset SHA-256: the auditor's copies of recorded rulesets.
        case reproduce([String: Classifier])
        case backtest(Classifier)
    }

    public var mode: Mode
    public var verdicts: VerdictLog
    /// Decoding limits for replay: the worker accepted these posts, so only the id limit matters.
    var decoder = PostDecoder(maxPayloadBytes: .max, maxNestingDepth: .max)

    public init(mode: Mode, verdicts: VerdictLog = VerdictLog()) {
        self.mode = mode
        self.verdicts = verdicts
    }

    /// Recorded rulesets among `decisions` that reproduce mode has no classifier for.
    public func missingRulesets(for decisions: [DecisionRecord]) -> [RulesetIdentity] {
        guard case .reproduce(let classifiers) = mode else { return [] }
        let missing = Set(decisions.map(\.ruleset)).filter { classifiers[$0.sha256] == nil }
        return missing.sorted { ($0.name, $0.version, $0.sha256) < ($1.name, $1.version, $1.sha256) }
    }

    /// Reads the trail, then the input topic, and replays every decision record of every input
    /// offset: duplicates too, for a forged one hides among them. A record nobody can read, or
    /// one decided with a ruleset the auditor lacks, is a finding; neither stops the replay.
    public func run(kafka: KafkaConfiguration, topics: PipelineTopics, logger: Logger) throws -> ReplayReport {
        let trail = try AuditTrail.read(kafka: kafka, topics: topics, logger: logger)
        var pending: [SourceOffset: [DecisionRecord]] = [:]
        for (source, records) in trail.bySource where source.topic == topics.posts {
            let decisions = records.compactMap { record -> DecisionRecord? in
                if case .decision(let decision) = record { decision } else { nil }
            }
            if !decisions.isEmpty { pending[source] = decisions }
        }
        let decisions = pending.values.flatMap { $0 }
        let judged = verdicts.matching(decisions)
        var report = emptyReport(for: decisions)
        for (location, problem) in trail.malformed { report.noteMalformed(location, problem) }
        _ = try TopicScan.read(kafka: kafka, topics: [topics.posts], logger: logger) { message in
            let source = SourceOffset(topic: message.topic, partition: message.partition, offset: message.offset)
            guard let recorded = pending.removeValue(forKey: source) else { return }
            var replayed: [DecisionRecord] = []
            for record in recorded {
                // A duplicate that states the very same decision (an at-least-once restart) would
                // replay the same way: it is checked by that equality. Any other is replayed.
                if replayed.contains(where: { $0.sameDecision(as: record) && $0.inputSHA256 == record.inputSHA256 }) {
                    report.duplicates += 1
                    continue
                }
                replayed.append(record)
                replay(record, payload: message.value, verdicts: judged, into: &report)
            }
        }
        // What is left was not in the topic any more (retention) or never was.
        report.notReplayable += pending.values.reduce(0) { $0 + $1.count }
        return report
    }

    /// A report with this mode and the rulesets that will decide.
    public func emptyReport(for decisions: [DecisionRecord]) -> ReplayReport {
        switch mode {
        case .reproduce(let classifiers):
            let used = Set(decisions.map(\.ruleset.sha256))
            let rulesets = classifiers.filter { used.contains($0.key) }.values.map(\.ruleset.identity)
            var report = ReplayReport(mode: .reproduce, rulesets: rulesets.sorted { $0.sha256 < $1.sha256 })
            report.unknownRulesets = missingRulesets(for: decisions)
            return report
        case .backtest(let classifier):
            return ReplayReport(mode: .backtest, rulesets: [classifier.ruleset.identity])
        }
    }

    /// Re-decides one recorded post from its input bytes and adds the outcome to `report`.
    /// - Parameter verdicts: the reviewer verdicts attached to the trail's decisions.
    public func replay(_ recorded: DecisionRecord, payload: [UInt8]?, verdicts: VerdictMatches, into report: inout ReplayReport) {
        let digest = payload.map(Decider.sha256Hex)
        guard digest == recorded.inputSHA256, case .success(let decoded) = decoder.decode(payload) else {
            report.inputMismatches += 1
            if report.mismatchLocations.count < ReplayReport.changeLimit {
                report.mismatchLocations.append(recorded.source.description)
            }
            return
        }
        let classifier: Classifier
        switch mode {
        case .reproduce(let classifiers):
            guard let found = classifiers[recorded.ruleset.sha256] else {
                report.noteUnknownRuleset(recorded)
                return
            }
            classifier = found
        case .backtest(let candidate):
            classifier = candidate
        }
        let decision = classifier.decide(decoded.post)
        report.replayed += 1
        let reviewerVerdict = verdicts[recorded]?.verdict
        switch (reviewerVerdict, decision.verdict == .refer) {
        case (.confirm?, true): report.confirmedReferred += 1
        case (.confirm?, false): report.confirmedNotReferred += 1
        case (.reject?, true): report.rejectedReferred += 1
        case (.reject?, false): report.rejectedNotReferred += 1
        case (nil, _): break
        }
        if Self.reproduces(recorded, decision) {
            report.reproduced += 1
            return
        }
        report.changed += 1
        let change = ReplayReport.Change(source: recorded.source, recorded: recorded, replayed: decision,
                                         reviewerVerdict: reviewerVerdict)
        if decision.verdict == .refer && recorded.decision != .refer {
            if recorded.isProtected { report.protectedNowReferred += 1 }
            if reviewerVerdict == .reject { report.rejectedNowReferred += 1 }
        }
        if report.changes.count < ReplayReport.changeLimit { report.changes.append(change) }
    }

    /// Bit-for-bit: verdict, score, protection, signals and guard reasons (those of a shortened
    /// record as far as it goes, see `Truncation`).
    public static func reproduces(_ recorded: DecisionRecord, _ decision: Decision) -> Bool {
        recorded.postID == decision.postID && recorded.decision == decision.verdict && recorded.score == decision.score
            && recorded.isProtected == decision.isProtected && Truncation.reproduces(recorded, decision)
    }
}
