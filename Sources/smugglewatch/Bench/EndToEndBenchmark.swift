import Foundation
import Kafka
import Logging
import Pipeline
import Records

/// Posts/s from first produce to last audit record through real worker processes, on the embedded
/// broker or a given cluster: live and draining a backlog, produce-to-decision latency, worker
/// memory and CPU. What an operator sizes a deployment with; comparisons with other tools live in
/// `Benchmarks/`, which reads this run's `--json`.
struct EndToEndBenchmark {
    struct Result {
        var posts: Int
        var workers: Int
        /// Live: from the first produce to the last audit record, the producer running meanwhile.
        var seconds: Double
        var postsPerSecond: Double
        /// Drain: `posts` already waiting in the topic, from the workers' resumption to the last
        /// audit record: what the workers alone can consume, decide and produce.
        var drainPostsPerSecond: Double
        /// The whole machine's CPU during the drain run (nil where /proc/stat is missing).
        var drainLoad: MachineLoad?
        var latencyP50Milliseconds: Int64
        var latencyP99Milliseconds: Int64
        var workerRSSKilobytes: [Int]
        var workerPeakRSSKilobytes: [Int]
        /// User + system CPU seconds each worker used, start-up included.
        var workerCPUSeconds: [Double]

        func table() -> String {
            var lines = [
                "| what | live: first produce → last output (posts/s) | drain: backlog → last output (posts/s) |", "|---|---|---|",
                "| smugglewatch, \(workers) worker(s) | \(Int(postsPerSecond)) | \(Int(drainPostsPerSecond)) |",
            ]
            lines.append("")
            lines.append("\(posts) posts live in \(String(format: "%.2f", seconds)) s; latency produce→decision p50 \(latencyP50Milliseconds) ms, p99 \(latencyP99Milliseconds) ms")
            lines.append("worker RSS at the end: \(workerRSSKilobytes.map { "\($0 / 1024) MB" }.joined(separator: ", ")); peak: \(workerPeakRSSKilobytes.map { "\($0 / 1024) MB" }.joined(separator: ", "))")
            lines.append("worker CPU, both runs: \(workerCPUSeconds.map { String(format: "%.2f s", $0) }.joined(separator: ", ")) (\(String(format: "%.0f", Double(2 * posts) / max(0.001, workerCPUSeconds.reduce(0, +)))) posts per CPU-second)")
            if let drainLoad {
                lines.append("machine CPU while draining (this machine: workers, reader, a local broker): \(drainLoad.summary)")
            }
            return lines.joined(separator: "\n")
        }

        /// Every round's figures as series, for the summary of `--rounds`.
        static func series(_ results: [Result]) -> [BenchSeries] {
            var live = BenchSeries("live_posts_per_second"), drain = BenchSeries("drain_posts_per_second")
            var peak = BenchSeries("worker_peak_rss_mb"), cpu = BenchSeries("worker_cpu_seconds")
            var load = BenchSeries("drain_machine_cpu_us_per_post")
            for result in results {
                if let drainLoad = result.drainLoad { load.append(drainLoad.cpuMicrosecondsPerPost) }
                live.append(result.postsPerSecond)
                drain.append(result.drainPostsPerSecond)
                peak.append(Double(result.workerPeakRSSKilobytes.max() ?? 0) / 1024)
                cpu.append(result.workerCPUSeconds.reduce(0, +))
            }
            return [live, drain, peak, cpu, load]
        }

        /// Decimals of each of `series`' figures.
        static let seriesDigits = [0, 0, 0, 2, 1]

