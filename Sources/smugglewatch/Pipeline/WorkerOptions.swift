import ArgumentParser
import Foundation
import Kafka
import Pipeline

/// The worker's settings as flags. Every flag is optional: a flag given wins over the
/// environment (`SMUGGLEWATCH_<KEY>`), which wins over `--config FILE`, which wins over defaults.
struct WorkerOptions: ParsableArguments {
    @Option(help: "YAML config file (see deploy/smugglewatch.example.yaml).")
    var config: String?

    @Option(help: "Bootstrap servers, host:port[,host:port...].")
    var brokers: String?

    @Option(help: "Consumer group id; workers with the same group share the partitions. (default: smugglewatch)")
    var group: String?

    @Option(help: "Prefix of every pipeline topic name.")
    var topicPrefix: String?

    @Option(help: "Most records decided and committed together. (default: 500)")
    var batchSize: Int?

    @Option(help: "Longest wait (ms) for a batch to fill after its first record. (default: 50)")
    var lingerMs: Int?

    @Option(help: "Largest accepted post payload in bytes; larger ones are dead-lettered. (default: 1048576)")
    var maxPostBytes: Int?

    @Option(help: "Threads deciding a batch in parallel; match the CPUs a container may use. (default: one per core, at most 8)")
    var decideThreads: Int?

    @Option(help: "Batches sent but not yet committed at once; a crash repeats at most these. (default: 4)")
    var maxBatchesInFlight: Int?

    @Option(help: "Ruleset file. (default: rulesets/default.yaml, searched)")
    var ruleset: String?

    @Option(help: "Identifies this worker in its records. (default: host-pid)")
    var workerID: String?

    @Option(help: "File holding the HMAC key that pseudonymises authors (else $SMUGGLEWATCH_HMAC_KEY).")
    var hmacKeyFile: String?

    @Option(help: "Serve /metrics, /healthz and /readyz on this port.")
    var metricsPort: Int?

    @Option(help: "Address the metrics server binds. (default: 0.0.0.0)")
    var metricsAddress: String?

    @Option(help: "trace, debug, info, notice, warning, error or critical. (default: info)")
    var logLevel: String?

    @Option(help: "Log lines as text or json. (default: text)")
    var logFormat: String?

    @Option(help: "at_least_once, or exactly_once (Kafka transactions; needs --worker-id). (default: at_least_once)")
    var processingGuarantee: String?

    @Option(name: .customLong("kafka"), help: ArgumentHelp(
        "A librdkafka property passed as it is, key=value (repeatable): TLS, SASL, tuning.", valueName: "key=value"))
    var properties: [String] = []

    /// Defaults < config file < environment < flags.
    func resolve(environment: [String: String] = ProcessInfo.processInfo.environment) throws(ConfigurationError) -> WorkerSettings {
        var layers: [SettingsLayer] = []
        if let config { layers.append(try SettingsLayer.file(at: config, environment: environment)) }
        layers.append(SettingsLayer.environment(environment))
        layers.append(try flagLayer())
        let settings = try WorkerSettings.resolve(layers)
        do {
            try settings.kafkaConfiguration.validate()
        } catch {
            throw ConfigurationError(key: "kafka", source: "librdkafka", message: error.message)
        }
        return settings
    }

    private func flagLayer() throws(ConfigurationError) -> SettingsLayer {
        var layer = SettingsLayer(source: "command line")
        let given: [(String, String?)] = [
            ("brokers", brokers), ("group", group), ("topic_prefix", topicPrefix), ("batch_size", batchSize.map(String.init)),
            ("linger_ms", lingerMs.map(String.init)), ("max_post_bytes", maxPostBytes.map(String.init)),
            ("decide_threads", decideThreads.map(String.init)), ("max_batches_in_flight", maxBatchesInFlight.map(String.init)),
            ("ruleset", ruleset), ("worker_id", workerID), ("hmac_key_file", hmacKeyFile),
            ("metrics_port", metricsPort.map(String.init)), ("metrics_address", metricsAddress),
            ("log_level", logLevel), ("log_format", logFormat), ("processing_guarantee", processingGuarantee),
        ]
        for case let (key, value?) in given { layer.values[key] = value }
        switch KafkaOptions.parseProperties(properties) {
        case .success(let parsed):
            layer.kafka = parsed
            return layer
        case .failure(let bad):
            throw ConfigurationError(key: "--kafka", source: "command line", message: "takes key=value, got '\(bad.argument)'")
        }
    }
}

extension ConfigurationError {
    /// Prints the error and exits with status 2, the exit status for configuration errors.
    func exit() -> ExitCode {
        FileHandle.standardError.write(Data("error: \(self)\n".utf8))
        return ExitCode(2)
    }
}
