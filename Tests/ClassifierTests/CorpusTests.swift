import Testing
@testable import Classifier

/// Floors under the figures measured with ruleset 2.1.0 (docs/classifier.md), minus a margin:
/// they catch regressions, they are not the goals. `labeled-posts.jsonl` was fitted on;
/// `validation.jsonl` and `fixtures/classifier/hard-cases.jsonl` never were.
@Suite("Corpus")
struct CorpusTests {
    @Test("training-set figures on the shared corpus", .enabled(if: TestSupport.sharedCorpus != nil, "needs ../shared/corpus"))
    func trainingSet() throws {
        let corpus = try #require(TestSupport.sharedCorpus)
        let report = EvaluationReport.evaluate(TestSupport.classifier, on: corpus)
        #expect(report.protectedReferrals == 0)
        #expect(report.recall >= 0.9)
        #expect(report.precision >= 0.97)
    }

    @Test("figures on posts never fitted on: validation.jsonl", .enabled(if: TestSupport.validationCorpus != nil, "needs ../shared/corpus"))
    func validation() throws {
        let corpus = try #require(TestSupport.validationCorpus)
        let report = EvaluationReport.evaluate(TestSupport.classifier, on: corpus)
        #expect(report.protectedReferrals == 0)
        #expect(report.precision >= 0.95)
        #expect(report.recall >= 0.4)
        #expect(report.caught >= 0.65)
        #expect(report.rate(of: .refer, labels: ModelTrainer.everydayLabels) <= 0.01)
    }

    @Test("cross-validated figures on the shared corpus: every fold decided by a model fitted without it",
          .enabled(if: TestSupport.sharedCorpus != nil, "needs ../shared/corpus"))
    func crossValidated() throws {
        let corpus = try #require(TestSupport.sharedCorpus)
        let trainer = ModelTrainer(base: TestSupport.defaultRuleset)
        let decisions = try trainer.crossValidate(trainer.examples(corpus), folds: 5)
        #expect(decisions.count == corpus.count)
        #expect(Set(decisions.map(\.fold)) == Set(0..<5))
        let report = EvaluationReport(decisions.map { ($0.labeled, $0.verdict(trainer.chooseThresholds(decisions))) })
        #expect(report.protectedReferrals == 0)
        #expect(report.precision >= 0.95)
        #expect(report.recall >= 0.6)
    }

    @Test("hard cases: obfuscation, code-switching, aid posts that look like ads")
    func hardCases() {
        let cases = TestSupport.hardCases
        #expect(cases.count >= 30)
        let report = EvaluationReport.evaluate(TestSupport.classifier, on: cases)
        #expect(report.protectedReferrals == 0)
        #expect(report.recall >= 0.85)
        #expect(report.caught >= 0.95)
        #expect(report.precision >= 0.95)
    }
}

@Suite("Benchmark")
struct BenchmarkTests {
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
