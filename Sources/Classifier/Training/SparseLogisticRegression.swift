import Foundation

/// L2-regularised logistic regression over binary features, fitted with L-BFGS.
///
/// Each example lists the columns that are 1 (column 0, the bias, in every row). Each column
/// has its own penalty, so groups of features (categories, phrases, n-grams) can be shrunk
/// differently. Sequential loops and a fixed start make the fit deterministic: the same rows
/// give the same weights, bit for bit.
struct SparseLogisticRegression: Sendable {
    var rows: [[Int32]]
    /// 1 for a positive example, 0 for a negative one.
    var targets: [Double]
    /// Per example (0 leaves it out).
    var sampleWeights: [Double]
    /// Per column: ½·penalty·w² is added to the loss.
    var penalties: [Double]
    var maxIterations = 400
    /// Stop when no gradient component is larger.
    var tolerance = 1e-6
    /// Pairs of L-BFGS history.
    static let memory = 10

    /// Loss and gradient at `w`.
    func evaluate(_ w: [Double]) -> (loss: Double, gradient: [Double]) {
        var gradient = [Double](repeating: 0, count: w.count)
        var loss = 0.0
        for column in w.indices where penalties[column] != 0 {
            loss += 0.5 * penalties[column] * w[column] * w[column]
            gradient[column] = penalties[column] * w[column]
        }
        for (index, row) in rows.enumerated() {
            let sampleWeight = sampleWeights[index]
            if sampleWeight == 0 { continue }
            var logit = 0.0
            for column in row { logit += w[Int(column)] }
            let target = targets[index]
            // log(1 + e^z) - y·z without overflow.
            loss += sampleWeight * (max(logit, 0) + log1p(exp(-abs(logit))) - target * logit)
            let residual = sampleWeight * (1 / (1 + exp(-logit)) - target)
            for column in row { gradient[Int(column)] += residual }
        }
        return (loss, gradient)
    }

    /// The fitted weights, one per column.
    func fit() -> [Double] {
        let count = penalties.count
        var w = [Double](repeating: 0, count: count)
        var (loss, gradient) = evaluate(w)
        var steps: [[Double]] = []
        var changes: [[Double]] = []
        for iteration in 0..<maxIterations {
            if gradient.map(abs).max() ?? 0 < tolerance { break }
            var direction = Self.direction(gradient, steps, changes)
            if iteration == 0 {
                let norm = sqrt(Self.dot(gradient, gradient))
                direction = direction.map { $0 / max(norm, 1) }
            }
            var slope = Self.dot(gradient, direction)
            if slope >= 0 {  // not a descent direction: restart from the gradient
                steps.removeAll()
                changes.removeAll()
                direction = gradient.map { -$0 }
                slope = Self.dot(gradient, direction)
            }
            var stepLength = 1.0
            var candidate = w
            var next = (loss: loss, gradient: gradient)
            var accepted = false
            for _ in 0..<40 {
                for index in 0..<count { candidate[index] = w[index] + stepLength * direction[index] }
                next = evaluate(candidate)
                if next.loss <= loss + 1e-4 * stepLength * slope {
                    accepted = true
                    break
                }
                stepLength *= 0.5
            }
            if !accepted { break }
            var step = [Double](repeating: 0, count: count)
            var change = [Double](repeating: 0, count: count)
            for index in 0..<count {
                step[index] = candidate[index] - w[index]
                change[index] = next.gradient[index] - gradient[index]
            }
            let improvement = loss - next.loss
            w = candidate
            loss = next.loss
            gradient = next.gradient
            if Self.dot(step, change) > 1e-12 {
                steps.append(step)
                changes.append(change)
                if steps.count > Self.memory {
                    steps.removeFirst()
                    changes.removeFirst()
                }
            }
            if improvement < 1e-10 * max(1, abs(loss)) { break }
        }
        return w
    }

    /// The L-BFGS two-loop recursion: an approximation of −H⁻¹·gradient.
    static func direction(_ gradient: [Double], _ steps: [[Double]], _ changes: [[Double]]) -> [Double] {
        var q = gradient
        var alphas = [Double](repeating: 0, count: steps.count)
        for index in steps.indices.reversed() {
            let rho = 1 / dot(changes[index], steps[index])
            alphas[index] = rho * dot(steps[index], q)
            for k in q.indices { q[k] -= alphas[index] * changes[index][k] }
        }
        if let lastStep = steps.last, let lastChange = changes.last {
            let scale = dot(lastStep, lastChange) / dot(lastChange, lastChange)
            for k in q.indices { q[k] *= scale }
        }
        for index in steps.indices {
            let rho = 1 / dot(changes[index], steps[index])
            let beta = rho * dot(changes[index], q)
            for k in q.indices { q[k] += (alphas[index] - beta) * steps[index][k] }
        }
        return q.map { -$0 }
    }

    static func dot(_ a: [Double], _ b: [Double]) -> Double {
        var sum = 0.0
        for index in a.indices { sum += a[index] * b[index] }
        return sum
    }
}
