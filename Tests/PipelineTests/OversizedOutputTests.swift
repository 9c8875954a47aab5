import Foundation
import Kafka
import Pipeline
import Records
import Testing

/// Real worker processes against inputs whose outputs, whole, would not fit a Kafka record: no
/// input may stop a worker (issue 15, defect 1).
///
/// What these cannot prove: the embedded broker enforces no `max.message.bytes` of its own; the
/// producer's limit is librdkafka's own check, and a topic refusing a record is simulated by
/// injected MSG_SIZE_TOO_LARGE answers to whatever Produce requests come next.
@Suite(.serialized, .timeLimit(.minutes(5)))
struct OversizedOutputTests {
    /// Every input at `offset + index` yields exactly one trail record of the expected kind.
    static func expectOneOutcomeEach(_ cases: [OversizedPosts.Case], from first: Int, in trail: TrailCollector,
                                     topic: String) {
        for (index, item) in cases.enumerated() {
            let source = SourceOffset(topic: topic, partition: 0, offset: Int64(first + index))
            let records = trail.bySource[source] ?? []
            #expect(records.count == 1, "\(item.name): \(records.count) trail records")
            switch records.first {
            case .decision?: #expect(item.expected == "decided", "\(item.name) decided")
            case .deadLetter(let letter)?: #expect(letter.error.code.rawValue == item.expected, "\(item.name): \(letter.error.message)")
            case nil: break
            }
        }
    }

    /// Reads the flagged topics and checks every record against the limit.
    static func flaggedRecords(_ harness: PipelineHarness, count: Int, limit: Int) async throws -> [DecisionRecord] {
        let reader = try TopicReader(kafka: harness.kafka, topics: [harness.topics.referrals, harness.topics.review], logger: harness.logger)
        defer { reader.close() }
        var records: [DecisionRecord] = []
        _ = try await Deadline.wait(.seconds(30)) {
            while let message = try reader.next(timeoutMilliseconds: 50), let value = message.value {
                #expect(value.count + (message.key?.count ?? 0) <= limit, "a \(value.count)-byte record on \(message.topic)")
                if case .decision(let record) = try TrailRecord(json: value) { records.append(record) }
            }
            return records.count >= count
        }
        return records
    }

    @Test func oversizedPostsAreSentShortenedAndTheWorkerGoesOn() async throws {
        let harness = try await PipelineHarness(partitions: 1)
        let trail = try harness.trail()
        // The post and the largest variants, against librdkafka's default message.max.bytes.
        let cases = OversizedPosts.cases(scale: 1_000_000).filter {
            ["author with 40,000 keys", "three long URLs", "long string fields", "huge malformed line"].contains($0.name)
        }
        var lines: [[UInt8]] = [Fixtures.post(id: "before", index: 0)]
        lines += cases.map(\.payload)
        try harness.ingest(lines)
        let worker = try harness.startWorker("w1")
        #expect(try await trail.waitForAccounted(lines.count, timeout: .seconds(90)), "\(worker.standardError.suffix(2000))")
        #expect(worker.process.isRunning, "no input stops a worker: \(worker.standardError.suffix(2000))")
        Self.expectOneOutcomeEach(cases, from: 1, in: trail, topic: harness.topics.posts)
        let flagged = try await Self.flaggedRecords(harness, count: 3, limit: OutputLimit.librdkafkaDefault.recordBytes)
        let author = flagged.first { $0.postID == "author-40k" }
        #expect(author?.truncation != nil && author?.post?["truncated"] == .bool(true), "the referral went shortened")

        // Offsets were committed: after a clean stop, a new worker decides only what is new.
        worker.signal(SIGTERM)
        #expect(await worker.waitForExit(timeout: .seconds(30)) == 0, "\(worker.standardError.suffix(2000))")
        let next = try harness.startWorker("w2")
        try harness.ingest(posts: 2, prefix: "after")
        #expect(try await trail.waitForAccounted(lines.count + 2, timeout: .seconds(60)), "\(next.standardError.suffix(2000))")
        try trail.drain(milliseconds: 500)
        #expect(trail.duplicates == 0)
        next.signal(SIGTERM)
        #expect(await next.waitForExit(timeout: .seconds(30)) == 0)
    }

    @Test func everyVariantFitsASmallerConfiguredLimit() async throws {
        let harness = try await PipelineHarness(partitions: 1)
        let trail = try harness.trail()
        let cases = OversizedPosts.cases(scale: 120_000)
        var lines = cases.map(\.payload)
        var keys = cases.enumerated().map { index, item in item.key.map { String(decoding: $0, as: UTF8.self) } ?? "case-\(index)" }
        lines.append(Fixtures.post(id: "after", index: 0))
        keys.append("after")
        try harness.ingest(lines, keys: keys)
        // The worker reads its producer's effective message.max.bytes and sizes its records by it.
        let worker = try harness.startWorker("w1", arguments: ["--kafka", "message.max.bytes=100000"])
        #expect(try await trail.waitForAccounted(lines.count, timeout: .seconds(90)), "\(worker.standardError.suffix(2000))")
        #expect(worker.process.isRunning, "\(worker.standardError.suffix(2000))")
        Self.expectOneOutcomeEach(cases, from: 0, in: trail, topic: harness.topics.posts)
        let limit = OutputLimit(messageMaxBytes: 100_000).recordBytes
        for records in trail.bySource.values {
            if case .decision(let record) = records[0] { #expect(try record.json().count <= limit) }
        }
        let flagged = try await Self.flaggedRecords(harness, count: 6, limit: limit)
        #expect(flagged.filter { $0.truncation != nil }.count >= 5, "\(flagged.map(\.postID))")
        worker.signal(SIGTERM)
        #expect(await worker.waitForExit(timeout: .seconds(30)) == 0)
    }

    @Test func aRecordTheTopicRefusesAsTooLargeIsSentShortened() async throws {
        let harness = try await PipelineHarness(partitions: 1)
        let trail = try harness.trail()
        let item = try #require(OversizedPosts.cases(scale: 400_000).first { $0.name == "many signals" })
        try harness.ingest([item.payload])
        // The worker's first Produce requests (its audit and referral records) are refused as a
        // topic with a max.message.bytes below the producer's would refuse them.
        harness.broker.send(line: "errors Produce 2 MSG_SIZE_TOO_LARGE")
        #expect(await Deadline.wait(.seconds(10)) { harness.broker.standardError.contains("ok errors") })
        let worker = try harness.startWorker("w1")
        #expect(try await trail.waitForAccounted(1, timeout: .seconds(60)), "\(worker.standardError.suffix(2000))")
        let flagged = try await Self.flaggedRecords(harness, count: 1, limit: OutputLimit.librdkafkaDefault.recordBytes)
        try #require(flagged.count == 1)
        let referral = flagged[0]
        // Compared field by field: a failure must not print a 400 KB record.
        let recordBytes = referral.truncation?.recordBytes ?? 0
        let size = try referral.json().count
        #expect(recordBytes > 400_000 && size <= 100_000, "the refused referral went shortened: \(size) bytes")
        #expect(worker.process.isRunning, "\(worker.standardError.suffix(2000))")
        #expect(worker.standardError.contains("sent shortened"))
        worker.signal(SIGTERM)
        #expect(await worker.waitForExit(timeout: .seconds(30)) == 0)
    }
}
