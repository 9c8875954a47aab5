import Testing
@testable import Classifier

/// The bulk fold (pointer writes, precomputed tables) must agree with the scalar-by-scalar
/// fold on every scalar, including expansions that overflow its preallocated slack.
@Suite("Folding equivalence")
struct FoldingEquivalenceTests {
    func reference(_ values: [UInt32]) -> (scalars: [UInt32], origins: [Int32]) {
        var scalars: [UInt32] = []
        var origins: [Int32] = []
        for (index, value) in values.enumerated() {
            ScalarFolding.shared.fold(value, origin: Int32(index), into: &scalars, origins: &origins)
        }
        return (scalars, origins)
    }

    /// Folds `text` in bulk and checks it against the scalar-by-scalar reference.
    func expectBulkMatchesReference(_ text: String) {
        var text = text
        let values = text.unicodeScalars.map(\.value)
        let bulk = text.withUTF8 { ScalarFolding.shared.fold(utf8: $0) }
        #expect(bulk.originals == values)
        let expected = reference(values)
        #expect(bulk.scalars == expected.scalars)
        #expect(bulk.origins == expected.origins)
    }

    @Test("every scalar of the BMP and the emoji planes, decoded from UTF-8")
    func everyScalar() {
        expectBulkMatchesReference(String(String.UnicodeScalarView((0..<UInt32(0x30000)).compactMap(Unicode.Scalar.init))))
    }

    @Test("expansions beyond the slack")
    func manyExpansions() {
        for text in [String(repeating: "\u{FDFA}", count: 50), "a" + String(repeating: "ﬃ½", count: 200), "\u{FDFA}"] {
            expectBulkMatchesReference(text)
        }
    }
}
