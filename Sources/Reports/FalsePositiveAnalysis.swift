import Classifier
import Records

/// Referrals that were wrong: rejected by a reviewer, or of content the guard marked protected
/// (which must never be referred at all), with rates by language, platform and signal so that
/// rulesets can be corrected where they fail.
public struct FalsePositiveAnalysis: Sendable {
    /// A referral that was a false positive, and why it counts as one.
    public struct Entry: Sendable {
        public var record: DecisionRecord
        public var verdict: VerdictRecord?
        public var rejected: Bool { verdict?.verdict == .reject }
        public var isProtected: Bool { record.isProtected }
    }

    /// False-positive figures of one group (a language, a platform, a signal).
    public struct Rate: Sendable, Equatable {
        public var name: String
        public var referrals = 0
        /// Referrals with a reviewer verdict.
        public var reviewed = 0
        public var rejected = 0
        public var protectedReferrals = 0
        /// Referrals rejected or protected (counted once).
        public var falsePositives = 0

        /// False positives per referral.
        public var rate: Double { referrals == 0 ? 0 : Double(falsePositives) / Double(referrals) }
        /// Rejections per reviewed referral: the precision reviewers observe.
        public var rejectionRate: Double { reviewed == 0 ? 0 : Double(rejected) / Double(reviewed) }
    }

    public var total: Rate
    public var entries: [Entry] = []
    public var byLanguage: [Rate] = []
    public var byPlatform: [Rate] = []
    public var bySignal: [Rate] = []
    /// Version 1 verdicts (post id only) left unattached because their id names several referrals.
    public var unattachedVerdicts = 0

    /// - Parameter referrals: decision records from the referrals topic; duplicates (same source
    ///   offset, after an at-least-once restart) count once, and non-`refer` records are ignored.
    /// - Parameter verdicts: each verdict counts for the referral it judges (`VerdictLog.matching`).
    public init(referrals: [DecisionRecord], verdicts: VerdictLog) {
        let judged = verdicts.matching(referrals)
        var seen: Set<SourceOffset> = []
        var total = Rate(name: "all")
        var languages: [String: Rate] = [:]
        var platforms: [String: Rate] = [:]
        var signals: [String: Rate] = [:]
        for record in referrals where record.decision == .refer && seen.insert(record.source).inserted {
            let verdict = judged[record]
            let groups = [record.lang ?? "unknown"].map { ($0, 0) } + [record.platform ?? "unknown"].map { ($0, 1) }
                + Set(record.signals.map(\.name)).sorted().map { ($0, 2) }
            total.add(record, verdict: verdict)
            for (name, kind) in groups {
                switch kind {
                case 0: languages[name, default: Rate(name: name)].add(record, verdict: verdict)
                case 1: platforms[name, default: Rate(name: name)].add(record, verdict: verdict)
                default: signals[name, default: Rate(name: name)].add(record, verdict: verdict)
                }
            }
            if record.isProtected || verdict?.verdict == .reject {
                entries.append(Entry(record: record, verdict: verdict))
            }
        }
        self.total = total
        unattachedVerdicts = judged.unattachedLegacy
        entries.sort { ($0.isProtected ? 0 : 1, $0.record.postID) < ($1.isProtected ? 0 : 1, $1.record.postID) }
        byLanguage = Self.ranked(languages)
        byPlatform = Self.ranked(platforms)
        bySignal = Self.ranked(signals)
    }

    /// Worst first: most false positives, then highest rate.
    static func ranked(_ rates: [String: Rate]) -> [Rate] {
        rates.values.sorted { ($0.falsePositives, $0.rate, $1.name) > ($1.falsePositives, $1.rate, $0.name) }
    }
}

extension FalsePositiveAnalysis.Rate {
    mutating func add(_ record: DecisionRecord, verdict: VerdictRecord?) {
        referrals += 1
        if verdict != nil { reviewed += 1 }
        let rejectedNow = verdict?.verdict == .reject
        if rejectedNow { rejected += 1 }
        if record.isProtected { protectedReferrals += 1 }
        if rejectedNow || record.isProtected { falsePositives += 1 }
    }
}
