import Foundation
import Testing
@testable import Classifier

@Suite("Ruleset")
struct RulesetTests {
    @Test("the default ruleset loads with every required language")
    func defaultLoads() {
        let languages = Set(TestSupport.defaultRuleset.phrases.map(\.language))
        for language in ["en", "ar", "fr", "fa", "ps", "tr", "ku", "es", "it", "de", "ur"] {
            #expect(languages.contains(language), "no phrases for \(language)")
        }
        #expect(TestSupport.defaultRuleset.identity.sha256.count == 64)
    }

    @Test("the identity hashes the file bytes")
    func identity() throws {
        let ruleset = try Ruleset(yaml: Data(TestSupport.miniYAML.utf8))
        #expect(ruleset.identity.name == "mini")
        #expect(ruleset.identity.version == "0.1")
        let other = try Ruleset(yaml: Data((TestSupport.miniYAML + "\n# comment").utf8))
        #expect(other.identity.sha256 != ruleset.identity.sha256)
    }

    func error(_ yaml: String) -> RulesetError? {
        do {
            _ = try Ruleset(yaml: Data(yaml.utf8))
            return nil
        } catch let error as RulesetError {
            return error
        } catch {
            return nil
        }
    }

    @Test("errors name the line and the field")
    func errors() {
        let unknown = error(TestSupport.miniYAML.replacingOccurrences(of: "protect_when: [[aid]]", with: "protect_when: [[aidd]]"))
        #expect(unknown?.code == RulesetError.unknownCategory)
        #expect(unknown?.line == 12)
        #expect(unknown?.field == "guard.protect_when[0][0]")

        let badWeight = error(TestSupport.miniYAML.replacingOccurrences(of: "weight: 2.5, side: offer", with: "weight: high, side: offer"))
        #expect(badWeight?.code == RulesetError.invalidValue)
        #expect(badWeight?.line == 5)
        #expect(badWeight?.field == "categories.offer.weight")

        let syntax = error("name: [unclosed\nversion: 1")
        #expect(syntax?.code == RulesetError.syntax)
        #expect(syntax?.line != nil)

        let missing = error(TestSupport.miniYAML.replacingOccurrences(of: "bias: -2.0\n", with: ""))
        #expect(missing?.code == RulesetError.missingField)
        #expect(missing?.field == "bias")

        let referCap = error(TestSupport.miniYAML.replacingOccurrences(of: "protected_max: review", with: "protected_max: refer"))
        #expect(referCap?.field == "guard.protected_max")

        #expect(error("") != nil)
        #expect(error("- just\n- a list") != nil)

        // The normaliser's revision: a whole number the code knows.
        for bad in ["3", "0", "1.5", "two"] {
            let revision = error(TestSupport.miniYAML.replacingOccurrences(of: "bias: -2.0\n", with: "bias: -2.0\nnormalisation: \(bad)\n"))
            #expect(revision?.field == "normalisation", "normalisation: \(bad)")
        }
        let badFlag = error(TestSupport.miniYAML.replacingOccurrences(of: "protected_max: review", with: "protected_max: review\n  outweighed_protection_reviews: maybe"))
        #expect(badFlag?.field == "guard.outweighed_protection_reviews")
    }

    @Test("a ruleset names the normaliser revision it was fitted with; without one it is 1")
    func normalisationRevision() throws {
        #expect(try Ruleset(yaml: Data(TestSupport.miniYAML.utf8)).normalisation == 1)
        let revised = try Ruleset(yaml: Data(TestSupport.miniYAML.replacingOccurrences(of: "bias: -2.0\n", with: "bias: -2.0\nnormalisation: 2\n").utf8))
        #expect(revised.normalisation == 2)
        #expect(TestSupport.defaultRuleset.normalisation == Normaliser.currentRevision)
        #expect(TestSupport.defaultRuleset.guardSettings.outweighedProtectionReviews)
    }

    @Test("rewriting weights keeps the file readable and loadable")
    func rewriteWeights() throws {
        let ruleset = try Ruleset(yaml: Data(TestSupport.miniYAML.utf8))
        let text = ruleset.rewritingWeights(["offer": 1.234, "money": -0.5], bias: -3.0, version: "0.2")
        let reloaded = try Ruleset(yaml: Data(text.utf8))
        #expect(reloaded.weight(of: "offer") == 1.23)
        #expect(reloaded.weight(of: "money") == -0.5)
        #expect(reloaded.weight(of: "aid") == -3.0)
        #expect(reloaded.bias == -3.0)
        #expect(reloaded.identity.version == "0.2")
        #expect(reloaded.phrases == ruleset.phrases)
    }

    @Test("default ruleset resolution order")
    func defaultURL() throws {
        let root = TestSupport.repoRoot
        let fromEnvironment = Ruleset.defaultURL(environment: ["SMUGGLEWATCH_RULESET": "/tmp/x.yaml"], currentDirectory: root, executable: nil)
        #expect(fromEnvironment?.path == "/tmp/x.yaml")
        let fromCurrent = Ruleset.defaultURL(environment: [:], currentDirectory: root, executable: nil)
        #expect(fromCurrent?.path == root.appendingPathComponent("rulesets/default.yaml").path)
        let nowhere = URL(fileURLWithPath: "/nonexistent-dir")
        let fromExecutable = Ruleset.defaultURL(environment: [:], currentDirectory: nowhere,
                                                executable: root.appendingPathComponent(".build/debug/smugglewatch"))
        #expect(fromExecutable?.path == root.appendingPathComponent("rulesets/default.yaml").path)
        #expect(Ruleset.defaultURL(environment: [:], currentDirectory: nowhere, executable: nowhere.appendingPathComponent("bin/x")) == nil)
    }
}
