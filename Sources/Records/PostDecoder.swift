import Classifier

/// A decoded input record: the post the classifier sees, and the payload it came from, whose
/// whole object (unknown fields included) the flagged records carry.
public struct DecodedPost: Sendable {
    public var post: Post
    public var payload: [UInt8]

    /// The post's whole JSON object. It is parsed again on each call: only flagged posts need
    /// it, and the decoder has already validated the payload, so this cannot fail unless the
    /// payload was changed.
    public func object() throws(DeadLetterReason) -> [String: JSONValue] {
        let value: JSONValue
        do {
            value = try JSONParser.parse(payload, maxDepth: PostDecoder.nestingCeiling)
        } catch {
            throw DeadLetterReason(.invalidJSON, "payload is not valid JSON at byte \(error.offset): \(error.message)")
        }
        guard case .object(let members) = value else {
            throw DeadLetterReason(.notAnObject, "payload is JSON but not an object: a post is a JSON object")
        }
        return members
    }
}

/// Turns input payloads into posts, or says precisely why it cannot.
///
/// Checks run cheapest first and bound the work an attacker can cause: size before anything,
/// then UTF-8, then one strict pass of the JSON parser with bounded nesting, which builds only
/// the fields the classifier reads.
public struct PostDecoder: Sendable {
    public var maxPayloadBytes: Int
    public var maxNestingDepth: Int
    /// Longest accepted post id, in UTF-8 bytes.
    public var maxIDBytes: Int
    /// Whether an integer `id` is taken as its decimal text. The worker refuses it (the schema
    /// says string); `classify` accepts it, for corpora exported by other tools.
    public var acceptsIntegerIDs = false

    public static let defaultMaxPayloadBytes = 1 << 20
    /// Deepest nesting any decoder accepts, whatever it is configured with: the parser recurses
    /// once per level, and workers decide on threads with small stacks.
    public static let nestingCeiling = 128

    public init(maxPayloadBytes: Int = PostDecoder.defaultMaxPayloadBytes, maxNestingDepth: Int = 32, maxIDBytes: Int = 512) {
        self.maxPayloadBytes = maxPayloadBytes
        self.maxNestingDepth = maxNestingDepth
        self.maxIDBytes = maxIDBytes
    }

    /// The librdkafka `message.max.bytes` a producer needs to send every payload this decoder
    /// accepts, keyed by its id: librdkafka counts key and per-message overhead (a few dozen bytes
    /// in 2.0.2) against the limit, so a limit equal to the payload limit refuses the largest posts.
    public var producerMessageMaxBytes: Int { maxPayloadBytes + maxIDBytes + 1024 }

    public func decode(_ payload: [UInt8]?) -> Result<DecodedPost, DeadLetterReason> {
        guard let payload, !payload.isEmpty else {
            return .failure(DeadLetterReason(.emptyPayload, "the record has no payload (tombstone or zero bytes)"))
        }
        guard payload.count <= maxPayloadBytes else {
            return .failure(DeadLetterReason(.payloadTooLarge,
                "payload is \(payload.count) bytes; the limit is \(maxPayloadBytes) (max post size)"))
        }
        do {
            _ = try UTF8Span(validating: payload.span)
        } catch {
            return .failure(DeadLetterReason(.invalidUTF8, "payload is not valid UTF-8 (bytes \(error.byteOffsets))"))
        }
        let fields: PostFields
        switch scanFields(payload) {
        case .failure(let reason): return .failure(reason)
        case .success(let found): fields = found
        }
        if let duplicate = fields.duplicate {
            return .failure(DeadLetterReason(.invalidField, "field '\(duplicate)' appears more than once; a post has each field once"))
        }
        let id: String
        let text: String
        switch (fields.required(.id), fields.required(.text)) {
        case (.failure(let reason), _), (_, .failure(let reason)):
            return .failure(reason)
        case (.success(let foundID), .success(let foundText)):
            id = foundID
            text = foundText
        }
        guard !id.isEmpty, id.utf8.count <= maxIDBytes else {
            return .failure(DeadLetterReason(.invalidField, "field 'id' must be 1 to \(maxIDBytes) bytes long"))
        }
        for field in PostFields.Field.optional where fields[field] == .other {
            return .failure(DeadLetterReason(.invalidField, "field '\(field.name)' must be a string or null"))
        }
        let post = Post(id: id, text: text, platform: fields[.platform].string, lang: fields[.lang].string)
        return .success(DecodedPost(post: post, payload: payload))
    }

