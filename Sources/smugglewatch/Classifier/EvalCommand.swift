import ArgumentParser
import Classifier
import Foundation

/// `smugglewatch eval --corpus FILE [--ruleset R] [--json]`.
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Measure precision and recall of refer on a labeled corpus, and referrals of protected content."
    )

    @Option(name: .customLong("corpus"), help: "Labeled JSONL corpus (id, text, lang, label); repeat for several files.")
    var corpora: [String]

    @Option(help: "Ruleset file (default: $SMUGGLEWATCH_RULESET, then rulesets/default.yaml).")
    var ruleset: String?

    @Flag(help: "Print one JSON object instead of a table.")
    var json = false

    @Flag(help: "List the ids of missed ads and of false referrals.")
    var errors = false

    func run() throws {
        let classifier = Classifier(ruleset: try loadRuleset(ruleset))
        var posts: [LabeledPost] = []
        for path in corpora { posts += try loadCorpus(path) }
        let report = EvaluationReport.evaluate(classifier, on: posts)
        if json {
            print(ReportText.json(report, ruleset: classifier.ruleset.identity))
        } else {
            print(ReportText.table(report, title: "Evaluation of \(classifier.ruleset.identity.name) \(classifier.ruleset.identity.version) on \(posts.count) posts"))
            if errors {
                print("missed ads: \(report.missed.joined(separator: " "))")
                print("false referrals: \(report.falseReferrals.joined(separator: " "))")
            }
        }
    }
}

func loadCorpus(_ path: String) throws -> [LabeledPost] {
    do {
        return try LabeledCorpus.load(URL(fileURLWithPath: path))
    } catch let error as RulesetError {
        printError("error: [\(error.code)] \(error)")
        throw ExitCode(2)
    }
}
