import Foundation
import Pipeline
import Testing

struct AuditVerdictRecordTests {
    static func schema() throws -> [String: Any] {
        let url = BinaryLocator.repositoryRoot.appendingPathComponent("schemas/verdict.schema.json")
        return try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    }

    @Test func verdictRecordsMatchTheirSchemaAndReadBack() throws {
        let schema = try Self.schema()
        let properties = try #require(schema["properties"] as? [String: Any])
        let record = VerdictRecord(postID: "p-1\u{202E}", verdict: .reject, reason: "licensed \"ferry\"\n", reviewer: nil,
                                   decidedAt: "2026-11-23T12:00:00.000Z")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(record.json())) as? [String: Any])
        for field in schema["required"] as? [String] ?? [] {
            #expect(object[field] != nil, "verdict lacks '\(field)'")
        }
        #expect(Set(object.keys).isSubset(of: Set(properties.keys)), "no field beyond the schema (additionalProperties: false)")
        let verdicts = try #require((properties["verdict"] as? [String: Any])?["enum"] as? [String])
        #expect(Set(verdicts) == Set(VerdictRecord.Outcome.allCases.map(\.rawValue)))
        #expect(try VerdictRecord(json: record.json()) == record)
    }

    @Test func otherRecordsAreNotReadAsVerdicts() {
        #expect(throws: (any Error).self) { try VerdictRecord(json: Array(#"{"type":"decision","schema_version":1,"post_id":"x","verdict":"reject","decided_at":"t"}"#.utf8)) }
        #expect(throws: (any Error).self) { try VerdictRecord(json: Array(#"{"type":"verdict","schema_version":1,"post_id":"x","verdict":"maybe","decided_at":"t"}"#.utf8)) }
        #expect(throws: (any Error).self) { try VerdictRecord(json: Array("not json".utf8)) }
    }
}
