import Classifier

/// The members of one JSON object of a record, read by the same field names the writer uses
/// (each record's `Field` constants), with errors that name the field.
///
/// Reading follows the schemas: a required member must be present with the right type; an
/// optional one may be absent or null; unknown members are ignored, so that a newer writer's
/// records stay readable.
struct RecordFields {
    private let members: [String: JSONValue]
    /// Where this object sits in the record (`source.`, `signals[3].`), for error messages.
    private let path: String

    init(_ value: JSONValue, path: String = "") throws(RecordDecodingError) {
        guard case .object(let members) = value else {
            throw RecordDecodingError(path.isEmpty ? "the record is not a JSON object" : "'\(path.dropLast())' is not an object")
        }
        self.members = members
        self.path = path
    }

    private func name(_ key: StaticString) -> String { path + key.description }

    private func present(_ key: StaticString) throws(RecordDecodingError) -> JSONValue {
        guard let value = members[key.description], value != .null else {
            throw RecordDecodingError("'\(name(key))' is missing")
        }
        return value
    }

    /// The member, nil when absent or null.
    func optional(_ key: StaticString) -> JSONValue? {
        guard let value = members[key.description], value != .null else { return nil }
        return value
    }

    func string(_ key: StaticString) throws(RecordDecodingError) -> String {
        guard case .string(let text) = try present(key) else { throw RecordDecodingError("'\(name(key))' must be a string") }
        return text
    }

    func optionalString(_ key: StaticString) throws(RecordDecodingError) -> String? {
        guard optional(key) != nil else { return nil }
        return try string(key)
    }

    func bool(_ key: StaticString) throws(RecordDecodingError) -> Bool {
        guard case .bool(let flag) = try present(key) else { throw RecordDecodingError("'\(name(key))' must be true or false") }
        return flag
    }

    func double(_ key: StaticString) throws(RecordDecodingError) -> Double {
        guard case .number(let number) = try present(key) else { throw RecordDecodingError("'\(name(key))' must be a number") }
        return number
    }

    /// An integer that fits `Integer` exactly (a number with a fraction is refused).
    func integer<Integer: FixedWidthInteger>(_ key: StaticString, as: Integer.Type = Int.self) throws(RecordDecodingError) -> Integer {
        guard case .number(let number) = try present(key), let integer = Integer(exactly: number) else {
            throw RecordDecodingError("'\(name(key))' must be an integer in \(Integer.min)...\(Integer.max)")
        }
        return integer
    }

    func optionalInteger(_ key: StaticString) throws(RecordDecodingError) -> Int? {
        guard optional(key) != nil else { return nil }
        return try integer(key)
    }

    /// A raw-value enumeration written as its raw string.
    func value<Value: RawRepresentable>(_ key: StaticString, as: Value.Type) throws(RecordDecodingError) -> Value where Value.RawValue == String {
        let text = try string(key)
        guard let value = Value(rawValue: text) else { throw RecordDecodingError("'\(name(key))' has the unknown value '\(text.prefix(64))'") }
        return value
    }

    func object(_ key: StaticString) throws(RecordDecodingError) -> RecordFields {
        try RecordFields(try present(key), path: name(key) + ".")
    }

    func optionalObject(_ key: StaticString) throws(RecordDecodingError) -> RecordFields? {
        guard let value = optional(key) else { return nil }
        return try RecordFields(value, path: name(key) + ".")
    }

    /// Each element of an array member, read by `element`.
    func array<Element>(_ key: StaticString, _ element: (JSONValue, String) throws(RecordDecodingError) -> Element) throws(RecordDecodingError) -> [Element] {
        guard case .array(let values) = try present(key) else { throw RecordDecodingError("'\(name(key))' must be an array") }
        var elements: [Element] = []
        elements.reserveCapacity(values.count)
        for (index, value) in values.enumerated() {
            elements.append(try element(value, "\(name(key))[\(index)]."))
        }
        return elements
    }

    func strings(_ key: StaticString) throws(RecordDecodingError) -> [String] {
        try array(key) { (value, path) throws(RecordDecodingError) in
            guard case .string(let text) = value else { throw RecordDecodingError("'\(path.dropLast())' must be a string") }
            return text
        }
    }
}

/// Why bytes are not a readable record.
public struct RecordDecodingError: Error, CustomStringConvertible, Equatable {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
