import Foundation
import Records

/// Which flagged posts a report includes.
public struct ReportFilter: Sendable {
    /// Decisions made at or after this time.
    public var since: Date?
    public var platform: String?
    public var lang: String?
    public var minScore: Double?

    public init(since: Date? = nil, platform: String? = nil, lang: String? = nil, minScore: Double? = nil) {
        self.since = since
        self.platform = platform
        self.lang = lang
        self.minScore = minScore
    }

    public func includes(_ item: ReportItem) -> Bool {
        if let platform, item.platform?.lowercased() != platform.lowercased() { return false }
        if let lang, item.lang?.lowercased() != lang.lowercased() { return false }
        if let minScore, item.record.score < minScore { return false }
        if let since {
            // A record with an unreadable time is kept: hiding it would hide a flagged post.
            if let decided = Self.parseTime(item.record.decidedAt), decided < since { return false }
        }
        return true
    }

    /// A human description of the filter, for report headers.
    public var description: String {
        var parts: [String] = []
        if let since { parts.append("since \(Self.format(since))") }
        if let platform { parts.append("platform \(platform)") }
        if let lang { parts.append("language \(lang)") }
        if let minScore { parts.append("score ≥ \(minScore)") }
        return parts.isEmpty ? "all flagged posts" : parts.joined(separator: ", ")
    }

    /// Parses `--since`: a duration back from `now` (`90m`, `24h`, `7d`, `2w`) or an RFC 3339 time
    /// or date (`2026-11-20`, `2026-11-20T08:00:00Z`).
    public static func parseSince(_ text: String, now: Date = Date()) -> Date? {
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86_400, "w": 604_800]
        if let unit = text.last, let seconds = units[unit], let amount = Double(text.dropLast()), amount >= 0 {
            return now.addingTimeInterval(-amount * seconds)
        }
        if text.count == 10, let date = parseTime(text + "T00:00:00Z") { return date }
        return parseTime(text)
    }

    /// RFC 3339 with or without fractional seconds.
    static func parseTime(_ text: String) -> Date? { RFC3339.date(text) }

    static func format(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }
}
