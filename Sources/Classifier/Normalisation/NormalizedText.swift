/// A post's text after normalisation, with a map back to the original text.
///
/// `scalars[i]` came from the original scalar at offset `origins[i]`; offsets are Unicode
/// scalar offsets into the original text, so spans can be reported in the original.
public struct NormalizedText: Sendable, Equatable {
    /// Normalised Unicode scalar values.
    public var scalars: [UInt32]
    /// For each normalised scalar, the offset of the original scalar it came from.
    public var origins: [Int32]
    /// The original text's Unicode scalar values (for reporting matched text without decoding
    /// the string again).
    public var originalScalars: [UInt32]
    /// Number of Unicode scalars in the original text.
    public var originalCount: Int { originalScalars.count }
    /// Words recognised as Arabizi (Arabic in Latin letters with digits such as `3` and `7`);
    /// their digits are kept, never read as leetspeak.
    public var arabiziWordCount: Int
    /// Indices in `scalars` where a structured finding may start (digits, `+`, `@`), ascending.
    /// Noted by the word pass, which looks at every scalar anyway; it may list a few indices
    /// whose digit or `@` it has since read as a letter (`b0at`), so extractors check.
    var extractionStarts: [Int]

    /// The normalised text as a string (for tests, reports and debugging).
    public var string: String {
        var view = String.UnicodeScalarView()
        for value in scalars {
            if let scalar = Unicode.Scalar(value) { view.append(scalar) }
        }
        return String(view)
    }

    /// The original text of `span`, clamped to the text.
    public func originalText(_ span: TextSpan) -> String {
        let lower = min(max(span.start, 0), originalScalars.count)
        let upper = min(max(span.end, lower), originalScalars.count)
        guard lower < upper else { return "" }
        // Encoded straight into the string's storage: appending scalar by scalar to a
        // `UnicodeScalarView` re-examines the string on every append, for every signal.
        return String(unsafeUninitializedCapacity: (upper - lower) * 4) { buffer in
            var written = 0
            for value in originalScalars[lower..<upper] {
                guard let scalar = Unicode.Scalar(value) else { continue }
                UTF8.encode(scalar) { byte in
                    buffer[written] = byte
                    written += 1
                }
            }
            return written
        }
    }

    /// The original span covered by the normalised range `range` (half-open).
    public func originalSpan(_ range: Range<Int>) -> TextSpan {
        guard !range.isEmpty, range.lowerBound >= 0, range.upperBound <= origins.count else {
            return TextSpan(start: 0, end: 0)
        }
        let start = Int(origins[range.lowerBound])
        var end = Int(origins[range.upperBound - 1]) + 1
        // Combining marks the normaliser dropped (vowel signs, harakat) belong to the letter
        // before them: a span ending on that letter ends after its marks (`रुपये`, not `रुपय`).
        while end < originalScalars.count, Self.isCombiningMark(originalScalars[end]) { end += 1 }
        return TextSpan(start: start, end: max(start, end))
    }

    static func isCombiningMark(_ value: UInt32) -> Bool {
        guard value >= 0x300, let scalar = Unicode.Scalar(value) else { return false }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }
}
