import Foundation

/// Fits the category weights of a ruleset with L2-regularised logistic regression.
///
/// Features are the presence of each category in a post (what `Classifier.categories(of:)`
/// reports), so the lexicon stays fixed and only the weights move. Newton's method on at most a
/// few dozen parameters, in ruleset order, with no randomness: the same corpus and base ruleset
/// always give the same weights.
public struct Trainer: Sendable {
    /// L2 penalty on the category weights (not on the bias).
    public var l2: Double
    public var iterations: Int

    /// `l2`: penalty on the weights; `iterations`: Newton steps (converges in far fewer).
    public init(l2: Double = 1.0, iterations: Int = 30) {
        self.l2 = l2
        self.iterations = iterations
    }

    /// The fitted model: bias and a weight per category of `ruleset`.
    public struct Fit: Sendable, Equatable {
        public var bias: Double
        public var weights: [String: Double]
    }

    /// One row of features: the categories present in a post and whether it is an ad.
    public struct Example: Sendable {
        public var present: Set<String>
        public var isPositive: Bool
    }

    /// The feature rows of a labeled corpus under `classifier`'s lexicon.
    public static func examples(_ corpus: [LabeledPost], classifier: Classifier) -> [Example] {
        corpus.map { Example(present: classifier.categories(of: $0.post), isPositive: $0.label == LabeledPost.positiveLabel) }
    }

    /// Fits bias and one weight per category (in `categories` order) on `examples`.
    public func fit(_ examples: [Example], categories: [String]) -> Fit {
        let count = categories.count + 1  // index 0: bias
        let rows: [[Double]] = examples.map { example in
            [1.0] + categories.map { example.present.contains($0) ? 1.0 : 0.0 }
        }
        let targets = examples.map { $0.isPositive ? 1.0 : 0.0 }
        var beta = [Double](repeating: 0, count: count)
        for _ in 0..<iterations {
            var gradient = [Double](repeating: 0, count: count)
            var hessian = [[Double]](repeating: [Double](repeating: 0, count: count), count: count)
            for (row, target) in zip(rows, targets) {
                var logit = 0.0
                for index in 0..<count { logit += beta[index] * row[index] }
                let probability = 1 / (1 + exp(-logit))
                let weight = max(probability * (1 - probability), 1e-9)
                for i in 0..<count where row[i] != 0 {
                    gradient[i] += (probability - target) * row[i]
                    for j in 0..<count where row[j] != 0 { hessian[i][j] += weight * row[i] * row[j] }
                }
            }
            for index in 1..<count {
                gradient[index] += l2 * beta[index]
                hessian[index][index] += l2
            }
            hessian[0][0] += 1e-6
            guard let step = Self.solve(hessian, gradient) else { break }
            var largest = 0.0
            for index in 0..<count {
                beta[index] -= step[index]
                largest = max(largest, abs(step[index]))
            }
            if largest < 1e-9 { break }
        }
        var weights: [String: Double] = [:]
        for (index, category) in categories.enumerated() { weights[category] = beta[index + 1] }
        return Fit(bias: beta[0], weights: weights)
    }

    /// Gaussian elimination with partial pivoting; nil if singular.
    static func solve(_ matrix: [[Double]], _ vector: [Double]) -> [Double]? {
        let size = vector.count
        var a = matrix
        var b = vector
        for column in 0..<size {
            var pivot = column
            for row in (column + 1)..<max(size, column + 1) where abs(a[row][column]) > abs(a[pivot][column]) { pivot = row }
            guard abs(a[pivot][column]) > 1e-12 else { return nil }
            if pivot != column {
                a.swapAt(pivot, column)
                b.swapAt(pivot, column)
            }
            for row in (column + 1)..<max(size, column + 1) {
                let factor = a[row][column] / a[column][column]
                if factor == 0 { continue }
                for k in column..<size { a[row][k] -= factor * a[column][k] }
                b[row] -= factor * b[column]
            }
        }
        var x = [Double](repeating: 0, count: size)
        for row in stride(from: size - 1, through: 0, by: -1) {
            var sum = b[row]
            for k in (row + 1)..<max(size, row + 1) { sum -= a[row][k] * x[k] }
            x[row] = sum / a[row][row]
        }
        return x
    }

    /// A copy of `ruleset` with the fitted weights (identity unchanged).
    public static func apply(_ fit: Fit, to ruleset: Ruleset) -> Ruleset {
        var trained = ruleset
        trained.bias = fit.bias
        for index in trained.categories.indices {
            if let weight = fit.weights[trained.categories[index].name] {
                trained.categories[index].weight = (weight * 100).rounded() / 100
            }
        }
        trained.bias = (fit.bias * 100).rounded() / 100
        return trained
    }

    /// K-fold cross-validation: fits on K-1 folds, decides the held-out fold with the full
    /// classifier (guard included). Folds are assigned by position in id order.
    public func crossValidate(_ corpus: [LabeledPost], base: Ruleset, folds: Int) -> EvaluationReport {
        let ordered = corpus.sorted { $0.post.id < $1.post.id }
        let baseClassifier = Classifier(ruleset: base)
        let examples = Self.examples(ordered, classifier: baseClassifier)
        let categories = base.categories.map(\.name)
        let k = max(2, min(folds, ordered.count))
        var outcomes: [(LabeledPost, Verdict)] = []
        for fold in 0..<k {
            let training = examples.indices.filter { $0 % k != fold }.map { examples[$0] }
            let fit = fit(training, categories: categories)
            let classifier = Classifier(ruleset: Self.apply(fit, to: base))
            for index in ordered.indices where index % k == fold {
                outcomes.append((ordered[index], classifier.decide(ordered[index].post).verdict))
            }
        }
        outcomes.sort { $0.0.post.id < $1.0.post.id }
        return EvaluationReport(outcomes)
    }
}
