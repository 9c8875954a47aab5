import Crypto
import Records

/// Replaces author identities with keyed HMAC-SHA256 pseudonyms: the same author gets the same
/// pseudonym under one key, and nobody without the key can reverse or recompute it.
public struct Pseudonymizer: Sendable {
    /// The HMAC with the key already mixed in; each pseudonym starts from a copy.
    private let keyed: KeyedHMAC

    public init(key: [UInt8]) {
        keyed = KeyedHMAC(HMAC<SHA256>(key: SymmetricKey(data: key)))
    }

    /// A key that lives only as long as this process: pseudonyms then link within one worker run only.
    public static func ephemeral() -> Pseudonymizer {
        Pseudonymizer(key: SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) })
    }

    public func pseudonym(_ value: String) -> String {
        var hmac = keyed.hmac
        var value = value
        value.withUTF8 { hmac.update(data: UnsafeRawBufferPointer($0)) }
        return "hmac:" + Hex.encode(hmac.finalize().prefix(16))
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

/// `HMAC` is a value type whose hash state is copy-on-write (swift-crypto copies its digest
/// context before the first update of a shared copy), so one keyed template can be read from any
/// thread; swift-crypto 3 just does not declare it `Sendable`.
private struct KeyedHMAC: @unchecked Sendable {
    let hmac: HMAC<SHA256>
    init(_ hmac: HMAC<SHA256>) { self.hmac = hmac }
}
