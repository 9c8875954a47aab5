import Classifier
import Foundation
import Kafka
import Pipeline
import Records
import Testing

@Suite struct DeciderTests {
    static func makeDecider() throws -> Decider {
        let ruleset = try Ruleset(contentsOf: BinaryLocator.repositoryRoot.appendingPathComponent("rulesets/default.yaml"))
        return Decider(classifier: Classifier(ruleset: ruleset), pseudonymizer: Pseudonymizer(key: Array("k".utf8)),
                       topics: PipelineTopics(prefix: "t."), decoder: PostDecoder(), workerID: "w1")
    }

    static func message(_ payload: String?, offset: Int64 = 7) -> KafkaMessage {
        KafkaMessage(topic: "t.posts", partition: 2, offset: offset, key: nil, value: payload.map { Array($0.utf8) })
    }

    @Test func everyDecidedPostGetsAnAuditRecordWithItsSource() throws {
        let decider = try Self.makeDecider()
        let (outcome, records) = decider.outputs(for: Self.message(#"{"id":"a","text":"lovely weather"}"#), now: "T")
        #expect(outcome == .decided(.clear))
        #expect(records.map(\.topic) == ["t.audit"])
        let record = try DecisionRecord(json: records[0].payload)
        #expect(record.source == SourceOffset(topic: "t.posts", partition: 2, offset: 7))
        #expect(record.postID == "a")
        #expect(record.post == nil)
        #expect(record.inputSHA256.count == 64)
        #expect(records[0].key == Array("a".utf8))
    }

    @Test func flaggedPostsCarryThePostWithAPseudonymisedAuthor() throws {
        let decider = try Self.makeDecider()
        let payload = #"{"id":"b","text":"Boat to Italy, price 4000 euro, pay on arrival","author":{"id":"u1","handle":"@smuggler"},"url":"https://t.me/x"}"#
        let (outcome, records) = decider.outputs(for: Self.message(payload), now: "T")
        guard case .decided(let verdict) = outcome, verdict != .clear else {
            Issue.record("expected a flagged decision, got \(outcome)")
            return
        }
        #expect(records.map(\.topic) == ["t.audit", verdict == .refer ? "t.referrals" : "t.review"])
        let flagged = String(decoding: records[1].payload, as: UTF8.self)
        #expect(!flagged.contains("@smuggler"))
        #expect(!flagged.contains("\"u1\""))
        #expect(flagged.contains("hmac:"))
        #expect(flagged.contains("https://t.me/x"))
        let audit = String(decoding: records[0].payload, as: UTF8.self)
        #expect(!audit.contains("@smuggler"), "the audit trail holds no author")
    }

    @Test func deadLettersCarryCodeOffsetsHashAndABoundedPrefix() throws {
        let decider = try Self.makeDecider()
        let payload = String(repeating: "x", count: 1000)
        let (outcome, records) = decider.outputs(for: Self.message(payload, offset: 42), now: "T")
        #expect(outcome == .deadLettered(.invalidJSON))
        #expect(records.map(\.topic) == ["t.deadletter"])
        let letter = try DeadLetterRecord(json: records[0].payload)
        #expect(letter.source.offset == 42)
        #expect(letter.error.code == .invalidJSON)
        #expect(letter.payloadSize == 1000)
        #expect(letter.payloadSHA256?.count == 64)
        let prefix = try #require(letter.payloadPrefixBase64.flatMap { Data(base64Encoded: $0) })
        #expect(prefix.count == DeadLetterRecord.prefixBytes)
        #expect(records[0].key == Array("t.posts/2/42".utf8))
    }

    @Test func tombstonesAreDeadLetteredWithoutAPayload() throws {
        let decider = try Self.makeDecider()
        let (outcome, records) = decider.outputs(for: Self.message(nil), now: "T")
        #expect(outcome == .deadLettered(.emptyPayload))
        let letter = try DeadLetterRecord(json: records[0].payload)
        #expect(letter.payloadSize == nil)
        #expect(letter.payloadPrefixBase64 == nil)
    }
}

@Suite struct OversizedPostTests {
    @Test func aFlaggedPostTooLargeForOneRecordIsCarriedTruncated() throws {
        let decider = try DeciderTests.makeDecider()
        let filler = String(repeating: "ordinary words about the weather ", count: 12_000)
        let text = "Boat to Italy, price 4000 euro, pay on arrival, WhatsApp +218 91 234 5678. " + filler
        let object: [String: Any] = ["id": "big", "text": text, "author": "someone", "extra": filler]
        let payload = String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
        let (outcome, records) = decider.outputs(for: DeciderTests.message(payload), now: "T")
        guard case .decided(let verdict) = outcome, verdict != .clear, records.count == 2 else {
            Issue.record("expected a flagged decision, got \(outcome)")
            return
        }
        #expect(records[1].payload.count <= Decider.maxFlaggedRecordBytes)
        let record = try DecisionRecord(json: records[1].payload)
        #expect(record.post?["truncated"] == .bool(true))
        #expect(record.post?["text"]?.stringValue?.hasPrefix("Boat to Italy") == true)
        #expect(record.post?["extra"] == nil)
        #expect(record.post?["author"]?.stringValue?.hasPrefix("hmac:") == true)
    }
}
