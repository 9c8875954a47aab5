/// The pipeline's topic names, all with one common prefix.
public struct PipelineTopics: Sendable, Equatable {
    public var posts: String
    public var referrals: String
    public var review: String
    public var audit: String
    public var deadletter: String
    public var verdicts: String

    public init(prefix: String = "") {
        posts = prefix + "posts"
        referrals = prefix + "referrals"
        review = prefix + "review"
        audit = prefix + "audit"
        deadletter = prefix + "deadletter"
        verdicts = prefix + "verdicts"
    }

    public var all: [String] { [posts, referrals, review, audit, deadletter, verdicts] }
}
