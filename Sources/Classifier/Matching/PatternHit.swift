/// What a pattern of the automaton stands for.
enum PatternKind: Sendable, Equatable {
    /// `Ruleset.phrases[index]`.
    case phrase(Int)
    /// `Ruleset.places[index]`.
    case place(Int)
    /// A currency name or symbol.
    case currency
    /// A number word that multiplies the number before it.
    case multiplier(Double)
}

/// One accepted occurrence of a pattern, as a half-open range of normalised scalars.
struct PatternHit: Sendable, Equatable {
    var pattern: Int
    var start: Int
    var end: Int
}
