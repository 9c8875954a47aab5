import Yams

/// Reads a composed YAML tree and reports problems with line and field path.
///
/// Walking the node tree (instead of `Decodable`) keeps the order of keys, which makes the
/// compiled ruleset deterministic, and gives every error a line number.
struct YAMLReader {
    static func compose(_ text: String) throws -> Node {
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw RulesetError(code: RulesetError.syntax, message: "the ruleset file is empty; start from rulesets/default.yaml")
            }
            return node
        } catch let error as RulesetError {
            throw error
        } catch let error as YamlError {
            switch error {
            case let .scanner(_, problem, mark, _), let .parser(_, problem, mark, _), let .composer(_, problem, mark, _):
                throw RulesetError(code: RulesetError.syntax, message: "YAML syntax error: \(problem); fix the YAML at this position", line: mark.line)
            default:
                throw RulesetError(code: RulesetError.syntax, message: "YAML error: \(error)")
            }
        } catch {
            throw RulesetError(code: RulesetError.syntax, message: "YAML error: \(error)")
        }
    }

    static func line(_ node: Node) -> Int? { node.mark?.line }

    static func invalid(_ node: Node, _ field: String, _ message: String) -> RulesetError {
        RulesetError(code: RulesetError.invalidValue, message: message, line: line(node), field: field)
    }

    /// The key/value pairs of a mapping, in file order; keys must be scalars and unique.
    static func mapping(_ node: Node, _ field: String) throws -> [(key: String, value: Node, line: Int?)] {
        guard case let .mapping(mapping) = node else {
            throw invalid(node, field, "expected a mapping (key: value lines)")
        }
        var seen = Set<String>()
        var pairs: [(key: String, value: Node, line: Int?)] = []
        for (keyNode, value) in mapping {
            guard case let .scalar(scalar) = keyNode else {
                throw invalid(keyNode, field, "keys must be plain text")
            }
            guard seen.insert(scalar.string).inserted else {
                throw invalid(keyNode, field.isEmpty ? scalar.string : "\(field).\(scalar.string)", "duplicate key '\(scalar.string)'; keep only one")
            }
            pairs.append((scalar.string, value, line(keyNode)))
        }
        return pairs
    }

    static func string(_ node: Node, _ field: String) throws -> String {
        guard case let .scalar(scalar) = node else {
            throw invalid(node, field, "expected a single text value")
        }
        return scalar.string
    }

    static func double(_ node: Node, _ field: String) throws -> Double {
        let text = try string(node, field)
        guard let value = Double(text), value.isFinite else {
            throw invalid(node, field, "expected a number, found '\(text)'")
        }
        return value
    }

    static func bool(_ node: Node, _ field: String) throws -> Bool {
        switch try string(node, field).lowercased() {
        case "true", "yes": return true
        case "false", "no": return false
        case let other: throw invalid(node, field, "expected true or false, found '\(other)'")
        }
    }

    static func sequence(_ node: Node, _ field: String) throws -> [Node] {
        guard case let .sequence(sequence) = node else {
            throw invalid(node, field, "expected a list ([a, b] or '- item' lines)")
        }
        return Array(sequence)
    }

    static func strings(_ node: Node, _ field: String) throws -> [(String, Int?)] {
        try sequence(node, field).enumerated().map { index, item in
            (try string(item, "\(field)[\(index)]"), line(item))
        }
    }
}
