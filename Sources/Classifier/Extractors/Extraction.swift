/// A finding of a structured extractor, as a half-open range of normalised scalars.
struct Extraction: Sendable, Equatable {
    /// Signal name, e.g. `price.amount`, `contact.phone`, `route.pair`.
    var name: String
    /// Index of the category in `Ruleset.categories`.
    var category: Int
    var start: Int
    var end: Int
    /// Index of the lexicon phrase in `Ruleset.phrases`, -1 for extractor findings.
    var phrase: Int = -1
}
