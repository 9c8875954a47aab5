import Foundation
import Kafka

/// One source of settings: a config file, the environment or the command line. Later layers win.
public struct SettingsLayer: Sendable {
    /// Where the values came from, for error messages ("config file x.yaml", "environment", ...).
    public var source: String
    /// Top-level settings by their YAML key (`batch_size`, ...), as text.
    public var values: [String: String]
    /// librdkafka properties, passed through.
    public var kafka: [String: String]
    /// Values substituted from `${NAME}` or taken from a secret variable: never echoed in an error.
    var substitutedValues: [String] = []

    public init(source: String, values: [String: String] = [:], kafka: [String: String] = [:]) {
        self.source = source
        self.values = values
        self.kafka = kafka
    }

    /// What no error message may show: substituted values and the values of secret properties.
    var secretValues: [String] {
        substitutedValues + kafka.filter { KafkaConfiguration.isSecret($0.key) }.map(\.value)
    }

    /// The prefix of every environment variable the worker reads.
    public static let environmentPrefix = "SMUGGLEWATCH_"

    /// Every `SMUGGLEWATCH_*` variable the worker knows: one per setting, the HMAC key and the
    /// tests' crash point. Any other is refused, so that a misspelt variable does not leave a
    /// setting at its default.
    public static let environmentVariables: Set<String> = Set(WorkerSetting.all.map(\.environmentVariable))
        .union([HMACKey.environmentVariable, CrashPoint.environmentVariable])

    /// `SMUGGLEWATCH_<KEY>` for every known key; an unknown `SMUGGLEWATCH_*` variable is an error.
    public static func environment(_ environment: [String: String]) throws(ConfigurationError) -> SettingsLayer {
        var layer = SettingsLayer(source: "environment")
        if let unknown = environment.keys.filter({ $0.hasPrefix(environmentPrefix) && !environmentVariables.contains($0) }).min() {
            throw ConfigurationError(key: unknown, source: "environment",
                                     message: "unknown variable (misspelt?); unset it. Known: \(environmentVariables.sorted().joined(separator: ", "))")
        }
        for setting in WorkerSetting.all {
            if let value = environment[setting.environmentVariable] { layer.values[setting.key] = value }
        }
        if let key = environment[HMACKey.environmentVariable] { layer.substitutedValues.append(key) }
        return layer
    }

    /// Replaces every `${NAME}` with the environment variable NAME; the substituted values are kept
    /// in `substitutedValues`.
    mutating func expand(_ text: String, key: String, environment: [String: String]) throws(ConfigurationError) -> String {
        var result = ""
        var rest = Substring(text)
        while let open = rest.range(of: "${") {
            result += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].firstIndex(of: "}") else {
                throw ConfigurationError(key: key, source: source, message: "unterminated ${ in value")
            }
            let name = String(rest[open.upperBound..<close])
            guard let replacement = environment[name] else {
                throw ConfigurationError(key: key, source: source, message: "environment variable \(name) is not set")
            }
            if !replacement.isEmpty { substitutedValues.append(replacement) }
            result += replacement
            rest = rest[rest.index(after: close)...]
        }
        return result + rest
    }
}
