import Classifier
import Foundation
import Pipeline
import Records
import Testing

struct AuditVerdictRecordTests {
    static func schema() throws -> [String: Any] {
        let url = BinaryLocator.repositoryRoot.appendingPathComponent("schemas/verdict.schema.json")
        return try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    }

    /// A decision on post `id` at `offset` of an input with `digit` repeated as its SHA-256.
    static func decision(_ id: String, offset: Int64, digit: Character = "a", platform: String? = nil,
                         decidedAt: String = "2026-11-23T10:00:00.000Z") -> DecisionRecord {
        let decision = Decision(postID: id, verdict: .refer, score: 0.9, isProtected: false, signals: [], guardReasons: [],
                                ruleset: RulesetIdentity(name: "r", version: "1", sha256: String(repeating: "f", count: 64)))
        return DecisionRecord(decision: decision, source: SourceOffset(topic: "posts", partition: 0, offset: offset),
                              inputSHA256: String(repeating: digit, count: 64), platform: platform, lang: nil, workerID: "w",
                              decidedAt: decidedAt)
    }

    @Test func verdictRecordsMatchTheirSchemaAndReadBack() throws {
        let schema = try Self.schema()
        let properties = try #require(schema["properties"] as? [String: Any])
        let record = VerdictRecord(on: Self.decision("p-1\u{202E}", offset: 4), verdict: .reject, reason: "licensed \"ferry\"\n",
                                   reviewer: nil, decidedAt: "2026-11-23T12:00:00.000Z")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(record.json())) as? [String: Any])
        for field in schema["required"] as? [String] ?? [] {
            #expect(object[field] != nil, "verdict lacks '\(field)'")
        }
        #expect(object["schema_version"] as? Int == 2)
        #expect((object["source"] as? [String: Any])?["offset"] as? Int == 4)
        #expect(object["input_sha256"] as? String == String(repeating: "a", count: 64))
        #expect(Set(object.keys).isSubset(of: Set(properties.keys)), "no field beyond the schema (additionalProperties: false)")
        let verdicts = try #require((properties["verdict"] as? [String: Any])?["enum"] as? [String])
        #expect(Set(verdicts) == Set(VerdictRecord.Outcome.allCases.map(\.rawValue)))
        #expect(try VerdictRecord(json: record.json()) == record)
        let versions = try #require((properties["schema_version"] as? [String: Any])?["enum"] as? [Int])
        #expect(versions == [1, 2], "version 1 records are still valid")
    }

    @Test func versionOneRecordsAreStillReadAndNameNoDecision() throws {
        let legacy = try VerdictRecord(json: Array(#"{"decided_at":"2026-11-23T12:00:00.000Z","post_id":"x","reason":null,"reviewer":null,"schema_version":1,"type":"verdict","verdict":"reject"}"#.utf8))
        #expect(legacy.schemaVersion == 1 && legacy.decision == nil && legacy.postID == "x")
        #expect(try VerdictRecord(json: legacy.json()) == legacy)
    }

    @Test func otherRecordsAreNotReadAsVerdicts() {
        let sha = String(repeating: "a", count: 64)
        for bad in [
            #"{"type":"decision","schema_version":1,"post_id":"x","verdict":"reject","decided_at":"t"}"#,
            #"{"type":"verdict","schema_version":1,"post_id":"x","verdict":"maybe","decided_at":"t"}"#,
            "not json",
            // Version 2 must name the decision; version 1 cannot; no other version is known.
            #"{"type":"verdict","schema_version":2,"post_id":"x","verdict":"reject","decided_at":"t"}"#,
            #"{"type":"verdict","schema_version":2,"post_id":"x","verdict":"reject","decided_at":"t","source":{"topic":"posts","partition":0,"offset":1},"input_sha256":"ABC"}"#,
            #"{"type":"verdict","schema_version":1,"post_id":"x","verdict":"reject","decided_at":"t","source":{"topic":"posts","partition":0,"offset":1},"input_sha256":"\#(sha)"}"#,
            #"{"type":"verdict","schema_version":3,"post_id":"x","verdict":"reject","decided_at":"t"}"#,
            // Readers disagree on which of two equal keys counts.
            #"{"type":"verdict","schema_version":1,"post_id":"x","verdict":"confirm","decided_at":"t","verdict":"reject"}"#,
        ] {
            #expect(throws: (any Error).self, "\(bad)") { try VerdictRecord(json: Array(bad.utf8)) }
        }
    }

    @Test func aVerdictJudgesTheDecisionItNamesNotEveryPostWithItsID() {
        let old = Self.decision("X", offset: 1, digit: "a", platform: "telegram")
        let reused = Self.decision("X", offset: 9, digit: "b", platform: "facebook", decidedAt: "2026-11-24T10:00:00.000Z")
        let judged = VerdictLog([VerdictRecord(on: old, verdict: .reject, decidedAt: "2026-11-23T11:00:00.000Z")]).matching([old, reused])
        #expect(judged[old]?.verdict == .reject)
        #expect(judged[reused] == nil, "a new post with the same id is not judged by the verdict on the old one")
        var duplicate = old
        duplicate.workerID = "restarted"
        #expect(judged[duplicate]?.verdict == .reject, "an at-least-once duplicate is the same decision")
    }

    @Test func theLatestVerdictOnADecisionWinsWhateverItsVersion() {
        let decision = Self.decision("a", offset: 1)
        let log = VerdictLog([
            VerdictRecord(legacyPostID: "a", verdict: .confirm, decidedAt: "2026-11-23T11:00:00.000Z"),
            VerdictRecord(on: decision, verdict: .reject, reason: "a ferry company", decidedAt: "2026-11-23T12:00:00.000Z"),
        ])
        #expect(log.matching([decision])[decision]?.reason == "a ferry company")
        let reversed = VerdictLog(log.records.reversed())
        #expect(reversed.matching([decision])[decision]?.verdict == .confirm)
    }

    @Test func aVersionOneVerdictAttachesOnlyWhereItsIDIsUnambiguous() {
        let solo = Self.decision("solo", offset: 1)
        let first = Self.decision("dup", offset: 2, digit: "b")
        let second = Self.decision("dup", offset: 3, digit: "c")
        let later = Self.decision("late", offset: 4, decidedAt: "2026-11-25T10:00:00.000Z")
        let log = VerdictLog([
            VerdictRecord(legacyPostID: "solo", verdict: .reject, decidedAt: "2026-11-24T10:00:00.000Z"),
            VerdictRecord(legacyPostID: "dup", verdict: .reject, decidedAt: "2026-11-24T10:00:00.000Z"),
            VerdictRecord(legacyPostID: "late", verdict: .reject, decidedAt: "2026-11-24T10:00:00.000Z"),
        ])
        let judged = log.matching([solo, first, second, later])
        #expect(judged[solo]?.verdict == .reject, "one decision has the id: as before")
        #expect(judged[first] == nil && judged[second] == nil, "two decisions have the id: it judges neither")
        #expect(judged.unattachedLegacy == 1)
        #expect(judged[later] == nil, "a verdict given before the decision was made is not about it")
    }
}
