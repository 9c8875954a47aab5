import Foundation
import Yams

/// One source of settings: a config file, the environment or the command line. Later layers win.
public struct SettingsLayer: Sendable {
    /// Where the values came from, for error messages ("config file x.yaml", "environment", ...).
    public var source: String
    /// Top-level settings by their YAML key (`batch_size`, ...), as text.
    public var values: [String: String]
    /// librdkafka properties, passed through.
    public var kafka: [String: String]

    public init(source: String, values: [String: String] = [:], kafka: [String: String] = [:]) {
        self.source = source
        self.values = values
        self.kafka = kafka
    }

    /// Reads a YAML config file. `${NAME}` in a value is replaced by environment variable NAME, so
    /// that secrets stay out of the file; an unset variable is an error.
    public static func file(at path: String, environment: [String: String]) throws(ConfigurationError) -> SettingsLayer {
        let source = "config file \(path)"
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError(key: "--config", source: source, message: "cannot read \(path)")
        }
        let parsed: Any?
        do {
            parsed = try Yams.load(yaml: String(decoding: data, as: UTF8.self))
        } catch {
            throw ConfigurationError(key: "--config", source: source, message: "not valid YAML: \(error)")
        }
        guard let root = parsed as? [String: Any] else {
            if parsed == nil { return SettingsLayer(source: source) }
            throw ConfigurationError(key: "--config", source: source, message: "the top level must be a mapping of keys")
        }
        var layer = SettingsLayer(source: source)
        for (key, value) in root {
            if key == "kafka" {
                guard let map = value as? [String: Any] else {
                    throw ConfigurationError(key: "kafka", source: source, message: "must be a mapping of librdkafka properties")
                }
                for (property, propertyValue) in map {
                    layer.kafka[property] = try scalar(propertyValue, key: "kafka.\(property)", source: source, environment: environment)
                }
                continue
            }
            guard WorkerSettings.keys.contains(key) else {
                throw ConfigurationError(key: key, source: source,
                                         message: "unknown key; known keys: \(WorkerSettings.keys.sorted().joined(separator: ", ")), kafka")
            }
            layer.values[key] = try scalar(value, key: key, source: source, environment: environment)
        }
        return layer
    }

    /// `SMUGGLEWATCH_<KEY>` for every known key.
    public static func environment(_ environment: [String: String]) -> SettingsLayer {
        var layer = SettingsLayer(source: "environment")
        for key in WorkerSettings.keys {
            if let value = environment["SMUGGLEWATCH_" + key.uppercased()] { layer.values[key] = value }
        }
        return layer
    }

    private static func scalar(_ value: Any, key: String, source: String, environment: [String: String]) throws(ConfigurationError) -> String {
        let text: String
        switch value {
        case let string as String: text = string
        case let bool as Bool: text = bool ? "true" : "false"
        case let int as Int: text = String(int)
        case let double as Double: text = String(double)
        default:
            throw ConfigurationError(key: key, source: source, message: "must be a single value, not a list or mapping")
        }
        return try expand(text, key: key, source: source, environment: environment)
    }

    /// Replaces every `${NAME}` with the environment variable NAME.
    static func expand(_ text: String, key: String, source: String, environment: [String: String]) throws(ConfigurationError) -> String {
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
            result += replacement
            rest = rest[rest.index(after: close)...]
        }
        return result + rest
    }
}
