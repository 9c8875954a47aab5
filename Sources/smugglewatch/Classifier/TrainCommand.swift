import ArgumentParser
import Classifier
import Foundation
import Records

/// `smugglewatch train --corpus FILE... --out RULESET [--validation FILE] [--folds K]`.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Fit a ruleset's weights (categories, phrases, interactions, n-grams) from labeled posts.",
        discussion: """
            Cross-validates first: each fold is decided by a model fitted without it, and the refer and \
            review thresholds are chosen on those out-of-fold decisions. Prints the figures per fold, \
            their mean and per language, then fits on all the posts and writes the ruleset. With \
            --validation, also decides that file with the written ruleset (it is never fitted on). \
            The same inputs give the same file, byte for byte.
            """
    )

    @Option(name: .customLong("corpus"), help: "Labeled JSONL corpus to fit on; repeat for several files.")
    var corpora: [String]

    @Option(help: "Where to write the trained ruleset.")
    var out: String

    @Option(help: "Base ruleset whose lexicon, guard and interactions are kept (default: the default ruleset).")
    var ruleset: String?

    @Option(help: "Labeled JSONL corpus to report on with the written ruleset, never fitted on.")
    var validation: String?

    @Option(help: "Number of cross-validation folds.")
    var folds: Int = 5

    @Option(help: "L2 penalty on the category and interaction weights.")
    var categoryPenalty: Double = ModelTrainer.Settings().categoryPenalty

    @Option(help: "L2 penalty on each phrase's deviation from its category weight.")
    var phrasePenalty: Double = ModelTrainer.Settings().phrasePenalty

    @Option(help: "L2 penalty on the n-gram weights.")
    var ngramPenalty: Double = ModelTrainer.Settings().ngramPenalty

    @Option(help: "N-gram length in scalars (word edges included).")
    var ngramLength: Int = ModelTrainer.Settings().ngramLength

    @Option(help: "The heaviest n-grams kept in the ruleset (each post looks up its n-grams in them).")
    var maxNgrams: Int = ModelTrainer.Settings().maxNgrams

    @Option(help: "Training posts an n-gram must occur in.")
    var minDocumentFrequency: Int = ModelTrainer.Settings().minDocumentFrequency

    @Option(help: "Out-of-fold precision the refer threshold must reach.")
    var targetPrecision: Double = ModelTrainer.Settings().targetPrecision

    @Option(help: "Version written into the trained ruleset (default: the base version).")
    var version: String?

    @Option(help: "Write every out-of-fold decision here as JSONL (id, label, lang, fold, score, verdict), for error analysis.")
    var outOfFold: String?

    @Flag(help: "Print the figures as one JSON object.")
    var json = false

    func validate() throws {
        guard folds >= 2 else { throw ValidationError("--folds must be at least 2") }
        guard !corpora.isEmpty else { throw ValidationError("give at least one --corpus") }
        for (name, value) in [("--category-penalty", categoryPenalty), ("--phrase-penalty", phrasePenalty), ("--ngram-penalty", ngramPenalty)] {
            guard value >= 0, value.isFinite else { throw ValidationError("\(name) must be a number not below 0") }
        }
        guard (1...8).contains(ngramLength) else { throw ValidationError("--ngram-length must be from 1 to 8") }
        guard maxNgrams >= 0 else { throw ValidationError("--max-ngrams must not be negative") }
        guard minDocumentFrequency >= 1 else { throw ValidationError("--min-document-frequency must be at least 1") }
        guard targetPrecision > 0, targetPrecision <= 1 else { throw ValidationError("--target-precision must be in (0, 1]") }
    }

    func run() throws {
        let base = try loadRuleset(ruleset)
        var posts: [LabeledPost] = []
        for path in corpora { posts += try loadCorpus(path) }
        let ads = posts.filter { $0.label == LabeledPost.positiveLabel }.count
        guard ads > 0, posts.count - ads > 0 else {
            printError("error: the training posts need both smuggling ads (label smuggling_ad) and other posts; found \(ads) ads among \(posts.count) posts")
            throw ExitCode(2)
        }
        let held = try validation.map(loadCorpus)
        var settings = ModelTrainer.Settings()
        settings.categoryPenalty = categoryPenalty
        settings.interactionPenalty = categoryPenalty
        settings.phrasePenalty = phrasePenalty
        settings.ngramPenalty = ngramPenalty
        settings.ngramLength = ngramLength
        settings.minDocumentFrequency = minDocumentFrequency
        settings.maxNgrams = maxNgrams
        settings.targetPrecision = targetPrecision
        let trainer = ModelTrainer(base: base, settings: settings)
        let examples = trainer.examples(posts)
        let outOfFoldDecisions = try trainer.crossValidate(examples, folds: folds)
        let thresholds = trainer.chooseThresholds(outOfFoldDecisions)
        if let outOfFold { try writeOutOfFold(outOfFoldDecisions, thresholds: thresholds, to: outOfFold) }
        let fit = trainer.fit(examples)
        let text = trainer.rulesetText(fit, thresholds: thresholds, version: version ?? base.identity.version)
        let written: Ruleset
        do {
            written = try Ruleset(yaml: Data(text.utf8))
            try Data(text.utf8).write(to: URL(fileURLWithPath: out))
        } catch let error as RulesetError {
            printError("error: the trained ruleset does not load: [\(error.code)] \(error)")
            throw ExitCode(1)
        } catch {
            printError("error: cannot write \(out): \(error.localizedDescription)")
            throw ExitCode(2)
        }
        let perFold = (0..<max(2, min(folds, examples.count))).map { fold in
            EvaluationReport(outOfFoldDecisions.filter { $0.fold == fold }.map { ($0.labeled, $0.verdict(thresholds)) })
        }
        let pooled = EvaluationReport(outOfFoldDecisions.map { ($0.labeled, $0.verdict(thresholds)) })
        let validated = held.map { EvaluationReport.evaluate(Classifier(ruleset: written), on: $0) }
        let summary = TrainingSummary(posts: posts.count, folds: perFold, pooled: pooled, validation: validated, thresholds: thresholds,
                                      ruleset: written.identity, out: out, phrases: fit.phrases.count, ngrams: fit.ngrams.count)
        print(json ? summary.json() : summary.text())
    }

    private func writeOutOfFold(_ decisions: [OutOfFoldDecision], thresholds: Ruleset.Thresholds, to path: String) throws {
        var text = ""
        for decision in decisions {
            let object: JSONValue = .object([
                "id": .string(decision.labeled.post.id), "label": .string(decision.labeled.label),
                "lang": .string(decision.labeled.post.lang ?? ""), "fold": .number(Double(decision.fold + 1)),
                "score": .number(decision.score), "verdict": .string(decision.verdict(thresholds).rawValue),
                "if_refer": .string(decision.ifRefer.rawValue),
            ])
            text += object.jsonText + "\n"
        }
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        } catch {
            printError("error: cannot write \(path): \(error.localizedDescription)")
            throw ExitCode(2)
        }
    }
}
