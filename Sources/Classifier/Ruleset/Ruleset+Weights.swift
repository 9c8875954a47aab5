import Foundation

extension Ruleset {
    /// The ruleset file's text with new weights and bias written in place.
    ///
    /// Only the numbers change: comments, order and the lexicon stay as the author wrote them,
    /// so a trained ruleset remains readable and diffs show exactly what training changed.
    public func rewritingWeights(_ weights: [String: Double], bias newBias: Double, thresholds newThresholds: Thresholds? = nil,
                                 version newVersion: String?) -> String {
        var lines = sourceText.components(separatedBy: "\n")
        var edits: [(line: Int, column: Int, value: String)] = []
        if let position = weightPositions["bias"] { edits.append((position.line, position.column, Self.format(newBias))) }
        if let newThresholds {
            for (key, value) in [("thresholds.refer", newThresholds.refer), ("thresholds.review", newThresholds.review)] {
                if let position = weightPositions[key] { edits.append((position.line, position.column, Self.format(value))) }
            }
        }
        for category in categories {
            guard let weight = weights[category.name], let position = weightPositions[category.name] else { continue }
            edits.append((position.line, position.column, Self.format(weight)))
        }
        // Right to left within a line, so earlier columns stay valid.
        for edit in edits.sorted(by: { ($0.line, -$0.column) < ($1.line, -$1.column) }) {
            let index = edit.line - 1
            guard lines.indices.contains(index) else { continue }
            var scalars = Array(lines[index].unicodeScalars)
            let start = edit.column - 1
            guard start >= 0, start <= scalars.count else { continue }
            var end = start
            while end < scalars.count, "+-0123456789.eE".unicodeScalars.contains(scalars[end]) { end += 1 }
            scalars.replaceSubrange(start..<end, with: edit.value.unicodeScalars)
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars)
            lines[index] = String(view)
        }
        if let newVersion, let versionLine = lines.firstIndex(where: { $0.hasPrefix("version:") }) {
            lines[versionLine] = "version: \"\(newVersion)\""
        }
        return lines.joined(separator: "\n")
    }

    /// Two decimals: enough for a logit weight, short enough to read.
    static func format(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        return rounded == 0 ? "0.0" : String(rounded)
    }
}