        func json() -> String {
            var json = JSONWriter()
            json.beginObject()
            json.key("mode"); json.string("end-to-end")
            json.key("posts"); json.int(posts)
            json.key("workers"); json.int(workers)
            json.key("seconds"); BenchSeries.write(seconds, 3, to: &json)
            json.key("posts_per_second"); BenchSeries.write(postsPerSecond, 0, to: &json)
            json.key("drain_posts_per_second"); BenchSeries.write(drainPostsPerSecond, 0, to: &json)
            json.key("latency_p50_ms"); json.int(latencyP50Milliseconds)
            json.key("latency_p99_ms"); json.int(latencyP99Milliseconds)
            json.key("worker_rss_kb"); json.beginArray()
            for kilobytes in workerRSSKilobytes { json.int(kilobytes) }
            json.endArray()
            json.key("worker_peak_rss_kb"); json.beginArray()
            for kilobytes in workerPeakRSSKilobytes { json.int(kilobytes) }
            json.endArray()
            json.key("worker_cpu_seconds"); json.beginArray()
            for seconds in workerCPUSeconds { BenchSeries.write(seconds, 3, to: &json) }
            json.endArray()
            if let drainLoad {
                json.key("drain_machine_cpu_us_per_post"); BenchSeries.write(drainLoad.cpuMicrosecondsPerPost, 1, to: &json)
                json.key("drain_machine_busy_share"); BenchSeries.write(drainLoad.busyShare, 2, to: &json)
            }
            json.endObject()
            return json.withBytes { String(decoding: $0, as: UTF8.self) }
        }
    }

    let payloads: [[UInt8]]
    let posts: Int
    let workers: Int
    let partitions: Int
    let batchSize: Int
    let decideThreads: Int?
    /// Passed to every worker as they are (e.g. `--kafka linger.ms=20`).
    let workerArguments: [String]
    let ruleset: String?
    let logger = Logger(label: "smugglewatch.bench")
    /// The cluster's librdkafka properties (TLS, SASL) for every client of the run: the workers,
    /// the benchmark's producer and its reader.
    let clusterProperties: [String: String]
    let bootstrapServers: String
    /// Of the topics and the workers' group.
    let topicPrefix: String
    var topics: PipelineTopics { PipelineTopics(prefix: topicPrefix) }
    /// Kept alive for the run when no cluster is given.
    private let embedded: EmbeddedCluster?

    /// On `brokers`, the run writes to topics of its own (created here, under a prefix no other
    /// run uses), so that no earlier record counts; without, on a fresh embedded broker.
    init(payloads: [[UInt8]], posts: Int, workers: Int, partitions: Int, batchSize: Int, decideThreads: Int?,
         workerArguments: [String], ruleset: String?, brokers: String?, clusterProperties: [String: String]) throws {
        self.payloads = payloads
        self.posts = posts
        self.workers = workers
        self.partitions = partitions
        self.batchSize = batchSize
        self.decideThreads = decideThreads
        self.workerArguments = workerArguments
        self.ruleset = ruleset
        self.clusterProperties = clusterProperties
        if let brokers {
            bootstrapServers = brokers
            topicPrefix = "smugglewatch-bench-\(UUID().uuidString.prefix(8).lowercased())-"
            embedded = nil
            let admin = try KafkaAdmin(configuration: KafkaConfiguration(bootstrapServers: brokers, clientID: "smugglewatch-bench",
                                                                         properties: clusterProperties), logger: logger)
            // -1: the cluster's default replication factor.
            try admin.createTopics(topics.all, partitions: partitions, replicationFactor: -1)
        } else {
            let cluster = try EmbeddedCluster(brokers: 3, logger: Logger(label: "bench", factory: { _ in SwiftLogNoOpLogHandler() }))
            topicPrefix = ""
            for topic in PipelineTopics().all { try cluster.createTopic(topic, partitions: partitions) }
            bootstrapServers = cluster.bootstrapServers
            embedded = cluster
        }
    }

    /// The benchmark's producer: large queues, so that a burst of posts never waits for room.
    var kafka: KafkaConfiguration {
        KafkaConfiguration(bootstrapServers: bootstrapServers, clientID: "smugglewatch-bench",
                           properties: clusterProperties.merging(["linger.ms": "5", "batch.num.messages": "10000",
                                                                  "queue.buffering.max.messages": "1000000"]) { $1 })
    }

    /// `fetch.wait.max.ms` of every consumer in a run: the workers and the reader of outputs.
    ///
    /// The embedded broker holds a fetch that finds no records for the whole `fetch.wait.max.ms`,
    /// even when records arrive meanwhile (librdkafka's mock does not cut the wait short; a real
    /// broker answers as soon as data is there). At librdkafka's default of 500 ms, each time a
    /// consumer catches up it stalls for half a second, and a run of one or two seconds measures
    /// those stalls more than the workers. `Benchmarks/compare.py` gives kcat the same setting.
    static let fetchWaitMilliseconds = "10"

