import Classifier
import Foundation
import Records

/// Text and JSON renderings of an evaluation report.
enum ReportText {
    static let verdicts: [Verdict] = [.refer, .review, .clear]

    static func percent(_ value: Double) -> String { String(format: "%.3f", value) }

    static func table(_ report: EvaluationReport, title: String) -> String {
        var lines = [title]
        lines.append("recall (refer | smuggling_ad):   \(percent(report.recall))")
        lines.append("precision (smuggling_ad | refer): \(percent(report.precision))")
        lines.append("protected referrals (humanitarian_aid + solidarity_advocacy): \(report.protectedReferrals)")
        lines.append("caught (refer or review | smuggling_ad): \(percent(report.caught))")
        lines.append("news_report referrals: \(report.referralsByLabel["news_report"] ?? 0), legal_service referrals: \(report.referralsByLabel["legal_service"] ?? 0), unrelated referrals: \(report.referralsByLabel["unrelated"] ?? 0)")
        lines.append("")
        lines.append("label                 refer  review   clear")
        for label in report.confusion.keys.sorted() {
            let row = report.confusion[label] ?? [:]
            let cells = verdicts.map { String(row[$0] ?? 0).leftPadded(7) }.joined(separator: " ")
            lines.append(label.padding(toLength: 20, withPad: " ", startingAt: 0) + cells)
        }
        lines.append("")
        lines.append("recall by language:")
        for language in report.recallByLanguage.keys.sorted() {
            let entry = report.recallByLanguage[language] ?? (0, 0)
            let value = entry.total == 0 ? 1 : Double(entry.referred) / Double(entry.total)
            lines.append("  \(language.padding(toLength: 8, withPad: " ", startingAt: 0)) \(percent(value))  (\(entry.referred)/\(entry.total))")
        }
        return lines.joined(separator: "\n")
    }

    static func json(_ report: EvaluationReport, ruleset: RulesetIdentity?) -> String {
        var members = object(report)
        if let ruleset { members["ruleset"] = value(ruleset) }
        return JSONValue.object(members).jsonText
    }

    static func value(_ ruleset: RulesetIdentity) -> JSONValue {
        .object(["name": .string(ruleset.name), "version": .string(ruleset.version), "sha256": .string(ruleset.sha256)])
    }

    static func counts(_ counts: [String: Int]) -> JSONValue { .object(counts.mapValues { .number(Double($0)) }) }

    /// The figures of `report` as JSON members.
    static func object(_ report: EvaluationReport) -> [String: JSONValue] {
        [
            "posts": .number(Double(report.confusion.values.reduce(0) { $0 + $1.values.reduce(0, +) })),
            "caught": .number(report.caught),
            "everyday_referred": .number(report.rate(of: .refer, labels: ModelTrainer.everydayLabels)),
            "everyday_reviewed": .number(report.rate(of: .review, labels: ModelTrainer.everydayLabels)),
            "unrelated_referred": .number(report.rate(of: .refer, labels: ["unrelated"])),
            "unrelated_reviewed": .number(report.rate(of: .review, labels: ["unrelated"])),
            "recall": .number(report.recall),
            "precision": .number(report.precision),
            "protected_referrals": .number(Double(report.protectedReferrals)),
            "news_report_referrals": .number(Double(report.referralsByLabel["news_report"] ?? 0)),
            "legal_service_referrals": .number(Double(report.referralsByLabel["legal_service"] ?? 0)),
            "referrals_by_label": counts(report.referralsByLabel),
            "confusion": .object(report.confusion.mapValues { row in
                counts(Dictionary(uniqueKeysWithValues: row.map { ($0.key.rawValue, $0.value) }))
            }),
            "recall_by_language": .object(report.recallByLanguage.mapValues {
                counts(["referred": $0.referred, "total": $0.total])
            }),
            "missed": .array(report.missed.map(JSONValue.string)),
            "false_referrals": .array(report.falseReferrals.map(JSONValue.string)),
        ]
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
