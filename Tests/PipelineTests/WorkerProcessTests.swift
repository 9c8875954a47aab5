import Classifier
import Foundation
import Kafka
import Pipeline
import Records
import Testing

/// Real `smugglewatch broker` and `smugglewatch worker` processes, talking Kafka over loopback.
///
/// What these cannot prove: the embedded broker is librdkafka's mock cluster (DESIGN.md). It
/// keeps ~5 MiB per partition (so runs stay at a few thousand small posts), does not apply
/// transactional offset commits, and runs all brokers in one process, so "broker loss" here is
/// socket-level, not disk or replication loss. Groups, commits, produce and fetch are real.
@Suite(.serialized, .timeLimit(.minutes(5)))
struct WorkerProcessTests {
    @Test func twoWorkersShareTheGroupAndDecideEveryPost() async throws {
        let harness = try await PipelineHarness(partitions: 6)
        let trail = try harness.trail()
        let first = try harness.startWorker("w1", arguments: ["--log-level", "info"])
        let second = try harness.startWorker("w2", arguments: ["--log-level", "info"])
        // Ingest once both members hold partitions; otherwise the first could finish alone.
        let bothAssigned = await Deadline.wait(.seconds(30)) {
            first.standardError.contains("partitions assigned: posts/") && second.standardError.contains("partitions assigned: posts/")
        }
        #expect(bothAssigned, "\(first.standardError)\n\(second.standardError)")
        try harness.ingest(posts: 1200)

        #expect(try await trail.waitForAccounted(1200), "accounted \(trail.bySource.count) of 1200")
        let byWorker = Dictionary(grouping: trail.decisions, by: \.workerID).mapValues(\.count)
        #expect(byWorker["w1", default: 0] > 0 && byWorker["w2", default: 0] > 0, "both members work: \(byWorker)")
        #expect(trail.deadLetters.isEmpty)
        #expect(Set(trail.decisions.map(\.decision)).count > 1, "a real scorer gives more than one verdict")

        first.signal(SIGTERM)
        second.signal(SIGTERM)
        #expect(await first.waitForExit(timeout: .seconds(20)) == 0, "\(first.standardError)")
        #expect(await second.waitForExit(timeout: .seconds(20)) == 0, "\(second.standardError)")
    }

    @Test func everyPoisonRecordIsDeadLetteredWhileGoodRecordsAroundItAreDecided() async throws {
        let harness = try await PipelineHarness(partitions: 1)
        let trail = try harness.trail()
        let poison = PoisonFixtures.all
        // One partition: good posts interleave with poison in one ordered log.
        var lines: [[UInt8]] = []
        var expected: [Int: String] = [:]
        for (index, poisonCase) in poison.enumerated() {
            lines.append(Fixtures.post(id: "good-\(index)", index: index))
            expected[lines.count] = poisonCase.expected
            lines.append(poisonCase.payload ?? [])
        }
        lines.append(Fixtures.post(id: "good-last", index: 0))
        try harness.ingest(lines)
        let worker = try harness.startWorker("w1")

        #expect(try await trail.waitForAccounted(lines.count), "accounted \(trail.bySource.count) of \(lines.count): \(worker.standardError)")
        for (offset, outcome) in expected.sorted(by: { $0.key < $1.key }) {
            let source = SourceOffset(topic: harness.topics.posts, partition: 0, offset: Int64(offset))
            let record = try #require(trail.bySource[source]?.first, "nothing for offset \(offset)")
            switch record {
            case .decision:
                #expect(outcome == "decided", "offset \(offset) decided, expected \(outcome)")
            case .deadLetter(let letter):
                #expect(letter.error.code.rawValue == outcome, "offset \(offset): \(letter.error.message)")
                #expect(letter.source == source)
            }
        }
        let goodDecided = trail.decisions.filter { $0.postID.hasPrefix("good-") }.count
        #expect(goodDecided == poison.count + 1)
        #expect(worker.process.isRunning, "poison never stops a worker")
        worker.signal(SIGTERM)
        #expect(await worker.waitForExit(timeout: .seconds(20)) == 0)
    }

