import ArgumentParser
import Classifier
import Foundation
import Pipeline

struct AuditVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check that every retained input offset has exactly one agreeing trail record that matches it.",
        discussion: """
        Completeness: every offset in [low watermark, high watermark) of every input partition has an \
        audit or dead-letter record; duplicates (after an at-least-once restart) are counted and must \
        agree. Integrity: each record's input SHA-256 matches the input at its offset; records are \
        well-formed; no protected post was referred; the rulesets named in records are among the \
        --ruleset files and the default ruleset. Run it when the workers have caught up: input still \
        in flight counts as missing.
        Exit status: 0 when the trail is clean, 1 when anything is missing, mismatched, malformed, \
        protected-referred or decided by an unknown ruleset.
        """
    )

    @OptionGroup var kafka: KafkaOptions
    @OptionGroup var log: LogOptions

    @Option(help: ArgumentHelp("A ruleset file the trail may name (repeatable); the default ruleset is always included.", valueName: "file"))
    var ruleset: [String] = []

    @Flag(help: "Print {\"input_records\", \"audited\", \"deadlettered\", \"missing\", \"duplicates\", \"mismatched\", ...} as JSON.")
    var json = false

    func run() throws {
        let logger = log.makeLogger(label: "smugglewatch.audit")
        var known = try ruleset.map { try loadRuleset($0).identity }
        if let fallback = try? Ruleset.loadDefault() { known.append(fallback.identity) }
        let report = try AuditVerifier(knownRulesets: known)
            .run(kafka: try kafka.configuration(clientID: "smugglewatch-audit"), topics: kafka.topics, logger: logger)
        if json {
            try writeOutput(report.json() + [UInt8(ascii: "\n")], to: nil)
        } else {
            print(report.text())
        }
        if !report.isClean { throw ExitCode(1) }
    }
}
