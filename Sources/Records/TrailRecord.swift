/// A record of the audit trail: a decision or a dead letter, told apart by its `type` field.
public enum TrailRecord: Sendable {
    case decision(DecisionRecord)
    case deadLetter(DeadLetterRecord)

    /// Deepest nesting a trail record may have: a post as deep as any decoder accepts, inside
    /// a record.
    static let maxDepth = PostDecoder.nestingCeiling + 8

    /// Decodes a trail record. A record that is not strict JSON, or that holds a key twice in
    /// one object (readers disagree on which one counts), is refused: it is malformed.
    public init(json bytes: [UInt8]) throws(RecordDecodingError) {
        let fields = try Self.fields(of: bytes)
        let type = try fields.string(DecisionRecord.Field.type)
        switch type {
        case "decision": self = .decision(try DecisionRecord(fields))
        case "deadletter": self = .deadLetter(try DeadLetterRecord(fields))
        default: throw RecordDecodingError("unknown record type '\(type.prefix(64))'")
        }
    }

    /// The top-level members of a record: strict JSON, an object, no key twice in any object.
    static func fields(of bytes: [UInt8]) throws(RecordDecodingError) -> RecordFields {
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes, maxDepth: maxDepth, uniqueKeys: true)
        } catch {
            throw RecordDecodingError("not strict JSON at byte \(error.offset): \(error.message)")
        }
        return try RecordFields(value)
    }

    /// The input record this one accounts for.
    public var source: SourceOffset {
        switch self {
        case .decision(let record): record.source
        case .deadLetter(let record): record.source
        }
    }

    /// Whether `text` is a SHA-256 as records write it: 64 lower-case hex digits.
    public static func isSHA256(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }
}

extension DecisionRecord {
    /// Decodes a decision record (as `TrailRecord` does); any other record is refused.
    public init(json bytes: [UInt8]) throws(RecordDecodingError) {
        guard case .decision(let record) = try TrailRecord(json: bytes) else {
            throw RecordDecodingError("a dead letter, not a decision record")
        }
        self = record
    }
}

extension DeadLetterRecord {
    /// Decodes a dead-letter record (as `TrailRecord` does); any other record is refused.
    public init(json bytes: [UInt8]) throws(RecordDecodingError) {
        guard case .deadLetter(let record) = try TrailRecord(json: bytes) else {
            throw RecordDecodingError("a decision, not a dead-letter record")
        }
        self = record
    }
}
