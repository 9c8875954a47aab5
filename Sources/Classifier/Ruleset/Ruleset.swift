import Crypto
import Foundation

/// A versioned lexicon, model and guard configuration, loaded from a YAML file.
///
/// Every decision records the ruleset's identity (name, version, SHA-256 of the file bytes), so
/// an auditor can replay a decision with exactly the file that made it. See
/// `rulesets/default.yaml` for the format; `smugglewatch ruleset check FILE` validates a file.
public struct Ruleset: Sendable {
    /// Name, version and SHA-256 of the file bytes.
    public var identity: RulesetIdentity
    /// Scoring categories in file order, each with its logit weight.
    public var categories: [CategorySpec]
    /// Logit of a post without any signal.
    public var bias: Double
    public var thresholds: Thresholds
    public var guardSettings: GuardSettings
    /// Which category each structured extractor reports into (nil: extractor off).
    public var extractors: ExtractorCategories
    /// All lexicon phrases, in file order.
    public var phrases: [PhraseSpec]
    /// Place gazetteer for routes.
    public var places: [PlaceSpec]
    /// Currency names and symbols for the price extractor, lower-case after normalisation.
    public var currencies: [String]
    /// Number words that multiply a preceding number (`k`, `bin`, `ألف`, `lakh`).
    public var multipliers: [(word: String, value: Double)]
    /// The fitted refinements of the category weights (empty in a hand-written ruleset).
    public var model: ModelSpec
    /// The normaliser's revision the ruleset was fitted with (`normalisation`, default 1):
    /// later revisions fold more, and a ruleset keeps deciding as it did when its decisions
    /// were recorded. See `Normaliser.currentRevision`.
    public var normalisation = 1
    /// The file's text, kept so that `train` can rewrite weights in place.
    public var sourceText: String
    /// Where each weight stands in `sourceText` (category name or `bias` → line, column).
    var weightPositions: [String: (line: Int, column: Int)]

    /// Decision thresholds on the score (0...1).
    public struct Thresholds: Sendable, Equatable {
        /// Score at or above which a post is referred (if the guard allows it).
        public var refer: Double
        /// Score at or above which a post goes to review.
        public var review: Double

        public init(refer: Double, review: Double) {
            self.refer = refer
            self.review = review
        }
    }

    /// Loads a ruleset from the bytes of a YAML file; the SHA-256 is taken over these bytes.
    public init(yaml bytes: Data) throws {
        guard let text = String(data: bytes, encoding: .utf8) else {
            throw RulesetError(code: RulesetError.unreadable, message: "the ruleset is not valid UTF-8; save it as UTF-8")
        }
        let digest = SHA256.hash(data: bytes).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
        try self.init(text: text, sha256: digest)
    }

    /// Loads a ruleset file.
    public init(contentsOf url: URL) throws {
        let bytes: Data
        do {
            bytes = try Data(contentsOf: url)
        } catch {
            throw RulesetError(code: RulesetError.unreadable,
                               message: "cannot read ruleset \(url.path): \(error.localizedDescription); check the path or set --ruleset")
        }
        try self.init(yaml: bytes)
    }

    /// The weight of a category, 0 for unknown ones.
    public func weight(of category: String) -> Double {
        categories.first { $0.name == category }?.weight ?? 0
    }
}
