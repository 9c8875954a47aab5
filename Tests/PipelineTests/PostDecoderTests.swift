import Foundation
import Pipeline
import Testing

@Suite struct PostDecoderTests {
    let decoder = PostDecoder()

    @Test func decodesAPostKeepingUnknownFields() throws {
        let payload = Array(#"{"id":"a1","text":"hello","platform":"x","lang":"en","extra":{"k":[1,true]}}"#.utf8)
        let decoded = try decoder.decode(payload).get()
        #expect(decoded.post.id == "a1")
        #expect(decoded.post.text == "hello")
        #expect(decoded.post.platform == "x")
        #expect(decoded.post.lang == "en")
        #expect(decoded.object["extra"] != nil)
    }

    @Test(arguments: PoisonFixtures.all)
    func poisonFixtureHasItsExpectedOutcome(_ poison: PoisonFixtures.Case) {
        let result = decoder.decode(poison.payload)
        switch result {
        case .success:
            #expect(poison.expected == "decided", "\(poison.name) decoded, expected \(poison.expected)")
        case .failure(let reason):
            #expect(reason.code.rawValue == poison.expected, "\(poison.name): \(reason.message)")
            #expect(!reason.message.isEmpty)
        }
    }

    @Test func everyDeadLetterCodeIsCoveredByAPoisonFixture() {
        let covered = Set(PoisonFixtures.all.map(\.expected))
        let missing = DeadLetterReason.Code.all.filter { $0 != .undecidable && !covered.contains($0.rawValue) }
        #expect(missing.isEmpty, "no poison fixture for \(missing)")
    }

    @Test func sizeLimitIsConfigurable() {
        let small = PostDecoder(maxPayloadBytes: 64)
        let payload = Array(#"{"id":"a","text":"\#(String(repeating: "x", count: 80))"}"#.utf8)
        #expect(small.decode(payload).failureCode == .payloadTooLarge)
        #expect(decoder.decode(payload).failureCode == nil)
    }

    @Test func nestingLimitIgnoresBracketsInsideStrings() {
        let shallow = PostDecoder(maxNestingDepth: 2)
        let payload = Array(#"{"id":"a","text":"[[[[{{{{ \" ]]]"}"#.utf8)
        #expect(shallow.decode(payload).failureCode == nil)
        #expect(shallow.decode(Array(#"{"id":"a","text":"x","n":[[1]]}"#.utf8)).failureCode == .nestingTooDeep)
    }
}

extension PoisonFixtures.Case: CustomTestStringConvertible {
    var testDescription: String { name }
}

extension Result where Failure == DeadLetterReason {
    var failureCode: DeadLetterReason.Code? {
        if case .failure(let reason) = self { return reason.code }
        return nil
    }
}
