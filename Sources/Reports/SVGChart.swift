import Foundation

/// Small inline SVG charts: no script, no external reference, readable when printed.
///
/// Labels may come from posts (languages, platforms): they are neutralised, escaped and truncated.
public enum SVGChart {
    /// One series of a stacked column chart.
    public struct Series: Sendable {
        public var name: String
        public var color: String
        public var values: [Int]

        public init(name: String, color: String, values: [Int]) {
            self.name = name
            self.color = color
            self.values = values
        }
    }

    static let width = 560
    static let height = 220

    /// Stacked columns, one per label, with a legend.
    public static func columns(title: String, labels: [String], series: [Series]) -> String {
        let left = 40, right = 10, top = 28, bottom = 42
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        let totals = labels.indices.map { index in series.reduce(0) { $0 + ($1.values.count > index ? $1.values[index] : 0) } }
        let maximum = max(1, totals.max() ?? 1)
        var svg = open(title: title)
        svg += axis(left: left, top: top, plotWidth: plotWidth, plotHeight: plotHeight, maximum: maximum)
        guard !labels.isEmpty else { return svg + empty(left: left, top: top, plotWidth: plotWidth, plotHeight: plotHeight) + "</svg>" }
        let slot = Double(plotWidth) / Double(labels.count)
        let barWidth = min(48, max(1.0, slot * 0.7))
        let labelEvery = max(1, Int((64.0 / slot).rounded(.up)))
        for (index, label) in labels.enumerated() {
            let x = Double(left) + slot * Double(index) + (slot - barWidth) / 2
            var y = Double(top + plotHeight)
            for entry in series {
                let value = entry.values.count > index ? entry.values[index] : 0
                guard value > 0 else { continue }
                let barHeight = Double(plotHeight) * Double(value) / Double(maximum)
                y -= barHeight
                svg += "<rect x=\"\(f(x))\" y=\"\(f(y))\" width=\"\(f(barWidth))\" height=\"\(f(barHeight))\" fill=\"\(entry.color)\">"
                svg += "<title>\(SafeText.html(label, keepNewlines: false)): \(value) \(SafeText.html(entry.name))</title></rect>"
            }
            if index % labelEvery == 0 {
                svg += "<text x=\"\(f(x + barWidth / 2))\" y=\"\(top + plotHeight + 14)\" text-anchor=\"middle\" font-size=\"10\">"
                svg += SafeText.html(SafeText.truncated(label, to: 12), keepNewlines: false) + "</text>"
            }
        }
        var legendX = left
        for entry in series {
            svg += "<rect x=\"\(legendX)\" y=\"\(height - 14)\" width=\"10\" height=\"10\" fill=\"\(entry.color)\"/>"
            svg += "<text x=\"\(legendX + 14)\" y=\"\(height - 5)\" font-size=\"11\">\(SafeText.html(entry.name))</text>"
            legendX += 110
        }
        return svg + "</svg>"
    }

    /// Horizontal bars with their labels and values, largest first as given.
    public static func bars(title: String, items: [(label: String, value: Double)], color: String, format: (Double) -> String) -> String {
        let left = 210, right = 50, top = 28
        let rowHeight = 18
        let chartHeight = max(100, top + rowHeight * items.count + 10)
        let plotWidth = width - left - right
        let maximum = max(1e-9, items.map { abs($0.value) }.max() ?? 1)
        var svg = open(title: title, height: chartHeight)
        if items.isEmpty {
            return svg + empty(left: left, top: top, plotWidth: plotWidth, plotHeight: 60) + "</svg>"
        }
        for (index, item) in items.enumerated() {
            let y = top + rowHeight * index
            let barWidth = Double(plotWidth) * abs(item.value) / maximum
            svg += "<text x=\"\(left - 6)\" y=\"\(y + 12)\" text-anchor=\"end\" font-size=\"11\">"
            svg += SafeText.html(SafeText.truncated(item.label, to: 30), keepNewlines: false) + "</text>"
            svg += "<rect x=\"\(left)\" y=\"\(y + 2)\" width=\"\(f(max(1, barWidth)))\" height=\"\(rowHeight - 5)\" fill=\"\(color)\">"
            svg += "<title>\(SafeText.html(item.label, keepNewlines: false)): \(format(item.value))</title></rect>"
            svg += "<text x=\"\(f(Double(left) + max(1, barWidth) + 4))\" y=\"\(y + 12)\" font-size=\"11\">\(format(item.value))</text>"
        }
        return svg + "</svg>"
    }

    private static func open(title: String, height: Int = height) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-label=\"\(SafeText.html(title))\">"
            + "<title>\(SafeText.html(title))</title>"
            + "<text x=\"4\" y=\"16\" font-size=\"13\" font-weight=\"bold\">\(SafeText.html(title))</text>"
    }

    private static func axis(left: Int, top: Int, plotWidth: Int, plotHeight: Int, maximum: Int) -> String {
        let bottom = top + plotHeight
        return "<line x1=\"\(left)\" y1=\"\(bottom)\" x2=\"\(left + plotWidth)\" y2=\"\(bottom)\" stroke=\"#888\"/>"
            + "<line x1=\"\(left)\" y1=\"\(top)\" x2=\"\(left)\" y2=\"\(bottom)\" stroke=\"#888\"/>"
            + "<text x=\"\(left - 4)\" y=\"\(top + 4)\" text-anchor=\"end\" font-size=\"10\">\(maximum)</text>"
            + "<text x=\"\(left - 4)\" y=\"\(bottom)\" text-anchor=\"end\" font-size=\"10\">0</text>"
    }

    private static func empty(left: Int, top: Int, plotWidth: Int, plotHeight: Int) -> String {
        "<text x=\"\(left + plotWidth / 2)\" y=\"\(top + plotHeight / 2)\" text-anchor=\"middle\" font-size=\"12\" fill=\"#666\">no data</text>"
    }

    static func f(_ value: Double) -> String { String(format: "%.1f", value) }
}
