import Foundation

/// RFC 3339 times as records carry them (`decided_at`), read back for comparison.
public enum RFC3339 {
    /// The time, with or without fractional seconds; nil when `text` is not RFC 3339.
    public static func date(_ text: String) -> Date? {
        let plain = ISO8601DateFormatter()
        if let date = plain.date(from: text) { return date }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return fractional.date(from: text)
    }
}