    @Test func aWorkerKilledWithSIGKILLLosesNothing() async throws {
        let harness = try await PipelineHarness(partitions: 6)
        let trail = try harness.trail()
        let total = 4000
        let victim = try harness.startWorker("victim", arguments: ["--batch-size", "100", "--log-level", "info"])
        let survivor = try harness.startWorker("survivor", arguments: ["--batch-size", "100", "--log-level", "info"])
        _ = await Deadline.wait(.seconds(30)) {
            victim.standardError.contains("partitions assigned: posts/") && survivor.standardError.contains("partitions assigned: posts/")
        }
        try harness.ingest(posts: total)

        // Kill mid-run: once some posts are decided, slow every broker down so that the victim
        // surely has decided but uncommitted batches in flight, then SIGKILL it.
        #expect(try await trail.waitForAccounted(total / 8))
        for broker in 1...3 { harness.broker.send(line: "rtt \(broker) 300") }
        _ = await Deadline.wait(.seconds(5)) { harness.broker.standardError.components(separatedBy: "ok rtt").count > 3 }
        victim.signal(SIGKILL)
        _ = await victim.waitForExit(timeout: .seconds(10))
        for broker in 1...3 { harness.broker.send(line: "rtt \(broker) 0") }
        let restarted = try harness.startWorker("restarted", arguments: ["--batch-size", "100"])

        #expect(try await trail.waitForAccounted(total, timeout: .seconds(120)), "accounted \(trail.bySource.count) of \(total)")
        try trail.drain(milliseconds: 500)
        // Duplicates are the uncommitted batches of the killed worker, decided again identically.
        let failedCommits = [victim, survivor, restarted].map { $0.standardError.components(separatedBy: "commit failed").count - 1 }
        print("SIGKILL run: \(total) posts, \(trail.bySource.count) accounted, \(trail.duplicates) duplicates, failed commits \(failedCommits)")
        print(([victim, survivor, restarted].flatMap { $0.standardError.split(separator: "\n") }).filter { $0.contains("commit failed") }.prefix(3).joined(separator: "\n"))
        #expect(trail.bySource.count == total)
        // At most the killed worker's uncommitted work (4 batches in flight, the default), plus
        // what each refused commit left to the partitions' next owner (up to 4 batches each).
        #expect(trail.duplicates <= 4 * 100 + failedCommits.reduce(0, +) * 4 * 100)
        for records in trail.bySource.values where records.count > 1 {
            guard case .decision(let first) = records[0] else { continue }
            for case .decision(let again) in records.dropFirst() {
                #expect(first.sameDecision(as: again), "a re-decision differs for \(first.source)")
            }
        }
        for worker in [survivor, restarted] {
            worker.signal(SIGTERM)
            #expect(await worker.waitForExit(timeout: .seconds(20)) == 0)
        }
    }

    @Test func sigtermCommitsSoARestartDecidesNothingTwice() async throws {
        let harness = try await PipelineHarness(partitions: 3)
        let trail = try harness.trail()
        try harness.ingest(posts: 600)
        let first = try harness.startWorker("first")
        #expect(try await trail.waitForAccounted(600))
        first.signal(SIGTERM)
        #expect(await first.waitForExit(timeout: .seconds(20)) == 0, "\(first.standardError)")

        let second = try harness.startWorker("second")
        try harness.ingest(posts: 50, startingAt: 600)
        #expect(try await trail.waitForAccounted(650))
        try trail.drain(milliseconds: 1000)
        #expect(trail.duplicates == 0, "a clean stop committed everything it decided")
        #expect(trail.decisions.filter { $0.workerID == "second" }.count == 50)
        second.signal(SIGINT)
        #expect(await second.waitForExit(timeout: .seconds(20)) == 0)
    }
}
