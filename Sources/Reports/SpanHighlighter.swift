import Classifier

/// Splits a post's text into plain and highlighted pieces from signal spans.
///
/// Spans come from records, which anyone able to write to a topic can forge: they may lie outside
/// the text, be reversed, or overlap. They are clamped to the text and overlapping or touching
/// spans are merged, so rendering never fails and never highlights a character twice.
public enum SpanHighlighter {
    /// A run of the text; `signals` are the indices of the spans that cover it (empty: plain).
    public struct Segment: Sendable, Equatable {
        public var text: String
        public var signals: [Int]
        public var isHighlighted: Bool { !signals.isEmpty }
    }

    /// The merged, clamped highlight ranges in Unicode-scalar offsets, with the spans in each.
    public static func ranges(_ spans: [TextSpan], scalarCount: Int) -> [(range: Range<Int>, signals: [Int])] {
        var clamped: [(Range<Int>, Int)] = []
        for (index, span) in spans.enumerated() {
            let start = min(max(span.start, 0), scalarCount)
            let end = min(max(span.end, 0), scalarCount)
            guard start < end else { continue }
            clamped.append((start..<end, index))
        }
        clamped.sort { ($0.0.lowerBound, $0.0.upperBound) < ($1.0.lowerBound, $1.0.upperBound) }
        var merged: [(range: Range<Int>, signals: [Int])] = []
        for (range, index) in clamped {
            if let last = merged.last, range.lowerBound <= last.range.upperBound {
                merged[merged.count - 1] = (last.range.lowerBound..<max(last.range.upperBound, range.upperBound),
                                            last.signals + [index])
            } else {
                merged.append((range, [index]))
            }
        }
        return merged
    }

    /// The text cut into segments at the merged span boundaries.
    public static func segments(of text: String, spans: [TextSpan]) -> [Segment] {
        let scalars = Array(text.unicodeScalars)
        var segments: [Segment] = []
        var position = 0
        func piece(_ range: Range<Int>) -> String {
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars[range])
            return String(view)
        }
        for (range, signals) in ranges(spans, scalarCount: scalars.count) {
            if position < range.lowerBound { segments.append(Segment(text: piece(position..<range.lowerBound), signals: [])) }
            segments.append(Segment(text: piece(range), signals: signals))
            position = range.upperBound
        }
        if position < scalars.count { segments.append(Segment(text: piece(position..<scalars.count), signals: [])) }
        return segments
    }
}
