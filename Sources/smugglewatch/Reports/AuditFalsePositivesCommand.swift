import ArgumentParser
import Foundation
import Pipeline
import Records
import Reports

struct AuditFalsePositivesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "false-positives",
        abstract: "List referrals rejected by reviewers and every referral of protected content, with rates.",
        discussion: """
        Reads the referrals topic and the latest reviewer verdict on each referral. Rates by language, \
        platform and signal show where a ruleset refers wrongly. A referral of content the guard \
        marked protected must never exist: any is listed first, and the exit status is then 1.
        """
    )

    @OptionGroup var kafka: KafkaOptions
    @OptionGroup var log: LogOptions

    @Flag(help: "Print the list and the rates as JSON.")
    var json = false

    func run() throws {
        let logger = log.makeLogger(label: "smugglewatch.audit")
        let configuration = try kafka.configuration(clientID: "smugglewatch-audit")
        let flagged = try FlaggedRecords.read(kafka: configuration, topics: [kafka.topics.referrals], logger: logger)
        let verdicts = try VerdictLog.read(kafka: configuration, topics: kafka.topics, logger: logger)
        if flagged.malformed > 0 { printError("warning: \(flagged.malformed) records of \(kafka.topics.referrals) are not well-formed decision records and are left out") }
        let analysis = FalsePositiveAnalysis(referrals: flagged.records.map(\.record), verdicts: verdicts)
        if json {
            try writeOutput(try analysis.json() + [UInt8(ascii: "\n")], to: nil)
        } else {
            print(analysis.text())
        }
        if analysis.total.protectedReferrals > 0 { throw ExitCode(1) }
    }
}
