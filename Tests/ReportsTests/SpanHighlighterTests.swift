import Classifier
import Reports
import Testing

struct SpanHighlighterTests {
    @Test func overlappingAndTouchingSpansMerge() {
        let ranges = SpanHighlighter.ranges([TextSpan(start: 2, end: 5), TextSpan(start: 4, end: 8), TextSpan(start: 8, end: 9),
                                             TextSpan(start: 12, end: 14)], scalarCount: 20)
        #expect(ranges.map(\.range) == [2..<9, 12..<14])
        #expect(ranges[0].signals == [0, 1, 2])
    }

    @Test func outOfRangeReversedAndEmptySpansAreClampedOrDropped() {
        let ranges = SpanHighlighter.ranges([TextSpan(start: -10, end: 2), TextSpan(start: 7, end: 3), TextSpan(start: 4, end: 4),
                                             TextSpan(start: 8, end: 99), TextSpan(start: 50, end: 60),
                                             TextSpan(start: Int.min, end: Int.min)], scalarCount: 10)
        #expect(ranges.map(\.range) == [0..<2, 8..<10])
    }

    @Test func segmentsCutAtUnicodeScalarsAndRebuildTheText() {
        // Offsets count scalars: the flag is two, the family emoji five, Arabic letters one each.
        let text = "🇮🇹 👨‍👩‍👧 عبور مضمون price"
        let spans = [TextSpan(start: 0, end: 2), TextSpan(start: 9, end: 13), TextSpan(start: 3, end: 6)]
        let segments = SpanHighlighter.segments(of: text, spans: spans)
        #expect(segments.map(\.text).joined() == text)
        #expect(segments.filter(\.isHighlighted).map(\.text) == ["🇮🇹", "👨‍👩", "عبور"])
    }

    @Test func everySpanOverAShortTextIsSafe() {
        let text = "ab😀c"
        for start in -2...6 {
            for end in -2...6 {
                let segments = SpanHighlighter.segments(of: text, spans: [TextSpan(start: start, end: end), TextSpan(start: 1, end: 3)])
                #expect(segments.map(\.text).joined() == text, "span \(start)..<\(end)")
            }
        }
    }
}
