import ArgumentParser
import Classifier
import Foundation
import Kafka
import Logging
import Pipeline
import Records

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the whole pipeline on the embedded broker and print what it decided.",
        discussion: "Starts the embedded broker, ingests the sample posts, runs worker processes until every post is decided or dead-lettered, stops them with SIGTERM and prints a summary."
    )

    @Option(help: "JSONL posts to ingest.")
    var posts: String = "fixtures/posts.jsonl"

    @Option(help: "Worker processes to run.")
    var workers: Int = 2

    @Option(help: "Seconds to wait for every post to be decided.")
    var timeout: Int = 120

    @Option(help: "Ruleset file for the workers (default: rulesets/default.yaml).")
    var ruleset: String?

    @OptionGroup var log: LogOptions

    func validate() throws {
        guard (1...16).contains(workers) else { throw ValidationError("--workers must be 1...16") }
    }

    func run() throws {
        let logger = log.makeLogger(label: "smugglewatch.demo")
        let cluster = try EmbeddedCluster(brokers: 3, logger: logger)
        let topics = PipelineTopics()
        for topic in topics.all { try cluster.createTopic(topic, partitions: 4) }
        let kafka = KafkaConfiguration(bootstrapServers: cluster.bootstrapServers, clientID: "smugglewatch-demo")
        say("embedded broker (librdkafka \(KafkaLibrary.version)) at \(cluster.bootstrapServers)")

        let ingested = try ingest(kafka: kafka, topic: topics.posts, logger: logger)
        say("ingested \(ingested) posts from \(posts) into '\(topics.posts)'")

        let processes = try (1...workers).map { try startWorker(index: $0, brokers: cluster.bootstrapServers) }
        say("started \(workers) workers in group 'demo'")
        defer { for process in processes where process.isRunning { process.terminate() } }

        let trail = try collectTrail(kafka: kafka, topics: topics, expected: ingested, logger: logger)
        for process in processes { process.terminate() }
        let exits = processes.map { Self.waitForExit($0, seconds: 30) }
        say("workers stopped with SIGTERM; exit codes: \(exits.map { $0.map(String.init) ?? "hung" }.joined(separator: ", "))")

        print(DemoSummary(trail: trail, expected: ingested).render())
        guard trail.count == ingested else {
            throw CLIError("only \(trail.count) of \(ingested) posts were accounted for within \(timeout) s")
        }
        guard exits.allSatisfy({ $0 == 0 }) else { throw CLIError("a worker did not exit cleanly") }
    }

    private func say(_ line: String) {
        print("· \(line)")
        fflush(nil)
    }

    private func ingest(kafka: KafkaConfiguration, topic: String, logger: Logger) throws -> Int {
        let producer = try KafkaProducer(configuration: kafka, logger: logger)
        let report = try IngestCommand.produceLines(of: try LineReader(path: posts), to: topic, producer: producer)
        guard report.isComplete else { throw CLIError(report.summary(topic: topic)) }
        return report.produced
    }

    private func startWorker(index: Int, brokers: String) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLine.executablePath)
        var arguments = ["worker", "--brokers", brokers, "--group", "demo", "--worker-id", "demo-worker-\(index)",
                         "--log-level", "error"]
        if let ruleset { arguments += ["--ruleset", ruleset] }
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        // A fixed key so that pseudonyms agree between the demo's workers; never use it in production.
        environment[HMACKey.environmentVariable] = "smugglewatch-demo-key-not-secret"
        process.environment = environment
        try process.run()
        return process
    }

    /// Reads audit and dead-letter records until every input offset is accounted for, or time is up.
    private func collectTrail(kafka: KafkaConfiguration, topics: PipelineTopics, expected: Int,
                              logger: Logger) throws -> [SourceOffset: TrailRecord] {
        let reader = try TopicReader(kafka: kafka, topics: [topics.audit, topics.deadletter], logger: logger)
        defer { reader.close() }
        var trail: [SourceOffset: TrailRecord] = [:]
        let deadline = ContinuousClock.now.advanced(by: .seconds(timeout))
        while trail.count < expected && ContinuousClock.now < deadline {
            guard let message = try reader.next(timeoutMilliseconds: 200), let value = message.value else { continue }
            let record = try TrailRecord(json: value)
            trail[record.source] = record
        }
        return trail
    }

    static func waitForExit(_ process: Process, seconds: Int) -> Int32? {
        let deadline = ContinuousClock.now.advanced(by: .seconds(seconds))
        while process.isRunning && ContinuousClock.now < deadline { usleep(20_000) }
        guard !process.isRunning else { process.interrupt(); return nil }
        return process.terminationStatus
    }
}
