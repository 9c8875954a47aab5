import Foundation

/// Fits a ruleset's weights from labeled posts: the category weights and bias, and the
/// `model:` section (a weight per phrase, interactions, character n-grams).
///
/// One logistic regression over all of it, each group of features with its own L2 penalty:
/// a phrase's weight is a deviation from its category's (strongly shrunk, so a phrase seen in
/// two posts moves little), n-grams are the most shrunk (many, each weak evidence). N-grams
/// enter only if they occur in `minDocumentFrequency` training posts, chosen inside each fold
/// by `crossValidate`, so the cross-validated figures are of posts the fit never saw.
/// Deterministic: the same corpus, base ruleset and settings give the same file, byte for byte.
public struct ModelTrainer: Sendable {
    public struct Settings: Sendable, Equatable {
        public var categoryPenalty = 0.3
        public var interactionPenalty = 1.0
        public var phrasePenalty = 3.0
        public var ngramPenalty = 6.0
        /// Training posts an n-gram must occur in to be a feature.
        public var minDocumentFrequency = 3
        /// The heaviest n-grams kept in the ruleset.
        public var maxNgrams = 3000
        public var ngramLength = 4
        /// Thresholds are chosen on out-of-fold scores: the lowest refer threshold whose
        /// precision reaches this, with at most `maxReferralRate` of non-ads referred, none
        /// of them protected ...
        public var targetPrecision = 0.97
        public var maxReferralRate = 0.005
        /// ... and the lowest review threshold that sends at most this share of everyday
        /// posts (`unrelated`, `news_report`, `legal_service`) to review or referral.
        public var maxReviewRate = 0.04

        public init() {}
    }

    public let base: Ruleset
    public let settings: Settings
    let featureClassifier: Classifier

    public init(base: Ruleset, settings: Settings = Settings()) {
        self.base = base
        self.settings = settings
        featureClassifier = Classifier(ruleset: base)
    }

    /// A labeled post with its evidence under the base ruleset's lexicon.
    public struct Example: Sendable {
        public var labeled: LabeledPost
        public var features: PostFeatures
    }

    /// The fitted numbers, rounded as they are written.
    public struct Fit: Sendable, Equatable {
        public var bias: Double
        /// In `base.categories` order.
        public var categoryWeights: [Double]
        /// In the base model's interaction order.
        public var interactionWeights: [Double]
        public var phrases: [String: Double]
        /// Sorted by gram.
        public var ngrams: [NgramWeight]
    }

    public struct NgramWeight: Sendable, Equatable {
        public var gram: String
        public var weight: Double
    }

    public func examples(_ corpus: [LabeledPost]) -> [Example] {
        let length = settings.ngramLength
        return corpus.map { Example(labeled: $0, features: featureClassifier.features(of: $0.post, ngramLength: length)) }
    }

    /// Ambiguous posts are left out of the fit: they should score in between, not either way.
    static func sampleWeight(_ label: String) -> Double { label == "ambiguous" ? 0 : 1 }

    /// Fits every weight on `examples`.
    public func fit(_ examples: [Example]) -> Fit {
        let categoryCount = base.categories.count
        let interactions = featureClassifier.interactions
        let used = examples.filter { Self.sampleWeight($0.labeled.label) > 0 }
        let phraseNames = Array(Set(used.flatMap(\.features.phrases))).sorted()
        var frequency: [String: Int] = [:]
        for example in used {
            for gram in example.features.grams { frequency[gram, default: 0] += 1 }
        }
        let grams = frequency.filter { $0.value >= settings.minDocumentFrequency }.map(\.key).sorted()
        let phraseBase = 1 + categoryCount + interactions.count
        let gramBase = phraseBase + phraseNames.count
        let phraseColumn = Dictionary(uniqueKeysWithValues: phraseNames.enumerated().map { ($1, Int32(phraseBase + $0)) })
        let gramColumn = Dictionary(uniqueKeysWithValues: grams.enumerated().map { ($1, Int32(gramBase + $0)) })
        var penalties = [0.0]
        penalties += Array(repeating: settings.categoryPenalty, count: categoryCount)
        penalties += Array(repeating: settings.interactionPenalty, count: interactions.count)
        penalties += Array(repeating: settings.phrasePenalty, count: phraseNames.count)
        penalties += Array(repeating: settings.ngramPenalty, count: grams.count)
        let rows: [[Int32]] = examples.map { example in
            var row: [Int32] = [0]
            let present = example.features.present
            for index in 0..<categoryCount where present & (1 << UInt64(index)) != 0 { row.append(Int32(1 + index)) }
            for (index, interaction) in interactions.enumerated() where interaction.isPresent(present) {
                row.append(Int32(1 + categoryCount + index))
            }
            row += example.features.phrases.compactMap { phraseColumn[$0] }
            row += example.features.grams.compactMap { gramColumn[$0] }
            return row
        }
        let regression = SparseLogisticRegression(
            rows: rows, targets: examples.map { $0.labeled.label == LabeledPost.positiveLabel ? 1 : 0 },
            sampleWeights: examples.map { Self.sampleWeight($0.labeled.label) }, penalties: penalties)
        let w = regression.fit()
        var phrases: [String: Double] = [:]
        for (index, name) in phraseNames.enumerated() {
            let weight = Self.round(w[phraseBase + index], places: 3)
            if weight != 0 { phrases[name] = weight }
        }
        var weighted: [NgramWeight] = []
        for (index, gram) in grams.enumerated() {
            let weight = Self.round(w[gramBase + index], places: 3)
            if weight != 0 { weighted.append(NgramWeight(gram: gram, weight: weight)) }
        }
        weighted.sort { first, second in
            let a = abs(first.weight), b = abs(second.weight)
            return a != b ? a > b : first.gram < second.gram
        }
        let kept = weighted.prefix(settings.maxNgrams).sorted { $0.gram < $1.gram }
        return Fit(bias: Self.round(w[0], places: 2),
                   categoryWeights: (0..<categoryCount).map { Self.round(w[1 + $0], places: 2) },
                   interactionWeights: interactions.indices.map { Self.round(w[1 + categoryCount + $0], places: 2) },
                   phrases: phrases, ngrams: Array(kept))
    }

    static func round(_ value: Double, places: Int) -> Double {
        let scale = places == 2 ? 100.0 : 1000.0
        let rounded = (value * scale).rounded() / scale
        return rounded == 0 ? 0 : rounded
    }

    /// The base ruleset's file with `fit` and `thresholds` in it, as `version`.
    public func rulesetText(_ fit: Fit, thresholds: Ruleset.Thresholds, version: String) -> String {
        var weights: [String: Double] = [:]
        for (index, category) in base.categories.enumerated() { weights[category.name] = fit.categoryWeights[index] }
        let text = base.rewritingWeights(weights, bias: fit.bias, thresholds: thresholds, version: version)
        return RulesetModelWriter.replacingModel(in: text, fit: fit, interactions: base.model.interactions, ngramLength: settings.ngramLength)
    }

    /// The ruleset `rulesetText` describes, parsed from that text so that it behaves exactly
    /// as the written file will.
    public func ruleset(_ fit: Fit, thresholds: Ruleset.Thresholds, version: String) throws -> Ruleset {
        try Ruleset(yaml: Data(rulesetText(fit, thresholds: thresholds, version: version).utf8))
    }
}
