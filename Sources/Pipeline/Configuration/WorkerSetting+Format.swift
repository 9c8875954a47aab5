import Foundation

extension WorkerSetting {
    /// How a setting's text becomes its value (or is refused, with the same message from every
    /// layer) and how the value is written back: as YAML for `config show`, and as shown for a default.
    struct Format<Value>: Sendable {
        let parse: @Sendable (String) throws(Refusal) -> Value
        let render: @Sendable (Value) -> (yaml: String, shown: String)
    }
}

extension WorkerSetting.Format<String> {
    /// Any text, written quoted; an empty default is shown as `""`.
    static var text: Self { Self(parse: { $0 }, render: quoted) }

    static var nonEmptyText: Self {
        Self(parse: { text throws(WorkerSetting.Refusal) in
            guard !text.isEmpty else { throw WorkerSetting.Refusal(message: "must not be empty") }
            return text
        }, render: quoted)
    }

    static var ipAddress: Self {
        Self(parse: { text throws(WorkerSetting.Refusal) in
            var address = in6_addr()
            guard inet_pton(AF_INET, text, &address) == 1 || inet_pton(AF_INET6, text, &address) == 1 else {
                throw WorkerSetting.Refusal(message: "must be an IPv4 or IPv6 address (127.0.0.1, 0.0.0.0, ::), got '\(text)'")
            }
            return text
        }, render: quoted)
    }

    /// One of a few names, written as it is.
    static func oneOf(_ names: [String]) -> Self {
        Self(parse: { text throws(WorkerSetting.Refusal) in
            guard names.contains(text) else { throw WorkerSetting.Refusal(message: WorkerSetting.mustBe(names)) }
            return text
        }, render: { ($0, $0) })
    }

    private static func quoted(_ text: String) -> (yaml: String, shown: String) {
        (text.yamlQuoted, text.isEmpty ? text.yamlQuoted : text)
    }
}

extension WorkerSetting.Format<Int> {
    /// A whole number in `range`; spaces around it are ignored.
    static func integer(_ range: ClosedRange<Int>) -> Self {
        Self(parse: { text throws(WorkerSetting.Refusal) in
            guard let number = Int(text.trimmingCharacters(in: .whitespaces)), range.contains(number) else {
                throw WorkerSetting.Refusal(message: "must be an integer in \(range.lowerBound)...\(range.upperBound), got '\(text)'")
            }
            return number
        }, render: { (String($0), String($0)) })
    }
}

extension WorkerSetting.Format<Bool> {
    static var boolean: Self {
        Self(parse: { text throws(WorkerSetting.Refusal) in
            guard let value = Bool(text) else { throw WorkerSetting.Refusal(message: "must be true or false") }
            return value
        }, render: { (String($0), String($0)) })
    }
}

extension WorkerSetting.Format where Value: RawRepresentable<String> & CaseIterable & Sendable {
    /// One of the enumeration's raw values, written as it is.
    static var choice: Self {
        Self(parse: { text throws(WorkerSetting.Refusal) in
            guard let value = Value(rawValue: text) else {
                throw WorkerSetting.Refusal(message: WorkerSetting.mustBe(Value.allCases.map(\.rawValue)))
            }
            return value
        }, render: { ($0.rawValue, $0.rawValue) })
    }
}

extension WorkerSetting {
    /// "must be text or json", "must be one of trace, debug, ...".
    static func mustBe(_ names: [String]) -> String {
        names.count == 2 ? "must be \(names[0]) or \(names[1])" : "must be one of \(names.joined(separator: ", "))"
    }
}

extension String {
    /// The text as a double-quoted YAML scalar.
    var yamlQuoted: String {
        "\"" + replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
