import Classifier
import Foundation
import Kafka
import Pipeline
import Records
import Testing

/// Records forged onto the trail of a real run, read by `replay`, `audit verify` and `report` as
/// real processes: a duplicate that changes the decision, a record holding a key twice, and one
/// naming a ruleset nobody has. Each is a finding; none stops a tool or hides behind another.
@Suite(.serialized, .timeLimit(.minutes(5)))
struct AuditForgedRecordTests {
    /// The record's JSON with `member` added at its end: a key it already holds, given again.
    static func withRepeatedKey(_ bytes: [UInt8], _ member: String) throws -> [UInt8] {
        try #require(bytes.last == UInt8(ascii: "}"))
        return bytes.dropLast() + Array(",\(member)}".utf8)
    }

    /// The input SHA-256 a worker records for `payload`, from the worker's own decider.
    static func inputSHA256(of payload: [UInt8]) throws -> String {
        let records = try DeciderTests.makeDecider().outputs(for: KafkaMessage(topic: "t.posts", partition: 0, offset: 0, key: nil, value: payload),
                                                             now: "T").records
        let audit = try #require(records.first { $0.topic == "t.audit" })
        guard case .decision(let decision) = try TrailRecord(json: audit.payload) else { throw CancellationError() }
        return decision.inputSHA256
    }

    @Test func forgedDuplicatesRepeatedKeysAndUnknownRulesetsAreFindingsInEveryTool() async throws {
        let harness = try await PipelineHarness(partitions: 1)
        let trail = try harness.trail()
        try harness.ingest(posts: 30)
        try await harness.decideAll(30, trail: trail)
        let genuine = Dictionary(uniqueKeysWithValues: trail.decisions.map { ($0.source.offset, $0) })
        try #require(genuine.count == 30)
        func flipped(_ record: DecisionRecord) -> Verdict { record.decision == .refer ? .clear : .refer }

        // Offset 5: the genuine record again, with a second "decision" that says otherwise.
        let repeated = try Self.withRepeatedKey(try #require(genuine[5]).json(), #""decision":"\#(flipped(try #require(genuine[5])).rawValue)""#)
        // Offset 6: a well-formed duplicate that changes the decision.
        var changed = try #require(genuine[6])
        changed.decision = flipped(changed)
        // Offset 7: a duplicate decided, it says, by a ruleset nobody has.
        var foreign = try #require(genuine[7])
        foreign.ruleset = RulesetIdentity(name: "forged", version: "0", sha256: String(repeating: "c", count: 64))
        // Offset 30: a post the workers never saw, "decided" by the unknown ruleset: the only
        // record of its offset, so the first one a reader meets.
        let late = Fixtures.post(id: "late", index: 30)
        try harness.ingest([late])
        var alone = foreign
        alone.postID = "late"
        alone.source.offset = 30
        alone.inputSHA256 = try Self.inputSHA256(of: late)
        // A referral with a repeated key, for a post nobody ingested, where reports read.
        var referral = try #require(trail.decisions.first { $0.decision == .refer })
        referral.source.offset = 9_999
        referral.post = .object(["id": .string(referral.postID), "text": .string("forged")])
        let forgedReferral = try Self.withRepeatedKey(try referral.json(), #""protected":true"#)

        let producer = try KafkaProducer(configuration: harness.kafka, logger: harness.logger)
        for value in [repeated, try changed.json(), try foreign.json(), try alone.json()] {
            try producer.send(ProducerRecord(topic: harness.topics.audit, key: nil, value: value))
        }
        try producer.send(ProducerRecord(topic: harness.topics.referrals, key: nil, value: forgedReferral))
        #expect(try producer.flush(timeout: .seconds(30)).isEmpty)

        // Replay checks every record of an offset, and goes on past the unknown ruleset.
        let replay = try await harness.command(["replay"], ["--json"])
        #expect(replay.status == 1, "findings fail the replay: \(replay.stderr)")
        let replayed = try replay.json()
        #expect(replayed["reproduced"] as? Int == 30, "every genuine record was replayed")
        #expect(replayed["replayed"] as? Int == 31, "the forged duplicate too")
        #expect(replayed["changed"] as? Int == 1)
        #expect((replayed["changes"] as? [[String: Any]])?.first?["source"] as? String == "\(harness.topics.posts)/0/6")
        #expect(replayed["unknown_ruleset"] as? Int == 2, "a finding each, and the replay went on")
        let unknown = try #require(replayed["unknown_ruleset_records"] as? [[String: Any]])
        #expect(Set(unknown.compactMap { $0["source"] as? String }) == ["\(harness.topics.posts)/0/7", "\(harness.topics.posts)/0/30"])
        #expect(replayed["malformed"] as? Int == 1)
        let malformed = try #require((replayed["malformed_records"] as? [[String: Any]])?.first?["problem"] as? String)
        #expect(malformed.contains("'decision' appears more than once"), "\(malformed)")
        #expect(replay.stderr.contains(String(repeating: "c", count: 64)), "the ruleset wanted is named: \(replay.stderr)")
        let text = try await harness.command(["replay"])
        #expect(text.stdout.contains("UNKNOWN RULESET") && text.stdout.contains("MALFORMED") && text.stdout.contains("FAILED"), "\(text.stdout)")

        // Verify reads the repeated key as malformed, not as whichever value it meets first.
        let verify = try await harness.command(["audit", "verify"], ["--json"])
        #expect(verify.status == 1)
        let verified = try verify.json()
        #expect(verified["input_records"] as? Int == 31)
        #expect(verified["malformed"] as? Int == 1)
        #expect(verified["duplicates"] as? Int == 2)
        #expect(verified["duplicates_disagreeing"] as? Int == 2)
        #expect((verified["unknown_rulesets"] as? [[String: Any]])?.first?["name"] as? String == "forged")
        let findings = try #require(verified["findings"] as? [[String: Any]])
        #expect(findings.contains { ($0["kind"] as? String) == "malformed" && (($0["detail"] as? String)?.contains("appears more than once") ?? false) })

        // Reports leave the malformed referral out, and say so.
        let report = try await harness.command(["report"], ["--format", "json"])
        #expect(report.status == 0, "\(report.stderr)")
        let flagged = trail.decisions.filter { $0.decision != .clear }.count
        #expect((try report.json()["items"] as? [Any])?.count == flagged)
        #expect(report.stderr.contains("1 records of") && report.stderr.contains("not well-formed"), "\(report.stderr)")
    }
}
