import ArgumentParser
import Foundation
import Kafka
import Pipeline

struct VerdictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verdict",
        abstract: "Record a reviewer's verdict on a flagged post (the latest verdict wins).",
        discussion: "Writes a record (schemas/verdict.schema.json) to the verdicts topic, keyed by post id."
    )

    @OptionGroup var kafka: KafkaOptions
    @OptionGroup var log: LogOptions

    @Argument(help: "The id of the flagged post.")
    var postID: String

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
        guard !postID.isEmpty, postID.utf8.count <= 512 else { throw ValidationError("POST_ID must be 1 to 512 bytes") }
    }

    func run() throws {
        let logger = log.makeLogger(label: "smugglewatch.verdict")
        let record = VerdictRecord(postID: postID, verdict: confirm ? .confirm : .reject, reason: reason,
                                   reviewer: reviewer, decidedAt: Decider.timestamp())
        let producer = try KafkaProducer(configuration: try kafka.configuration(clientID: "smugglewatch-verdict"), logger: logger)
        try producer.send(ProducerRecord(topic: kafka.topics.verdicts, key: Array(postID.utf8), value: record.json()))
        let failures = try producer.flush(timeout: .seconds(30))
        if let failure = failures.first {
            throw CLIError("the verdict was not delivered: \(failure.error); nothing was recorded, run the command again")
        }
        printError("recorded verdict \(record.verdict.rawValue) for post \(postID)")
    }
}
