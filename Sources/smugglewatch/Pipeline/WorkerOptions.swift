import ArgumentParser
import Classifier
import Foundation
import Kafka
import Pipeline

/// The worker's settings as flags. Every flag is optional: a flag given wins over the
/// environment (`SMUGGLEWATCH_<KEY>`), which wins over `--config FILE`, which wins over defaults.
/// Values are taken as text, even when they start with '-', and checked by `WorkerSettings` like
/// those of the other layers: `--batch-size -5` is a configuration error (exit 2), not a usage
/// error of ArgumentParser's (exit 64).
struct WorkerOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: "YAML config file (see deploy/smugglewatch.example.yaml).")
    var config: String?

    @Option(parsing: .unconditional, help: "Bootstrap servers, host:port[,host:port...].")
    var brokers: String?

    @Option(parsing: .unconditional, help: "Consumer group id; workers with the same group share the partitions. (default: smugglewatch)")
    var group: String?

    @Option(parsing: .unconditional, help: "Prefix of every pipeline topic name.")
    var topicPrefix: String?

    @Option(parsing: .unconditional, help: "Most records decided and committed together. (default: 500)")
    var batchSize: String?

    @Option(parsing: .unconditional, help: "Longest wait (ms) for a batch to fill after its first record. (default: 50)")
    var lingerMs: String?

    @Option(parsing: .unconditional, help: "Largest accepted post payload in bytes; larger ones are dead-lettered. (default: 1048576)")
    var maxPostBytes: String?

    @Option(parsing: .unconditional, help: "Threads deciding a batch in parallel; match the CPUs a container may use. (default: one per core, at most 8)")
    var decideThreads: String?

    @Option(parsing: .unconditional, help: "Batches sent but not yet committed at once; a crash repeats at most these. (default: 4)")
    var maxBatchesInFlight: String?

    @Option(parsing: .unconditional, help: "Ruleset file. (default: rulesets/default.yaml, searched)")
    var ruleset: String?

    @Option(parsing: .unconditional, help: "Identifies this worker in its records. (default: host-pid)")
    var workerID: String?

    @Option(parsing: .unconditional, help: "File holding the HMAC key that pseudonymises authors (else $SMUGGLEWATCH_HMAC_KEY).")
    var hmacKeyFile: String?

    @Option(parsing: .unconditional, help: "Serve /metrics, /healthz and /readyz on this port.")
    var metricsPort: String?

    @Option(parsing: .unconditional, help: "Address the metrics server binds. (default: 127.0.0.1; 0.0.0.0 for every interface)")
    var metricsAddress: String?

    @Option(parsing: .unconditional, help: "trace, debug, info, notice, warning, error or critical. (default: info)")
    var logLevel: String?

    @Option(parsing: .unconditional, help: "Log lines as text or json. (default: text)")
    var logFormat: String?

    @Option(parsing: .unconditional, help: "at_least_once, or exactly_once (Kafka transactions; needs --worker-id). (default: at_least_once)")
    var processingGuarantee: String?

    @Flag(inversion: .prefixedNo, help: "Let kafka auto.offset.reset be latest: a new group then skips the posts already in the topic. (default: refused)")
    var allowOffsetResetLatest: Bool?

    @Option(name: .customLong("kafka"), parsing: .unconditionalSingleValue, help: ArgumentHelp(
        "A librdkafka property passed as it is, key=value (repeatable): TLS, SASL, tuning.", valueName: "key=value"))
    var properties: [String] = []

    /// Defaults < config file < environment < flags, every value checked (`WorkerSettings.resolve`).
    func resolve(environment: [String: String] = ProcessInfo.processInfo.environment) throws(ConfigurationError) -> WorkerSettings {
        var layers: [SettingsLayer] = []
        if let config { layers.append(try SettingsLayer.file(at: config, environment: environment)) }
        layers.append(try SettingsLayer.environment(environment))
        layers.append(try flagLayer())
        return try WorkerSettings.resolve(layers, environment: environment)
    }

    private func flagLayer() throws(ConfigurationError) -> SettingsLayer {
        var layer = SettingsLayer(source: "command line")
        let given: [(String, String?)] = [
            ("brokers", brokers), ("group", group), ("topic_prefix", topicPrefix), ("batch_size", batchSize),
            ("linger_ms", lingerMs), ("max_post_bytes", maxPostBytes),
            ("decide_threads", decideThreads), ("max_batches_in_flight", maxBatchesInFlight),
            ("ruleset", ruleset), ("worker_id", workerID), ("hmac_key_file", hmacKeyFile),
            ("metrics_port", metricsPort), ("metrics_address", metricsAddress),
            ("log_level", logLevel), ("log_format", logFormat), ("processing_guarantee", processingGuarantee),
            ("allow_offset_reset_latest", allowOffsetResetLatest.map(String.init)),
        ]
        for case let (key, value?) in given { layer.values[key] = value }
        switch KafkaOptions.parseProperties(properties) {
        case .success(let parsed):
            layer.kafka = parsed
            return layer
        case .failure(let bad):
            throw ConfigurationError(key: "--kafka", source: "command line", message: bad.description)
        }
    }
}

/// What `worker` starts with and `config show` checks, by the same code: the settings (the HMAC
/// key loaded) and the ruleset.
struct WorkerStartup {
    let settings: WorkerSettings
    let ruleset: Ruleset

    /// Prints any configuration error and throws exit status 2.
    init(_ options: WorkerOptions) throws {
        do {
            settings = try options.resolve()
        } catch {
            throw error.exit()
        }
        ruleset = try loadRuleset(settings.ruleset)
    }
}

extension ConfigurationError {
    /// Prints the error and exits with status 2, the exit status for configuration errors.
    func exit() -> ExitCode {
        FileHandle.standardError.write(Data("error: \(self)\n".utf8))
        return ExitCode(2)
    }
}
