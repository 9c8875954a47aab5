import Foundation
import Kafka
import Pipeline
import Records
import Testing

/// `smugglewatch verdict` names the decision it judges, and reports attach a verdict to that
/// decision only: a post id repeated across platforms, or reused by a new post, is not judged
/// twice. Real workers and commands on the embedded broker.
@Suite(.serialized, .timeLimit(.minutes(5)))
struct AuditVerdictCommandTests {
    static func post(_ id: String, text index: Int, platform: String) throws -> [UInt8] {
        let object: [String: Any] = ["id": id, "text": Fixtures.texts[index % Fixtures.texts.count] + " #\(index)",
                                     "platform": platform, "lang": "en"]
        return Array(try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]))
    }

    @Test func aVerdictJudgesTheDecisionItNamesAndNoOtherPostWithTheSameID() async throws {
        let harness = try await PipelineHarness(partitions: 1)
        let trail = try harness.trail()
        // Offers (texts 0 and 2): "X"; "dup" on two platforms; "solo".
        try harness.ingest([try Self.post("X", text: 0, platform: "telegram"), try Self.post("dup", text: 2, platform: "telegram"),
                            try Self.post("dup", text: 10, platform: "facebook"), try Self.post("solo", text: 8, platform: "telegram")])
        try await harness.decideAll(4, trail: trail)
        let decided = Dictionary(uniqueKeysWithValues: trail.decisions.map { ($0.source.offset, $0) })
        try #require(decided.count == 4 && decided.values.allSatisfy { $0.decision != .clear }, "the offers are flagged")
        let (oldX, dupTelegram, dupFacebook, solo) = (decided[0]!, decided[1]!, decided[2]!, decided[3]!)

        // An id naming two decisions is not enough: the command lists them and records nothing.
        let ambiguous = try await harness.command(["verdict"], ["dup", "--reject"])
        #expect(ambiguous.status == 1)
        #expect(ambiguous.stderr.contains("names 2 flagged decisions") && ambiguous.stderr.contains("--source \(dupTelegram.source)")
                && ambiguous.stderr.contains("--source \(dupFacebook.source)"), "\(ambiguous.stderr)")
        for arguments in [["dup", "--source", dupTelegram.source.description, "--reject", "--reason", "a ferry company"], ["X", "--reject"]] {
            let verdict = try await harness.command(["verdict"], arguments)
            #expect(verdict.status == 0, "\(verdict.stderr)")
        }
        let unknown = try await harness.command(["verdict"], ["--source", "\(harness.topics.posts)/0/99", "--confirm"])
        #expect(unknown.status == 1 && unknown.stderr.contains("no flagged decision"), "\(unknown.stderr)")

        // Version 1 verdicts, as written before: by post id alone.
        let producer = try KafkaProducer(configuration: harness.kafka, logger: harness.logger)
        for id in ["solo", "dup"] {
            let legacy = VerdictRecord(legacyPostID: id, verdict: .confirm, decidedAt: Decider.timestamp())
            try producer.send(ProducerRecord(topic: harness.topics.verdicts, key: Array(id.utf8), value: legacy.json()))
        }
        #expect(try producer.flush(timeout: .seconds(30)).isEmpty)

        // A new post reuses the id "X" after the verdict on the old one.
        try harness.ingest([try Self.post("X", text: 16, platform: "telegram")])
        try await harness.decideAll(5, trail: trail)
        let newX = try #require(trail.decisions.first { $0.source.offset == 4 })

        let report = try await harness.command(["report"], ["--format", "json"])
        #expect(report.status == 0, "\(report.stderr)")
        let items = try #require(try report.json()["items"] as? [[String: Any]])
        var verdicts: [String: String] = [:]
        for item in items { verdicts[item["source"] as? String ?? ""] = item["reviewer_verdict"] as? String ?? "none" }
        #expect(verdicts[oldX.source.description] == "reject")
        #expect(verdicts[newX.source.description] == "none", "the new post with the old id is not judged")
        #expect(verdicts[dupTelegram.source.description] == "reject")
        #expect(verdicts[dupFacebook.source.description] == "none", "the same id on another platform is not judged")
        #expect(verdicts[solo.source.description] == "confirm", "a version 1 verdict on an id with one decision still counts")
        #expect(report.stderr.contains("1 version 1 verdicts"), "the ambiguous version 1 verdict is reported: \(report.stderr)")

        // The false-positive list counts each rejection for the referral it judges.
        let listed = try await harness.command(["audit", "false-positives"], ["--json"])
        #expect(listed.status == 0, "\(listed.stderr)")
        let rejected = Set([oldX, dupTelegram].filter { $0.decision == .refer }.map(\.source.description))
        let entries = try #require(try listed.json()["items"] as? [[String: Any]])
        #expect(Set(entries.compactMap { $0["source"] as? String }) == rejected)
    }
}
