import Classifier
import Foundation
import Kafka
import Pipeline
import Testing

/// `smugglewatch replay`, `audit verify`, `verdict` and `audit false-positives` as real processes
/// against a run of real workers on the embedded broker.
@Suite(.serialized, .timeLimit(.minutes(5)))
struct AuditReplayCommandTests {
    @Test func replayReproducesEveryDecisionOfARunAndVerifyFindsTheTrailComplete() async throws {
        let harness = try await PipelineHarness(partitions: 3)
        let trail = try harness.trail()
        var lines = (0..<240).map { Fixtures.post(id: "p-\($0)", index: $0) }
        lines += PoisonFixtures.all.filter { !$0.name.hasPrefix("generated") }.compactMap(\.payload)
        try harness.ingest(lines)
        try await harness.decideAll(lines.count, trail: trail)
        let decisions = trail.decisions.count
        #expect(decisions >= 240 && !trail.deadLetters.isEmpty)

        let replay = try await harness.command(["replay"], ["--json"])
        #expect(replay.status == 0, "\(replay.stderr)")
        let replayed = try replay.json()
        #expect(replayed["mode"] as? String == "reproduce")
        #expect(replayed["replayed"] as? Int == decisions)
        #expect(replayed["reproduced"] as? Int == decisions, "every recorded decision reproduces bit for bit")
        #expect(replayed["changed"] as? Int == 0)
        #expect(replayed["not_replayable"] as? Int == 0)

        let verify = try await harness.command(["audit", "verify"], ["--json"])
        #expect(verify.status == 0, "\(verify.stdout) \(verify.stderr)")
        let verified = try verify.json()
        #expect(verified["input_records"] as? Int == lines.count)
        #expect(verified["audited"] as? Int == decisions)
        #expect(verified["deadlettered"] as? Int == trail.deadLetters.count)
        #expect(verified["missing"] as? Int == 0)
        #expect(verified["duplicates"] as? Int == 0)
        #expect(verified["mismatched"] as? Int == 0)
        #expect(verified["malformed"] as? Int == 0)

        // Reviewers judge two referrals; the latest verdict on a post wins.
        let referred = trail.decisions.filter { $0.decision == .refer }.map(\.postID).sorted()
        try #require(referred.count >= 2)
        for arguments in [[referred[0], "--confirm"], [referred[0], "--reject", "--reason", "a licensed ferry"],
                          [referred[1], "--confirm", "--reviewer", "r7"]] {
            let verdict = try await harness.command(["verdict"], arguments)
            #expect(verdict.status == 0, "\(verdict.stderr)")
        }
        let falsePositives = try await harness.command(["audit", "false-positives"], ["--json"])
        #expect(falsePositives.status == 0, "\(falsePositives.stderr)")
        let listed = try falsePositives.json()
        #expect(listed["referrals"] as? Int == referred.count)
        #expect(listed["reviewed"] as? Int == 2)
        #expect(listed["rejected"] as? Int == 1)
        #expect(listed["protected_referrals"] as? Int == 0, "the guard never lets protected content be referred")
        let items = try #require(listed["items"] as? [[String: Any]])
        #expect(items.map { $0["post_id"] as? String } == [referred[0]])
        #expect(items.first?["reason"] as? String == "a licensed ferry")
        #expect((listed["by_language"] as? [[String: Any]])?.first?["name"] as? String == "en")

        // Verdicts are ground truth in replays too.
        let again = try await harness.command(["replay"], ["--json"])
        let truth = try #require(try again.json()["ground_truth"] as? [String: Any])
        #expect(truth["rejected_referred"] as? Int == 1)
        #expect(truth["confirmed_referred"] as? Int == 1)
    }