    /// One pass over the whole payload: JSON errors first, then the post's own fields.
    private func scanFields(_ payload: [UInt8]) -> Result<PostFields, DeadLetterReason> {
        payload.withUnsafeBufferPointer { buffer in
            // decode() has validated the payload's UTF-8.
            var parser = JSONParser(.alreadyValidated(buffer), maxDepth: min(maxNestingDepth, Self.nestingCeiling))
            var fields = PostFields()
            do throws(JSONParser.Failure) {
                parser.skipWhitespace()
                guard parser.peek() == UInt8(ascii: "{") else {
                    // Either JSON of another kind, or no JSON at all: find out which.
                    try parser.skipValue(depth: 0)
                    try parser.expectEnd()
                    return .failure(DeadLetterReason(.notAnObject, "payload is JSON but not an object: a post is a JSON object"))
                }
                try parser.object(depth: 0) { (parser, key) throws(JSONParser.Failure) in
                    guard let field = PostFields.Field(key) else { return try parser.skipValue(depth: 1) }
                    try fields.read(field, from: &parser, acceptsIntegerID: acceptsIntegerIDs)
                }
                try parser.expectEnd()
            } catch {
                switch error.kind {
                case .tooDeep: return .failure(DeadLetterReason(.nestingTooDeep, error.message))
                case .invalid: return .failure(DeadLetterReason(.invalidJSON, "payload is not valid JSON at byte \(error.offset): \(error.message)"))
                }
            }
            return .success(fields)
        }
    }
}

/// The schema's own fields of one post, as the parser met them.
private struct PostFields {
    enum Field: Int {
        case id, text, platform, lang, url, createdAt, scrapedAt

        init?(_ key: String) {
            switch key {
            case "id": self = .id
            case "text": self = .text
            case "platform": self = .platform
            case "lang": self = .lang
            case "url": self = .url
            case "created_at": self = .createdAt
            case "scraped_at": self = .scrapedAt
            default: return nil
            }
        }

        var name: String {
            switch self {
            case .id: "id"
            case .text: "text"
            case .platform: "platform"
            case .lang: "lang"
            case .url: "url"
            case .createdAt: "created_at"
            case .scrapedAt: "scraped_at"
            }
        }

        /// What the classifier reads; the others are only type-checked.
        var isRead: Bool { self == .id || self == .text || self == .platform || self == .lang }

        /// Optional string fields of the post schema; other fields are kept as they are.
        static let optional: [Field] = [.platform, .url, .lang, .createdAt, .scrapedAt]
    }

    enum Value: Equatable {
        case absent
        case null
        /// A string; empty for fields that are checked but not read.
        case string(String)
        /// Any other JSON value.
        case other

        var string: String? {
            if case .string(let value) = self { return value }
            return nil
        }
    }

    /// One slot per `Field` case; inline, not an array: one heap allocation per post fewer.
    private var values = InlineArray<7, Value>(repeating: .absent)
    /// The first schema field met twice: a second `text` could show reviewers other words than
    /// the classifier read.
    private(set) var duplicate: String?

    subscript(field: Field) -> Value { values[field.rawValue] }

    mutating func read(_ field: Field, from parser: inout JSONParser, acceptsIntegerID: Bool) throws(JSONParser.Failure) {
        if values[field.rawValue] != .absent, duplicate == nil { duplicate = field.name }
        parser.skipWhitespace()
        if field == .id, acceptsIntegerID, let first = parser.peek(),
           first == UInt8(ascii: "-") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) {
            values[field.rawValue] = try parser.integerLiteral().map(Value.string) ?? .other
            return
        }
        switch parser.peek() {
        case UInt8(ascii: "\""):
            if field.isRead {
                values[field.rawValue] = .string(try parser.string())
            } else {
                try parser.skipString()
                values[field.rawValue] = .string("")
            }
        case UInt8(ascii: "n"):
            try parser.skipValue(depth: 1)
            values[field.rawValue] = .null
        default:
            try parser.skipValue(depth: 1)
            values[field.rawValue] = .other
        }
    }

    func required(_ field: Field) -> Result<String, DeadLetterReason> {
        switch self[field] {
        case .absent, .null: .failure(DeadLetterReason(.missingField, "required field '\(field.name)' is missing"))
        case .other: .failure(DeadLetterReason(.invalidField, "field '\(field.name)' must be a string"))
        case .string(let value): .success(value)
        }
    }
}
