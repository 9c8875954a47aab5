import Classifier

/// A fast path for the common post record: one flat JSON object whose `id`, `text`, `lang` and
/// `platform` are plain strings (or an integer id). Anything unusual (invalid UTF-8, lone
/// surrogates, a non-integer id, trailing bytes) returns nil and `PostJSON` decodes the line
/// with `JSONDecoder`, which also produces the error messages. Other fields are skipped.
struct FastPostDecoder {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0

    /// Decodes `line`, or nil when the general decoder must handle it.
    static func decode<Bytes: Collection<UInt8>>(_ line: Bytes) -> Post? {
        let result = line.withContiguousStorageIfAvailable { buffer -> Post? in
            var decoder = FastPostDecoder(bytes: buffer)
            return decoder.post()
        }
        if let result { return result }
        return Array(line).withUnsafeBufferPointer { buffer in
            var decoder = FastPostDecoder(bytes: buffer)
            return decoder.post()
        }
    }

    private init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    private mutating func post() -> Post? {
        var id: String?
        var text: String?
        var lang: String?
        var platform: String?
        skipSpace()
        guard take(0x7B) else { return nil }  // {
        skipSpace()
        if take(0x7D) { return nil }  // {} has no id: let the general path say so
        while true {
            skipSpace()
            guard let key = string() else { return nil }
            skipSpace()
            guard take(0x3A) else { return nil }  // :
            skipSpace()
            switch key {
            case "id":
                if peek() == 0x22 {
                    guard let value = string() else { return nil }
                    id = value
                } else {
                    guard let value = integer() else { return nil }
                    id = value
                }
            case "text": guard let value = string() else { return nil }; text = value
            case "lang": guard optionalString(&lang) else { return nil }
            case "platform": guard optionalString(&platform) else { return nil }
            default: guard skipValue(depth: 0) else { return nil }
            }
            skipSpace()
            if take(0x2C) { continue }  // ,
            guard take(0x7D) else { return nil }  // }
            break
        }
        skipSpace()
        guard index == bytes.count, let id, let text else { return nil }
        return Post(id: id, text: text, platform: platform, lang: lang)
    }

    /// A string or null for an optional field; false when neither.
    private mutating func optionalString(_ target: inout String?) -> Bool {
        if peek() == 0x6E {
            guard literal("null") else { return false }
            target = nil
            return true
        }
        guard let value = string() else { return false }
        target = value
        return true
    }

    private func peek() -> UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func take(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    private mutating func skipSpace() {
        while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 || bytes[index] == 0x0A || bytes[index] == 0x0D {
            index += 1
        }
    }

    private mutating func literal(_ word: String) -> Bool {
        for byte in word.utf8 {
            guard take(byte) else { return false }
        }
        return true
    }

    private mutating func integer() -> String? {
        let start = index
        _ = take(0x2D)
        while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1 }
        guard index > start, index - start <= 18, let next = peek(), next == 0x2C || next == 0x7D || next == 0x20 else { return nil }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
    }

    /// A JSON string; nil on anything the general decoder should judge.
    private mutating func string() -> String? {
        guard take(0x22) else { return nil }
        let start = index
        var escaped = false
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x22 { break }
            if byte == 0x5C { escaped = true; index += 2; continue }
            if byte < 0x20 { return nil }
            index += 1
        }
        guard index < bytes.count, bytes[index] == 0x22 else { return nil }
        let raw = UnsafeBufferPointer(rebasing: bytes[start..<index])
        index += 1
        guard escaped else { return String(validating: raw, as: UTF8.self) }
        return unescape(raw)
    }

    private func unescape(_ raw: UnsafeBufferPointer<UInt8>) -> String? {
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var position = 0
        while position < raw.count {
            let byte = raw[position]
            guard byte == 0x5C else {
                out.append(byte)
                position += 1
                continue
            }
            guard position + 1 < raw.count else { return nil }
            let kind = raw[position + 1]
            position += 2
            switch kind {
            case 0x22, 0x5C, 0x2F: out.append(kind)
            case 0x62: out.append(0x08)
            case 0x66: out.append(0x0C)
            case 0x6E: out.append(0x0A)
            case 0x72: out.append(0x0D)
            case 0x74: out.append(0x09)
            case 0x75:
                guard var value = hex4(raw, position) else { return nil }
                position += 4
                if (0xD800...0xDBFF).contains(value) {
                    guard position + 6 <= raw.count, raw[position] == 0x5C, raw[position + 1] == 0x75,
                          let low = hex4(raw, position + 2), (0xDC00...0xDFFF).contains(low) else { return nil }
                    value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
                    position += 6
                }
                guard let scalar = Unicode.Scalar(value) else { return nil }
                out.append(contentsOf: String(Character(scalar)).utf8)
            default: return nil
            }
        }
        return String(validating: out, as: UTF8.self)
    }

    private func hex4(_ raw: UnsafeBufferPointer<UInt8>, _ at: Int) -> UInt32? {
        guard at + 4 <= raw.count else { return nil }
        var value: UInt32 = 0
        for offset in 0..<4 {
            let byte = raw[at + offset]
            let digit: UInt32
            switch byte {
            case 0x30...0x39: digit = UInt32(byte - 0x30)
            case 0x61...0x66: digit = UInt32(byte - 0x61 + 10)
            case 0x41...0x46: digit = UInt32(byte - 0x41 + 10)
            default: return nil
            }
            value = value << 4 | digit
        }
        return value
    }

    /// Skips any JSON value (bounded nesting), checking only its outline; the general decoder
    /// validates lines the fast path does not accept.
    private mutating func skipValue(depth: Int) -> Bool {
        guard depth < 64, let first = peek() else { return false }
        switch first {
        case 0x22: return string() != nil
        case 0x7B, 0x5B:
            let close: UInt8 = first == 0x7B ? 0x7D : 0x5D
            index += 1
            skipSpace()
            if take(close) { return true }
            while true {
                skipSpace()
                if first == 0x7B {
                    guard string() != nil else { return false }
                    skipSpace()
                    guard take(0x3A) else { return false }
                    skipSpace()
                }
                guard skipValue(depth: depth + 1) else { return false }
                skipSpace()
                if take(0x2C) { continue }
                return take(close)
            }
        default:
            let start = index
            while index < bytes.count, let byte = peek(), byte != 0x2C, byte != 0x7D, byte != 0x5D, byte != 0x20, byte != 0x0A,
                  byte != 0x09, byte != 0x0D {
                index += 1
            }
            let token = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
            return token == "true" || token == "false" || token == "null" || Double(token) != nil
        }
    }
}
