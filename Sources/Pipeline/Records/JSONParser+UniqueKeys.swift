extension JSONParser {
    /// Checks a whole document as `parse` does, and that no object in it, at any depth, holds a
    /// key twice.
    ///
    /// JSON leaves a repeated key's meaning open and readers differ: Foundation's decoder keeps
    /// the first value, jq and Python the last. A record with `"decision":"clear",…,
    /// "decision":"refer"` would say one thing to one auditor's tool and another to the next, so
    /// the trail's readers refuse it. Keys are compared as Swift strings (canonical
    /// equivalence), as the dictionaries that hold them after decoding would.
    static func validateUniqueKeys(_ payload: [UInt8], maxDepth: Int) throws(Failure) {
        try payload.withUnsafeBufferPointer { (buffer) throws(Failure) in
            guard let validated = ValidatedUTF8.validating(buffer) else {
                throw Failure(kind: .invalid, message: "the payload is not valid UTF-8", offset: 0)
            }
            var parser = JSONParser(validated, maxDepth: maxDepth)
            try parser.skipValueWithUniqueKeys(depth: 0)
            try parser.expectEnd()
        }
    }

    private mutating func skipValueWithUniqueKeys(depth: Int) throws(Failure) {
        skipWhitespace()
        switch peek() {
        case UInt8(ascii: "{"):
            var keys: Set<String> = []
            try object(depth: depth) { (parser, key) throws(Failure) in
                guard keys.insert(key).inserted else {
                    let shown = String(String.UnicodeScalarView(key.unicodeScalars.prefix(64)))
                    throw parser.invalid("key '\(shown)' appears more than once in one object")
                }
                try parser.skipValueWithUniqueKeys(depth: depth + 1)
            }
        case UInt8(ascii: "["):
            try array(depth: depth) { (parser) throws(Failure) in try parser.skipValueWithUniqueKeys(depth: depth + 1) }
        default:
            try skipValue(depth: depth)
        }
    }
}
