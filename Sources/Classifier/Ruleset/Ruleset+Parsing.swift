import Foundation
import Yams

extension Ruleset {
    static let topLevelKeys: Set<String> = [
        "name", "version", "description", "bias", "categories", "thresholds", "guard", "extractors",
        "lexicon", "places", "currencies", "multipliers", "model", "normalisation",
    ]

    init(text: String, sha256: String) throws {
        let root = try YAMLReader.compose(text)
        var fields: [String: (Node, Int?)] = [:]
        for (key, value, line) in try YAMLReader.mapping(root, "") {
            guard Self.topLevelKeys.contains(key) else {
                throw RulesetError(code: RulesetError.unknownField,
                                   message: "unknown top-level field '\(key)'; expected one of \(Self.topLevelKeys.sorted().joined(separator: ", "))",
                                   line: line, field: key)
            }
            fields[key] = (value, line)
        }
        func required(_ key: String) throws -> Node {
            guard let node = fields[key]?.0 else {
                throw RulesetError(code: RulesetError.missingField, message: "missing required field '\(key)'; see rulesets/default.yaml",
                                   line: 1, field: key)
            }
            return node
        }
        let name = try YAMLReader.string(try required("name"), "name")
        let version = try YAMLReader.string(try required("version"), "version")
        guard !name.isEmpty, !version.isEmpty else {
            throw RulesetError(code: RulesetError.invalidValue, message: "name and version must not be empty", line: 1, field: "name")
        }
        identity = RulesetIdentity(name: name, version: version, sha256: sha256)
        sourceText = text
        var positions: [String: (line: Int, column: Int)] = [:]
        let biasNode = try required("bias")
        bias = try YAMLReader.double(biasNode, "bias")
        if let mark = biasNode.mark { positions["bias"] = (mark.line, mark.column) }
        categories = try Self.parseCategories(try required("categories"), &positions)
        let known = Set(categories.map(\.name))
        let thresholdsNode = try required("thresholds")
        thresholds = try Self.parseThresholds(thresholdsNode)
        if case let .mapping(mapping) = thresholdsNode {
            for (key, value) in mapping {
                if let name = key.scalar?.string, let mark = value.mark { positions["thresholds.\(name)"] = (mark.line, mark.column) }
            }
        }
        weightPositions = positions
        guardSettings = try Self.parseGuard(try required("guard"), known: known)
        extractors = try Self.parseExtractors(fields["extractors"]?.0, known: known)
        phrases = try Self.parseLexicon(try required("lexicon"), known: known)
        places = try fields["places"].map { try Self.parsePlaces($0.0) } ?? []
        currencies = try fields["currencies"].map { try YAMLReader.strings($0.0, "currencies").map(\.0) } ?? []
        multipliers = try fields["multipliers"].map { try Self.parseMultipliers($0.0) } ?? []
        model = try fields["model"].map { try Self.parseModel($0.0, known: known) } ?? ModelSpec()
        if let (node, _) = fields["normalisation"] {
            let value = try YAMLReader.double(node, "normalisation")
            guard let revision = Int(exactly: value), (1...Normaliser.currentRevision).contains(revision) else {
                throw YAMLReader.invalid(node, "normalisation", "normalisation is a revision from 1 to \(Normaliser.currentRevision)")
            }
            normalisation = revision
        }
    }

    private static func parseCategories(_ node: Node, _ positions: inout [String: (line: Int, column: Int)]) throws -> [CategorySpec] {
        var result: [CategorySpec] = []
        for (name, value, line) in try YAMLReader.mapping(node, "categories") {
            let field = "categories.\(name)"
            guard isIdentifier(name) else {
                throw RulesetError(code: RulesetError.invalidValue, message: "category names use a-z, 0-9 and _ only", line: line, field: field)
            }
            var weight: Double?
            var side: CategorySpec.Side?
            var about = ""
            for (key, item, keyLine) in try YAMLReader.mapping(value, field) {
                switch key {
                case "weight":
                    weight = try YAMLReader.double(item, "\(field).weight")
                    if let mark = item.mark { positions[name] = (mark.line, mark.column) }
                case "side":
                    let text = try YAMLReader.string(item, "\(field).side")
                    guard let parsed = CategorySpec.Side(rawValue: text) else {
                        throw YAMLReader.invalid(item, "\(field).side",
                                                 "side must be one of \(CategorySpec.Side.allCases.map(\.rawValue).joined(separator: ", "))")
                    }
                    side = parsed
                case "about":
                    about = try YAMLReader.string(item, "\(field).about")
                default:
                    throw RulesetError(code: RulesetError.unknownField, message: "unknown field '\(key)'; use weight, side, about",
                                       line: keyLine, field: "\(field).\(key)")
                }
            }
            guard let weight, let side else {
                throw RulesetError(code: RulesetError.missingField, message: "a category needs weight and side", line: line, field: field)
            }
            result.append(CategorySpec(name: name, weight: weight, side: side, about: about))
        }
        guard !result.isEmpty, result.count <= 64 else {
            throw YAMLReader.invalid(node, "categories", "define between 1 and 64 categories")
        }
        return result
    }

