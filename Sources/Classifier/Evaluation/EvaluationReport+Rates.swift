extension EvaluationReport {
    /// Posts with one of `labels`.
    public func count(labels: Set<String>) -> Int {
        labels.reduce(0) { total, label in total + (confusion[label]?.values.reduce(0, +) ?? 0) }
    }

    /// The share of posts with one of `labels` that got `verdict` (0 when there are none).
    public func rate(of verdict: Verdict, labels: Set<String>) -> Double {
        let total = count(labels: labels)
        guard total > 0 else { return 0 }
        let matching = labels.reduce(0) { sum, label in sum + (confusion[label]?[verdict] ?? 0) }
        return Double(matching) / Double(total)
    }

    /// Smuggling ads referred or sent to review / all smuggling ads.
    public var caught: Double {
        let row = confusion[LabeledPost.positiveLabel] ?? [:]
        let total = row.values.reduce(0, +)
        return total == 0 ? 1 : Double((row[.refer] ?? 0) + (row[.review] ?? 0)) / Double(total)
    }
}
