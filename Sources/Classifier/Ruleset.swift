import Crypto
import Foundation
import Yams

/// A versioned set of phrases, weights and thresholds. Every decision records its identity.
///
/// Interim format (to be replaced by the full ruleset of the classifier issue):
/// ```yaml
/// name: default
/// version: "0.1.0"
/// bias: -4.0
/// thresholds: { refer: 0.8, review: 0.5 }
/// categories: { facilitation: 2.5, benefit: 2.5, humanitarian: -6.0 }
/// phrases:
///   facilitation: ["boat to italy", "game"]
///   benefit: ["pay on arrival"]
/// ```
public struct Ruleset: Sendable {
    public var identity: RulesetIdentity
    public var bias: Double
    public var referThreshold: Double
    public var reviewThreshold: Double
    public var categoryWeights: [String: Double]
    public var phrases: [(category: String, phrase: String)]

    public struct LoadError: Error, CustomStringConvertible, Sendable {
        public var message: String
        public var description: String { message }
    }

    private struct File: Decodable {
        var name: String
        var version: String
        var bias: Double
        var thresholds: [String: Double]
        var categories: [String: Double]
        var phrases: [String: [String]]
    }

    public init(yaml bytes: Data) throws {
        let file: File
        do {
            file = try YAMLDecoder().decode(File.self, from: bytes)
        } catch {
            throw LoadError(message: "invalid ruleset: \(error)")
        }
        let digest = SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
        identity = RulesetIdentity(name: file.name, version: file.version, sha256: digest)
        bias = file.bias
        referThreshold = file.thresholds["refer"] ?? 0.8
        reviewThreshold = file.thresholds["review"] ?? 0.5
        categoryWeights = file.categories
        phrases = file.phrases.keys.sorted().flatMap { category in
            (file.phrases[category] ?? []).map { (category, $0.lowercased()) }
        }
    }

    public init(contentsOf url: URL) throws {
        let bytes: Data
        do {
            bytes = try Data(contentsOf: url)
        } catch {
            throw LoadError(message: "cannot read ruleset \(url.path): \(error.localizedDescription)")
        }
        try self.init(yaml: bytes)
    }
}
