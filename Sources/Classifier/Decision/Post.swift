/// A scraped social-media post: the classifier's only input.
///
/// The classifier never sees Kafka or JSON; the pipeline decodes records into posts.
public struct Post: Sendable, Equatable {
    public var id: String
    public var text: String
    public var platform: String?
    public var lang: String?

    public init(id: String, text: String, platform: String? = nil, lang: String? = nil) {
        self.id = id
        self.text = text
        self.platform = platform
        self.lang = lang
    }
}
