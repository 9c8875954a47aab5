import Foundation
import Testing
@testable import Classifier

@Suite("Training")
struct TrainingTests {
    /// A toy corpus in the mini ruleset's vocabulary: ads offer a crossing for euros, aid
    /// posts offer free food; the word `zorbex` only ever appears in ads, `quillan` only in aid
    /// posts, so n-grams can learn them.
    static func toyCorpus(count: Int = 60) -> [LabeledPost] {
        (0..<count).map { index in
            let isAd = index % 2 == 0
            let text = isAd ? "crossing with zorbex \(1000 + index) euro, ask \(index)" : "free food with quillan for everyone \(index)"
            return LabeledPost(post: Post(id: String(format: "p%03d", index), text: text, lang: "en"), label: isAd ? "smuggling_ad" : "humanitarian_aid")
        }
    }

    static func miniRuleset(extra: String = "") throws -> Ruleset {
        try Ruleset(yaml: Data((TestSupport.miniYAML + extra).utf8))
    }

    @Test("logistic regression separates a toy problem, keeps signs and shrinks with its penalty")
    func regression() {
        // Column 1 marks positives, column 2 negatives; column 3 is noise present in both.
        let rows: [[Int32]] = (0..<40).map { $0 % 2 == 0 ? [0, 1, 3] : [0, 2, 3] }
        let targets = (0..<40).map { $0 % 2 == 0 ? 1.0 : 0.0 }
        var problem = SparseLogisticRegression(rows: rows, targets: targets, sampleWeights: Array(repeating: 1, count: 40),
                                               penalties: [0, 1, 1, 1])
        let loose = problem.fit()
        #expect(loose[1] > 1 && loose[2] < -1)
        #expect(abs(loose[3]) < 0.5)
        problem.penalties = [0, 100, 100, 100]
        let tight = problem.fit()
        #expect(abs(tight[1]) < abs(loose[1]))
        // At the optimum the gradient vanishes.
        #expect(problem.evaluate(tight).gradient.map(abs).max() ?? 1 < 1e-4)
    }

    @Test("the gradient matches finite differences")
    func gradient() {
        let problem = SparseLogisticRegression(rows: [[0, 1], [0, 2], [0, 1, 2]], targets: [1, 0, 1], sampleWeights: [1, 1, 0.5],
                                               penalties: [0, 0.5, 2])
        let w = [0.3, -0.2, 0.7]
        let analytic = problem.evaluate(w).gradient
        for column in w.indices {
            var up = w, down = w
            up[column] += 1e-6
            down[column] -= 1e-6
            let numeric = (problem.evaluate(up).loss - problem.evaluate(down).loss) / 2e-6
            #expect(abs(numeric - analytic[column]) < 1e-5)
        }
    }

    @Test("training fits phrases and n-grams, writes a ruleset that loads, and is deterministic")
    func fitAndWrite() throws {
        var settings = ModelTrainer.Settings()
        settings.minDocumentFrequency = 2
        settings.ngramPenalty = 0.5  // a toy corpus: let the n-grams carry weight enough to be listed
        let trainer = ModelTrainer(base: try Self.miniRuleset(), settings: settings)
        let examples = trainer.examples(Self.toyCorpus())
        let fit = trainer.fit(examples)
        let thresholds = Ruleset.Thresholds(refer: 0.7, review: 0.4)
        let text = trainer.rulesetText(fit, thresholds: thresholds, version: "0.2")
        #expect(text == trainer.rulesetText(trainer.fit(examples), thresholds: thresholds, version: "0.2"))
        let trained = try Ruleset(yaml: Data(text.utf8))
        #expect(trained.identity.version == "0.2")
        #expect(trained.model.ngrams.contains { $0.gram == " zor" && $0.weight > 0 })
        #expect(trained.model.ngrams.contains { $0.gram == " qui" && $0.weight < 0 })
        #expect(trained.model.ngrams.allSatisfy { !$0.gram.contains("1") }, "digits are read as 0")
        // Training again from the trained file replaces its model section instead of adding one.
        let again = ModelTrainer(base: trained, settings: settings)
        let retrained = again.rulesetText(again.fit(again.examples(Self.toyCorpus())), thresholds: thresholds, version: "0.2")
        #expect(retrained.components(separatedBy: "\nmodel:").count == 2)
        // An unseen ad with the learned word but none of the lexicon's phrases scores above an unseen aid post.
        let classifier = Classifier(ruleset: trained)
        let ad = classifier.decide(Post(id: "a", text: "zorbex tonight, 900 euro"))
        let aid = classifier.decide(Post(id: "b", text: "quillan tonight"))
        #expect(ad.score > aid.score)
        #expect(ad.signals.contains { $0.category == "ngram" && $0.matched == "zorbex" && $0.weight > 0 })
    }

    @Test("cross-validation never fits on the fold it decides")
    func foldsAreHeldOut() throws {
        // `solo` occurs in one ad only: a model that saw it would learn it; no fold model may.
        var corpus = Self.toyCorpus(count: 40)
        corpus[0].post.text = "crossing solosolo 1000 euro"
        var settings = ModelTrainer.Settings()
        settings.minDocumentFrequency = 1
        let trainer = ModelTrainer(base: try Self.miniRuleset(), settings: settings)
        let examples = trainer.examples(corpus)
        let decisions = try trainer.crossValidate(examples, folds: 4)
        #expect(decisions.count == corpus.count)
        let fold = try #require(decisions.first { $0.labeled.post.id == "p000" }).fold
        // Decisions come sorted by id, as the corpus is.
        let training = zip(examples, decisions).filter { $0.1.fold != fold }.map(\.0)
        let fit = trainer.fit(training)
        #expect(!fit.ngrams.contains { $0.gram == " sol" })
        #expect(trainer.fit(examples).ngrams.contains { $0.gram == " sol" })
        // Folds are stratified: each holds its share of both labels.
        for index in 0..<4 {
            let labels = decisions.filter { $0.fold == index }.map(\.labeled.label)
            #expect(labels.filter { $0 == "smuggling_ad" }.count == 5)
        }
    }

