import Yams

extension Ruleset {
    /// Names an interaction part may use besides category names.
    static let interactionGroups: Set<String> = ["offer", "benefit", "protective"]

    static func parseModel(_ node: Node, known: Set<String>) throws -> ModelSpec {
        var model = ModelSpec()
        for (key, value, line) in try YAMLReader.mapping(node, "model") {
            let field = "model.\(key)"
            switch key {
            case "phrases":
                for (name, weight, _) in try YAMLReader.mapping(value, field) {
                    model.phraseWeights[name] = try YAMLReader.double(weight, "\(field).\(name)")
                }
            case "interactions":
                for (name, spec, specLine) in try YAMLReader.mapping(value, field) {
                    model.interactions.append(try parseInteraction(name, spec, specLine, known: known))
                }
            case "ngrams":
                for (ngramKey, item, itemLine) in try YAMLReader.mapping(value, field) {
                    switch ngramKey {
                    case "length":
                        let length = try YAMLReader.double(item, "\(field).length")
                        guard let whole = Int(exactly: length), (1...8).contains(whole) else {
                            throw YAMLReader.invalid(item, "\(field).length", "n-gram length is a whole number from 1 to 8")
                        }
                        model.ngramLength = whole
                    case "weights":
                        for (gram, weight, _) in try YAMLReader.mapping(item, "\(field).weights") {
                            model.ngrams.append((gram, try YAMLReader.double(weight, "\(field).weights.\(gram)")))
                        }
                    default:
                        throw RulesetError(code: RulesetError.unknownField, message: "unknown field '\(ngramKey)'; use length and weights",
                                           line: itemLine, field: "\(field).\(ngramKey)")
                    }
                }
            default:
                throw RulesetError(code: RulesetError.unknownField, message: "unknown model field '\(key)'; use phrases, interactions, ngrams",
                                   line: line, field: field)
            }
        }
        return model
    }

    private static func parseInteraction(_ name: String, _ node: Node, _ line: Int?, known: Set<String>) throws -> InteractionSpec {
        let field = "model.interactions.\(name)"
        guard isIdentifier(name) else {
            throw RulesetError(code: RulesetError.invalidValue, message: "interaction names use a-z, 0-9 and _ only", line: line, field: field)
        }
        var weight: Double?
        var parts: [String] = []
        for (key, item, keyLine) in try YAMLReader.mapping(node, field) {
            switch key {
            case "weight": weight = try YAMLReader.double(item, "\(field).weight")
            case "when":
                parts = try YAMLReader.strings(item, "\(field).when").enumerated().map { index, entry in
                    guard known.contains(entry.0) || interactionGroups.contains(entry.0) else {
                        throw RulesetError(code: RulesetError.unknownCategory,
                                           message: "unknown part '\(entry.0)'; use a category name, offer, benefit or protective",
                                           line: entry.1, field: "\(field).when[\(index)]")
                    }
                    return entry.0
                }
            default:
                throw RulesetError(code: RulesetError.unknownField, message: "unknown field '\(key)'; use weight and when", line: keyLine,
                                   field: "\(field).\(key)")
            }
        }
        guard let weight, parts.count >= 2 else {
            throw RulesetError(code: RulesetError.missingField, message: "an interaction needs a weight and at least two parts under when",
                               line: line, field: field)
        }
        return InteractionSpec(name: name, weight: weight, parts: parts)
    }
}
