import Foundation

/// Figures of repeated rounds: each round's value, their range and median. On a shared machine
/// one run's figure swings by a third; the range shows that, the median resists it, and a ratio
/// is taken within each round, where both contenders met the same conditions.
struct BenchSeries {
    let name: String
    private(set) var values: [Double] = []

    init(_ name: String) { self.name = name }

    mutating func append(_ value: Double) { values.append(value) }

    var median: Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// "min–max, median M" with `digits` decimals (0: whole numbers).
    func summary(digits: Int = 0) -> String {
        guard let low = values.min(), let high = values.max() else { return "no rounds" }
        return "\(Self.format(low, digits))–\(Self.format(high, digits)), median \(Self.format(median, digits))"
    }

    /// `"name":{"min":…,"median":…,"max":…,"rounds":[…]}`.
    func json(digits: Int = 0) -> String {
        let rounds = values.map { Self.format($0, digits, grouped: false) }.joined(separator: ",")
        return "\"\(name)\":{\"min\":\(Self.format(values.min() ?? 0, digits, grouped: false)),"
            + "\"median\":\(Self.format(median, digits, grouped: false)),"
            + "\"max\":\(Self.format(values.max() ?? 0, digits, grouped: false)),\"rounds\":[\(rounds)]}"
    }

    static func format(_ value: Double, _ digits: Int, grouped: Bool = true) -> String {
        if digits > 0 { return String(format: "%.\(digits)f", value) }
        // Truncated, as every single-run figure of `bench` is.
        let whole = Int(value)
        guard grouped else { return String(whole) }
        let formatter = NumberFormatter()
        formatter.numberStyle = .decimal
        formatter.groupingSeparator = ","
        formatter.usesGroupingSeparator = true
        return formatter.string(from: NSNumber(value: whole)) ?? String(whole)
    }
}
