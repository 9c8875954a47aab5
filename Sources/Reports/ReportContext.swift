/// What every report format states about itself: when it was made, from which topics, with which filter.
public struct ReportContext: Sendable {
    public var title: String
    /// RFC 3339 time the report was generated.
    public var generatedAt: String
    public var topics: [String]
    public var filter: ReportFilter
    /// Most items rendered one by one; the summary always covers all of them.
    public var maxItems: Int

    public init(title: String = "SmuggleWatch flagged posts", generatedAt: String, topics: [String],
                filter: ReportFilter = ReportFilter(), maxItems: Int = 5000) {
        self.title = title
        self.generatedAt = generatedAt
        self.topics = topics
        self.filter = filter
        self.maxItems = maxItems
    }

    /// Items in reading order: referrals first, then by score, highest first.
    public static func ordered(_ items: [ReportItem]) -> [ReportItem] {
        items.sorted { first, second in
            let one = (first.record.decision == .refer ? 0 : 1, -first.record.score, first.record.postID, first.record.source.description)
            let two = (second.record.decision == .refer ? 0 : 1, -second.record.score, second.record.postID, second.record.source.description)
            return one < two
        }
    }
}
