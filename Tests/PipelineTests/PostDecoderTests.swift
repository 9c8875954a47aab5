import Foundation
import Pipeline
import Records
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
        #expect(try decoded.object()["extra"] == .object(["k": .array([.number(1), .bool(true)])]))
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
        // Not decoder outcomes: output_too_large is tested with a tiny record limit (OutputLimitTests).
        let missing = DeadLetterReason.Code.all.filter { $0 != .undecidable && $0 != .outputTooLarge && !covered.contains($0.rawValue) }
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

/// The decoder's JSON parser is strict RFC 8259; these pin the edges where parsers differ.
@Suite struct PostDecoderStrictnessTests {
    let decoder = PostDecoder()

    func code(_ json: String) -> DeadLetterReason.Code? { decoder.decode(Array(json.utf8)).failureCode }

    @Test(arguments: [
        #"{"id":"a","text":"x",}"#,  // trailing comma
        #"{"id":"a","text":"x"} {}"#,  // two documents
        #"{"id":"a","text":"x","n":01}"#,  // leading zero
        #"{"id":"a","text":"x","n":1.}"#,
        #"{"id":"a","text":"x","n":.5}"#,
        #"{"id":"a","text":"x","n":1e}"#,
        #"{"id":"a","text":"x","n":NaN}"#,
        #"{"id":"a","text":"x","n":Infinity}"#,
        #"{"id":"a","text":"x","n":1e999}"#,  // no Double holds it: it could not be written back
        #"{"id":"a","text":"x","n":tru}"#,
        #"{'id':'a','text':'x'}"#,
        "{\"id\":\"a\",\"text\":\"tab\tinside\"}",  // a raw control character
        #"{"id":"a","text":"\x41"}"#,
        #"{"id":"a","text":"\u12"}"#,
        #"{"id":"a","text":"\udc00 low first"}"#,
        #"{"id":"a","text":"\ud83d\u0041 high then no low"}"#,
        #"{"id":"a" "text":"x"}"#,
        #"{"id":"a","text":"x""#,
    ])
    func rejectsWhatIsNotJSON(_ json: String) {
        #expect(code(json) == .invalidJSON, "\(json)")
    }

    @Test func messagesSayWhereTheProblemIs() throws {
        guard case .failure(let reason) = decoder.decode(Array(#"{"id":"a","text":"x",}"#.utf8)) else {
            Issue.record("accepted a trailing comma")
            return
        }
        #expect(reason.message.contains("at byte 21"), "\(reason.message)")
    }

    @Test func acceptsWhatIsJSON() throws {
        let json = #" { "id" : "a" , "text" : "\"q\" \\ \/ \b\f\n\r\t \u00e9 \ud83d\udea4 \u0000" , "n" : [-0, 0.5e-3, 1E+2, true, false, null, {}, []] } "#
        let decoded = try decoder.decode(Array(json.utf8)).get()
        #expect(decoded.post.text == "\"q\" \\ / \u{08}\u{0C}\n\r\t é 🚤 \u{0}")
        let object = try decoded.object()
        #expect(object["n"] == .array([.number(0), .number(0.0005), .number(100), .bool(true), .bool(false), .null,
                                       .object([:]), .array([])]))
    }

    @Test func aSchemaFieldGivenTwiceIsRefused() {
        // The classifier would read one `text` and a reviewer might see the other.
        #expect(code(#"{"id":"a","text":"help","text":"boat 500 euro"}"#) == .invalidField)
        #expect(code(#"{"id":"a","id":"b","text":"x"}"#) == .invalidField)
        // Unknown fields are not the schema's: the last one wins, as in most parsers.
        let decoded = try? decoder.decode(Array(#"{"id":"a","text":"x","k":1,"k":2}"#.utf8)).get().object()
        #expect(decoded?["k"] == .number(2))
    }

    @Test func fieldTypesAreCheckedWhereverTheFieldSits() {
        #expect(code(#"{"id":"a","text":"x","url":5}"#) == .invalidField)
        #expect(code(#"{"id":"a","text":"x","created_at":null,"lang":null}"#) == nil)
        #expect(code(#"{"text":"x","id":null}"#) == .missingField)
        #expect(code(#"{"text":"x","id":["a"]}"#) == .invalidField)
        // JSON errors come before field errors, wherever they sit.
        #expect(code(#"{"id":1,"text":"x","n":[}"#) == .invalidJSON)
    }

    @Test func nestingHasACeilingWhateverTheConfiguration() {
        let unbounded = PostDecoder(maxPayloadBytes: .max, maxNestingDepth: .max)
        let deep = #"{"id":"a","text":"x","n":"# + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "}"
        #expect(unbounded.decode(Array(deep.utf8)).failureCode == .nestingTooDeep)
        let withinCeiling = #"{"id":"a","text":"x","n":"# + String(repeating: "[", count: 100) + String(repeating: "]", count: 100) + "}"
        #expect(unbounded.decode(Array(withinCeiling.utf8)).failureCode == nil)
    }

    /// Foundation's parser as a second opinion on thousands of damaged posts: whatever it
    /// refuses, ours refuses too, and where both accept, both read the same text.
    @Test func agreesWithFoundationOnDamagedPosts() throws {
        let damage: [UInt8] = Array(#"{}[]",:\ 0e.-tnu"#.utf8) + [0x7F, 0x09]
        var compared = 0
        for index in 0..<200 {
            let post = Fixtures.post(id: "p\(index)", index: index)
            for variant in 0..<20 {
                // Deterministic damage, spread over positions and kinds, so a failure reproduces.
                var payload = post
                let step = index * 20 + variant
                let position = (step &* 7919) % payload.count
                let byte = damage[(step &* 31) % damage.count]
                switch step % 3 {
                case 0: payload.remove(at: position)
                case 1: payload.insert(byte, at: position)
                default: payload[position] = byte
                }
                let ours = decoder.decode(payload)
                let theirs = try? JSONSerialization.jsonObject(with: Data(payload)) as? [String: Any]
                if theirs == nil, case .success = ours {
                    Issue.record("accepted what Foundation refuses: \(String(decoding: payload, as: UTF8.self))")
                }
                if let theirs, let text = theirs["text"] as? String, theirs["id"] is String, case .success(let decoded) = ours {
                    #expect(decoded.post.text == text)
                }
                compared += 1
            }
        }
        #expect(compared == 4000)
    }
}

@Suite struct IntegerIDTests {
    @Test func integerIDsAreTextOnlyWhereAccepted() throws {
        var lenient = PostDecoder()
        lenient.acceptsIntegerIDs = true
        let payload = Array(#"{"id":-12,"text":"x"}"#.utf8)
        #expect(try lenient.decode(payload).get().post.id == "-12")
        #expect(PostDecoder().decode(payload).failureCode == .invalidField)
        // Fractions, exponents and integers no Int64 holds exactly stay refused.
        for id in ["1.5", "1e3", "1234567890123456789"] {
            #expect(lenient.decode(Array(#"{"id":\#(id),"text":"x"}"#.utf8)).failureCode == .invalidField, "\(id)")
        }
    }
}
