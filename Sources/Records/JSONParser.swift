/// A strict RFC 8259 JSON parser over UTF-8 bytes, for input posts.
///
/// It replaced `JSONSerialization`, which took a fifth of the worker's CPU per record and
/// builds bridged objects that then had to be converted again. It can validate without building
/// anything (`skipValue`), so a post's unknown fields cost no allocations unless the post is
/// flagged and its whole object is wanted (`value`). Both walk the same grammar, so a payload
/// that validated also materialises.
///
/// Nesting is bounded (`maxDepth`), so recursion depth is too. Callers validate UTF-8 first and
/// say so (`ValidatedUTF8`): strings are then made without validating their bytes again, a
/// tenth of a post's decoding.
struct JSONParser {
    struct Failure: Error, Equatable {
        enum Kind: Equatable {
            case invalid
            case tooDeep
        }

        var kind: Kind
        var message: String
        /// Byte offset in the payload where the problem was found.
        var offset: Int
    }

    /// Bytes that are known to be valid UTF-8: only `validating` makes one.
    struct ValidatedUTF8 {
        let bytes: UnsafeBufferPointer<UInt8>

        /// Nil when `bytes` are not valid UTF-8.
        static func validating(_ bytes: UnsafeBufferPointer<UInt8>) -> ValidatedUTF8? {
            guard (try? UTF8Span(validating: Span(_unsafeElements: bytes))) != nil else { return nil }
            return ValidatedUTF8(bytes: bytes)
        }

        /// Bytes a caller has just validated (`UTF8Span(validating:)`), not to validate twice.
        static func alreadyValidated(_ bytes: UnsafeBufferPointer<UInt8>) -> ValidatedUTF8 {
            ValidatedUTF8(bytes: bytes)
        }
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private let maxDepth: Int
    /// Whether `value` refuses an object that holds a key twice (see `parse`).
    private let uniqueKeys: Bool
    private(set) var index = 0

    init(_ payload: ValidatedUTF8, maxDepth: Int, uniqueKeys: Bool = false) {
        bytes = payload.bytes
        self.maxDepth = maxDepth
        self.uniqueKeys = uniqueKeys
    }

    /// `bytes[range]`, which starts and ends at scalar boundaries of the validated payload, as a String.
    private func text(_ range: Range<Int>) -> String {
        let span = Span(_unsafeElements: UnsafeBufferPointer(rebasing: bytes[range]))
        return String(copying: unsafe UTF8Span(unchecked: span))
    }

    var isAtEnd: Bool { index >= bytes.count }

    /// Parses one complete document: a value with nothing but whitespace after it.
    ///
    /// With `uniqueKeys`, an object that holds a key twice, at any depth, is refused. JSON leaves
    /// a repeated key's meaning open and readers differ: Foundation's decoder keeps the first
    /// value, jq and Python the last. A record with `"decision":"clear",…,"decision":"refer"`
    /// would say one thing to one auditor's tool and another to the next, so the trail's readers
    /// refuse it. Keys are compared as Swift strings (canonical equivalence), as the
    /// dictionaries that hold them are.
    static func parse(_ payload: [UInt8], maxDepth: Int, uniqueKeys: Bool = false) throws(Failure) -> JSONValue {
        try payload.withUnsafeBufferPointer { (buffer) throws(Failure) -> JSONValue in
            guard let validated = ValidatedUTF8.validating(buffer) else {
                throw Failure(kind: .invalid, message: "the payload is not valid UTF-8", offset: 0)
            }
            var parser = JSONParser(validated, maxDepth: maxDepth, uniqueKeys: uniqueKeys)
            let value = try parser.value(depth: 0)
            try parser.expectEnd()
            return value
        }
    }

    // MARK: Structure

    /// The next value, built.
    mutating func value(depth: Int) throws(Failure) -> JSONValue {
        skipWhitespace()
        guard let first = peek() else { throw invalid("the payload ends where a value should start") }
        switch first {
        case UInt8(ascii: "{"):
            var members: [String: JSONValue] = [:]
            try object(depth: depth) { (parser, key) throws(Failure) in
                let keyOffset = parser.index
                let value = try parser.value(depth: depth + 1)
                // Otherwise the last of a repeated key wins, as in most parsers.
                if members.updateValue(value, forKey: key) != nil, parser.uniqueKeys {
                    let shown = String(String.UnicodeScalarView(key.unicodeScalars.prefix(64)))
                    throw parser.invalid("key '\(shown)' appears more than once in one object", at: keyOffset)
                }
            }
            return .object(members)
        case UInt8(ascii: "["):
            var elements: [JSONValue] = []
            try array(depth: depth) { (parser) throws(Failure) in elements.append(try parser.value(depth: depth + 1)) }
            return .array(elements)
        case UInt8(ascii: "\""):
            return .string(try string())
        default:
            return try scalar(first)
        }
    }

