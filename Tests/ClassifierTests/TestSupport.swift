import Foundation
@testable import Classifier

/// Shared fixtures: the repository's default ruleset, compiled once for all tests.
enum TestSupport {
    /// The repository root, found from this file's path.
    static let repoRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let defaultRuleset: Ruleset = {
        do {
            return try Ruleset(contentsOf: repoRoot.appendingPathComponent("rulesets/default.yaml"))
        } catch {
            preconditionFailure("rulesets/default.yaml must load: \(error)")
        }
    }()

    static let classifier = Classifier(ruleset: defaultRuleset)

    /// The shared labeled corpus, or nil when this checkout has no `../shared` next to it.
    static let sharedCorpus: [LabeledPost]? = {
        let url = repoRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus/labeled-posts.jsonl")
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        return try? LabeledCorpus.load(url)
    }()

    /// `validation.jsonl` of the shared corpus: never fitted on.
    static let validationCorpus: [LabeledPost]? = {
        let url = repoRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus/validation.jsonl")
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        return try? LabeledCorpus.load(url)
    }()

    static let hardCases: [LabeledPost] = {
        let url = repoRoot.appendingPathComponent("fixtures/classifier/hard-cases.jsonl")
        return (try? LabeledCorpus.load(url)) ?? []
    }()

    static func decide(_ text: String, lang: String? = nil) -> Decision {
        classifier.decide(Post(id: "t", text: text, lang: lang))
    }

    /// The default ruleset's guard on category names; a category contributes its weight
    /// unless `contributions` says otherwise.
    static func guardOutcome(_ proposed: Verdict, _ present: Set<String>, firstMatch: [String: String] = [:],
                             contributions: [String: Double] = [:], unprotected: Verdict = .clear) -> Guard.Outcome {
        let weights = Dictionary(uniqueKeysWithValues: defaultRuleset.categories.map { ($0.name, $0.weight) })
        return classifier.guardRules.apply(proposed: proposed, present: present, firstMatch: firstMatch, weights: weights,
                                           contributions: contributions, unprotected: unprotected)
    }

    static func categories(_ text: String, lang: String? = nil) -> Set<String> {
        Set(decide(text, lang: lang).signals.map(\.category))
    }

    /// A minimal valid ruleset text for format tests.
    static let miniYAML = """
    name: mini
    version: "0.1"
    bias: -2.0
    categories:
      offer: { weight: 2.5, side: offer }
      money: { weight: 2.5, side: benefit }
      aid:   { weight: -3.0, side: protective }
    thresholds: { refer: 0.7, review: 0.4 }
    guard:
      offer: [offer]
      benefit: [money]
      protect_when: [[aid]]
      protected_max: review
    extractors: { price: money }
    lexicon:
      offer:
        en: [crossing, "boat to italy", guarantee*]
        ar: [رحلة]
      aid:
        en: [free food]
    currencies: [€, euro]
    multipliers: { "1000": [k] }
    """
}
