import Foundation

/// A record of the audit trail: a decision or a dead letter, told apart by its `type` field.
public enum TrailRecord: Sendable {
    case decision(DecisionRecord)
    case deadLetter(DeadLetterRecord)

    public struct DecodingFailure: Error, CustomStringConvertible {
        public var description: String
    }

    private struct Discriminator: Decodable { var type: String }

    /// Deepest nesting a trail record may have: a post as deep as any decoder accepts, inside
    /// a record.
    static let maxDepth = PostDecoder.nestingCeiling + 8

    /// Decodes a trail record. A record that is not strict JSON, or that holds a key twice in
    /// one object (readers disagree on which one counts), is refused: it is malformed.
    public init(json bytes: [UInt8]) throws {
        try Self.requireUniqueKeys(bytes)
        let data = Data(bytes)
        let decoder = JSONDecoder()
        let type = try decoder.decode(Discriminator.self, from: data).type
        switch type {
        case "decision": self = .decision(try decoder.decode(DecisionRecord.self, from: data))
        case "deadletter": self = .deadLetter(try decoder.decode(DeadLetterRecord.self, from: data))
        default: throw DecodingFailure(description: "unknown record type '\(type)'")
        }
    }

    /// Throws a `DecodingFailure` when `bytes` are not strict JSON or hold a key twice in one object.
    static func requireUniqueKeys(_ bytes: [UInt8]) throws(DecodingFailure) {
        do {
            try JSONParser.validateUniqueKeys(bytes, maxDepth: maxDepth)
        } catch {
            throw DecodingFailure(description: "not strict JSON at byte \(error.offset): \(error.message)")
        }
    }

    /// The input record this one accounts for.
    public var source: SourceOffset {
        switch self {
        case .decision(let record): record.source
        case .deadLetter(let record): record.source
        }
    }
}
