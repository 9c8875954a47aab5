import Foundation
import Testing
@testable import Classifier

/// A small deterministic generator (SplitMix64): property tests must be reproducible.
struct SplitMix64 {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
}

@Suite("Properties")
struct PropertyTests {
    /// Scalars attackers and real posts use: ASCII, Latin accents, Cyrillic, Greek, Arabic with
    /// harakat, Persian, zero-width and bidi controls, fullwidth, math letters, emoji and flags,
    /// combining marks, CJK, plus any valid scalar.
    static let pools: [ClosedRange<UInt32>] = [
        0x20...0x7E, 0xC0...0x17F, 0x400...0x45F, 0x370...0x3FF, 0x600...0x6FF, 0x200B...0x200F, 0x202A...0x202E,
        0xFF01...0xFF5E, 0x1D400...0x1D4FF, 0x1F300...0x1F6FF, 0x1F1E6...0x1F1FF, 0x300...0x36F, 0x4E00...0x4E80,
        0xFB50...0xFDFF, 0xFE70...0xFEFF, 0x0...0x10FFFF,
    ]

    static func randomText(_ random: inout SplitMix64) -> String {
        var view = String.UnicodeScalarView()
        let length = random.below(120)
        for _ in 0..<length {
            let pool = pools[random.below(pools.count)]
            let value = pool.lowerBound + UInt32(random.below(Int(pool.upperBound - pool.lowerBound) + 1))
            if let scalar = Unicode.Scalar(value) { view.append(scalar) }
            if random.below(6) == 0 { view.append(" ") }
            if random.below(20) == 0 { view.append(contentsOf: "boat 4500€ +90 555 000 0084 @x_y ➡️".unicodeScalars) }
        }
        return String(view)
    }

    @Test("random Unicode never crashes and every span slices the original text")
    func spansSliceOriginal() {
        var random = SplitMix64(state: 20_261_123)
        for index in 0..<1500 {
            let text = Self.randomText(&random)
            let decision = TestSupport.classifier.decide(Post(id: "r\(index)", text: text, lang: index % 3 == 0 ? "ar" : nil))
            let scalars = Array(text.unicodeScalars)
            #expect((0...1).contains(decision.score))
            for signal in decision.signals {
                #expect(signal.span.start >= 0 && signal.span.start < signal.span.end && signal.span.end <= scalars.count)
                guard signal.span.start >= 0, signal.span.start <= signal.span.end, signal.span.end <= scalars.count else { continue }
                var view = String.UnicodeScalarView()
                view.append(contentsOf: scalars[signal.span.start..<signal.span.end])
                #expect(String(view) == signal.matched)
            }
        }
    }

    @Test("huge repetitive posts are decided with a bounded explanation")
    func hugePost() {
        let text = String(repeating: "boat to italy 3000€ pay on arrival w h a t s a p p ", count: 4000)
        let decision = TestSupport.classifier.decide(Post(id: "big", text: text))
        #expect(decision.verdict != .clear)
        var perCategory: [String: Int] = [:]
        for signal in decision.signals { perCategory[signal.category, default: 0] += 1 }
        #expect(perCategory.values.allSatisfy { $0 <= Classifier.maxSignalsPerCategory })
        #expect((perCategory["ngram"] ?? 0) <= Classifier.maxNgramSignals)
        // Without n-grams (whose light words are not all listed) the listed signals sum to the logit.
        var lexiconOnly = TestSupport.defaultRuleset
        lexiconOnly.model.ngrams = []
        let explained = Classifier(ruleset: lexiconOnly).decide(Post(id: "big", text: text))
        let logit = log(explained.score / (1 - explained.score))
        let sum = lexiconOnly.bias + explained.signals.reduce(0) { $0 + $1.weight }
        #expect(abs(logit - sum) < 1e-6)
    }

    @Test("normalisation offsets are monotonic and in range")
    func offsetsInRange() {
        var random = SplitMix64(state: 7)
        for _ in 0..<1000 {
            let text = Self.randomText(&random)
            let normal = Normaliser.normalise(text)
            #expect(normal.scalars.count == normal.origins.count)
            #expect(zip(normal.origins, normal.origins.dropFirst()).allSatisfy { $0 <= $1 })
            #expect(normal.origins.allSatisfy { $0 >= 0 && Int($0) < max(normal.originalCount, 1) })
        }
    }

    @Test("decisions are deterministic, also across classifier instances and threads")
    func deterministic() async {
        var random = SplitMix64(state: 99)
        let posts = (0..<200).map { Post(id: "d\($0)", text: Self.randomText(&random)) }
            + (TestSupport.sharedCorpus ?? []).prefix(100).map(\.post) + TestSupport.hardCases.map(\.post)
        let first = posts.map { TestSupport.classifier.decide($0) }
        let other = Classifier(ruleset: TestSupport.defaultRuleset)
        #expect(posts.map { other.decide($0) } == first)
        let concurrent = await withTaskGroup(of: (Int, Decision).self) { group in
            for (index, post) in posts.enumerated() {
                group.addTask { (index, TestSupport.classifier.decide(post)) }
            }
            var results = [Decision?](repeating: nil, count: posts.count)
            for await (index, decision) in group { results[index] = decision }
            return results.compactMap { $0 }
        }
        #expect(concurrent == first)
        for (decision, again) in zip(first, first.map { _ in () }.enumerated().map { TestSupport.classifier.decide(posts[$0.offset]) }) {
            #expect(decision.score.bitPattern == again.score.bitPattern)
        }
    }
}
