/// Why an input record could not be decided. Codes are stable: dashboards and tests key on them.
public struct DeadLetterReason: Error, Equatable, Sendable {
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// A tombstone (NULL payload) or a zero-length payload.
        public static let emptyPayload = Code(rawValue: "empty_payload")
        /// Larger than the configured maximum post size.
        public static let payloadTooLarge = Code(rawValue: "payload_too_large")
        /// Not valid UTF-8.
        public static let invalidUTF8 = Code(rawValue: "invalid_utf8")
        /// Arrays or objects nested deeper than the configured limit.
        public static let nestingTooDeep = Code(rawValue: "nesting_too_deep")
        /// Not JSON at all, or truncated JSON.
        public static let invalidJSON = Code(rawValue: "invalid_json")
        /// JSON, but not an object.
        public static let notAnObject = Code(rawValue: "not_an_object")
        /// A required field (`id`, `text`) is absent.
        public static let missingField = Code(rawValue: "missing_field")
        /// A field has the wrong type or an unusable value.
        public static let invalidField = Code(rawValue: "invalid_field")
        /// Valid input whose decision could not be written (an internal fault, never expected).
        public static let undecidable = Code(rawValue: "undecidable")
        /// A decided post whose records do not fit the record size limit even shortened; the dead
        /// letter keeps the decision.
        public static let outputTooLarge = Code(rawValue: "output_too_large")

        public static let all: [Code] = [
            .emptyPayload, .payloadTooLarge, .invalidUTF8, .nestingTooDeep, .invalidJSON, .notAnObject,
            .missingField, .invalidField, .undecidable, .outputTooLarge,
        ]
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }
}