    /// Checks the next value without building it.
    mutating func skipValue(depth: Int) throws(Failure) {
        skipWhitespace()
        guard let first = peek() else { throw invalid("the payload ends where a value should start") }
        switch first {
        case UInt8(ascii: "{"):
            try object(depth: depth) { (parser, _) throws(Failure) in try parser.skipValue(depth: depth + 1) }
        case UInt8(ascii: "["):
            try array(depth: depth) { (parser) throws(Failure) in try parser.skipValue(depth: depth + 1) }
        case UInt8(ascii: "\""):
            try skipString()
        default:
            _ = try scalar(first, build: false)
        }
    }

    /// Walks an object whose `{` is next, calling `member` with the parser positioned at each
    /// member's value (which `member` must consume).
    mutating func object(depth: Int, member: (inout JSONParser, String) throws(Failure) -> Void) throws(Failure) {
        try enter(depth: depth)
        index += 1
        skipWhitespace()
        if take(UInt8(ascii: "}")) { return }
        while true {
            skipWhitespace()
            guard peek() == UInt8(ascii: "\"") else { throw invalid("an object member must start with a quoted key") }
            let key = try string()
            skipWhitespace()
            guard take(UInt8(ascii: ":")) else { throw invalid("expected ':' after the key") }
            try member(&self, key)
            skipWhitespace()
            if take(UInt8(ascii: ",")) { continue }
            if take(UInt8(ascii: "}")) { return }
            throw invalid(isAtEnd ? "the payload ends inside an object" : "expected ',' or '}' in an object")
        }
    }

    mutating func array(depth: Int, element: (inout JSONParser) throws(Failure) -> Void) throws(Failure) {
        try enter(depth: depth)
        index += 1
        skipWhitespace()
        if take(UInt8(ascii: "]")) { return }
        while true {
            try element(&self)
            skipWhitespace()
            if take(UInt8(ascii: ",")) { continue }
            if take(UInt8(ascii: "]")) { return }
            throw invalid(isAtEnd ? "the payload ends inside an array" : "expected ',' or ']' in an array")
        }
    }

    private func enter(depth: Int) throws(Failure) {
        if depth >= maxDepth {
            throw Failure(kind: .tooDeep, message: "JSON nesting deeper than \(maxDepth) levels", offset: index)
        }
    }

    /// Only whitespace may follow the document.
    mutating func expectEnd() throws(Failure) {
        skipWhitespace()
        guard isAtEnd else { throw invalid("unexpected bytes after the end of the JSON value") }
    }

    // MARK: Scalars

    /// `true`, `false`, `null` or a number; `build: false` skips the conversion to Double.
    private mutating func scalar(_ first: UInt8, build: Bool = true) throws(Failure) -> JSONValue {
        switch first {
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number(build: build)
        default: throw invalid("unexpected byte 0x\(String(first, radix: 16)) where a value should start")
        }
    }

    private mutating func literal(_ word: StaticString) throws(Failure) {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw invalid("invalid literal: expected '\(word)'") }
        for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] {
            throw invalid("invalid literal: expected '\(word)'")
        }
        index += count
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, and finite as a Double.
    private mutating func number(build: Bool) throws(Failure) -> JSONValue {
        let start = index
        _ = take(UInt8(ascii: "-"))
        if take(UInt8(ascii: "0")) {
            if isDigit(peek()) { throw invalid("a number must not have a leading zero") }
        } else {
            guard digits() > 0 else { throw invalid("expected a digit") }
        }
        if take(UInt8(ascii: ".")) {
            guard digits() > 0 else { throw invalid("expected a digit after the decimal point") }
        }
        var hasExponent = false
        if take(UInt8(ascii: "e")) || take(UInt8(ascii: "E")) {
            if !take(UInt8(ascii: "+")) { _ = take(UInt8(ascii: "-")) }
            guard digits() > 0 else { throw invalid("expected a digit in the exponent") }
            hasExponent = true
        }
        // Only an exponent or hundreds of digits can leave a Double's range: skipping checks
        // those too, so whatever validates also builds.
        guard build || hasExponent || index - start > 300 else { return .null }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        guard let value = Double(text), value.isFinite else {
            throw Failure(kind: .invalid, message: "number \(text.prefix(40)) is out of range", offset: start)
        }
        return .number(value)
    }

