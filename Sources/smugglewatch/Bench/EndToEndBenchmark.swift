import Foundation
import Kafka
import Logging
import Pipeline

/// Posts/s from first produce to last audit record through the embedded broker and real worker
/// processes, produce-to-decision latency, worker memory; and the same broker's ceilings.
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
        /// kcat's consume → produce pipeline, timed the same two ways.
        var ceiling: Rates?
        var pythonPeer: Double?

        struct Rates {
            var live: Double
            var drain: Double
            var drainLoad: MachineLoad?
        }

        func table() -> String {
            var lines = [
                "| what | live: first produce → last output (posts/s) | drain: backlog → last output (posts/s) |", "|---|---|---|",
                "| smugglewatch, \(workers) worker(s) | \(Int(postsPerSecond)) | \(Int(drainPostsPerSecond)) |",
            ]
            if let ceiling { lines.append("| kcat consume → kcat produce, same broker and records (ceiling) | \(Int(ceiling.live)) | \(Int(ceiling.drain)) |") }
            if let pythonPeer { lines.append("| Python peer worker (confluent-kafka + pyahocorasick), its own steady state | | \(Int(pythonPeer)) |") }
            lines.append("")
            lines.append("\(posts) posts live in \(String(format: "%.2f", seconds)) s; latency produce→decision p50 \(latencyP50Milliseconds) ms, p99 \(latencyP99Milliseconds) ms")
            lines.append("worker RSS at the end: \(workerRSSKilobytes.map { "\($0 / 1024) MB" }.joined(separator: ", ")); peak: \(workerPeakRSSKilobytes.map { "\($0 / 1024) MB" }.joined(separator: ", "))")
            lines.append("worker CPU, both runs: \(workerCPUSeconds.map { String(format: "%.2f s", $0) }.joined(separator: ", ")) (\(String(format: "%.0f", Double(2 * posts) / max(0.001, workerCPUSeconds.reduce(0, +)))) posts per CPU-second)")
            if let ceiling {
                lines.append("smugglewatch / ceiling: live \(String(format: "%.2f", postsPerSecond / ceiling.live)), drain \(String(format: "%.2f", drainPostsPerSecond / ceiling.drain))")
            }
            if let drainLoad {
                lines.append("machine CPU while draining (contender, broker and reader): smugglewatch \(drainLoad.summary)"
                             + (ceiling?.drainLoad.map { "; kcat \($0.summary)" } ?? ""))
            }
            return lines.joined(separator: "\n")
        }

        /// Every round's figures as series, for the summary of `--rounds`: ratios are taken
        /// within each round.
        static func series(_ results: [Result]) -> [BenchSeries] {
            var live = BenchSeries("live_posts_per_second"), drain = BenchSeries("drain_posts_per_second")
            var kcatLive = BenchSeries("kcat_live_posts_per_second"), kcatDrain = BenchSeries("kcat_drain_posts_per_second")
            var liveRatio = BenchSeries("live_ratio_to_kcat"), drainRatio = BenchSeries("drain_ratio_to_kcat")
            var peer = BenchSeries("python_peer_posts_per_second"), peak = BenchSeries("worker_peak_rss_mb")
            var cpu = BenchSeries("worker_cpu_seconds")
            var load = BenchSeries("drain_machine_cpu_us_per_post"), kcatLoad = BenchSeries("kcat_drain_machine_cpu_us_per_post")
            for result in results {
                if let drainLoad = result.drainLoad { load.append(drainLoad.cpuMicrosecondsPerPost) }
                if let kcat = result.ceiling?.drainLoad { kcatLoad.append(kcat.cpuMicrosecondsPerPost) }
                live.append(result.postsPerSecond)
                drain.append(result.drainPostsPerSecond)
                if let ceiling = result.ceiling {
                    kcatLive.append(ceiling.live)
                    kcatDrain.append(ceiling.drain)
                    liveRatio.append(result.postsPerSecond / ceiling.live)
                    drainRatio.append(result.drainPostsPerSecond / ceiling.drain)
                }
                if let pythonPeer = result.pythonPeer { peer.append(pythonPeer) }
                peak.append(Double(result.workerPeakRSSKilobytes.max() ?? 0) / 1024)
                cpu.append(result.workerCPUSeconds.reduce(0, +))
            }
            return [live, drain, kcatLive, kcatDrain, liveRatio, drainRatio, peer, peak, cpu, load, kcatLoad]
        }

        /// Decimals of each of `series`' figures.
        static let seriesDigits = [0, 0, 0, 0, 2, 2, 0, 0, 2, 1, 1]

        func json() -> String {
            var fields = [
                "\"mode\":\"end-to-end\"", "\"posts\":\(posts)", "\"workers\":\(workers)",
                "\"seconds\":\(String(format: "%.3f", seconds))", "\"posts_per_second\":\(Int(postsPerSecond))",
                "\"drain_posts_per_second\":\(Int(drainPostsPerSecond))",
                "\"latency_p50_ms\":\(latencyP50Milliseconds)", "\"latency_p99_ms\":\(latencyP99Milliseconds)",
                "\"worker_rss_kb\":[\(workerRSSKilobytes.map(String.init).joined(separator: ","))]",
                "\"worker_peak_rss_kb\":[\(workerPeakRSSKilobytes.map(String.init).joined(separator: ","))]",
                "\"worker_cpu_seconds\":[\(workerCPUSeconds.map { String(format: "%.3f", $0) }.joined(separator: ","))]",
            ]
            if let drainLoad { fields += Self.json(drainLoad, prefix: "") }
            if let ceiling {
                fields.append("\"kcat_ceiling_posts_per_second\":\(Int(ceiling.live))")
                fields.append("\"kcat_drain_posts_per_second\":\(Int(ceiling.drain))")
                if let load = ceiling.drainLoad { fields += Self.json(load, prefix: "kcat_") }
            }
            if let pythonPeer { fields.append("\"python_peer_posts_per_second\":\(Int(pythonPeer))") }
            return "{" + fields.joined(separator: ",") + "}"
        }

        private static func json(_ load: MachineLoad, prefix: String) -> [String] {
            [String(format: "\"%@drain_machine_cpu_us_per_post\":%.1f", prefix, load.cpuMicrosecondsPerPost),
             String(format: "\"%@drain_machine_busy_share\":%.2f", prefix, load.busyShare)]
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
    let cluster: EmbeddedCluster
    let topics = PipelineTopics()

    init(payloads: [[UInt8]], posts: Int, workers: Int, partitions: Int, batchSize: Int, decideThreads: Int?,
         workerArguments: [String], ruleset: String?) throws {
        self.payloads = payloads
        self.posts = posts
        self.workers = workers
        self.partitions = partitions
        self.batchSize = batchSize
        self.decideThreads = decideThreads
        self.workerArguments = workerArguments
        self.ruleset = ruleset
        cluster = try EmbeddedCluster(brokers: 3, logger: Logger(label: "bench", factory: { _ in SwiftLogNoOpLogHandler() }))
        for topic in topics.all + ["ceiling-in", "ceiling-out", "ceiling-drain-in", "ceiling-drain-out", "peer-in", "peer-out"] {
            try cluster.createTopic(topic, partitions: partitions)
        }
    }

    /// The benchmark's producer: large queues, so that a burst of posts never waits for room.
    var kafka: KafkaConfiguration {
        KafkaConfiguration(bootstrapServers: cluster.bootstrapServers, clientID: "smugglewatch-bench",
                           properties: ["linger.ms": "5", "batch.num.messages": "10000", "queue.buffering.max.messages": "1000000"])
    }

    /// `fetch.wait.max.ms` of every consumer in a run: workers, kcat and the readers of outputs.
    ///
    /// The embedded broker holds a fetch that finds no records for the whole `fetch.wait.max.ms`,
    /// even when records arrive meanwhile (librdkafka's mock does not cut the wait short; a real
    /// broker answers as soon as data is there). At librdkafka's default of 500 ms, each time a
    /// consumer catches up it stalls for half a second, and a run of one or two seconds measures
    /// those stalls more than the contenders: kcat, being fastest, catches up most often.
    static let fetchWaitMilliseconds = "10"

    /// The benchmark's readers of output topics.
    var readerKafka: KafkaConfiguration {
        KafkaConfiguration(bootstrapServers: cluster.bootstrapServers, clientID: "smugglewatch-bench",
                           properties: ["fetch.wait.max.ms": Self.fetchWaitMilliseconds])
    }

    /// The input cycled to `posts` records with unique ids.
    func records(prefix: String, count: Int? = nil) -> [(id: String, payload: [UInt8])] {
        (0..<(count ?? posts)).map { index in
            let id = "\(prefix)-\(index)"
            let source = payloads[index % payloads.count]
            guard var object = try? JSONSerialization.jsonObject(with: Data(source)) as? [String: Any] else { return (id, source) }
            object["id"] = id
            let data = (try? JSONSerialization.data(withJSONObject: object)) ?? Data(source)
            return (id, Array(data))
        }
    }

    func run() throws -> Result {
        let processes = try (1...workers).map { index in try startWorker(index) }
        defer { for process in processes where process.isRunning { process.terminate() } }

        let collector = try AuditCollector(kafka: readerKafka, topics: [topics.audit, topics.deadletter], logger: logger)
        let warmup = [(id: "warmup", payload: Array(#"{"id":"warmup","text":"hello"}"#.utf8))]
        try warmUp(warmup, to: topics.posts, collector: collector, contenders: processes)
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

    /// Sends `warmup` and waits until something comes out at the far end: the consumer is up
    /// and has its partitions.
    private func warmUp(_ warmup: [(id: String, payload: [UInt8])], to topic: String, collector: AuditCollector,
                        contenders: [Process]) throws {
        let producer = try KafkaProducer(configuration: kafka, logger: logger)
        for (id, payload) in warmup { try producer.send(ProducerRecord(topic: topic, key: Array(id.utf8), value: payload)) }
        _ = try producer.flush(timeout: .seconds(10))
        guard collector.waitFor(count: 1, timeout: .seconds(60), producers: contenders) else {
            // A contender that cannot start (a bad --worker-kafka property, kcat missing) says why
            // on stderr; stop at once instead of waiting out the minute.
            if let exited = Self.exited(contenders) { throw CLIError("\(exited) before any output (its error is above)") }
            throw CLIError("nothing came out of \(topic) within 60 s")
        }
    }

    /// "<contender> exited with status N" (or "was killed by signal N") for the first of
    /// `contenders` that has ended.
    private static func exited(_ contenders: [Process]) -> String? {
        guard let process = contenders.first(where: { !$0.isRunning }) else { return nil }
        // kcat runs through /usr/bin/env; a worker is this binary's `worker` command.
        let name = process.executableURL?.lastPathComponent == "env"
            ? process.arguments?.first : process.arguments?.first.map { "smugglewatch \($0)" }
        let how = process.terminationReason == .uncaughtSignal ? "was killed by signal" : "exited with status"
        return "\(name ?? "a contender") \(how) \(process.terminationStatus)"
    }

    /// The measurement every contender gets, in one of two ways.
    /// - Live (`paused` empty): the clock starts at the first produce of `inputs` and stops when
    ///   the last output arrives; the producer runs meanwhile, on the same machine.
    /// - Drain: the `paused` processes are stopped (SIGSTOP) while `inputs` are produced, and the
    ///   clock runs from their resumption to the last output: their own consume-and-produce rate.
    /// Returns when `earlier` records (warm-up and earlier runs) and all of `inputs` have come out;
    /// a drain run also returns the machine's load from the resumption on.
    /// A worker in `watching` that exits ends the wait at once (kcat's processes exit when done,
    /// so they are not watched).
    private func timed(_ inputs: [(id: String, payload: [UInt8])], to topic: String, collector: AuditCollector,
                       after earlier: Int, paused: [Int32] = [], watching: [Process] = []) throws
        -> (seconds: Double, sentAt: [String: Int64], load: MachineLoad?) {
        let producer = try KafkaProducer(configuration: kafka, logger: logger)
        let expected = earlier + inputs.count
        for pid in paused { kill(pid, SIGSTOP) }
        // Resumed below once the backlog is in; this covers a throw on the way (a second SIGCONT
        // does nothing), so that no contender is left stopped.
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
        var arguments = ["worker", "--brokers", cluster.bootstrapServers, "--group", "bench", "--worker-id", "bench-\(index)",
                         "--batch-size", String(batchSize), "--log-level", "error",
                         "--kafka", "fetch.wait.max.ms=\(Self.fetchWaitMilliseconds)"]
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

    /// kcat consuming the records and producing them again through the same broker: what any
    /// worker could reach at best on this machine, timed as the workers are (live and drain).
    func kcatCeiling() throws -> Result.Rates {
        let live = try kcatPipeline(from: "ceiling-in", to: "ceiling-out", drain: false)
        let drain = try kcatPipeline(from: "ceiling-drain-in", to: "ceiling-drain-out", drain: true)
        return Result.Rates(live: live.postsPerSecond, drain: drain.postsPerSecond, drainLoad: drain.load)
    }

    /// One `kcat -C | kcat -P` pipeline between two fresh topics, for one timed run.
    private func kcatPipeline(from input: String, to output: String, drain: Bool) throws -> (postsPerSecond: Double, load: MachineLoad?) {
        // kcat's output to the pipe is buffered by stdio: a warm-up of several buffers' worth
        // shows that records flow end to end. At the end, kcat -C exits after its count and
        // flushes, and kcat -P flushes at the end of its input.
        let warmup = records(prefix: "\(input)-warmup", count: 64)
        let collector = try AuditCollector(kafka: readerKafka, topics: [output], logger: logger)
        defer { collector.stop() }
        let consume = Process()
        consume.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        // Keys travel along (key TAB value; neither holds a raw tab), so the output is keyed by
        // post id as the workers' is, and spreads over all partitions: keyless, the sticky
        // partitioner piles bursts into a few, and the embedded broker drops what is over about
        // 5 MiB a partition.
        consume.arguments = ["kcat", "-C", "-b", cluster.bootstrapServers, "-t", input, "-o", "beginning",
                             "-c", String(warmup.count + posts), "-q", "-f", "%k\\t%s\\n",
                             "-X", "fetch.wait.max.ms=\(Self.fetchWaitMilliseconds)"]
        let produce = Process()
        produce.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        produce.arguments = ["kcat", "-P", "-b", cluster.bootstrapServers, "-t", output, "-K", "\\t"]
        let pipe = Pipe()
        consume.standardOutput = pipe
        produce.standardInput = pipe
        do {
            try consume.run()
            try produce.run()
        } catch {
            throw CLIError("kcat did not start (\(error)); is kcat installed?")
        }
        defer { for process in [consume, produce] where process.isRunning { process.terminate() } }
        try warmUp(warmup, to: input, collector: collector, contenders: [consume, produce])
        let timing = try timed(records(prefix: input), to: input, collector: collector, after: warmup.count,
                               paused: drain ? [consume.processIdentifier] : [])
        consume.waitUntilExit()
        produce.waitUntilExit()
        guard consume.terminationStatus == 0, produce.terminationStatus == 0 else {
            throw CLIError("kcat failed (exit \(consume.terminationStatus), \(produce.terminationStatus)); is kcat installed?")
        }
        return (Double(posts) / timing.seconds, timing.load)
    }

    /// The Python peer worker (confluent-kafka) through the same broker; its own steady-state figure.
    func pythonPeer(directory: String, patterns: String) throws -> Double? {
        try produce(records(prefix: "peer"), to: "peer-in")
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("peer-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: output) }
        let status = try Self.shell("python3 \(directory)/peer_worker.py --brokers \(cluster.bootstrapServers) --topic peer-in --out peer-out --group peer --patterns \(patterns) --matcher aho --max \(posts) > \(output.path)")
        guard status == 0, let data = FileManager.default.contents(atPath: output.path),
              let line = String(decoding: data, as: UTF8.self).split(separator: "\n").last,
              let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
            FileHandle.standardError.write(Data("python peer did not run (pip install confluent-kafka pyahocorasick)\n".utf8))
            return nil
        }
        // It stops after 10 s without records: a rate over fewer posts than sent measures nothing.
        guard let seen = object["posts"] as? Int, seen == posts else {
            FileHandle.standardError.write(Data("python peer saw \(object["posts"] ?? "no") of \(posts) posts; no figure\n".utf8))
            return nil
        }
        // The peer reports its steady state: first record received to producer flushed.
        return (object["posts_per_s"] as? Double) ?? (object["posts_per_s"] as? Int).map(Double.init)
    }

    /// Keyed by post id, so that the records spread over all partitions: the embedded broker keeps
    /// only about 5 MiB a partition, and the sticky partitioner would pile keyless bursts into a
    /// few of them and lose records (a reader then waits for posts that are gone).
    private func produce(_ records: [(id: String, payload: [UInt8])], to topic: String) throws {
        let producer = try KafkaProducer(configuration: kafka, logger: logger)
        for (id, payload) in records { try producer.send(ProducerRecord(topic: topic, key: Array(id.utf8), value: payload)) }
        guard try producer.flush(timeout: .seconds(120)).isEmpty else { throw CLIError("could not fill \(topic)") }
    }

    static func shell(_ command: String) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
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
