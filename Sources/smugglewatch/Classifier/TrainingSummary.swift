import Classifier
import Foundation
import Records

/// What `train` prints: cross-validated figures per fold, their mean and per language, the
/// validation figures beside them, and what was written.
struct TrainingSummary {
    var posts: Int
    var folds: [EvaluationReport]
    var pooled: EvaluationReport
    var validation: EvaluationReport?
    var thresholds: Ruleset.Thresholds
    var ruleset: RulesetIdentity
    var out: String
    var phrases: Int
    var ngrams: Int

    /// Wide enough for "validation" and the space after it, less the row's own leading space.
    static let labelWidth = 10

    static let columns = "recall  caught  precision  protected  everyday refer  everyday review"

    static func row(_ report: EvaluationReport) -> String {
        [
            ReportText.percent(report.recall).leftPadded(6), ReportText.percent(report.caught).leftPadded(7),
            ReportText.percent(report.precision).leftPadded(10), String(report.protectedReferrals).leftPadded(10),
            ReportText.percent(report.rate(of: .refer, labels: ModelTrainer.everydayLabels)).leftPadded(15),
            ReportText.percent(report.rate(of: .review, labels: ModelTrainer.everydayLabels)).leftPadded(16),
        ].joined(separator: "  ")
    }

    /// Means of the per-fold figures.
    var mean: [String: Double] {
        func average(_ value: (EvaluationReport) -> Double) -> Double { folds.map(value).reduce(0, +) / Double(max(folds.count, 1)) }
        return [
            "recall": average(\.recall), "caught": average(\.caught), "precision": average(\.precision),
            "protected_referrals": average { Double($0.protectedReferrals) },
            "everyday_referred": average { $0.rate(of: .refer, labels: ModelTrainer.everydayLabels) },
            "everyday_reviewed": average { $0.rate(of: .review, labels: ModelTrainer.everydayLabels) },
        ]
    }

    func text() -> String {
        var lines = ["\(folds.count)-fold cross-validation on \(posts) posts: each fold decided by a model fitted without it;",
                     "thresholds chosen on the out-of-fold scores: refer \(thresholds.refer), review \(thresholds.review)", ""]
        lines.append("fold".padding(toLength: Self.labelWidth, withPad: " ", startingAt: 0) + Self.columns)
        for (index, report) in folds.enumerated() { lines.append("\(index + 1)".padding(toLength: Self.labelWidth, withPad: " ", startingAt: 0) + Self.row(report)) }
        let mean = self.mean
        lines.append("mean".padding(toLength: Self.labelWidth, withPad: " ", startingAt: 0) + ["recall", "caught", "precision", "protected_referrals", "everyday_referred", "everyday_reviewed"]
            .enumerated().map { index, key in
                let widths = [6, 7, 10, 10, 15, 16]
                return (key == "protected_referrals" ? String(format: "%.1f", mean[key] ?? 0) : ReportText.percent(mean[key] ?? 0)).leftPadded(widths[index])
            }.joined(separator: "  "))
        if let validation { lines.append("validation".padding(toLength: Self.labelWidth, withPad: " ", startingAt: 0) + Self.row(validation)) }
        lines.append("")
        lines.append("recall by language    cross-validated      validation")
        let languages = Set(pooled.recallByLanguage.keys).union(validation?.recallByLanguage.keys ?? [:].keys).sorted()
        for language in languages {
            func cell(_ report: EvaluationReport?) -> String {
                guard let entry = report?.recallByLanguage[language], entry.total > 0 else { return "-".leftPadded(16) }
                return "\(ReportText.percent(Double(entry.referred) / Double(entry.total))) (\(entry.referred)/\(entry.total))".leftPadded(16)
            }
            lines.append("  " + language.padding(toLength: 18, withPad: " ", startingAt: 0) + cell(pooled) + "  " + cell(validation))
        }
        lines.append("")
        lines.append(ReportText.table(pooled, title: "Out-of-fold decisions, all folds:"))
        if let validation {
            lines.append("")
            lines.append(ReportText.table(validation, title: "Validation (never fitted on), with the written ruleset:"))
        }
        lines.append("")
        lines.append("written \(out): \(ruleset.name) \(ruleset.version), sha256 \(ruleset.sha256), \(phrases) phrase weights, \(ngrams) n-grams")
        return lines.joined(separator: "\n")
    }

    func json() -> String {
        var members: [String: JSONValue] = [
            "posts": .number(Double(posts)),
            "folds": .array(folds.map { .object(ReportText.object($0)) }),
            "mean": .object(mean.mapValues(JSONValue.number)),
            "cross_validated": .object(ReportText.object(pooled)),
            "thresholds": .object(["refer": .number(thresholds.refer), "review": .number(thresholds.review)]),
            "ruleset": ReportText.value(ruleset),
            "out": .string(out),
            "phrase_weights": .number(Double(phrases)),
            "ngrams": .number(Double(ngrams)),
        ]
        if let validation { members["validation"] = .object(ReportText.object(validation)) }
        return JSONValue.object(members).jsonText
    }
}
