import Classifier
import Foundation
import Kafka
import Pipeline
import Testing

@Suite(.serialized, .timeLimit(.minutes(5)))
struct AuditVerifyCommandTests {
    @Test func verifyFindsMissingForgedOrphanedAndMalformedRecords() async throws {
        let harness = try await PipelineHarness(partitions: 1)
        let trail = try harness.trail()
        try harness.ingest(posts: 50)
        try await harness.decideAll(50, trail: trail)
        let clean = try await harness.command(["audit", "verify"], ["--json"])
        #expect(clean.status == 0, "\(clean.stdout)")

        // After the workers stopped: a post nobody decided,
        try harness.ingest([Fixtures.post(id: "late", index: 1)])
        // a forged copy of a real decision that claims other input bytes,
        let genuine = try #require(trail.decisions.first { $0.source.offset == 10 })
        var forged = genuine
        forged.inputSHA256 = String(repeating: "0", count: 64)
        // a record for an input offset that never existed, and garbage on the audit topic.
        var orphan = genuine
        orphan.source.offset = 10_000
        let producer = try KafkaProducer(configuration: harness.kafka, logger: harness.logger)
        for value in [try forged.json(), try orphan.json(), Array("{\"type\":\"decision\"}".utf8)] {
            try producer.send(ProducerRecord(topic: harness.topics.audit, key: Array(genuine.postID.utf8), value: value))
        }
        #expect(try producer.flush(timeout: .seconds(30)).isEmpty)

        let verify = try await harness.command(["audit", "verify"], ["--json"])
        #expect(verify.status == 1, "findings make the exit status non-zero")
        let result = try verify.json()
        #expect(result["input_records"] as? Int == 51)
        #expect(result["missing"] as? Int == 1)
        #expect(result["duplicates"] as? Int == 1)
        #expect(result["duplicates_disagreeing"] as? Int == 1)
        #expect(result["input_mismatches"] as? Int == 1)
        #expect(result["orphaned"] as? Int == 1)
        #expect(result["mismatched"] as? Int == 3)
        #expect(result["malformed"] as? Int == 1)
        let findings = try #require(result["findings"] as? [[String: Any]])
        let located = Set(findings.compactMap { finding in
            (finding["kind"] as? String).flatMap { kind in (finding["location"] as? String).map { "\(kind) \($0)" } }
        })
        #expect(located.contains("missing \(harness.topics.posts)/0/50"))
        #expect(located.contains("input_mismatch \(harness.topics.posts)/0/10"))
        #expect(located.contains("orphaned \(harness.topics.posts)/0/10000"))

        // The text output tells a person the same.
        let text = try await harness.command(["audit", "verify"])
        #expect(text.status == 1)
        #expect(text.stdout.contains("missing        1") && text.stdout.contains("FAILED"), "\(text.stdout)")
    }
}
