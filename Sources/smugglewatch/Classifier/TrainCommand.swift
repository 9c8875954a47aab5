import ArgumentParser
import Classifier
import Foundation

/// `smugglewatch train --corpus FILE --out RULESET [--ruleset BASE] [--folds K]`.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Fit category weights (L2 logistic regression) and write a readable ruleset.",
        discussion: "Prints k-fold cross-validated figures: weights fitted without the fold they are tested on."
    )

    @Option(help: "Labeled JSONL corpus.")
    var corpus: String

    @Option(help: "Where to write the trained ruleset.")
    var out: String

    @Option(help: "Base ruleset whose lexicon and guard are kept (default: the default ruleset).")
    var ruleset: String?

    @Option(help: "Number of cross-validation folds.")
    var folds: Int = 5

    @Option(help: "L2 penalty on the category weights.")
    var l2: Double = 1.0

    @Option(help: "Version written into the trained ruleset (default: base version + \"-trained\").")
    var version: String?

    @Flag(help: "Print the figures as one JSON object.")
    var json = false

    func validate() throws {
        guard folds >= 2 else { throw ValidationError("--folds must be at least 2") }
        guard l2 >= 0 else { throw ValidationError("--l2 must not be negative") }
    }

    func run() throws {
        let base = try loadRuleset(ruleset)
        let posts = try loadCorpus(corpus)
        let trainer = Trainer(l2: l2)
        let crossValidated = trainer.crossValidate(posts, base: base, folds: folds)
        let examples = Trainer.examples(posts, classifier: Classifier(ruleset: base))
        let fit = trainer.fit(examples, categories: base.categories.map(\.name))
        let text = base.rewritingWeights(fit.weights, bias: fit.bias, version: version ?? base.identity.version + "-trained")
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: out))
        } catch {
            printError("error: cannot write \(out): \(error.localizedDescription)")
            throw ExitCode(2)
        }
        if json {
            print(ReportText.json(crossValidated, ruleset: nil, extra: ["folds": folds, "out": out]))
            return
        }
        print(ReportText.table(crossValidated, title: "\(folds)-fold cross-validated figures on \(posts.count) posts (weights fitted without the tested fold)"))
        print("")
        print("weights written to \(out):")
        print("  bias".padding(toLength: 16, withPad: " ", startingAt: 0) + String(format: "%+.2f", fit.bias))
        for category in base.categories {
            print("  \(category.name)".padding(toLength: 16, withPad: " ", startingAt: 0) + String(format: "%+.2f", fit.weights[category.name] ?? 0))
        }
    }
}