    /// The number that is next, as written, when it is an integer (no fraction or exponent) of
    /// at most 18 digits; nil for any other number. The number is consumed either way.
    mutating func integerLiteral() throws(Failure) -> String? {
        let start = index
        _ = try number(build: false)
        let literal = UnsafeBufferPointer(rebasing: bytes[start..<index])
        let digitCount = literal.count - (literal.first == UInt8(ascii: "-") ? 1 : 0)
        guard digitCount <= 18, !literal.contains(where: { $0 == UInt8(ascii: ".") || $0 | 0x20 == UInt8(ascii: "e") }) else {
            return nil
        }
        return String(decoding: literal, as: UTF8.self)
    }

    private mutating func digits() -> Int {
        let start = index
        while isDigit(peek()) { index += 1 }
        return index - start
    }

    private func isDigit(_ byte: UInt8?) -> Bool {
        guard let byte else { return false }
        return byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    // MARK: Strings

    /// The string whose opening quote is next, unescaped.
    mutating func string() throws(Failure) -> String {
        let start = index + 1
        if try scanString() {
            return try unescape(UnsafeBufferPointer(rebasing: bytes[start..<(index - 1)]), offset: start)
        }
        return text(start..<(index - 1))
    }

    /// Checks the string whose opening quote is next, escapes included, without building it.
    mutating func skipString() throws(Failure) {
        let start = index + 1
        if try scanString() {
            try checkEscapes(UnsafeBufferPointer(rebasing: bytes[start..<(index - 1)]), offset: start)
        }
    }

    /// Moves past the closing quote; true when the string holds escapes.
    private mutating func scanString() throws(Failure) -> Bool {
        index += 1
        var escaped = false
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                return escaped
            }
            if byte == UInt8(ascii: "\\") {
                escaped = true
                index += 2
                continue
            }
            if byte < 0x20 { throw invalid("a control character must be escaped inside a string") }
            index += 1
        }
        throw invalid("the payload ends inside a string")
    }

    private func checkEscapes(_ raw: UnsafeBufferPointer<UInt8>, offset: Int) throws(Failure) {
        var position = 0
        while position < raw.count {
            if raw[position] != UInt8(ascii: "\\") {
                position += 1
                continue
            }
            _ = try escape(raw, &position, offset: offset)
        }
    }

    private func unescape(_ raw: UnsafeBufferPointer<UInt8>, offset: Int) throws(Failure) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var position = 0
        while position < raw.count {
            let byte = raw[position]
            if byte != UInt8(ascii: "\\") {
                out.append(byte)
                position += 1
                continue
            }
            let scalar = try escape(raw, &position, offset: offset)
            if scalar.value < 0x80 {
                out.append(UInt8(scalar.value))
            } else {
                out.append(contentsOf: UTF8.encode(scalar)!)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The scalar of the escape at `position` (a backslash), moving past it. A `\u` escape of a
    /// UTF-16 surrogate must be a high one followed by a low one: a lone surrogate is no text.
    private func escape(_ raw: UnsafeBufferPointer<UInt8>, _ position: inout Int, offset: Int) throws(Failure) -> Unicode.Scalar {
        guard position + 1 < raw.count else { throw invalid("a string ends inside an escape", at: offset + position) }
        let kind = raw[position + 1]
        position += 2
        switch kind {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): return Unicode.Scalar(kind)
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"):
            let escapeStart = offset + position - 2
            var value = try hex4(raw, position, offset: offset)
            position += 4
            if (0xDC00...0xDFFF).contains(value) {
                throw invalid("lone low surrogate \\u\(String(value, radix: 16)) in a string", at: escapeStart)
            }
            if (0xD800...0xDBFF).contains(value) {
                guard position + 6 <= raw.count, raw[position] == UInt8(ascii: "\\"), raw[position + 1] == UInt8(ascii: "u"),
                      let low = try? hex4(raw, position + 2, offset: offset), (0xDC00...0xDFFF).contains(low) else {
                    throw invalid("lone high surrogate \\u\(String(value, radix: 16)) in a string", at: escapeStart)
                }
                value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
                position += 6
            }
            // Not a surrogate, so always a scalar.
            return Unicode.Scalar(value)!
        default:
            throw invalid("unknown escape '\\\(Unicode.Scalar(kind))' in a string", at: offset + position - 2)
        }
    }

    private func hex4(_ raw: UnsafeBufferPointer<UInt8>, _ at: Int, offset: Int) throws(Failure) -> UInt32 {
        guard at + 4 <= raw.count else { throw invalid("a \\u escape needs four hex digits", at: offset + at) }
        var value: UInt32 = 0
        for byte in raw[at..<(at + 4)] {
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw invalid("a \\u escape needs four hex digits", at: offset + at)
            }
            value = value << 4 | digit
        }
        return value
    }

    // MARK: Bytes

    func peek() -> UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func take(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    func invalid(_ message: String, at offset: Int? = nil) -> Failure {
        Failure(kind: .invalid, message: message, offset: offset ?? index)
    }
}
