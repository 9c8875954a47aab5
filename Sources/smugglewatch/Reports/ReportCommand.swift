import ArgumentParser
import Foundation
import Pipeline
import Records
import Reports

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Report flagged posts for reviewers: HTML, Markdown, CSV or JSON.",
        discussion: """
        Reads the referrals and review topics (and reviewer verdicts) up to their current ends. HTML is \
        one self-contained file with charts and one card per post, matched words highlighted; it uses \
        no network and no script. Post text, handles, links and fields are shown inert: escaped, bidi \
        controls replaced by visible [U+XXXX] markers, links as text.
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case html, md, csv, json
    }

    @OptionGroup var kafka: KafkaOptions
    @OptionGroup var log: LogOptions

    @Option(help: "Flagged topics to read, comma-separated: referrals, review (prefix applied), or full topic names.")
    var topics: String = "referrals,review"

    @Option(help: "Only decisions since a duration ago (90m, 24h, 7d, 2w) or a time (2026-11-20, 2026-11-20T08:00:00Z).")
    var since: String?

    @Option(help: "Only posts from this platform.")
    var platform: String?

    @Option(help: "Only posts in this language.")
    var lang: String?

    @Option(help: "Only decisions with at least this score (0...1).")
    var minScore: Double?

    @Option(help: "Output format: html, md, csv, json.")
    var format: Format

    @Option(help: "Write to this file instead of stdout.")
    var out: String?

    @Option(help: "Most posts listed one by one (the summary covers all).")
    var limit: Int = 5000

    func run() throws {
        var filter = ReportFilter(platform: platform, lang: lang, minScore: minScore)
        if let since {
            guard let date = ReportFilter.parseSince(since) else {
                throw ValidationError("--since takes a duration (90m, 24h, 7d, 2w) or an RFC 3339 time, got '\(since)'")
            }
            filter.since = date
        }
        if let minScore, !(0...1).contains(minScore) { throw ValidationError("--min-score must be between 0 and 1") }
        guard limit > 0 else { throw ValidationError("--limit must be positive") }
        let logger = log.makeLogger(label: "smugglewatch.report")
        let configuration = try kafka.configuration(clientID: "smugglewatch-report")
        let names = kafka.topics
        let topicNames = topics.split(separator: ",").map { name -> String in
            switch name.trimmingCharacters(in: .whitespaces) {
            case "referrals": names.referrals
            case "review": names.review
            case let other: other
            }
        }
        guard !topicNames.isEmpty else { throw ValidationError("--topics names no topic") }
        let flagged = try FlaggedRecords.read(kafka: configuration, topics: topicNames, logger: logger)
        let verdicts = try VerdictLog.read(kafka: configuration, topics: names, logger: logger)
        if flagged.malformed > 0 { printError("warning: \(flagged.malformed) records of \(topicNames.joined(separator: ",")) are not well-formed decision records and are left out") }
        let judged = verdicts.matching(flagged.records.map(\.record))
        if judged.unattachedLegacy > 0 {
            printError("warning: \(judged.unattachedLegacy) version 1 verdicts (post id only) are shown on no post: their post id names several decisions")
        }
        let items = flagged.records.map { ReportItem(record: $0.record, topic: $0.topic, reviewerVerdict: judged[$0.record]) }
            .filter(filter.includes)
        let context = ReportContext(generatedAt: Decider.timestamp(), topics: topicNames, filter: filter, maxItems: limit)
        let bytes: [UInt8] = switch format {
        case .html: Array(HTMLReport(context: context).render(items).utf8)
        case .md: Array(MarkdownReport(context: context).render(items).utf8)
        case .csv: Array(CSVReport(context: context).render(items).utf8)
        case .json: try JSONReport(context: context).render(items) + [UInt8(ascii: "\n")]
        }
        try writeOutput(bytes, to: out)
        if let out { printError("wrote \(items.count) flagged posts to \(out)") }
    }
}
