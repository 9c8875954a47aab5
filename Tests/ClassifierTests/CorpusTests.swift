import Testing
@testable import Classifier

/// Floors measured on the shared corpus (see the commit log for the figures), minus a margin.
/// Training-set figures are checked loosely; the cross-validated ones are what we promise.
@Suite("Corpus")
struct CorpusTests {
    @Test("training-set figures on the shared corpus")
    func trainingSet() throws {
        guard let corpus = TestSupport.sharedCorpus else { return }
        let report = EvaluationReport.evaluate(TestSupport.classifier, on: corpus)
        #expect(report.protectedReferrals == 0)
        #expect(report.recall >= 0.95)
        #expect(report.precision >= 0.97)
    }

    @Test("cross-validated figures on the shared corpus")
    func crossValidated() throws {
        guard let corpus = TestSupport.sharedCorpus else { return }
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

    @Test("training is deterministic")
    func trainingDeterministic() {
        guard let corpus = TestSupport.sharedCorpus else { return }
        let examples = Trainer.examples(corpus, classifier: TestSupport.classifier)
        let names = TestSupport.defaultRuleset.categories.map(\.name)
        let first = Trainer().fit(examples, categories: names)
        let second = Trainer().fit(examples, categories: names)
        #expect(first == second)
        #expect((first.weights["facilitation"] ?? 0) > 0)
        #expect((first.weights["reporting"] ?? 0) < 0)
    }
}
