/// Ethiopic numerals (U+1369–U+137C) read as ASCII decimal numbers: `፫፻` → `300`.
///
/// Unlike every other script's digits they are not positional, so they cannot fold scalar by
/// scalar. `፩`–`፱` are 1–9 and `፲`–`፺` 10–90, added together; `፻` multiplies what precedes it
/// within its group of four digits by 100 and `፼` multiplies everything before it by 10000,
/// a leading 1 being left out (`፻` = 100, `፼` = 10000, `፻፼` = 10⁶, `፼፼` = 10⁸). Read this way,
/// `፪፻፶` is 250, `፭፼` 50000 and `፲፪፻፴፬፼፶፮፻፸፰` 12345678.
enum EthiopicNumerals {
    static let range: ClosedRange<UInt32> = 0x1369...0x137C
    /// Every number below 2⁶⁴ takes fewer numerals than this; the bound keeps the sums of a
    /// hostile run small.
    static let maxRun = 48

    /// Replaces every run of numerals in `scalars` by its decimal digits. The digits of a run
    /// share out the run's origins in order, the first digit mapping to the first numeral and
    /// the last to the last, so a span over the number covers the numerals as written and
    /// origins stay ascending. A run longer than any real number (`maxRun`) or too large for
    /// 64 bits is left as written.
    static func rewrite(_ scalars: inout [UInt32], _ origins: inout [Int32]) {
        var outScalars: [UInt32] = []
        var outOrigins: [Int32] = []
        outScalars.reserveCapacity(scalars.count + 8)
        outOrigins.reserveCapacity(scalars.count + 8)
        var index = 0
        while index < scalars.count {
            guard range.contains(scalars[index]) else {
                outScalars.append(scalars[index])
                outOrigins.append(origins[index])
                index += 1
                continue
            }
            var end = index
            while end < scalars.count && range.contains(scalars[end]) { end += 1 }
            if end - index <= maxRun, let number = value(of: scalars[index..<end]) {
                let digits = Array(String(number).unicodeScalars.map(\.value))
                let runLength = end - index
                for (position, digit) in digits.enumerated() {
                    let share = position == digits.count - 1 ? runLength - 1 : position * runLength / digits.count
                    outScalars.append(digit)
                    outOrigins.append(origins[index + share])
                }
            } else {
                outScalars.append(contentsOf: scalars[index..<end])
                outOrigins.append(contentsOf: origins[index..<end])
            }
            index = end
        }
        scalars = outScalars
        origins = outOrigins
    }

    /// The number a run of numerals writes, or nil if it overflows.
    static func value(of run: ArraySlice<UInt32>) -> UInt64? {
        var total: UInt64 = 0  // everything up to the last `፼`, already multiplied
        var group: UInt64 = 0  // hundreds of the current group of four digits
        var pair: UInt64 = 0  // tens and units of the current group
        for numeral in run {
            switch numeral {
            case 0x1369...0x1371:
                pair += UInt64(numeral - 0x1368)
            case 0x1372...0x137A:
                pair += UInt64(numeral - 0x1371) * 10
            case 0x137B:
                group += max(pair, 1) * 100
                pair = 0
            default:  // 0x137C, ፼
                let written = group + pair
                let (base, baseOverflow) = written == 0 ? (max(total, 1), false) : total.addingReportingOverflow(written)
                let (product, overflow) = base.multipliedReportingOverflow(by: 10_000)
                guard !baseOverflow, !overflow else { return nil }
                total = product
                group = 0
                pair = 0
            }
        }
        let (sum, overflow) = total.addingReportingOverflow(group + pair)
        return overflow ? nil : sum
    }
}
