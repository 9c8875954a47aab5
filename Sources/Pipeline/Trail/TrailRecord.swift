import Foundation

/// A record of the audit trail: a decision or a dead letter, told apart by its `type` field.
public enum TrailRecord: Sendable {
    case decision(DecisionRecord)
    case deadLetter(DeadLetterRecord)

    public struct DecodingFailure: Error, CustomStringConvertible {
        public var description: String
    }

    private struct Discriminator: Decodable { var type: String }

    public init(json bytes: [UInt8]) throws {
        let data = Data(bytes)
        let decoder = JSONDecoder()
        let type = try decoder.decode(Discriminator.self, from: data).type
        switch type {
        case "decision": self = .decision(try decoder.decode(DecisionRecord.self, from: data))
        case "deadletter": self = .deadLetter(try decoder.decode(DeadLetterRecord.self, from: data))
        default: throw DecodingFailure(description: "unknown record type '\(type)'")
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
