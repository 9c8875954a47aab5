import Foundation
import Records

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

    /// `"name":{"min":…,"median":…,"max":…,"rounds":[…]}`, as `format` rounds them.
    func write(to json: inout JSONWriter, digits: Int = 0) {
        json.key(dynamic: name)
        json.beginObject()
        json.key("min"); Self.write(values.min() ?? 0, digits, to: &json)
        json.key("median"); Self.write(median, digits, to: &json)
        json.key("max"); Self.write(values.max() ?? 0, digits, to: &json)
        json.key("rounds"); json.beginArray()
        for value in values { Self.write(value, digits, to: &json) }
        json.endArray()
        json.endObject()
    }

    /// A figure in JSON: truncated to a whole number, or rounded to `digits` decimals.
    static func write(_ value: Double, _ digits: Int, to json: inout JSONWriter) {
        guard value.isFinite else { return json.null() }
        guard digits > 0 else { return json.int(Int(value)) }
        let scale = (0..<digits).reduce(1.0) { product, _ in product * 10 }
        try? json.double((value * scale).rounded() / scale, key: "")
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
