import Classifier
import Foundation

/// A decoded input record: the post the classifier sees, and the whole JSON object, unknown fields
/// included, for the records that carry the post.
public struct DecodedPost: @unchecked Sendable {
    // @unchecked: `object` holds only JSONSerialization's immutable value types.
    public var post: Post
    public var object: [String: Any]
}

/// Turns input payloads into posts, or says precisely why it cannot.
///
/// Checks run cheapest first and bound the work an attacker can cause: size before anything,
/// UTF-8 and nesting depth in one linear scan before the JSON parser sees the bytes.
public struct PostDecoder: Sendable {
    public var maxPayloadBytes: Int
    public var maxNestingDepth: Int
    /// Longest accepted post id, in UTF-8 bytes.
    public var maxIDBytes: Int

    public static let defaultMaxPayloadBytes = 1 << 20

    public init(maxPayloadBytes: Int = PostDecoder.defaultMaxPayloadBytes, maxNestingDepth: Int = 32, maxIDBytes: Int = 512) {
        self.maxPayloadBytes = maxPayloadBytes
        self.maxNestingDepth = maxNestingDepth
        self.maxIDBytes = maxIDBytes
    }

    /// Optional string fields of the post schema; anything else unknown is kept as it is.
    public static let optionalStringFields = ["platform", "url", "lang", "created_at", "scraped_at"]

    public func decode(_ payload: [UInt8]?) -> Result<DecodedPost, DeadLetterReason> {
        guard let payload, !payload.isEmpty else {
            return .failure(DeadLetterReason(.emptyPayload, "the record has no payload (tombstone or zero bytes)"))
        }
        guard payload.count <= maxPayloadBytes else {
            return .failure(DeadLetterReason(.payloadTooLarge,
                "payload is \(payload.count) bytes; the limit is \(maxPayloadBytes) (max post size)"))
        }
        if let problem = Self.scan(payload, maxDepth: maxNestingDepth) { return .failure(problem) }

        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: Data(payload), options: [.fragmentsAllowed])
        } catch {
            return .failure(DeadLetterReason(.invalidJSON, "payload is not valid JSON (truncated or malformed)"))
        }
        guard let object = parsed as? [String: Any] else {
            return .failure(DeadLetterReason(.notAnObject, "payload is JSON but not an object: a post is a JSON object"))
        }
        let id: String
        let text: String
        switch (requiredString("id", in: object), requiredString("text", in: object)) {
        case (.failure(let reason), _), (_, .failure(let reason)):
            return .failure(reason)
        case (.success(let foundID), .success(let foundText)):
            id = foundID
            text = foundText
        }
        guard !id.isEmpty, id.utf8.count <= maxIDBytes else {
            return .failure(DeadLetterReason(.invalidField, "field 'id' must be 1 to \(maxIDBytes) bytes long"))
        }
        for field in Self.optionalStringFields {
            guard let value = object[field], !(value is NSNull) else { continue }
            guard value is String else {
                return .failure(DeadLetterReason(.invalidField, "field '\(field)' must be a string or null"))
            }
        }
        let post = Post(id: id, text: text, platform: object["platform"] as? String, lang: object["lang"] as? String)
        return .success(DecodedPost(post: post, object: object))
    }

    private func requiredString(_ field: String, in object: [String: Any]) -> Result<String, DeadLetterReason> {
        guard let value = object[field], !(value is NSNull) else {
            return .failure(DeadLetterReason(.missingField, "required field '\(field)' is missing"))
        }
        // JSONSerialization bridges numbers to NSNumber and strings to String: only a real string passes.
        guard let string = value as? String, !(value is NSNumber) else {
            return .failure(DeadLetterReason(.invalidField, "field '\(field)' must be a string"))
        }
        return .success(string)
    }

    /// Validates UTF-8 and measures nesting outside strings in one pass.
    static func scan(_ bytes: [UInt8], maxDepth: Int) -> DeadLetterReason? {
        guard String(validating: bytes, as: UTF8.self) != nil else {
            return DeadLetterReason(.invalidUTF8, "payload is not valid UTF-8")
        }
        var depth = 0
        var inString = false
        var escaped = false
        for byte in bytes {
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
                if depth > maxDepth {
                    return DeadLetterReason(.nestingTooDeep, "JSON nesting deeper than \(maxDepth) levels")
                }
            case UInt8(ascii: "}"), UInt8(ascii: "]"): depth -= 1
            default: break
            }
        }
        return nil
    }
}
