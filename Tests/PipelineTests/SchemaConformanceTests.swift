import Foundation
import Kafka
import Pipeline
import Records
import Testing

/// The published JSON Schemas and the records the worker writes must agree: every required field
/// is present, enumerated codes are the ones the code knows.
@Suite struct SchemaConformanceTests {
    static func schema(_ name: String) throws -> [String: Any] {
        let url = BinaryLocator.repositoryRoot.appendingPathComponent("schemas/\(name).schema.json")
        return try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    }

    static func requiredFields(_ schema: [String: Any]) -> [String] {
        schema["required"] as? [String] ?? []
    }

    static func object(_ bytes: [UInt8]) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
    }

    @Test func decisionRecordsHaveEveryRequiredField() throws {
        let schema = try Self.schema("decision")
        let decider = try DeciderTests.makeDecider()
        let payload = #"{"id":"s1","text":"Boat to Italy, price 4000 euro, pay on arrival, crossing guaranteed","author":"x"}"#
        let (_, records) = decider.outputs(for: DeciderTests.message(payload), now: "2026-01-01T00:00:00.000Z")
        #expect(records.count == 2, "the sample post is flagged, so an audit and a flagged record")
        for record in records {
            let object = try Self.object(record.payload)
            for field in Self.requiredFields(schema) {
                #expect(object[field] != nil, "\(record.topic) record lacks '\(field)'")
            }
            let signalSchema = try #require((schema["$defs"] as? [String: Any])?["signal"] as? [String: Any])
            for signal in object["signals"] as? [[String: Any]] ?? [] {
                for field in Self.requiredFields(signalSchema) { #expect(signal[field] != nil) }
            }
        }
    }

    @Test func deadLetterRecordsMatchTheirSchema() throws {
        let schema = try Self.schema("deadletter")
        let decider = try DeciderTests.makeDecider()
        let (_, records) = decider.outputs(for: DeciderTests.message("{oops"), now: "T")
        let object = try Self.object(records[0].payload)
        for field in Self.requiredFields(schema) {
            #expect(object[field] != nil, "dead letter lacks '\(field)'")
        }
        let properties = try #require(schema["properties"] as? [String: Any])
        let error = try #require((properties["error"] as? [String: Any])?["properties"] as? [String: Any])
        let codes = try #require((error["code"] as? [String: Any])?["enum"] as? [String])
        #expect(Set(codes) == Set(DeadLetterReason.Code.all.map(\.rawValue)))
    }
}
