import Foundation
import Kafka
import Records

/// The effective settings of a worker, resolved from defaults, a config file, the environment and
/// flags, in that order of precedence.
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
    public var logLevel = "info"
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
    public static let keys: Set<String> = [
        "brokers", "group", "topic_prefix", "batch_size", "linger_ms", "max_post_bytes", "decide_threads", "max_batches_in_flight", "ruleset", "worker_id",
        "hmac_key_file", "metrics_port", "metrics_address", "log_level", "log_format", "processing_guarantee",
        "allow_offset_reset_latest",
    ]

    static let logLevels = ["trace", "debug", "info", "notice", "warning", "error", "critical"]

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
        func integer(_ range: ClosedRange<Int>) throws(ConfigurationError) -> Int {
            guard let number = Int(value.trimmingCharacters(in: .whitespaces)), range.contains(number) else {
                throw ConfigurationError(key: key, source: source, message: "must be an integer in \(range.lowerBound)...\(range.upperBound), got '\(value)'")
            }
            return number
        }
        switch key {
        case "brokers": brokers = value
        case "group":
            guard !value.isEmpty else { throw ConfigurationError(key: key, source: source, message: "must not be empty") }
            group = value
        case "topic_prefix": topicPrefix = value
        case "batch_size": batchSize = try integer(1...100_000)
        case "linger_ms": lingerMs = try integer(0...60_000)
        case "max_post_bytes": maxPostBytes = try integer(64...(64 << 20))
        case "decide_threads": decideThreads = try integer(1...64)
        case "max_batches_in_flight": maxBatchesInFlight = try integer(1...64)
        case "ruleset": ruleset = value
        case "worker_id": workerID = value
        case "hmac_key_file": hmacKeyFile = value
        case "metrics_port": metricsPort = try integer(1...65_535)
        case "metrics_address":
            guard Self.isIPAddress(value) else {
                throw ConfigurationError(key: key, source: source,
                                         message: "must be an IPv4 or IPv6 address (127.0.0.1, 0.0.0.0, ::), got '\(value)'")
            }
            metricsAddress = value
        case "log_level":
            guard Self.logLevels.contains(value) else {
                throw ConfigurationError(key: key, source: source, message: "must be one of \(Self.logLevels.joined(separator: ", "))")
            }
            logLevel = value
        case "log_format":
            guard let format = LogFormat(rawValue: value) else {
                throw ConfigurationError(key: key, source: source, message: "must be text or json")
            }
            logFormat = format
        case "processing_guarantee":
            guard let guarantee = ProcessingGuarantee(rawValue: value) else {
                throw ConfigurationError(key: key, source: source, message: "must be at_least_once or exactly_once")
            }
            processingGuarantee = guarantee
        case "allow_offset_reset_latest":
            guard let allow = Bool(value) else { throw ConfigurationError(key: key, source: source, message: "must be true or false") }
            allowOffsetResetLatest = allow
        default:
            throw ConfigurationError(key: key, source: source, message: "unknown key")
        }
    }

    static func isIPAddress(_ text: String) -> Bool {
        var address = in6_addr()
        return inet_pton(AF_INET, text, &address) == 1 || inet_pton(AF_INET6, text, &address) == 1
    }

    public var kafkaConfiguration: KafkaConfiguration {
        KafkaConfiguration(bootstrapServers: brokers, clientID: "smugglewatch-worker", properties: kafka)
    }

    /// The effective settings as YAML, secrets redacted, for `config show`.
    public func renderedYAML() -> String {
        func quoted(_ text: String) -> String {
            "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
        var lines = [
            "brokers: \(quoted(brokers))", "group: \(quoted(group))", "topic_prefix: \(quoted(topicPrefix))",
            "batch_size: \(batchSize)", "linger_ms: \(lingerMs)", "max_post_bytes: \(maxPostBytes)",
            "decide_threads: \(decideThreads.map(String.init) ?? "null  # one per core, at most 8")",
            "max_batches_in_flight: \(maxBatchesInFlight)",
            "ruleset: \(ruleset.map(quoted) ?? "null  # the default ruleset")",
            "worker_id: \(workerID.map(quoted) ?? "null  # host-pid")",
            "hmac_key_file: \(hmacKeyFile.map(quoted) ?? (hmacKey == nil ? "null  # no key: a per-process key" : "null  # key from $\(HMACKey.environmentVariable)"))",
            "metrics_port: \(metricsPort.map(String.init) ?? "null  # metrics off")",
            "metrics_address: \(quoted(metricsAddress))", "log_level: \(logLevel)", "log_format: \(logFormat.rawValue)",
            "processing_guarantee: \(processingGuarantee.rawValue)",
            "allow_offset_reset_latest: \(allowOffsetResetLatest)",
        ]
        lines.append(kafka.isEmpty ? "kafka: {}" : "kafka:")
        for (key, value) in kafka.sorted(by: { $0.key < $1.key }) {
            lines.append("  \(key): \(KafkaConfiguration.isSecret(key) ? "\"<redacted>\"" : quoted(value))")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
