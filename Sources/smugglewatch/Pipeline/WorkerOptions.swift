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

    @Option(parsing: .unconditional, help: .setting("brokers")) var brokers: String?
    @Option(parsing: .unconditional, help: .setting("group")) var group: String?
    @Option(parsing: .unconditional, help: .setting("topic_prefix")) var topicPrefix: String?
    @Option(parsing: .unconditional, help: .setting("batch_size")) var batchSize: String?
    @Option(parsing: .unconditional, help: .setting("linger_ms")) var lingerMs: String?
    @Option(parsing: .unconditional, help: .setting("max_post_bytes")) var maxPostBytes: String?
    @Option(parsing: .unconditional, help: .setting("decide_threads")) var decideThreads: String?
    @Option(parsing: .unconditional, help: .setting("max_batches_in_flight")) var maxBatchesInFlight: String?
    @Option(parsing: .unconditional, help: .setting("ruleset")) var ruleset: String?
    @Option(parsing: .unconditional, help: .setting("worker_id")) var workerID: String?
    @Option(parsing: .unconditional, help: .setting("hmac_key_file")) var hmacKeyFile: String?
    @Option(parsing: .unconditional, help: .setting("metrics_port")) var metricsPort: String?
    @Option(parsing: .unconditional, help: .setting("metrics_address")) var metricsAddress: String?
    @Option(parsing: .unconditional, help: .setting("log_level")) var logLevel: String?
    @Option(parsing: .unconditional, help: .setting("log_format")) var logFormat: String?
    @Option(parsing: .unconditional, help: .setting("processing_guarantee")) var processingGuarantee: String?
    @Flag(inversion: .prefixedNo, help: .setting("allow_offset_reset_latest")) var allowOffsetResetLatest: Bool?

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
        var layer = SettingsLayer(source: "command line", values: givenSettings)
        switch KafkaOptions.parseProperties(properties) {
        case .success(let parsed):
            layer.kafka = parsed
            return layer
        case .failure(let bad):
            throw ConfigurationError(key: "--kafka", source: "command line", message: bad.description)
        }
    }

    /// The settings given as flags, as text by key. Each setting's option above is the property
    /// named after its key (`batchSize` for `batch_size`, which ArgumentParser makes
    /// `--batch-size`), so the declarations find their flags without a list that could drift;
    /// `SettingsAgreementTests` checks every setting's flag in `worker --help`.
    private var givenSettings: [String: String] {
        var given: [String: String] = [:]
        for case let (label?, option) in Mirror(reflecting: self).children {
            let key = Self.settingKey(ofStorage: label)
            guard WorkerSetting.named(key) != nil else { continue }
            switch option {
            case let option as Option<String?>: given[key] = option.wrappedValue
            case let flag as Flag<Bool?>: given[key] = flag.wrappedValue.map(String.init)
            default: preconditionFailure("the option of setting \(key) must be a String? @Option or a Bool? @Flag")
            }
        }
        return given
    }

    /// `batch_size` for `_batchSize`, the storage of the property `batchSize`; `workerID` gives `worker_id`.
    private static func settingKey(ofStorage label: String) -> String {
        var key = ""
        var previous: Character?
        for character in label.drop(while: { $0 == "_" }) {
            if character.isUppercase, previous?.isLowercase == true { key += "_" }
            key += character.lowercased()
            previous = character
        }
        return key
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

extension ArgumentHelp {
    /// The help of a worker setting's flag, with its default, from the setting's declaration.
    static func setting(_ key: String) -> ArgumentHelp {
        guard let setting = WorkerSetting.named(key) else { preconditionFailure("no worker setting \(key)") }
        return ArgumentHelp(setting.helpWithDefault)
    }
}
