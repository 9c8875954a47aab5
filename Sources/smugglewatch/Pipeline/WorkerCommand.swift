import ArgumentParser
import Classifier
import Foundation
import Kafka
import Logging
import Pipeline

struct WorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Consume posts, decide each, write decisions; run until SIGTERM.",
        discussion: """
        Reads the posts topic as a member of a consumer group and writes every decision to audit, \
        referrals to referrals, borderline posts to review and undecodable input to deadletter. \
        Offsets are committed only after all outputs are acknowledged (at least once). \
        The author HMAC key comes from --hmac-key-file or $SMUGGLEWATCH_HMAC_KEY, never the command line.
        """
    )

    @OptionGroup var kafka: KafkaOptions
    @OptionGroup var log: LogOptions

    @Option(help: "Consumer group id; workers with the same group share the partitions.")
    var group: String = "smugglewatch"

    @Option(help: "Ruleset file (default: rulesets/default.yaml).")
    var ruleset: String?

    @Option(help: "Most records decided and committed together.")
    var batchSize: Int = 500

    @Option(help: "Longest wait (ms) for a batch to fill after its first record.")
    var lingerMs: Int = 50

    @Option(help: "Largest accepted post payload in bytes; larger ones are dead-lettered.")
    var maxPostBytes: Int = PostDecoder.defaultMaxPayloadBytes

    @Option(help: "Identifies this worker in its records (default host-pid).")
    var workerID: String?

    @Option(help: "File holding the HMAC key that pseudonymises authors.")
    var hmacKeyFile: String?

    func validate() throws {
        guard batchSize >= 1 && batchSize <= 100_000 else { throw ValidationError("--batch-size must be 1...100000") }
        guard lingerMs >= 0 && lingerMs <= 60_000 else { throw ValidationError("--linger-ms must be 0...60000") }
        guard maxPostBytes >= 64 else { throw ValidationError("--max-post-bytes must be at least 64") }
    }

    func run() throws {
        let logger = log.makeLogger(label: "smugglewatch.worker")
        logger.info("smugglewatch worker starting with librdkafka \(KafkaLibrary.version)")
        let rules = try loadRuleset(ruleset)
        let pseudonymizer = try HMACKeySource.pseudonymizer(file: hmacKeyFile, logger: logger)
        var configuration = WorkerConfiguration(kafka: try kafka.configuration(clientID: "smugglewatch-worker"),
                                                groupID: group, topics: kafka.topics, batchSize: batchSize,
                                                lingerMilliseconds: lingerMs,
                                                decoder: PostDecoder(maxPayloadBytes: maxPostBytes))
        if let workerID { configuration.workerID = workerID }
        logger.info("ruleset \(rules.identity.name) \(rules.identity.version) sha256 \(rules.identity.sha256)")

        let worker = Worker(configuration: configuration, classifier: Classifier(ruleset: rules),
                            pseudonymizer: pseudonymizer, logger: logger)
        let trap = SignalTrap { worker.stop() }
        defer { withExtendedLifetime(trap) {} }
        do {
            try worker.run()
        } catch {
            throw CLIError("worker failed: \(error)")
        }
        let counters = worker.counters
        logger.info("worker done: \(counters.consumed) records, decisions \(counters.decisions.map { "\($0.key.rawValue)=\($0.value)" }.sorted().joined(separator: " ")), dead letters \(counters.deadLetters.values.reduce(0, +))")
    }
}

enum HMACKeySource {
    static let environmentVariable = "SMUGGLEWATCH_HMAC_KEY"

    static func pseudonymizer(file: String?, logger: Logger) throws -> Pseudonymizer {
        if let file {
            guard let bytes = FileManager.default.contents(atPath: file), !bytes.isEmpty else {
                throw CLIError("cannot read a non-empty HMAC key from \(file)")
            }
            return Pseudonymizer(key: Array(bytes))
        }
        if let value = ProcessInfo.processInfo.environment[environmentVariable], !value.isEmpty {
            return Pseudonymizer(key: Array(value.utf8))
        }
        logger.warning("no HMAC key (--hmac-key-file or $\(environmentVariable)): author pseudonyms use a per-process key and will not match across workers")
        return .ephemeral()
    }
}
