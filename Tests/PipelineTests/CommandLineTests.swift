import Foundation
import Pipeline
import Records
import Testing

/// The broker's control language and the ingest command, run as the real binary.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct CommandLineTests {
    @Test func brokerAnswersEachControlCommandOnStderr() async throws {
        let harness = try await PipelineHarness(partitions: 1)
        let commands = [
            ("broker-down 2", "ok broker-down 2"), ("broker-up 2", "ok broker-up 2"), ("rtt 1 50", "ok rtt 1 50"),
            ("errors Produce 2 REQUEST_TIMED_OUT", "ok errors Produce 2 REQUEST_TIMED_OUT"),
            ("clear-errors Produce", "ok clear-errors Produce"),
            ("errors Bogus 1 REQUEST_TIMED_OUT", "error: embedded_cluster: unknown API 'Bogus'"),
            ("broker-down 99", "error: embedded_cluster: no broker 99"),
            ("launch-missiles", "error: unknown command 'launch-missiles'"),
            ("topic extra 2", "ok topic extra 2"),
            ("topic empty 0", "error: embedded_cluster: a topic needs 1...1000 partitions, got 0"),
        ]
        for (command, _) in commands { harness.broker.send(line: command) }
        let answered = await Deadline.wait(.seconds(10)) {
            harness.broker.standardError.split(separator: "\n").filter { $0.hasPrefix("ok ") || $0.hasPrefix("error: ") }.count >= commands.count
        }
        #expect(answered, "answers: \(harness.broker.standardError)")
        for (_, answer) in commands {
            #expect(harness.broker.standardError.contains(answer), "missing answer '\(answer)'")
        }
    }

    @Test func ingestProducesEveryLineAsItIs() async throws {
        let harness = try await PipelineHarness(partitions: 2)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("ingest-\(UUID().uuidString).jsonl")
        defer { try? FileManager.default.removeItem(at: file) }
        var bytes = Array(#"{"id":"a","text":"one"}"#.utf8) + [10] + Array("not json".utf8) + [10]
        bytes += [0xFF, 0xFE, 10] + Array(#"{"id":"b","text":"two"}"#.utf8) + [10]
        try Data(bytes).write(to: file)
        let ingest = try ChildProcess("ingest", arguments: ["ingest", "--brokers", harness.bootstrapServers, file.path])
        #expect(await ingest.waitForExit(timeout: .seconds(30)) == 0, "\(ingest.standardError)")
        #expect(ingest.standardError.contains("ingested 4 records"))

        let worker = try harness.startWorker("w")
        let trail = try harness.trail()
        #expect(try await trail.waitForAccounted(4))
        #expect(Set(trail.decisions.map(\.postID)) == ["a", "b"])
        #expect(Set(trail.deadLetters.map(\.error.code.rawValue)) == ["invalid_json", "invalid_utf8"])
        worker.signal(SIGTERM)
        #expect(await worker.waitForExit(timeout: .seconds(20)) == 0)
    }

    @Test func ingestSendsBlankLinesOnAndEveryPostTheWorkerAccepts() async throws {
        let harness = try await PipelineHarness(partitions: 1)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("ingest-\(UUID().uuidString).jsonl")
        defer { try? FileManager.default.removeItem(at: file) }
        // A post of exactly the worker's default limit, and one a byte over it.
        func post(_ id: String, bytes: Int) -> [UInt8] {
            let head = Array(#"{"id":"\#(id)","lang":"en","text":""#.utf8), tail = Array(#""}"#.utf8)
            return head + Array(repeating: UInt8(ascii: "x"), count: bytes - head.count - tail.count) + tail
        }
        let limit = PostDecoder.defaultMaxPayloadBytes
        let lines: [[UInt8]] = [Array(#"{"id":"a","text":"one"}"#.utf8), Array("   ".utf8), [0x09], [], post("big", bytes: limit),
                                post("bigger", bytes: limit + 1)]
        try Data(lines.map { $0 + [10] }.joined()).write(to: file)
        let ingest = try ChildProcess("ingest", arguments: ["ingest", "--brokers", harness.bootstrapServers, file.path])
        #expect(await ingest.waitForExit(timeout: .seconds(30)) == 0, "\(ingest.standardError)")
        #expect(ingest.standardError.contains("ingested 6 records"), "\(ingest.standardError)")
        #expect(ingest.standardError.contains("3 of them empty or whitespace-only lines"), "\(ingest.standardError)")

        // Every line is accounted for: what the worker cannot decide is dead-lettered, with why.
        let worker = try harness.startWorker("w")
        let trail = try harness.trail()
        #expect(try await trail.waitForAccounted(6), "\(worker.standardError)")
        #expect(Set(trail.decisions.map(\.postID)) == ["a", "big"], "the worker decides the largest post ingest sends")
        #expect(trail.deadLetters.map(\.error.code.rawValue).sorted() == ["empty_payload", "invalid_json", "invalid_json", "payload_too_large"])
        worker.signal(SIGTERM)
        #expect(await worker.waitForExit(timeout: .seconds(20)) == 0)
    }

    @Test func ingestSkipsAndReportsLinesItCannotProduceAndKeepsTheRest() async throws {
        let harness = try await PipelineHarness(partitions: 2)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("ingest-\(UUID().uuidString).jsonl")
        defer { try? FileManager.default.removeItem(at: file) }
        let tooLongToRead = Array(#"{"id":"long","text":""#.utf8) + Array(repeating: UInt8(ascii: "x"), count: 5000) + Array(#""}"#.utf8)
        let tooLargeToProduce = Array(#"{"id":"huge","text":""#.utf8) + Array(repeating: UInt8(ascii: "y"), count: 1_500_000) + Array(#""}"#.utf8)
        var bytes = Array(#"{"id":"a","text":"one"}"#.utf8) + [10] + tooLongToRead + [10] + tooLargeToProduce + [10]
        bytes += Array(#"{"id":"b","text":"two"}"#.utf8)  // the last line has no line break
        try Data(bytes).write(to: file)

        let ingest = try ChildProcess("ingest", arguments: ["ingest", "--brokers", harness.bootstrapServers, "--max-line-bytes", "1000",
                                                            file.path])
        #expect(await ingest.waitForExit(timeout: .seconds(30)) == 1, "\(ingest.standardError)")
        #expect(ingest.standardError.contains("ingested 2 records"), "\(ingest.standardError)")
        #expect(ingest.standardError.contains("line 2: 5023 bytes, over the 1000-byte line limit"))
        #expect(ingest.standardError.contains("line 3: 1500023 bytes, over the 1000-byte line limit"))
        // With the default line limit, the producer refuses the 1.5 MB line (message.max.bytes).
        let produced = try ChildProcess("ingest", arguments: ["ingest", "--brokers", harness.bootstrapServers, "--topic", "posts-2", file.path])
        #expect(await produced.waitForExit(timeout: .seconds(30)) == 1, "\(produced.standardError)")
        #expect(produced.standardError.contains("ingested 3 records"), "\(produced.standardError)")
        #expect(produced.standardError.contains("line 3: 1500023 bytes, refused by the producer"), "\(produced.standardError)")

        let worker = try harness.startWorker("w")
        let trail = try harness.trail()
        #expect(try await trail.waitForAccounted(2))
        #expect(Set(trail.decisions.map(\.postID)) == ["a", "b"])
        worker.signal(SIGTERM)
        #expect(await worker.waitForExit(timeout: .seconds(20)) == 0)
    }

    @Test func badArgumentsFailWithAClearMessage() async throws {
        let worker = try ChildProcess("worker", arguments: ["worker", "--brokers", "127.0.0.1:1", "--batch-size", "0"])
        let status = await worker.waitForExit(timeout: .seconds(30))
        #expect(status != nil && status != 0)
        #expect(status == 2, "configuration errors exit with status 2")
        #expect(worker.standardError.contains("batch_size"))
    }
}

/// The benchmark command's end-to-end mode, on a few posts: it must run and report, not be fast.
@Suite(.timeLimit(.minutes(3)))
struct BenchCommandTests {
    @Test func endToEndReportsLiveAndDrainRatesForTheWorker() async throws {
        let input = BinaryLocator.repositoryRoot.appendingPathComponent("fixtures/posts.jsonl").path
        let bench = try ChildProcess("bench", arguments: ["bench", "--input", input, "--posts", "300", "--partitions", "4",
                                                          "--json", "--rounds", "2"])
        #expect(await bench.waitForExit(timeout: .seconds(150)) == 0, "\(bench.standardError)")
        let lines = bench.standardOutput.split(separator: "\n")
        let objects = try lines.map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        #expect(objects.map { $0["mode"] as? String } == ["end-to-end", "end-to-end", "summary"], "\(lines)")
        for (line, report) in zip(lines, objects).prefix(2) {
            for field in ["posts_per_second", "drain_posts_per_second"] {
                #expect(((report[field] as? Int) ?? 0) > 0, "\(field) in \(line)")
            }
            let peak = try #require((report["worker_peak_rss_kb"] as? [Int])?.first)
            #expect(peak > 0 && peak < 200 * 1024, "peak RSS \(peak) kB")
            // The machine's CPU per post while draining comes only from runs long enough to
            // measure (MachineLoadTests); 300 posts may be too few. What is given must be sane.
            if let value = report["drain_machine_cpu_us_per_post"] as? Double {
                #expect(value > 0 && value < 1_000_000, "drain_machine_cpu_us_per_post in \(line)")
            }
        }
        // The summary gives every series' range and median, from each round's figure.
        // (The ratios to kcat, taken within each round, are Benchmarks/test_compare.py's.)
        let summary = try #require(objects.last)
        let drain = try #require(summary["drain_posts_per_second"] as? [String: Any])
        let live = try #require((summary["live_posts_per_second"] as? [String: Any])?["rounds"] as? [Int])
        #expect(live == objects.prefix(2).map { $0["posts_per_second"] as? Int ?? -1 })
        let low = try #require(drain["min"] as? Int), median = try #require(drain["median"] as? Int)
        let high = try #require(drain["max"] as? Int)
        let drains = objects.prefix(2).map { $0["drain_posts_per_second"] as? Int ?? -1 }
        #expect(low <= median && median <= high && low == drains.min() && high == drains.max())
    }

    @Test func endToEndRunsOnAGivenClusterInTopicsOfItsOwn() async throws {
        let noida = try await NoidaBroker()
        let input = BinaryLocator.repositoryRoot.appendingPathComponent("fixtures/posts.jsonl").path
        let bench = try ChildProcess("bench", arguments: ["bench", "--input", input, "--posts", "200", "--partitions", "2",
                                                          "--brokers", noida.bootstrapServers, "--json"])
        #expect(await bench.waitForExit(timeout: .seconds(120)) == 0, "\(bench.standardError)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(bench.standardOutput.utf8)) as? [String: Any])
        #expect(((report["posts_per_second"] as? Int) ?? 0) > 0 && ((report["drain_posts_per_second"] as? Int) ?? 0) > 0)
        #expect(bench.standardError.contains("topics smugglewatch-bench-"), "the operator learns what to delete")
    }

    @Test func inMemoryRoundsReportEachRoundAndTheirRange() async throws {
        let input = BinaryLocator.repositoryRoot.appendingPathComponent("fixtures/posts.jsonl").path
        let bench = try ChildProcess("bench", arguments: ["bench", "--classify-only", "--input", input, "--seconds", "0.2",
                                                          "--rounds", "3"])
        #expect(await bench.waitForExit(timeout: .seconds(60)) == 0, "\(bench.standardError)")
        let lines = bench.standardOutput.split(separator: "\n")
        #expect(lines.filter { $0.hasPrefix("classify-only: ") }.count == 3, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("  classify_posts_per_second: ") && $0.contains(", median ") }, "\(lines)")
    }

    @Test func aWorkerThatCannotStartStopsTheRunAtOnceWithItsReason() async throws {
        let bench = try ChildProcess("bench", arguments: ["bench", "--posts", "100", "--partitions", "2",
                                                          "--worker-kafka", "no.such.property=1"])
        // Within seconds, not after the minute the warm-up would otherwise wait.
        let status = await bench.waitForExit(timeout: .seconds(30))
        #expect(status != nil && status != 0, "\(bench.standardError)")
        #expect(bench.standardError.contains("no.such.property"), "the worker's own error reaches the user")
        #expect(bench.standardError.contains("smugglewatch worker exited with status 2 before any output"))
    }
}
