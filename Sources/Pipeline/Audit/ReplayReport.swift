import Classifier
import Records

/// What a replay found: reproduction of recorded decisions, or a backtest of a new ruleset.
public struct ReplayReport: Sendable {
    public enum Mode: String, Sendable {
        /// Each post re-decided with the ruleset that decided it: any difference is a finding.
        case reproduce
        /// Every post re-decided with one candidate ruleset: differences are what deploying it changes.
        case backtest
    }

    /// One post whose replayed decision differs from the recorded one.
    public struct Change: Sendable {
        public var source: SourceOffset
        public var recorded: DecisionRecord
        public var replayed: Decision
        /// The latest reviewer verdict on the post, if any.
        public var reviewerVerdict: VerdictRecord.Outcome?

        /// Referred now, although recorded as protected or rejected by a reviewer.
        public var isHarmfulReferral: Bool {
            replayed.verdict == .refer && recorded.decision != .refer
                && (recorded.isProtected || reviewerVerdict == .reject)
        }
    }

    public var mode: Mode
    /// The rulesets that re-decided the posts.
    public var rulesets: [RulesetIdentity]
    public var replayed = 0
    public var reproduced = 0
    public var changed = 0
    /// Decided posts no longer in the input topic (below its low watermark), or never there.
    public var notReplayable = 0
    /// Posts whose input bytes no longer match the recorded input SHA-256: not replayed, a finding.
    public var inputMismatches = 0
    /// Recorded protected posts that the replayed ruleset would refer.
    public var protectedNowReferred = 0
    /// Posts rejected by reviewers that the replayed ruleset would refer.
    public var rejectedNowReferred = 0
    /// Ground truth: posts with a reviewer verdict, and whether the replayed ruleset refers them.
    public var confirmedReferred = 0
    public var confirmedNotReferred = 0
    public var rejectedReferred = 0
    public var rejectedNotReferred = 0
    /// Changes, at most `changeLimit`; counts are always complete.
    public var changes: [Change] = []
    public static let changeLimit = 1000
    /// Locations of input mismatches, bounded like changes.
    public var mismatchLocations: [String] = []
    /// Trail records stating the same decision as another record of their input offset (at-least-once
    /// restarts): checked by that equality, not replayed again.
    public var duplicates = 0
    /// Reproduce: decision records naming a ruleset the auditor did not give; not replayed, a finding.
    public var unknownRuleset = 0
    /// The rulesets those records name, to pass with `--ruleset`.
    public var unknownRulesets: [RulesetIdentity] = []
    /// The first records decided with an unknown ruleset, bounded like changes.
    public var unknownRulesetRecords: [(source: SourceOffset, postID: String, ruleset: RulesetIdentity)] = []
    /// Trail records that cannot be read (not strict JSON, a key twice, not a record): a finding.
    public var malformed = 0
    /// Where those are and why, bounded like changes.
    public var malformedRecords: [(location: String, problem: String)] = []

    public init(mode: Mode, rulesets: [RulesetIdentity]) {
        self.mode = mode
        self.rulesets = rulesets
    }

    /// Reproduce: every decision reproduced with its own ruleset and every input intact. Backtest:
    /// nothing protected or rejected by a reviewer would now be referred. Both: every trail record
    /// readable.
    public var passed: Bool {
        guard inputMismatches == 0 && malformed == 0 else { return false }
        switch mode {
        case .reproduce: return changed == 0 && unknownRuleset == 0
        case .backtest: return protectedNowReferred == 0 && rejectedNowReferred == 0
        }
    }

    mutating func noteUnknownRuleset(_ record: DecisionRecord) {
        unknownRuleset += 1
        if unknownRulesetRecords.count < Self.changeLimit {
            unknownRulesetRecords.append((record.source, record.postID, record.ruleset))
        }
    }

    mutating func noteMalformed(_ location: String, _ problem: String) {
        malformed += 1
        if malformedRecords.count < Self.changeLimit { malformedRecords.append((location, problem)) }
    }