    @Test("thresholds: the lowest refer threshold that meets precision with no protected referral")
    func thresholdChoice() throws {
        let trainer = ModelTrainer(base: try Self.miniRuleset())
        func decision(_ id: String, _ label: String, _ score: Double) -> OutOfFoldDecision {
            OutOfFoldDecision(labeled: LabeledPost(post: Post(id: id, text: ""), label: label), fold: 0, score: score, unprotectedScore: score,
                              ifRefer: .refer, ifReview: .review, ifClear: .clear, ifClearFlaggedUnprotected: .clear)
        }
        var decisions = (0..<50).map { decision("a\($0)", "smuggling_ad", 0.6 + Double($0) / 200) }
        decisions += (0..<200).map { decision("u\($0)", "unrelated", Double($0) / 400) }
        decisions.append(decision("h", "humanitarian_aid", 0.7))
        let thresholds = trainer.chooseThresholds(decisions)
        #expect(thresholds.refer == 0.71)
        #expect(thresholds.review <= thresholds.refer)
        let everydayFlagged = decisions.filter { $0.labeled.label == "unrelated" && $0.verdict(thresholds) != .clear }.count
        #expect(Double(everydayFlagged) <= 0.04 * 200)
        // A post cleared only by its protective words counts as flagged once the score without
        // them reaches the review threshold.
        let washed = OutOfFoldDecision(labeled: LabeledPost(post: Post(id: "w", text: ""), label: "smuggling_ad"), fold: 0, score: 0.1,
                                       unprotectedScore: 0.9, ifRefer: .refer, ifReview: .review, ifClear: .clear,
                                       ifClearFlaggedUnprotected: .review)
        #expect(washed.verdict(Ruleset.Thresholds(refer: 0.8, review: 0.5)) == .review)
        #expect(washed.verdict(Ruleset.Thresholds(refer: 0.95, review: 0.92)) == .clear)
    }

    @Test("a model section with a mistake is refused with its line and field", arguments: [
        ("model:\n  ngrams:\n    length: 12\n", "model.ngrams.length"),
        ("model:\n  interactions:\n    x: { weight: 1, when: [offer, nonsense] }\n", "model.interactions.x.when[1]"),
        ("model:\n  interactions:\n    x: { weight: 1, when: [offer] }\n", "model.interactions.x"),
        ("model:\n  phrases:\n    \"offer.en.crossing\": lots\n", "model.phrases.offer.en.crossing"),
        ("model:\n  extra: 1\n", "model.extra"),
    ])
    func badModel(yaml: String, field: String) {
        #expect(throws: RulesetError.self) { try Self.miniRuleset(extra: "\n" + yaml) }
        do {
            _ = try Self.miniRuleset(extra: "\n" + yaml)
        } catch let error as RulesetError {
            #expect(error.field == field)
            #expect(error.line != nil)
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test("a decision's listed signals sum to its logit when the model has no n-grams")
    func signalsSumToLogit() throws {
        let ruleset = try Self.miniRuleset(extra: """

            model:
              interactions:
                paid: { weight: 0.5, when: [offer, money] }
              phrases:
                "offer.en.crossing": 0.25
            """)
        let decision = Classifier(ruleset: ruleset).decide(Post(id: "p", text: "crossing, crossing again, 3000 euro"))
        let logit = ruleset.bias + decision.signals.map(\.weight).reduce(0, +)
        #expect(abs(1 / (1 + exp(-logit)) - decision.score) < 1e-12)
        #expect(decision.signals.contains { $0.name == "interaction.paid" && $0.weight == 0.5 })
        // The phrase's weight counts once, on its first occurrence.
        let crossings = decision.signals.filter { $0.name == "offer.en.crossing" }
        #expect(crossings.count == 2)
        #expect(crossings[0].weight - crossings[1].weight == 0.25)
    }
}

@Suite("N-grams")
struct NgramScannerTests {
    static func grams(_ text: String, length: Int = 4) -> [String] {
        let normalised = Normaliser.normalise(text)
        var found: [String] = []
        normalised.scalars.withUnsafeBufferPointer { scalars in
            NgramScanner(length: length).scan(scalars) { hash, gram, _, _ in
                let text = NgramScanner.text(gram)
                #expect(hash == NgramScanner.hash(text))
                found.append(text)
            }
        }
        return found
    }

    @Test("a word gives its first and last gram, padded at its edges, digits read as 0")
    func words() {
        #expect(Self.grams("Boat 4500") == [" boa", "oat ", " 000", "000 "])
        #expect(Self.grams("passports") == [" pas", "rts "])
        #expect(Self.grams("to") == [" to "])
    }

    @Test("emoji and flags are grams of their own; unspaced scripts are cut into pairs")
    func symbols() {
        #expect(Self.grams("🚤 🇮🇹") == ["🚤", "🇮🇹"])
        #expect(Self.grams("偷渡美国") == ["偷渡", "渡美", "美国"])
    }

    @Test("the table finds what it holds and nothing else")
    func table() {
        let table = NgramTable(length: 4, entries: [(" boa", 0.5), ("oat ", -0.25), (" boa", 9)])
        #expect(table.weights == [0.5, -0.25])
        #expect(table.index(of: NgramScanner.hash(" boa")) == 0)
        #expect(table.index(of: NgramScanner.hash("oat ")) == 1)
        #expect(table.index(of: NgramScanner.hash("boat")) == nil)
    }
}