    private static func parseThresholds(_ node: Node) throws -> Thresholds {
        var refer: Double?
        var review: Double?
        for (key, value, line) in try YAMLReader.mapping(node, "thresholds") {
            let number = try YAMLReader.double(value, "thresholds.\(key)")
            guard (0...1).contains(number) else {
                throw YAMLReader.invalid(value, "thresholds.\(key)", "thresholds are scores between 0 and 1")
            }
            switch key {
            case "refer": refer = number
            case "review": review = number
            default:
                throw RulesetError(code: RulesetError.unknownField, message: "unknown threshold '\(key)'; use refer and review",
                                   line: line, field: "thresholds.\(key)")
            }
        }
        guard let refer, let review else {
            throw YAMLReader.invalid(node, "thresholds", "set both refer and review")
        }
        guard review <= refer else {
            throw YAMLReader.invalid(node, "thresholds", "review must not be above refer")
        }
        return Thresholds(refer: refer, review: review)
    }

    private static func categoryList(_ node: Node, _ field: String, known: Set<String>) throws -> [String] {
        try YAMLReader.strings(node, field).enumerated().map { index, entry in
            guard known.contains(entry.0) else {
                throw RulesetError(code: RulesetError.unknownCategory,
                                   message: "unknown category '\(entry.0)'; declare it under categories", line: entry.1, field: "\(field)[\(index)]")
            }
            return entry.0
        }
    }

    private static func verdict(_ node: Node, _ field: String) throws -> Verdict {
        let text = try YAMLReader.string(node, field)
        guard let verdict = Verdict(rawValue: text), verdict != .refer else {
            throw YAMLReader.invalid(node, field, "must be review or clear: protected content is never referred")
        }
        return verdict
    }

    private static func parseGuard(_ node: Node, known: Set<String>) throws -> GuardSettings {
        var settings = GuardSettings(offer: [], benefit: [], protectWhen: [], protectedMax: .review, downgradeWhen: [], downgradeMax: .review)
        for (key, value, line) in try YAMLReader.mapping(node, "guard") {
            let field = "guard.\(key)"
            switch key {
            case "offer": settings.offer = try categoryList(value, field, known: known)
            case "benefit": settings.benefit = try categoryList(value, field, known: known)
            case "protect_when":
                settings.protectWhen = try YAMLReader.sequence(value, field).enumerated().map { try categoryList($1, "\(field)[\($0)]", known: known) }
            case "downgrade_when":
                settings.downgradeWhen = try YAMLReader.sequence(value, field).enumerated().map { try categoryList($1, "\(field)[\($0)]", known: known) }
            case "review_when":
                settings.reviewWhen = try YAMLReader.sequence(value, field).enumerated().map { try categoryList($1, "\(field)[\($0)]", known: known) }
            case "review_unread_when":
                settings.reviewUnreadWhen = try YAMLReader.sequence(value, field).enumerated().map { try categoryList($1, "\(field)[\($0)]", known: known) }
            case "protected_max": settings.protectedMax = try verdict(value, field)
            case "downgrade_max": settings.downgradeMax = try verdict(value, field)
            case "outweighed_protection_reviews": settings.outweighedProtectionReviews = try YAMLReader.bool(value, field)
            case "protect_margin":
                settings.protectMargin = try YAMLReader.double(value, field)
                guard settings.protectMargin >= 0 else { throw YAMLReader.invalid(value, field, "protect_margin must not be negative") }
            default:
                throw RulesetError(code: RulesetError.unknownField,
                                   message: "unknown guard field '\(key)'; use offer, benefit, protect_when, protect_margin, protected_max, downgrade_when, downgrade_max, review_when, review_unread_when, outweighed_protection_reviews",
                                   line: line, field: field)
            }
        }
        guard !settings.offer.isEmpty, !settings.benefit.isEmpty else {
            throw YAMLReader.invalid(node, "guard", "guard.offer and guard.benefit must each list at least one category")
        }
        return settings
    }

