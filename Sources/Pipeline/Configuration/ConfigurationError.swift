/// A configuration value that cannot be used; names the key and where it came from.
/// The CLI exits with status 2 on these.
public struct ConfigurationError: Error, CustomStringConvertible, Sendable {
    public var key: String
    public var source: String
    public var message: String

    public init(key: String, source: String, message: String) {
        self.key = key
        self.source = source
        self.message = message
    }

    public var description: String { "configuration error in '\(key)' (\(source)): \(message)" }

    /// The error with every occurrence of the given secret values in its message replaced, for
    /// messages that quote a value (ours or librdkafka's) which may have come from a secret.
    func redacting(_ secrets: [String]) -> ConfigurationError {
        var redacted = self
        for secret in secrets where !secret.isEmpty {
            redacted.message = redacted.message.replacingOccurrences(of: secret, with: "<redacted>")
        }
        return redacted
    }
}
