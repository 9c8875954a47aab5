import ArgumentParser
import Foundation
import Kafka
import Pipeline
import Records

struct VerdictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verdict",
        abstract: "Record a reviewer's verdict on one flagged decision (the latest verdict on a decision wins).",
        discussion: """
        A verdict judges a decision, not a post id: ids repeat across platforms, and a new post may \
        reuse an old id. The decision is found on the flagged topics (referrals, review) by POST_ID, \
        by --source (TOPIC/PARTITION/OFFSET, as every report shows it), or both; when an id names \
        several decisions, the command lists them and asks for --source. Writes a version 2 record \
        (schemas/verdict.schema.json) naming the decision's source and input SHA-256 to the \
        verdicts topic, keyed by post id.
        """
    )

    @OptionGroup var kafka: KafkaOptions
    @OptionGroup var log: LogOptions

    @Argument(help: "The id of the flagged post.")
    var postID: String?

    @Option(help: ArgumentHelp("The input record the decision was made on, as reports show it.", valueName: "topic/partition/offset"))
    var source: String?

    @Option(name: .customLong("input-sha256"), help: ArgumentHelp("The SHA-256 of that input, when one source holds records of several inputs.", valueName: "hex"))
    var inputSHA256: String?

    @Flag(help: "The post is a paid smuggling offer: the referral was right.")
    var confirm = false

    @Flag(help: "The referral was wrong (a false positive).")
    var reject = false

    @Option(help: "Why, in the reviewer's words.")
    var reason: String?

    @Option(help: "Who decided (a reviewer id).")
    var reviewer: String?

    func validate() throws {
        guard confirm != reject else { throw ValidationError("give exactly one of --confirm or --reject") }
        guard postID != nil || source != nil else {
            throw ValidationError("name the decision: give POST_ID, --source TOPIC/PARTITION/OFFSET (as the report shows it), or both")
        }
        if let postID { guard !postID.isEmpty, postID.utf8.count <= 512 else { throw ValidationError("POST_ID must be 1 to 512 bytes") } }
        if let source, SourceOffset(parsing: source) == nil {
            throw ValidationError("--source takes TOPIC/PARTITION/OFFSET (e.g. posts/3/1742), got '\(source)'")
        }
        if let inputSHA256, !AuditVerifier.isSHA256(inputSHA256) {
            throw ValidationError("--input-sha256 takes 64 lower-case hex digits")
        }
    }

    func run() throws {
        let logger = log.makeLogger(label: "smugglewatch.verdict")
        let configuration = try kafka.configuration(clientID: "smugglewatch-verdict")
        let flagged = try FlaggedRecords.read(kafka: configuration, topics: [kafka.topics.referrals, kafka.topics.review], logger: logger)
        let decision = try judgedDecision(among: flagged.records.map(\.record))
        let record = VerdictRecord(on: decision, verdict: confirm ? .confirm : .reject, reason: reason,
                                   reviewer: reviewer, decidedAt: Decider.timestamp())
        let producer = try KafkaProducer(configuration: configuration, logger: logger)
        try producer.send(ProducerRecord(topic: kafka.topics.verdicts, key: Array(decision.postID.utf8), value: record.json()))
        let failures = try producer.flush(timeout: .seconds(30))
        if let failure = failures.first {
            throw CLIError("the verdict was not delivered: \(failure.error); nothing was recorded, run the command again")
        }
        printError("recorded verdict \(record.verdict.rawValue) on post \(TerminalText.printable(decision.postID)) at \(decision.source) (input sha256 \(decision.inputSHA256.prefix(16))…)")
    }

    /// The one flagged decision the arguments name; an error that lists the candidates otherwise.
    func judgedDecision(among decisions: [DecisionRecord]) throws -> DecisionRecord {
        let wanted = source.flatMap(SourceOffset.init(parsing:))
        func isNamed(_ decision: DecisionRecord) -> Bool {
            (postID.map { $0 == decision.postID } ?? true) && (wanted.map { $0 == decision.source } ?? true)
                && (inputSHA256.map { $0 == decision.inputSHA256 } ?? true)
        }
        var matching: [DecisionReference: DecisionRecord] = [:]
        for decision in decisions where isNamed(decision) && matching[decision.reference] == nil {
            matching[decision.reference] = decision
        }
        let named = [postID.map { "post \(TerminalText.printable($0))" }, source.map { "source \($0)" },
                     inputSHA256.map { "input sha256 \($0)" }].compactMap { $0 }.joined(separator: ", ")
        guard !matching.isEmpty else {
            throw CLIError("no flagged decision (on \(kafka.topics.referrals) or \(kafka.topics.review)) matches \(named); check them against the report; nothing was recorded")
        }
        guard matching.count == 1, let only = matching.values.first else {
            let listed = matching.values.sorted { $0.source.description < $1.source.description }.prefix(20).map { decision in
                "  --source \(decision.source) --input-sha256 \(decision.inputSHA256)  (post \(TerminalText.printable(decision.postID)), \(decision.decision.rawValue), \(TerminalText.printable(decision.platform ?? "no platform", limit: 40)), decided \(TerminalText.printable(decision.decidedAt, limit: 40)))"
            }
            throw CLIError("\(named) names \(matching.count) flagged decisions; say which with --source (and --input-sha256 if a source repeats); nothing was recorded:\n" + listed.joined(separator: "\n"))
        }
        return only
    }
}