    /// `{"replayed", "reproduced", "changed", "not_replayable", ...}`.
    public func json() throws(JSONWriter.NonFiniteNumber) -> [UInt8] {
        var json = JSONWriter()
        json.beginObject()
        json.key("mode"); json.string(mode.rawValue)
        json.key("rulesets"); json.beginArray()
        for ruleset in rulesets { ruleset.write(to: &json) }
        json.endArray()
        json.key("replayed"); json.int(replayed)
        json.key("reproduced"); json.int(reproduced)
        json.key("changed"); json.int(changed)
        json.key("not_replayable"); json.int(notReplayable)
        json.key("input_mismatches"); json.int(inputMismatches)
        json.key("duplicates"); json.int(duplicates)
        json.key("unknown_ruleset"); json.int(unknownRuleset)
        json.key("unknown_rulesets"); json.beginArray()
        for ruleset in unknownRulesets { ruleset.write(to: &json) }
        json.endArray()
        json.key("malformed"); json.int(malformed)
        json.key("protected_now_referred"); json.int(protectedNowReferred)
        json.key("rejected_now_referred"); json.int(rejectedNowReferred)
        json.key("ground_truth"); json.beginObject()
        json.key("confirmed_referred"); json.int(confirmedReferred)
        json.key("confirmed_not_referred"); json.int(confirmedNotReferred)
        json.key("rejected_referred"); json.int(rejectedReferred)
        json.key("rejected_not_referred"); json.int(rejectedNotReferred)
        json.endObject()
        json.key("ok"); json.bool(passed)
        json.key("changes"); json.beginArray()
        for change in changes {
            json.beginObject()
            json.key("source"); json.string(change.source.description)
            json.key("post_id"); json.string(change.recorded.postID)
            json.key("recorded"); try write(change.recorded.decision, change.recorded.score, change.recorded.isProtected, to: &json)
            json.key("replayed"); try write(change.replayed.verdict, change.replayed.score, change.replayed.isProtected, to: &json)
            json.key("reviewer_verdict"); json.optionalString(change.reviewerVerdict?.rawValue)
            json.key("harmful_referral"); json.bool(change.isHarmfulReferral)
            json.key("signals_added"); json.beginArray()
            for name in Self.signalNames(change.replayed.signals).subtracting(Self.signalNames(change.recorded.signals)).sorted() { json.string(name) }
            json.endArray()
            json.key("signals_removed"); json.beginArray()
            for name in Self.signalNames(change.recorded.signals).subtracting(Self.signalNames(change.replayed.signals)).sorted() { json.string(name) }
            json.endArray()
            json.endObject()
        }
        json.endArray()
        json.key("input_mismatch_locations"); json.beginArray()
        for location in mismatchLocations { json.string(location) }
        json.endArray()
        json.key("unknown_ruleset_records"); json.beginArray()
        for (source, postID, ruleset) in unknownRulesetRecords {
            json.beginObject()
            json.key("source"); json.string(source.description)
            json.key("post_id"); json.string(postID)
            json.key("ruleset"); ruleset.write(to: &json)
            json.endObject()
        }
        json.endArray()
        json.key("malformed_records"); json.beginArray()
        for (location, problem) in malformedRecords {
            json.beginObject()
            json.key("location"); json.string(location)
            json.key("problem"); json.string(problem)
            json.endObject()
        }
        json.endArray()
        json.endObject()
        return json.bytes
    }

    private func write(_ verdict: Verdict, _ score: Double, _ isProtected: Bool, to json: inout JSONWriter) throws(JSONWriter.NonFiniteNumber) {
        json.beginObject()
        json.key("decision"); json.string(verdict.rawValue)
        json.key("score"); try json.double(score, key: "score")
        json.key("protected"); json.bool(isProtected)
        json.endObject()
    }

    static func signalNames(_ signals: [Signal]) -> Set<String> { Set(signals.map(\.name)) }
}
