import Foundation
import Testing
@testable import Classifier

@Suite("Matcher")
struct MatcherTests {
    static let ruleset: Ruleset = {
        do { return try Ruleset(yaml: Data(TestSupport.miniYAML.utf8)) } catch { preconditionFailure("\(error)") }
    }()
    static let classifier = Classifier(ruleset: ruleset)

    func names(_ text: String) -> [String] {
        Self.classifier.decide(Post(id: "m", text: text)).signals.map(\.matched)
    }

    @Test("whole words only, across separator runs")
    func boundaries() {
        #expect(names("a crossing tonight") == ["crossing"])
        #expect(names("crossings") == [])
        #expect(names("recrossing") == [])
        #expect(names("BOAT,  to -- Italy") == ["BOAT,  to -- Italy"])
    }

    @Test("stems match longer words")
    func stems() {
        #expect(names("fully guaranteed") == ["guaranteed"])
    }

    @Test("Arabic clitics attach, other letters do not")
    func arabicAffixes() {
        #expect(names("والرحلة") == ["رحلة"])
        #expect(names("بالرحلة") == ["رحلة"])
        #expect(names("مرحلة") == [])
    }

    @Test("Arabic clitics do not attach to Persian or Pashto phrases")
    func cliticsOnlyForArabic() throws {
        let yaml = TestSupport.miniYAML.replacingOccurrences(of: "ar: [رحلة]", with: "ar: [رحلة]\n    ku: [پارە]")
        let classifier = Classifier(ruleset: try Ruleset(yaml: Data(yaml.utf8)))
        #expect(classifier.decide(Post(id: "k", text: "د کډوالو لپاره")).signals.isEmpty)
        #expect(classifier.decide(Post(id: "k", text: "پارە لە ئۆفیس")).signals.map(\.matched) == ["پارە"])
    }

    @Test("short phrases only match posts in their own language")
    func shortPhraseLanguage() throws {
        let yaml = TestSupport.miniYAML.replacingOccurrences(of: "ar: [رحلة]", with: "ar: [رحلة]\n    ur: [بس]")
        let classifier = Classifier(ruleset: try Ruleset(yaml: Data(yaml.utf8)))
        #expect(classifier.decide(Post(id: "a", text: "٢٠ شخص بس", lang: "ar")).signals.isEmpty)
        #expect(classifier.decide(Post(id: "u", text: "بس اڈا", lang: "ur")).signals.map(\.matched) == ["بس"])
        #expect(classifier.decide(Post(id: "n", text: "بس اڈا")).signals.map(\.matched) == ["بس"])
        #expect(CompiledLexicon.baseLanguage("ar-EG") == "ar")
        #expect(CompiledLexicon.baseLanguage("prs") == "fa")
    }

    @Test("scripts without spaces need no boundaries")
    func unspaced() throws {
        let yaml = TestSupport.miniYAML.replacingOccurrences(of: "ar: [رحلة]", with: "ar: [رحلة]\n    zh: [偷渡]")
        let classifier = Classifier(ruleset: try Ruleset(yaml: Data(yaml.utf8)))
        let signals = classifier.decide(Post(id: "z", text: "我们安排偷渡到意大利")).signals
        #expect(signals.map(\.matched) == ["偷渡"])
    }

    @Test("a sentence end breaks a phrase")
    func sentenceEnd() {
        #expect(names("free. Food is here") == [])
        #expect(names("free food") == ["free food"])
    }

    @Test("the trie finds overlapping patterns from every place a phrase may start, and none inside words")
    func automaton() {
        let automaton = PhraseAutomaton(patterns: [Array("he".unicodeScalars.map(\.value)), Array("she".unicodeScalars.map(\.value)),
                                                   Array("hers".unicodeScalars.map(\.value)), Array("he rs".unicodeScalars.map(\.value))])
        var found: [(Int, Int, Int)] = []
        automaton.scan(Array("ushers she hers he,  rs".unicodeScalars.map(\.value))) { found.append(($0, $1, $2)) }
        // `she`, `he` and `hers` inside `ushers` start inside a word: not walked.
        #expect(found.map(\.0) == [1, 0, 2, 0, 3])
        #expect(found.map(\.1) == [7, 11, 11, 16, 16])
        #expect(found.map(\.2) == [10, 13, 15, 18, 23])
    }

    @Test("longestAffix bounds every Arabic clitic and suffix")
    func longestAffix() {
        let lengths = (WordBoundary.arabicPrefixes.union(WordBoundary.arabicSuffixes)).map(\.count)
        #expect(lengths.max() == WordBoundary.longestAffix)
    }
}
