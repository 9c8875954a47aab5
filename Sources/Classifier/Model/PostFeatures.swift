/// The evidence of one post as the trainer sees it: exactly what `assess` would score.
public struct PostFeatures: Sendable {
    /// Bit i set when category i has a signal.
    public var present: UInt64
    /// Distinct lexicon phrases among the scored signals, as signal names, sorted.
    public var phrases: [String]
    /// Distinct n-grams of the post, as text, sorted.
    public var grams: [String]
}

extension Classifier {
    /// The post's evidence for training: categories present, phrases scored (the same cap per
    /// category as `assess`) and character n-grams of length `ngramLength`.
    public func features(of post: Post, ngramLength: Int) -> PostFeatures {
        let text = Normaliser.normalise(post.text, languageHint: post.lang, revision: ruleset.normalisation)
        let found = findings(in: text, language: post.lang)
        var counts = [Int](repeating: 0, count: weights.count)
        var present: UInt64 = 0
        var phrases = Set<String>()
        for finding in found where counts[finding.category] < Self.maxSignalsPerCategory {
            counts[finding.category] += 1
            present |= 1 << UInt64(finding.category)
            if finding.phrase >= 0 { phrases.insert(phraseNames[finding.phrase]) }
        }
        var grams = Set<String>()
        text.scalars.withUnsafeBufferPointer { scalars in
            NgramScanner(length: ngramLength).scan(scalars) { _, gram, _, _ in grams.insert(NgramScanner.text(gram)) }
        }
        return PostFeatures(present: present, phrases: phrases.sorted(), grams: grams.sorted())
    }
}
