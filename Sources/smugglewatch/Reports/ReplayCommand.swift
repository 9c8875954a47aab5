import ArgumentParser
import Classifier
import Foundation
import Pipeline
import Records

struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Re-decide the posts behind the audit trail: prove decisions reproduce, or backtest a ruleset.",
        discussion: """
        Each decided post is read back from the input topic at its recorded offset (its bytes must \
        still match the recorded input SHA-256). Every decision record of an offset is replayed, \
        duplicates included. By default each post is re-decided with the ruleset that decided it, \
        found by SHA-256 among the --ruleset files and the default ruleset; every difference is a \
        finding, and so is a record naming a ruleset not given. With --backtest every post is re-decided with the one ruleset given \
        (or the default): the report lists what would change, above all protected or \
        reviewer-rejected posts that would now be referred. Posts below the input topic's low \
        watermark (retention) are counted as not replayable. Trail records that are not strict JSON \
        or hold a key twice are malformed: a finding in both modes.
        Exit status: 0 when the replay passes, 1 when it finds differences, unknown rulesets or \
        malformed records (reproduce) or harmful referrals or malformed records (backtest), 2 when \
        a ruleset file is unreadable.
        """
    )

    @OptionGroup var kafka: KafkaOptions
    @OptionGroup var log: LogOptions

    @Option(help: ArgumentHelp("A ruleset file (repeatable). Reproduce: copies of the recorded rulesets. Backtest: the candidate.", valueName: "file"))
    var ruleset: [String] = []

    @Flag(help: "Re-decide everything with the given ruleset (or the default) and report changes.")
    var backtest = false

    @Flag(help: "Print {\"replayed\", \"reproduced\", \"changed\", \"not_replayable\", ...} as JSON.")
    var json = false

    func run() throws {
        let logger = log.makeLogger(label: "smugglewatch.replay")
        let configuration = try kafka.configuration(clientID: "smugglewatch-replay")
        let mode: Replayer.Mode
        if backtest {
            guard ruleset.count <= 1 else { throw ValidationError("--backtest takes at most one --ruleset: the candidate") }
            mode = .backtest(Classifier(ruleset: try loadRuleset(ruleset.first)))
        } else {
            var classifiers: [String: Classifier] = [:]
            for path in ruleset {
                let loaded = try loadRuleset(path)
                classifiers[loaded.identity.sha256] = Classifier(ruleset: loaded)
            }
            // The default ruleset is always a candidate; without one, the files given must do.
            if let fallback = try? Ruleset.loadDefault(), classifiers[fallback.identity.sha256] == nil {
                classifiers[fallback.identity.sha256] = Classifier(ruleset: fallback)
            }
            mode = .reproduce(classifiers)
        }
        let verdicts = try VerdictLog.read(kafka: configuration, topics: kafka.topics, logger: logger)
        let report = try Replayer(mode: mode, verdicts: verdicts).run(kafka: configuration, topics: kafka.topics, logger: logger)
        if report.unknownRuleset > 0 {
            let names = report.unknownRulesets.map { "\($0.name) \($0.version) (sha256 \($0.sha256))" }
            printError("error: \(report.unknownRuleset) trail records were decided with \(TerminalText.printable(names.joined(separator: ", "), limit: 2000)); pass that ruleset file with --ruleset, or add --backtest to compare against the ruleset given")
        }
        if json {
            try writeOutput(try report.json() + [UInt8(ascii: "\n")], to: nil)
        } else {
            print(report.text())
        }
        if !report.passed { throw ExitCode(1) }
    }
}
