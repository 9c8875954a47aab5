import Foundation
import Kafka
import Logging
import Pipeline
import Records
import Testing

/// A broker in its own process (the embedded one, or noida-db), plus helpers to feed it and to
/// read the trail.
///
/// What the embedded broker cannot prove (DESIGN.md): the mock keeps about 5 MiB per partition and
/// drops older records, so runs here stay small; transactional semantics are not enforced by it.
final class PipelineHarness: @unchecked Sendable {
    let broker: ChildProcess
    let bootstrapServers: String
    let topics = PipelineTopics()
    let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
    private var workers: [ChildProcess] = []
    /// Kept until the workers are stopped: it removes its data when it goes.
    private let noida: NoidaBroker?

    init(partitions: Int = 4) async throws {
        broker = try ChildProcess("broker", arguments: ["broker", "--partitions", String(partitions), "--log-level", "warning"])
        let broker = self.broker
        let started = await Deadline.wait(.seconds(20)) { broker.standardOutput.contains("\n") }
        try #require(started, "embedded broker did not print its address: \(broker.standardError)")
        bootstrapServers = String(broker.standardOutput.split(separator: "\n")[0])
        noida = nil
    }

    /// The pipeline's topics on a noida-db broker, created through the Admin API.
    init(noida: NoidaBroker, partitions: Int) throws {
        broker = noida.process
        bootstrapServers = noida.bootstrapServers
        self.noida = noida
        try KafkaAdmin(configuration: kafka, logger: logger).createTopics(topics.all, partitions: partitions)
    }

    deinit {
        for worker in workers { worker.ensureStopped() }
        broker.ensureStopped()
    }

    var kafka: KafkaConfiguration { KafkaConfiguration(bootstrapServers: bootstrapServers, clientID: "test") }

    /// Produces lines to the posts topic, and waits for every ack. Keys, when given, spread records
    /// over partitions (librdkafka's sticky partitioner sends a burst of unkeyed records to one).
    func ingest(_ lines: [[UInt8]], keys: [String]? = nil) throws {
        var configuration = kafka
        configuration.properties["message.max.bytes"] = "4000000"  // room for the over-1-MiB poison post
        let producer = try KafkaProducer(configuration: configuration, logger: logger)
        for (index, line) in lines.enumerated() {
            let key = keys.map { Array($0[index].utf8) }
            try producer.send(ProducerRecord(topic: topics.posts, key: key, value: line))
        }
        let failures = try producer.flush(timeout: .seconds(30))
        try #require(failures.isEmpty, "ingest failed: \(failures.first.map { "\($0.error)" } ?? "")")
    }

    func ingest(posts count: Int, startingAt first: Int = 0, prefix: String = "p") throws {
        let ids = (first..<(first + count)).map { "\(prefix)-\($0)" }
        try ingest(zip(ids, first..<(first + count)).map { Fixtures.post(id: $0, index: $1) }, keys: ids)
    }

    @discardableResult
    func startWorker(_ id: String, group: String = "test", arguments: [String] = [],
                     environment: [String: String] = [:]) throws -> ChildProcess {
        let worker = try ChildProcess(id, arguments: [
            "worker", "--brokers", bootstrapServers, "--group", group, "--worker-id", id, "--log-level", "warning",
            // The mock coordinator waits (session timeout - 1 s) for members after any leave or
            // crash before it rebalances; 6 s keeps tests quick. Real brokers react to LeaveGroup at once.
            "--kafka", "session.timeout.ms=6000",
        ] + arguments, environment: environment.merging(["SMUGGLEWATCH_HMAC_KEY": "test-key-not-a-secret"]) { $1 })
        workers.append(worker)
        return worker
    }

    func trail() throws -> TrailCollector {
        try TrailCollector(reader: TopicReader(kafka: kafka, topics: [topics.audit, topics.deadletter], logger: logger))
    }
}

/// Everything the workers wrote to audit and deadletter, by source offset.
final class TrailCollector {
    private let reader: TopicReader
    private(set) var bySource: [SourceOffset: [TrailRecord]] = [:]
    private(set) var total = 0

    init(reader: TopicReader) {
        self.reader = reader
    }

    deinit { reader.close() }

    /// Reads what has arrived, for up to `milliseconds`.
    func drain(milliseconds: Int32 = 100) throws {
        let deadline = ContinuousClock.now.advanced(by: .milliseconds(Int(milliseconds)))
        while ContinuousClock.now < deadline, let message = try reader.next(timeoutMilliseconds: 20) {
            guard let value = message.value else { continue }
            let record = try TrailRecord(json: value)
            bySource[record.source, default: []].append(record)
            total += 1
        }
    }

    /// Waits until at least `count` distinct input offsets are accounted for.
    func waitForAccounted(_ count: Int, timeout: Duration = .seconds(60)) async throws -> Bool {
        try await Deadline.wait(timeout) {
            try drain()
            return bySource.count >= count
        }
    }

    /// Records beyond the first for each input offset (at-least-once re-decisions).
    var duplicates: Int { total - bySource.count }

    var decisions: [DecisionRecord] {
        bySource.values.compactMap { records in
            if case .decision(let decision) = records[0] { return decision } else { return nil }
        }
    }

    var deadLetters: [DeadLetterRecord] {
        bySource.values.compactMap { records in
            if case .deadLetter(let letter) = records[0] { return letter } else { return nil }
        }
    }
}
