import Foundation
import Synchronization

/// A post decided by a model fitted without it: its score and what the guard would make of
/// each proposed verdict, so that thresholds can be chosen afterwards without refitting.
public struct OutOfFoldDecision: Sendable {
    public var labeled: LabeledPost
    public var fold: Int
    public var score: Double
    /// The score without the post's protective words (see `GuardSettings.outweighedProtectionReviews`).
    public var unprotectedScore: Double
    /// The guard's verdict when the score proposes refer, review, clear; the last also when
    /// the score without the protective words would have flagged the post.
    public var ifRefer: Verdict
    public var ifReview: Verdict
    public var ifClear: Verdict
    public var ifClearFlaggedUnprotected: Verdict

    /// The verdict under `thresholds`.
    public func verdict(_ thresholds: Ruleset.Thresholds) -> Verdict {
        if score >= thresholds.refer { return ifRefer }
        if score >= thresholds.review { return ifReview }
        return unprotectedScore >= thresholds.review ? ifClearFlaggedUnprotected : ifClear
    }
}

extension ModelTrainer {
    /// Labels of everyday posts: what a stream mostly holds.
    public static let everydayLabels: Set<String> = ["unrelated", "news_report", "legal_service"]

    /// K-fold cross-validation. Folds are stratified: posts sorted by label, language and id
    /// are dealt to the folds in turn, so every fold has its share of each label and language.
    /// Everything fitted (weights, the n-gram vocabulary) is fitted without the tested fold,
    /// and the tested fold is decided by the ruleset as it would be written, guard included.
    public func crossValidate(_ examples: [Example], folds: Int) throws -> [OutOfFoldDecision] {
        let order = examples.indices.sorted { a, b in
            let x = examples[a].labeled, y = examples[b].labeled
            if x.label != y.label { return x.label < y.label }
            if (x.post.lang ?? "") != (y.post.lang ?? "") { return (x.post.lang ?? "") < (y.post.lang ?? "") }
            return x.post.id < y.post.id
        }
        let k = max(2, min(folds, examples.count))
        var assignment = [Int](repeating: 0, count: examples.count)
        for (rank, index) in order.enumerated() { assignment[index] = rank % k }
        let foldOf = assignment
        let results = Mutex<[[OutOfFoldDecision]]>(Array(repeating: [], count: k))
        let failure = Mutex<Error?>(nil)
        DispatchQueue.concurrentPerform(iterations: k) { fold in
            do {
                let training = examples.indices.filter { foldOf[$0] != fold }.map { examples[$0] }
                let ruleset = try ruleset(fit(training), thresholds: base.thresholds, version: "fold-\(fold + 1)")
                let classifier = Classifier(ruleset: ruleset)
                let decided = examples.indices.filter { foldOf[$0] == fold }.map { index in
                    let assessment = classifier.assess(examples[index].labeled.post)
                    return OutOfFoldDecision(labeled: examples[index].labeled, fold: fold, score: assessment.score,
                                             unprotectedScore: assessment.unprotectedScore,
                                             ifRefer: assessment.outcome(.refer).verdict, ifReview: assessment.outcome(.review).verdict,
                                             ifClear: assessment.outcome(.clear).verdict,
                                             ifClearFlaggedUnprotected: assessment.outcome(.clear, unprotected: .review).verdict)
                }
                results.withLock { $0[fold] = decided }
            } catch {
                failure.withLock { $0 = error }
            }
        }
        if let error = failure.withLock({ $0 }) { throw error }
        return results.withLock { $0.flatMap { $0 } }.sorted { $0.labeled.post.id < $1.labeled.post.id }
    }

    /// Thresholds chosen on out-of-fold decisions (see `Settings`): the lowest refer threshold
    /// that meets the precision target with no protected post referred, then the lowest review
    /// threshold that keeps everyday posts out of the review queue.
    public func chooseThresholds(_ decisions: [OutOfFoldDecision]) -> Ruleset.Thresholds {
        let candidates = stride(from: 5, through: 99, by: 1).map { Double($0) / 100 }
        let negatives = decisions.filter { $0.labeled.label != LabeledPost.positiveLabel && $0.labeled.label != "ambiguous" }
        let everyday = decisions.filter { Self.everydayLabels.contains($0.labeled.label) }
        var refer = 0.99
        for threshold in candidates {
            let thresholds = Ruleset.Thresholds(refer: threshold, review: threshold)
            let report = EvaluationReport(decisions.map { ($0.labeled, $0.verdict(thresholds)) })
            let falseReferrals = negatives.filter { $0.verdict(thresholds) == .refer }.count
            if report.precision >= settings.targetPrecision, report.protectedReferrals == 0,
               Double(falseReferrals) <= settings.maxReferralRate * Double(max(negatives.count, 1)) {
                refer = threshold
                break
            }
        }
        var review = refer
        for threshold in candidates where threshold <= refer {
            let thresholds = Ruleset.Thresholds(refer: refer, review: threshold)
            let flagged = everyday.filter { $0.verdict(thresholds) != .clear }.count
            if Double(flagged) <= settings.maxReviewRate * Double(max(everyday.count, 1)) {
                review = threshold
                break
            }
        }
        return Ruleset.Thresholds(refer: refer, review: review)
    }
}
