import Foundation

/// The reviewer verdicts of the `verdicts` topic, in the order they were written.
///
/// Verdicts are keyed by post id, so all verdicts on one post sit in one partition in the order
/// they were written: of several verdicts on one decision, the last one read wins.
public struct VerdictLog: Sendable {
    /// Every verdict read, in topic order.
    public private(set) var records: [VerdictRecord] = []
    /// Records of the verdicts topic that could not be read.
    public var malformed = 0

    public init(_ records: [VerdictRecord] = []) {
        self.records = records
    }

    /// Which verdict judges each of `decisions`.
    ///
    /// A version 2 verdict judges the decision it names (source offsets and input SHA-256) and no
    /// other. A version 1 verdict names a post id alone: it judges the one decision among
    /// `decisions` with that id that was made before the verdict, and none when several were
    /// (the id is then ambiguous: it is counted in `unattachedLegacy`) or none was.
    public func matching(_ decisions: [DecisionRecord]) -> VerdictMatches {
        var byPost: [String: [DecisionReference: DecisionRecord]] = [:]
        for decision in decisions { byPost[decision.postID, default: [:]][decision.reference] = decision }
        var matches = VerdictMatches()
        for record in records {
            if let judged = record.decision {
                matches.byDecision[judged] = record
                continue
            }
            let candidates = (byPost[record.postID] ?? [:]).filter { Self.mayJudge(record, $0.value) }
            if candidates.count == 1, let only = candidates.first {
                matches.byDecision[only.key] = record
            } else if candidates.count > 1 {
                matches.unattachedLegacy += 1
            }
        }
        return matches
    }

    /// Whether a version 1 verdict can be about `decision`: not when it was given before the
    /// decision was made (both times readable). A new post that reuses an old id is not judged
    /// by the verdict on the old one.
    static func mayJudge(_ verdict: VerdictRecord, _ decision: DecisionRecord) -> Bool {
        guard let given = RFC3339.date(verdict.decidedAt), let decided = RFC3339.date(decision.decidedAt) else { return true }
        return decided <= given
    }
}

/// The verdicts attached to decisions by `VerdictLog.matching`.
public struct VerdictMatches: Sendable {
    var byDecision: [DecisionReference: VerdictRecord] = [:]
    /// Version 1 verdicts attached to nothing because their post id names several decisions.
    public internal(set) var unattachedLegacy = 0

    /// No verdicts at all.
    public init() {}

    /// The latest verdict that judges `decision`, if any.
    public subscript(decision: DecisionRecord) -> VerdictRecord? { byDecision[decision.reference] }
}