    @Test func aChangedRulesetIsReportedAsChangesAndReferringRejectedPostsFailsTheBacktest() async throws {
        // Recorded with a ruleset that never refers (no score reaches 1), backtested with the default.
        // A fixture post the default ruleset refers (decided here in-process, as the worker would).
        let defaultClassifier = Classifier(ruleset: try Ruleset(contentsOf: BinaryLocator.repositoryRoot.appendingPathComponent("rulesets/default.yaml")))
        let index = try #require(Fixtures.texts.indices.first { index in
            defaultClassifier.decide(Post(id: "p-\(index)", text: Fixtures.texts[index] + " #\(index)", lang: "en")).verdict == .refer
        })
        let referred = "p-\(index)"
        let strict = try RulesetVariant.writeStrict()
        defer { try? FileManager.default.removeItem(atPath: strict) }
        let harness = try await PipelineHarness(partitions: 2)
        let trail = try harness.trail()
        try harness.ingest(posts: 120)
        try await harness.decideAll(120, trail: trail, arguments: ["--ruleset", strict])
        let recorded = try #require(trail.decisions.first { $0.postID == referred })
        #expect(recorded.decision == .review, "the smuggling offer only goes to review under the strict ruleset")
        #expect(trail.decisions.allSatisfy { $0.decision != .refer })

        // Without the recorded ruleset, every record is a finding and replay names the ruleset it needs.
        let missing = try await harness.command(["replay"], ["--json"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains(recorded.ruleset.sha256) && missing.stderr.contains("-strict"), "\(missing.stderr)")
        let unreplayed = try missing.json()
        #expect(unreplayed["unknown_ruleset"] as? Int == 120 && unreplayed["replayed"] as? Int == 0)
        #expect((unreplayed["unknown_rulesets"] as? [[String: Any]])?.first?["sha256"] as? String == recorded.ruleset.sha256)
        let reproduce = try await harness.command(["replay"], ["--ruleset", strict, "--json"])
        #expect(reproduce.status == 0, "\(reproduce.stderr)")
        #expect(try reproduce.json()["reproduced"] as? Int == 120)

        let reject = try await harness.command(["verdict"], [referred, "--reject", "--reason", "<a test>"])
        #expect(reject.status == 0, "\(reject.stderr)")
        let backtest = try await harness.command(["replay"], ["--backtest", "--json"])
        #expect(backtest.status == 1, "a backtest that refers a rejected post fails: \(backtest.stderr)")
        let result = try backtest.json()
        #expect(result["mode"] as? String == "backtest")
        #expect(result["replayed"] as? Int == 120)
        let changed = try #require(result["changed"] as? Int)
        #expect(changed > 0 && changed < 120)
        #expect(result["rejected_now_referred"] as? Int == 1)
        #expect(result["protected_now_referred"] as? Int == 0)
        let changes = try #require(result["changes"] as? [[String: Any]])
        #expect(changes.count == changed)
        let p2 = try #require(changes.first { $0["post_id"] as? String == referred })
        #expect(p2["harmful_referral"] as? Bool == true)
        #expect((p2["replayed"] as? [String: Any])?["decision"] as? String == "refer")

        // The human-readable diff names the post and marks the harmful change first.
        let diff = try await harness.command(["replay"], ["--backtest"])
        #expect(diff.stdout.split(separator: "\n").first { $0.contains(" → ") }?.hasPrefix("HARMFUL") == true, "\(diff.stdout.prefix(600))")

        // The default ruleset did not decide this trail: verify wants the strict file too.
        let unknown = try await harness.command(["audit", "verify"], ["--json"])
        #expect(unknown.status == 1)
        #expect((try unknown.json()["unknown_rulesets"] as? [[String: Any]])?.first?["sha256"] as? String == recorded.ruleset.sha256)
        let known = try await harness.command(["audit", "verify"], ["--ruleset", strict, "--json"])
        #expect(known.status == 0, "\(known.stdout)")
    }

    @Test func postsPastRetentionAreNotReplayableAndNotMissing() async throws {
        // The embedded broker keeps about 5 MiB per partition: 600 posts of 10 kB push the oldest out.
        let harness = try await PipelineHarness(partitions: 1)
        let trail = try harness.trail()
        let filler = String(repeating: "harbour news ", count: 800)
        func big(_ range: Range<Int>) -> [[UInt8]] {
            range.map { Array("{\"id\":\"b-\($0)\",\"lang\":\"en\",\"text\":\"\(Fixtures.texts[$0 % Fixtures.texts.count]) \(filler)\"}".utf8) }
        }
        try harness.ingest(big(0..<300))
        try await harness.decideAll(300, trail: trail)
        try harness.ingest(big(300..<600))
        try await harness.decideAll(600, trail: trail)

        let verify = try await harness.command(["audit", "verify"], ["--json"])
        #expect(verify.status == 0, "\(verify.stdout)")
        let verified = try verify.json()
        let retained = try #require(verified["input_records"] as? Int)
        let dropped = 600 - retained
        #expect(dropped > 0 && retained > 0, "the broker dropped the oldest posts (\(dropped))")
        #expect(verified["beyond_retention"] as? Int == dropped)
        #expect(verified["missing"] as? Int == 0)

        let replay = try await harness.command(["replay"], ["--json"])
        #expect(replay.status == 0, "\(replay.stderr)")
        let replayed = try replay.json()
        #expect(replayed["not_replayable"] as? Int == dropped)
        #expect(replayed["replayed"] as? Int == retained)
        #expect(replayed["reproduced"] as? Int == retained)
    }
}
