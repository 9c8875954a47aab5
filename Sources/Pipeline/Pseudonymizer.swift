import Crypto
import Foundation

/// Replaces author identities with keyed HMAC-SHA256 pseudonyms: the same author gets the same
/// pseudonym under one key, and nobody without the key can reverse or recompute it.
public struct Pseudonymizer: Sendable {
    // Bytes, not SymmetricKey: that type is not Sendable in swift-crypto 3.
    private let key: [UInt8]

    public init(key: [UInt8]) {
        self.key = key
    }

    /// A key that lives only as long as this process: pseudonyms then link within one worker run only.
    public static func ephemeral() -> Pseudonymizer {
        Pseudonymizer(key: SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) })
    }

    public func pseudonym(_ value: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data(value.utf8), using: SymmetricKey(data: key))
        return "hmac:" + Hex.encode(mac.prefix(16))
    }

    /// The post object with its `author` (a string, or an object of strings) pseudonymised.
    public func pseudonymise(post object: [String: JSONValue]) -> [String: JSONValue] {
        var copy = object
        switch object["author"] {
        case .string(let author)?:
            copy["author"] = .string(pseudonym(author))
        case .object(let fields)?:
            copy["author"] = .object(fields.mapValues { field in
                if case .string(let value) = field { return .string(pseudonym(value)) }
                if case .number(let value) = field { return .string(pseudonym(String(value))) }
                return .null
            })
        case nil, .null?:
            break
        default:
            copy["author"] = .null
        }
        return copy
    }
}
