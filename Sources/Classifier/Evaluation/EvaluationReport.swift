/// Figures of a classifier on a labeled corpus.
public struct EvaluationReport: Sendable, Equatable {
    /// Smuggling ads referred / all smuggling ads.
    public var recall: Double
    /// Smuggling ads referred / all referrals (1 when nothing was referred).
    public var precision: Double
    /// Referrals of `humanitarian_aid` and `solidarity_advocacy` posts: must be 0.
    public var protectedReferrals: Int
    /// Referrals per label, for every label.
    public var referralsByLabel: [String: Int]
    /// label → verdict → count.
    public var confusion: [String: [Verdict: Int]]
    /// language → (smuggling ads referred, smuggling ads).
    public var recallByLanguage: [String: (referred: Int, total: Int)]
    /// Ids of smuggling ads not referred and of other posts referred, for error analysis.
    public var missed: [String]
    public var falseReferrals: [String]

    public static func == (lhs: EvaluationReport, rhs: EvaluationReport) -> Bool {
        lhs.recall == rhs.recall && lhs.precision == rhs.precision && lhs.protectedReferrals == rhs.protectedReferrals
            && lhs.confusion == rhs.confusion && lhs.missed == rhs.missed && lhs.falseReferrals == rhs.falseReferrals
    }

    /// Builds the report from (labeled post, verdict) pairs.
    public init(_ outcomes: [(LabeledPost, Verdict)]) {
        var confusion: [String: [Verdict: Int]] = [:]
        var byLanguage: [String: (referred: Int, total: Int)] = [:]
        var referrals: [String: Int] = [:]
        var truePositives = 0
        var positives = 0
        var referred = 0
        var missed: [String] = []
        var falseReferrals: [String] = []
        for (labeled, verdict) in outcomes {
            confusion[labeled.label, default: [:]][verdict, default: 0] += 1
            if verdict == .refer {
                referred += 1
                referrals[labeled.label, default: 0] += 1
            }
            if labeled.label == LabeledPost.positiveLabel {
                positives += 1
                let language = labeled.post.lang ?? "unknown"
                var entry = byLanguage[language] ?? (0, 0)
                entry.total += 1
                if verdict == .refer {
                    truePositives += 1
                    entry.referred += 1
                } else {
                    missed.append(labeled.post.id)
                }
                byLanguage[language] = entry
            } else if verdict == .refer {
                falseReferrals.append(labeled.post.id)
            }
        }
        recall = positives == 0 ? 1 : Double(truePositives) / Double(positives)
        precision = referred == 0 ? 1 : Double(truePositives) / Double(referred)
        protectedReferrals = LabeledPost.protectedLabels.reduce(0) { $0 + (referrals[$1] ?? 0) }
        referralsByLabel = referrals
        self.confusion = confusion
        recallByLanguage = byLanguage
        self.missed = missed
        self.falseReferrals = falseReferrals
    }

    /// Decides every post with `classifier` and reports.
    public static func evaluate(_ classifier: Classifier, on corpus: [LabeledPost]) -> EvaluationReport {
        EvaluationReport(corpus.map { ($0, classifier.decide($0.post).verdict) })
    }
}
