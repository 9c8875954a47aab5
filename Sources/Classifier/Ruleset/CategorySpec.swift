/// One scoring category: its weight in the linear model and which side of the guard it is on.
public struct CategorySpec: Sendable, Equatable {
    public enum Side: String, Sendable, CaseIterable {
        /// Evidence of an offer of facilitation or of its features.
        case offer
        /// Evidence of financial or other material benefit.
        case benefit
        /// Evidence of humanitarian, solidarity, news or legal-service content.
        case protective
        /// Neutral context (contact, schedule), weighted by the model only.
        case context
    }

    public var name: String
    public var weight: Double
    public var side: Side
    /// What the category means, for reviewers.
    public var about: String
}
