import Foundation
import Yams

extension SettingsLayer {
    /// Reads a YAML config file. `${NAME}` in a value is replaced by environment variable NAME, so
    /// that secrets stay out of the file; an unset variable is an error. A key given twice is an
    /// error (YAML parsers disagree on which one wins). Errors name lines and columns but never
    /// quote the file: the line at fault may hold a secret.
    public static func file(at path: String, environment: [String: String]) throws(ConfigurationError) -> SettingsLayer {
        var layer = SettingsLayer(source: "config file \(path)")
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError(key: "--config", source: layer.source, message: "cannot read \(path)")
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: String(decoding: data, as: UTF8.self))
        } catch {
            throw ConfigurationError(key: "--config", source: layer.source, message: yamlErrorText(error))
        }
        guard let root else { return layer }
        guard let mapping = root.mapping else {
            throw ConfigurationError(key: "--config", source: layer.source, message: "the top level must be a mapping of keys")
        }
        for (key, value) in try layer.pairs(of: mapping, prefix: "") {
            if key == "kafka" {
                guard let properties = value.mapping else {
                    throw ConfigurationError(key: "kafka", source: layer.source, message: "must be a mapping of librdkafka properties")
                }
                for (property, propertyValue) in try layer.pairs(of: properties, prefix: "kafka.") {
                    layer.kafka[property] = try layer.scalar(propertyValue, key: "kafka.\(property)", environment: environment)
                }
                continue
            }
            guard WorkerSettings.keys.contains(key) else {
                throw ConfigurationError(key: key, source: layer.source,
                                         message: "unknown key; known keys: \(WorkerSettings.keys.sorted().joined(separator: ", ")), kafka")
            }
            layer.values[key] = try layer.scalar(value, key: key, environment: environment)
        }
        return layer
    }

    /// The mapping's entries by their key's text; a key given twice is an error.
    private func pairs(of mapping: Node.Mapping, prefix: String) throws(ConfigurationError) -> [(String, Node)] {
        var lines: [String: Int] = [:]
        var pairs: [(String, Node)] = []
        for (keyNode, value) in mapping {
            let line = keyNode.mark?.line ?? 0
            guard let key = keyNode.scalar?.string else {
                throw ConfigurationError(key: "--config", source: source, message: "line \(line): a key must be a plain name, not a list or mapping")
            }
            if let first = lines[key] {
                throw ConfigurationError(key: prefix + key, source: source,
                                         message: "given twice (lines \(first) and \(line)); keep one")
            }
            lines[key] = line
            pairs.append((key, value))
        }
        return pairs
    }

    private mutating func scalar(_ node: Node, key: String, environment: [String: String]) throws(ConfigurationError) -> String {
        let text: String
        switch node.scalar.map({ _ in node.any }) {
        case let string as String: text = string
        case let bool as Bool: text = bool ? "true" : "false"
        case let int as Int: text = String(int)
        case let double as Double: text = String(double)
        case is NSNull: throw ConfigurationError(key: key, source: source, message: "has no value")
        default:
            throw ConfigurationError(key: key, source: source, message: "must be a single value, not a list or mapping")
        }
        return try expand(text, key: key, environment: environment)
    }

    /// Where and why the YAML is malformed, without Yams' quote of the offending line.
    private static func yamlErrorText(_ error: any Error) -> String {
        switch error as? YamlError {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _), let .composer(context, problem, mark, _):
            let within = context.map { " (\($0.text) at line \($0.mark.line), column \($0.mark.column))" } ?? ""
            return "not valid YAML at line \(mark.line), column \(mark.column): \(problem)\(within)"
        case let .reader(problem, offset, _, yaml):
            let line = offset.map { yaml.prefix($0).reduce(1) { $1 == "\n" ? $0 + 1 : $0 } }
            return "not valid YAML\(line.map { " at line \($0)" } ?? ""): \(problem)"
        default:
            return "not valid YAML"
        }
    }
}
