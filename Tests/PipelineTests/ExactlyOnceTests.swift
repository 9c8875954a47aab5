import Foundation
import Pipeline
import Testing

/// Exactly-once mode on the embedded broker. What the mock cannot prove (librdkafka 2.0.2):
/// transactional offset commits are not applied and aborted records stay visible to
/// read_committed consumers. So these tests exercise the call sequence (init, begin, produce,
/// send offsets, commit) and the abort-and-retry and fatal paths; they do not prove that a
/// real broker hides aborted outputs or resumes from the transactional offsets.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct ExactlyOnceTests {
    @Test func transactionalWorkerDecidesEveryPostAndStopsCleanly() async throws {
        let harness = try await PipelineHarness(partitions: 3)
        let trail = try harness.trail()
        try harness.ingest(posts: 400)
        let worker = try harness.startWorker("eo-1", arguments: ["--processing-guarantee", "exactly_once", "--batch-size", "50",
                                                                  "--log-level", "info"])
        #expect(try await trail.waitForAccounted(400), "\(worker.standardError)")
        #expect(trail.duplicates == 0)
        #expect(worker.standardError.contains("exactly-once: transactional.id smugglewatch-test-eo-1"))
        #expect(!worker.standardError.contains("transaction failed"))
        worker.signal(SIGTERM)
        #expect(await worker.waitForExit(timeout: .seconds(20)) == 0, "\(worker.standardError)")
    }

    @Test func anAbortableFailureAbortsAndRetriesTheBatch() async throws {
        let harness = try await PipelineHarness(partitions: 1)
        let trail = try harness.trail()
        try harness.ingest(posts: 100)
        // A non-retriable produce error fails a record inside the transaction: its commit must
        // report an abortable error, and the worker must abort and publish the batch again.
        harness.broker.send(line: "errors Produce 1 INVALID_RECORD")
        let worker = try harness.startWorker("eo-2", arguments: ["--processing-guarantee", "exactly_once", "--batch-size", "20",
                                                                  "--log-level", "info"])
        #expect(try await trail.waitForAccounted(100), "\(worker.standardError)")
        #expect(worker.standardError.contains("aborting and retrying"), "the abort path ran: \(worker.standardError.suffix(3000))")
        #expect(worker.process.isRunning)
        worker.signal(SIGTERM)
        #expect(await worker.waitForExit(timeout: .seconds(20)) == 0)
    }

    @Test func aCrashPointThatIsNotABatchNumberIsAConfigurationError() async throws {
        let worker = try ChildProcess("crash", arguments: ["worker", "--brokers", "127.0.0.1:1"],
                                      environment: [CrashPoint.environmentVariable: "0"])
        #expect(await worker.waitForExit(timeout: .seconds(10)) == 2)
        #expect(worker.standardError.contains(CrashPoint.environmentVariable), "\(worker.standardError)")
    }

    @Test func exactlyOnceNeedsAStableWorkerID() async throws {
        let worker = try ChildProcess("eo", arguments: ["worker", "--brokers", "127.0.0.1:1", "--processing-guarantee", "exactly_once"])
        #expect(await worker.waitForExit(timeout: .seconds(10)) == 2)
        #expect(worker.standardError.contains("worker_id"))
    }
}