    /// The benchmark's reader of output topics.
    var readerKafka: KafkaConfiguration {
        KafkaConfiguration(bootstrapServers: bootstrapServers, clientID: "smugglewatch-bench",
                           properties: clusterProperties.merging(["fetch.wait.max.ms": Self.fetchWaitMilliseconds]) { $1 })
    }

    /// The input cycled to `posts` records with unique ids.
    func records(prefix: String) -> [(id: String, payload: [UInt8])] {
        (0..<posts).map { index in
            let id = "\(prefix)-\(index)"
            let source = payloads[index % payloads.count]
            guard case .object(var members)? = try? JSONValue(json: source) else { return (id, source) }
            members["id"] = .string(id)
            return (id, JSONValue.object(members).json())
        }
    }

    func run() throws -> Result {
        let processes = try (1...workers).map { index in try startWorker(index) }
        defer { for process in processes where process.isRunning { process.terminate() } }

        let collector = try AuditCollector(kafka: readerKafka, topics: [topics.audit, topics.deadletter], logger: logger)
        let warmup = [(id: "warmup", payload: Array(#"{"id":"warmup","text":"hello"}"#.utf8))]
        try warmUp(warmup, to: topics.posts, collector: collector, workers: processes)
        // Let every worker join before measuring (the mock groups members for 3 s).
        Thread.sleep(forTimeInterval: Double(workers > 1 ? 4 : 0))
        let live = try timed(records(prefix: "bench"), to: topics.posts, collector: collector, after: warmup.count,
                             watching: processes)
        let drain = try timed(records(prefix: "drain"), to: topics.posts, collector: collector, after: warmup.count + posts,
                              paused: processes.map(\.processIdentifier), watching: processes)

        var latencies = collector.decisionTimes.compactMap { id, decidedAt in live.sentAt[id].map { decidedAt - $0 } }.sorted()
        if latencies.isEmpty { latencies = [0] }
        let memory = processes.map { Self.memory(of: $0.processIdentifier) }
        let cpu = processes.map { Self.cpuSeconds(of: $0.processIdentifier) }
        for process in processes { process.terminate() }
        for process in processes { _ = DemoCommand.waitForExit(process, seconds: 30) }
        collector.stop()
        return Result(posts: posts, workers: workers, seconds: live.seconds, postsPerSecond: Double(posts) / live.seconds,
                      drainPostsPerSecond: Double(posts) / drain.seconds, drainLoad: drain.load,
                      latencyP50Milliseconds: latencies[latencies.count / 2],
                      latencyP99Milliseconds: latencies[min(latencies.count - 1, latencies.count * 99 / 100)],
                      workerRSSKilobytes: memory.map(\.rss), workerPeakRSSKilobytes: memory.map(\.peak), workerCPUSeconds: cpu)
    }

    /// Sends `warmup` and waits until something comes out at the far end: the workers are up
    /// and have their partitions.
    private func warmUp(_ warmup: [(id: String, payload: [UInt8])], to topic: String, collector: AuditCollector,
                        workers: [Process]) throws {
        let producer = try KafkaProducer(configuration: kafka, logger: logger)
        for (id, payload) in warmup { try producer.send(ProducerRecord(topic: topic, key: Array(id.utf8), value: payload)) }
        _ = try producer.flush(timeout: .seconds(10))
        guard collector.waitFor(count: 1, timeout: .seconds(60), producers: workers) else {
            // A worker that cannot start (a bad --worker-kafka property) says why on stderr; stop
            // at once instead of waiting out the minute.
            if let exited = Self.exited(workers) { throw CLIError("\(exited) before any output (its error is above)") }
            throw CLIError("nothing came out of \(topic) within 60 s")
        }
    }

    /// "smugglewatch worker exited with status N" (or "was killed by signal N") for the first of
    /// `workers` that has ended.
    private static func exited(_ workers: [Process]) -> String? {
        guard let process = workers.first(where: { !$0.isRunning }) else { return nil }
        let how = process.terminationReason == .uncaughtSignal ? "was killed by signal" : "exited with status"
        return "smugglewatch worker \(how) \(process.terminationStatus)"
    }

    /// The measurement, in one of two ways.
    /// - Live (`paused` empty): the clock starts at the first produce of `inputs` and stops when
    ///   the last output arrives; the producer runs meanwhile, on the same machine.
    /// - Drain: the `paused` workers are stopped (SIGSTOP) while `inputs` are produced, and the
    ///   clock runs from their resumption to the last output: the rate at which they catch up on
    ///   a backlog, as after an outage.
    /// Returns when `earlier` records (warm-up and earlier runs) and all of `inputs` have come out;
    /// a drain run also returns the machine's load from the resumption on.
    /// A worker in `watching` that exits ends the wait at once.
    private func timed(_ inputs: [(id: String, payload: [UInt8])], to topic: String, collector: AuditCollector,
                       after earlier: Int, paused: [Int32] = [], watching: [Process] = []) throws
        -> (seconds: Double, sentAt: [String: Int64], load: MachineLoad?) {
        let producer = try KafkaProducer(configuration: kafka, logger: logger)
        let expected = earlier + inputs.count
        for pid in paused { kill(pid, SIGSTOP) }
        // Resumed below once the backlog is in; this covers a throw on the way (a second SIGCONT
        // does nothing), so that no worker is left stopped.
        defer { for pid in paused { kill(pid, SIGCONT) } }
        var sentAt: [String: Int64] = [:]
        sentAt.reserveCapacity(inputs.count)
        var start = ContinuousClock.now
        var mark: MachineLoad.Mark?
        for (id, payload) in inputs {
            sentAt[id] = Self.nowMilliseconds()
            try producer.send(ProducerRecord(topic: topic, key: Array(id.utf8), value: payload))
        }
        let failures = try producer.flush(timeout: .seconds(120))
        if !paused.isEmpty {
            mark = MachineLoad.mark()
            start = ContinuousClock.now
            for pid in paused { kill(pid, SIGCONT) }
        }
        guard failures.isEmpty else { throw CLIError("\(failures.count) posts not delivered") }
        // At least 500 posts/s, whatever the run: slower means something is stuck or lost.
        let patience = max(60, inputs.count / 500)
        guard collector.waitFor(count: expected, timeout: .seconds(patience), producers: watching) else {
            let cause = Self.exited(watching).map { "; \($0)" } ?? " within \(patience) s"
            throw CLIError("only \(collector.count) of \(expected) records came out of \(topic)'s consumer\(cause)")
        }
        let elapsed = start.duration(to: collector.lastArrival ?? .now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        // Read at once: after the last output (at most 10 ms ago) the machine idles.
        return (seconds, sentAt, MachineLoad.since(mark, posts: inputs.count, seconds: seconds))
    }

    private func startWorker(_ index: Int) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLine.executablePath)
        var arguments = ["worker", "--brokers", bootstrapServers, "--group", topicPrefix + "bench", "--worker-id", "bench-\(index)",
                         "--batch-size", String(batchSize), "--log-level", "error"]
        if !topicPrefix.isEmpty { arguments += ["--topic-prefix", topicPrefix] }
        arguments += clusterProperties.sorted { $0.key < $1.key }.flatMap { ["--kafka", "\($0.key)=\($0.value)"] }
        arguments += ["--kafka", "fetch.wait.max.ms=\(Self.fetchWaitMilliseconds)"]
        if let ruleset { arguments += ["--ruleset", ruleset] }
        if let decideThreads { arguments += ["--decide-threads", String(decideThreads)] }
        arguments += workerArguments
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment[HMACKey.environmentVariable] = "bench-key-not-a-secret"
        process.environment = environment
        try process.run()
        return process
    }

    static func nowMilliseconds() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }

    /// utime + stime of a process from /proc/PID/stat, in seconds.
    static func cpuSeconds(of pid: Int32) -> Double {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return 0 }
        // Fields after the command name: state is field 3; utime and stime are fields 14 and 15.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// VmRSS and VmHWM (peak) of a process, in kB.
    static func memory(of pid: Int32) -> (rss: Int, peak: Int) {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return (0, 0) }
        func field(_ name: String) -> Int {
            status.split(separator: "\n").first { $0.hasPrefix(name) }
                .flatMap { Int($0.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") } ?? 0
        }
        return (field("VmRSS:"), field("VmHWM:"))
    }
}
