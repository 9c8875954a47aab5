import Testing
@testable import Classifier

/// Floors measured on the shared corpus (see the commit log for the figures), minus a margin.
/// Training-set figures are checked loosely; the cross-validated ones are what we promise.
@Suite("Corpus")
struct CorpusTests {
    @Test("training-set figures on the shared corpus", .enabled(if: TestSupport.sharedCorpus != nil, "needs ../shared/corpus"))
    func trainingSet() throws {
        let corpus = try #require(TestSupport.sharedCorpus)
        let report = EvaluationReport.evaluate(TestSupport.classifier, on: corpus)
        #expect(report.protectedReferrals == 0)
        #expect(report.recall >= 0.95)
        #expect(report.precision >= 0.97)
    }

    @Test("cross-validated figures on the shared corpus", .enabled(if: TestSupport.sharedCorpus != nil, "needs ../shared/corpus"))
    func crossValidated() throws {
        let corpus = try #require(TestSupport.sharedCorpus)
        let report = Trainer().crossValidate(corpus, base: TestSupport.defaultRuleset, folds: 5)
        #expect(report.protectedReferrals == 0)
        #expect(report.recall >= 0.95)
        #expect(report.precision >= 0.97)
    }

    @Test("hard cases: obfuscation, code-switching, aid posts that look like ads")
    func hardCases() {
        let cases = TestSupport.hardCases
        #expect(cases.count >= 30)
        let report = EvaluationReport.evaluate(TestSupport.classifier, on: cases)
        #expect(report.protectedReferrals == 0)
        #expect(report.recall >= 0.85)
        #expect(report.precision >= 0.95)
    }

    @Test("training is deterministic", .enabled(if: TestSupport.sharedCorpus != nil, "needs ../shared/corpus"))
    func trainingDeterministic() throws {
        let corpus = try #require(TestSupport.sharedCorpus)
        let examples = Trainer.examples(corpus, classifier: TestSupport.classifier)
        let names = TestSupport.defaultRuleset.categories.map(\.name)
        let first = Trainer().fit(examples, categories: names)
        let second = Trainer().fit(examples, categories: names)
        #expect(first == second)
        #expect((first.weights["facilitation"] ?? 0) > 0)
        #expect((first.weights["reporting"] ?? 0) < 0)
    }
}

@Suite("Training and benchmark")
struct TrainingTests {
    @Test("the linear solver solves a small system")
    func solver() {
        let solution = Trainer.solve([[2, 1], [1, 3]], [3, 5])
        #expect(solution.map { abs($0[0] - 0.8) < 1e-9 && abs($0[1] - 1.4) < 1e-9 } == true)
        #expect(Trainer.solve([[0, 0], [0, 0]], [1, 1]) == nil)
    }

    @Test("logistic regression separates a toy corpus and keeps signs")
    func toyFit() {
        let examples = (0..<40).map { index in
            Trainer.Example(present: index % 2 == 0 ? ["offer", "money"] : ["aid"], isPositive: index % 2 == 0)
        }
        let fit = Trainer(l2: 1).fit(examples, categories: ["offer", "money", "aid"])
        #expect((fit.weights["offer"] ?? 0) > 0)
        #expect((fit.weights["aid"] ?? 0) < 0)
    }

    @Test("the classify benchmark decides every post and reports a rate")
    func benchmark() {
        let posts = TestSupport.hardCases.map(\.post)
        let result = ClassifyBenchmark.run(posts: posts, classifier: TestSupport.classifier, iterations: 2)
        #expect(result.posts == posts.count * 2)
        #expect(result.postsPerSecond > 0)
        #expect(result.referrals == posts.filter { TestSupport.classifier.decide($0).verdict == .refer }.count)
        #expect(ClassifyBenchmark.run(posts: [], classifier: TestSupport.classifier, seconds: 1).posts == 0)
    }
}
