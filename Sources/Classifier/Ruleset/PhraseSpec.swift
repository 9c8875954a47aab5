/// A lexicon phrase.
public struct PhraseSpec: Sendable, Equatable {
    public var category: String
    /// Language code (`en`, `ar`, `fa`, ...) or `any` for emoji and cross-language terms.
    public var language: String
    /// The phrase as written in the file (a trailing `*` is removed and sets `isStem`).
    public var text: String
    /// A stem: matches at the start of longer words (`guarantee*` matches `guaranteed`).
    public var isStem: Bool
    /// Line in the ruleset file.
    public var line: Int?
}

/// A country, region or city of the route gazetteer.
public struct PlaceSpec: Sendable, Equatable {
    public var name: String
    /// A destination that people are smuggled to (EU states, UK): alone it is weak evidence.
    public var isDestination: Bool
    /// Names in all languages, flag emoji included.
    public var names: [String]
}