    private static func parseExtractors(_ node: Node?, known: Set<String>) throws -> ExtractorCategories {
        var result = ExtractorCategories()
        guard let node else { return result }
        for (key, value, line) in try YAMLReader.mapping(node, "extractors") {
            let field = "extractors.\(key)"
            let category = try YAMLReader.string(value, field)
            guard known.contains(category) else {
                throw RulesetError(code: RulesetError.unknownCategory, message: "unknown category '\(category)'; declare it under categories",
                                   line: YAMLReader.line(value), field: field)
            }
            switch key {
            case "price": result.price = category
            case "phone": result.phone = category
            case "handle": result.handle = category
            case "route": result.route = category
            case "date": result.date = category
            case "destination": result.destination = category
            default:
                throw RulesetError(code: RulesetError.unknownField,
                                   message: "unknown extractor '\(key)'; use price, phone, handle, route, date, destination", line: line, field: field)
            }
        }
        return result
    }

    private static func parseLexicon(_ node: Node, known: Set<String>) throws -> [PhraseSpec] {
        var phrases: [PhraseSpec] = []
        for (category, languages, line) in try YAMLReader.mapping(node, "lexicon") {
            guard known.contains(category) else {
                throw RulesetError(code: RulesetError.unknownCategory, message: "unknown category '\(category)'; declare it under categories",
                                   line: line, field: "lexicon.\(category)")
            }
            for (language, list, languageLine) in try YAMLReader.mapping(languages, "lexicon.\(category)") {
                let field = "lexicon.\(category).\(language)"
                guard language == "any" || (2...3).contains(language.count) && language.allSatisfy({ $0.isASCII && $0.isLowercase }) else {
                    throw RulesetError(code: RulesetError.invalidValue, message: "language must be an ISO 639 code (en, ar, fa, ...) or 'any'",
                                       line: languageLine, field: field)
                }
                for (index, entry) in try YAMLReader.strings(list, field).enumerated() {
                    var text = entry.0.trimmingCharacters(in: .whitespaces)
                    let isStem = text.hasSuffix("*")
                    if isStem { text.removeLast() }
                    let normalised = Normaliser.normalise(text, mode: .phrase)
                    guard normalised.scalars.contains(where: { !PhraseAutomaton.isSeparator($0) }) else {
                        throw RulesetError(code: RulesetError.invalidValue, message: "empty phrase; remove it", line: entry.1, field: "\(field)[\(index)]")
                    }
                    phrases.append(PhraseSpec(category: category, language: language, text: text, isStem: isStem, line: entry.1))
                }
            }
        }
        return phrases
    }

    private static func parsePlaces(_ node: Node) throws -> [PlaceSpec] {
        var places: [PlaceSpec] = []
        for (name, value, line) in try YAMLReader.mapping(node, "places") {
            let field = "places.\(name)"
            var place = PlaceSpec(name: name, isDestination: false, names: [])
            for (key, item, keyLine) in try YAMLReader.mapping(value, field) {
                switch key {
                case "destination": place.isDestination = try YAMLReader.bool(item, "\(field).destination")
                case "names": place.names = try YAMLReader.strings(item, "\(field).names").map(\.0)
                default:
                    throw RulesetError(code: RulesetError.unknownField, message: "unknown field '\(key)'; use destination and names",
                                       line: keyLine, field: "\(field).\(key)")
                }
            }
            guard !place.names.isEmpty else {
                throw RulesetError(code: RulesetError.missingField, message: "a place needs names", line: line, field: field)
            }
            places.append(place)
        }
        return places
    }

    private static func parseMultipliers(_ node: Node) throws -> [(word: String, value: Double)] {
        var result: [(word: String, value: Double)] = []
        for (valueText, words, line) in try YAMLReader.mapping(node, "multipliers") {
            guard let value = Double(valueText), value > 0 else {
                throw RulesetError(code: RulesetError.invalidValue, message: "multiplier keys are numbers such as 1000", line: line,
                                   field: "multipliers.\(valueText)")
            }
            for (word, _) in try YAMLReader.strings(words, "multipliers.\(valueText)") { result.append((word, value)) }
        }
        return result
    }

    static func isIdentifier(_ text: String) -> Bool {
        !text.isEmpty && text.unicodeScalars.allSatisfy { ($0 >= "a" && $0 <= "z") || ($0 >= "0" && $0 <= "9") || $0 == "_" }
    }
}
