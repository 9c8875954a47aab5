/// The fitted part of a ruleset (`model:`), written by `smugglewatch train`.
///
/// The category weights say how much each kind of evidence counts; the model refines them
/// with what a labeled corpus taught: a weight per phrase (a deviation from its category's
/// weight, so an unseen phrase counts as its category does), interactions between the sides
/// of the guard, and character n-grams of the normalised text, the backstop for languages and
/// wordings the lexicon does not cover. Every part is a signal in a decision's explanation.
public struct ModelSpec: Sendable, Equatable {
    /// Phrase signal name (`category.language.phrase`) → deviation from the category weight.
    public var phraseWeights: [String: Double] = [:]
    /// Logit terms for combinations of evidence, in file order.
    public var interactions: [InteractionSpec] = []
    /// Length of the character n-grams (scalars, word boundaries included).
    public var ngramLength: Int = 4
    /// N-gram (normalised text, a space at word edges, digits as `0`) → weight, in file order.
    public var ngrams: [(gram: String, weight: Double)] = []

    public init() {}

    public static func == (lhs: ModelSpec, rhs: ModelSpec) -> Bool {
        lhs.phraseWeights == rhs.phraseWeights && lhs.interactions == rhs.interactions && lhs.ngramLength == rhs.ngramLength
            && lhs.ngrams.map(\.gram) == rhs.ngrams.map(\.gram) && lhs.ngrams.map(\.weight) == rhs.ngrams.map(\.weight)
    }
}

/// A logit term present when every part is: `[offer, benefit]` is an offer made for money.
public struct InteractionSpec: Sendable, Equatable {
    public var name: String
    public var weight: Double
    /// Each part is a category name, or `offer` / `benefit` (any category the guard counts as
    /// such), or `protective` (any protective category).
    public var parts: [String]
}
