import Classifier

/// The figures at the top of a report: counts over time, by language and platform, the score
/// distribution and the signals that fire most.
public struct ReportSummary: Sendable {
    public struct DayCount: Sendable, Equatable {
        public var day: String
        public var refer: Int
        public var review: Int
    }

    public struct SignalCount: Sendable, Equatable {
        public var name: String
        public var count: Int
        /// Sum of the signal's contributions over all items.
        public var totalWeight: Double
    }

    public var total = 0
    public var refer = 0
    public var review = 0
    public var protectedCount = 0
    public var rejectedByReviewers = 0
    public var confirmedByReviewers = 0
    /// Per UTC day of decision (per hour when all fall within two days), oldest first, at most
    /// `maxDays` buckets (the latest ones).
    public var byDay: [DayCount] = []
    /// `day` or `hour`: the bucket of `byDay`.
    public var timeBucket = "day"
    /// Largest first, at most `maxGroups`.
    public var byLanguage: [(name: String, count: Int)] = []
    public var byPlatform: [(name: String, count: Int)] = []
    /// Ten bins over 0...1: `[0, 0.1)`, …, `[0.9, 1]`.
    public var scoreBins: [Int] = Array(repeating: 0, count: 10)
    public var topSignals: [SignalCount] = []

    public static let maxDays = 60
    public static let maxGroups = 12
    public static let maxSignals = 15

    public init(items: [ReportItem]) {
        var days: [String: DayCount] = [:]
        var languages: [String: Int] = [:]
        var platforms: [String: Int] = [:]
        var signals: [String: SignalCount] = [:]
        for item in items {
            let record = item.record
            total += 1
            if record.decision == .refer { refer += 1 }
            if record.decision == .review { review += 1 }
            if record.isProtected { protectedCount += 1 }
            switch item.reviewerVerdict?.verdict {
            case .reject?: rejectedByReviewers += 1
            case .confirm?: confirmedByReviewers += 1
            case nil: break
            }
            let day = String(record.decidedAt.prefix(10))
            var count = days[day] ?? DayCount(day: day, refer: 0, review: 0)
            if record.decision == .refer { count.refer += 1 } else { count.review += 1 }
            days[day] = count
            languages[item.lang ?? "unknown", default: 0] += 1
            platforms[item.platform ?? "unknown", default: 0] += 1
            let score = record.score.isFinite ? record.score : 0
            scoreBins[min(9, max(0, Int(score * 10)))] += 1
            // A signal counts once per item, however often it fired there.
            var seen: Set<String> = []
            for signal in record.signals {
                var entry = signals[signal.name] ?? SignalCount(name: signal.name, count: 0, totalWeight: 0)
                if seen.insert(signal.name).inserted { entry.count += 1 }
                if signal.weight.isFinite { entry.totalWeight += signal.weight }
                signals[signal.name] = entry
            }
        }
        if days.count <= 2 {
            // One or two bars say nothing: a run of a day reads better hour by hour.
            var hours: [String: DayCount] = [:]
            for item in items {
                let stamp = item.record.decidedAt
                let hour = stamp.count >= 13 ? String(stamp.dropFirst(5).prefix(8)).replacingOccurrences(of: "T", with: " ") + ":00" : stamp
                var count = hours[hour] ?? DayCount(day: hour, refer: 0, review: 0)
                if item.record.decision == .refer { count.refer += 1 } else { count.review += 1 }
                hours[hour] = count
            }
            days = hours
            timeBucket = "hour"
        }
        byDay = Array(days.values.sorted { $0.day < $1.day }.suffix(Self.maxDays))
        byLanguage = Self.largest(languages)
        byPlatform = Self.largest(platforms)
        topSignals = Array(signals.values.sorted { ($0.count, $1.name) > ($1.count, $0.name) }.prefix(Self.maxSignals))
    }

    static func largest(_ counts: [String: Int]) -> [(name: String, count: Int)] {
        Array(counts.map { (name: $0.key, count: $0.value) }.sorted { ($0.count, $1.name) > ($1.count, $0.name) }.prefix(maxGroups))
    }
}
