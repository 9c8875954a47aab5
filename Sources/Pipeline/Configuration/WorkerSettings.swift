import Kafka
import Logging
import Records

/// The effective settings of a worker, resolved from defaults, a config file, the environment and
/// flags, in that order of precedence. A property's initial value is its setting's default; the
/// rest of each setting (key, help, check) is declared in `WorkerSetting.all`.
public struct WorkerSettings: Sendable, Equatable {
    public enum LogFormat: String, Sendable, CaseIterable { case text, json }

    public var brokers: String = ""
    public var group = "smugglewatch"
    public var topicPrefix = ""
    public var batchSize = 500
    public var lingerMs = 50
    public var maxPostBytes = PostDecoder.defaultMaxPayloadBytes
    /// Threads deciding a batch in parallel; nil: one per core, at most 8. Set it to the CPUs
    /// a container may use (a CPU limit is not visible as fewer cores).
    public var decideThreads: Int?
    /// Batches sent but not yet committed at once: what a crash can repeat.
    public var maxBatchesInFlight = 4
    public var ruleset: String?
    public var workerID: String?
    public var hmacKeyFile: String?
    public var metricsPort: Int?
    /// Loopback by default: deployments that are scraped from elsewhere open it explicitly.
    public var metricsAddress = "127.0.0.1"
    public var logLevel = Logger.Level.info
    public var logFormat = LogFormat.text
    public var processingGuarantee = ProcessingGuarantee.atLeastOnce
    /// Lets `auto.offset.reset` be `latest`: a new group (or one whose offsets expired) then skips
    /// every post already in the topic, undecided and without a trail record.
    public var allowOffsetResetLatest = false
    public var kafka: [String: String] = [:]
    /// Loaded and checked by `resolve`; nil: no key configured (a per-process key).
    public var hmacKey: HMACKey?

    public init() {}

    /// Every top-level key a config file may hold (besides the `kafka` map).
    public static let keys = Set(WorkerSetting.all.map(\.key))

    /// Applies the layers in order (later wins) over the defaults, validating every value, checks
    /// the librdkafka properties the way the worker's clients will use them, and loads the HMAC key.
    /// The one path for `worker` and `config show`. No error message holds a secret value.
    public static func resolve(_ layers: [SettingsLayer], environment: [String: String]) throws(ConfigurationError) -> WorkerSettings {
        do {
            var settings = try merged(layers)
            try settings.checkKafka(layers)
            settings.hmacKey = try HMACKey.load(file: settings.hmacKeyFile, environment: environment)
            return settings
        } catch {
            throw error.redacting(layers.flatMap(\.secretValues))
        }
    }

    private static func merged(_ layers: [SettingsLayer]) throws(ConfigurationError) -> WorkerSettings {
        var settings = WorkerSettings()
        for layer in layers {
            for (key, value) in layer.values.sorted(by: { $0.key < $1.key }) {
                try settings.set(key, value, source: layer.source)
            }
            settings.kafka.merge(layer.kafka) { $1 }
        }
        if settings.processingGuarantee == .exactlyOnce && settings.workerID == nil {
            throw ConfigurationError(key: "worker_id", source: "all sources",
                                     message: "exactly_once needs a stable worker_id per instance (its transactional.id), e.g. the StatefulSet pod name or the systemd instance")
        }
        guard !settings.brokers.isEmpty else {
            throw ConfigurationError(key: "brokers", source: "all sources",
                                     message: "no brokers: give --brokers, SMUGGLEWATCH_BROKERS or 'brokers:' in the config file")
        }
        return settings
    }

    private mutating func set(_ key: String, _ value: String, source: String) throws(ConfigurationError) {
        guard let setting = WorkerSetting.named(key) else {
            throw ConfigurationError(key: key, source: source, message: "unknown key")
        }
        try setting.set(value, in: &self, source: source)
    }

    public var kafkaConfiguration: KafkaConfiguration {
        KafkaConfiguration(bootstrapServers: brokers, clientID: "smugglewatch-worker", properties: kafka)
    }

    /// The effective settings as YAML, secrets redacted, for `config show`.
    public func renderedYAML() -> String {
        var lines = WorkerSetting.all.map { $0.yamlLine(self) }
        lines.append(kafka.isEmpty ? "kafka: {}" : "kafka:")
        for (key, value) in kafka.sorted(by: { $0.key < $1.key }) {
            lines.append("  \(key): \(KafkaConfiguration.isSecret(key) ? "\"<redacted>\"" : value.yamlQuoted)")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
