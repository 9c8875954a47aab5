/// A ruleset that cannot be used, with where and what to fix.
public struct RulesetError: Error, CustomStringConvertible, Sendable, Equatable {
    /// Stable machine-readable code, e.g. `ruleset.syntax`.
    public var code: String
    /// What is wrong and what to do about it.
    public var message: String
    /// 1-based line in the ruleset file, when known.
    public var line: Int?
    /// Dotted path of the offending field, e.g. `lexicon.facilitation.en[3]`.
    public var field: String?

    public static let unreadable = "ruleset.unreadable"
    public static let syntax = "ruleset.syntax"
    public static let missingField = "ruleset.missing_field"
    public static let invalidValue = "ruleset.invalid_value"
    public static let unknownCategory = "ruleset.unknown_category"
    public static let unknownField = "ruleset.unknown_field"
    public static let noDefault = "ruleset.no_default"

    public init(code: String, message: String, line: Int? = nil, field: String? = nil) {
        self.code = code
        self.message = message
        self.line = line
        self.field = field
    }

    public var description: String {
        var prefix = ""
        if let line { prefix += "line \(line): " }
        if let field { prefix += "\(field): " }
        return prefix + message
    }
}
