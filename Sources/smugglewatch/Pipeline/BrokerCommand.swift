import ArgumentParser
import Foundation
import Kafka
import Pipeline

struct BrokerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "broker",
        abstract: "Run the embedded Kafka broker (librdkafka's mock cluster) until SIGTERM.",
        discussion: """
        Prints the bootstrap servers as the first line of stdout and creates the pipeline's topics. \
        Reads fault-injection commands from stdin, one per line, and answers each on stderr:
          broker-down ID | broker-up ID | rtt ID MS | errors API COUNT ERROR_NAME | clear-errors API | topic NAME PARTITIONS
        e.g. 'errors Produce 20 REQUEST_TIMED_OUT'. Plaintext only; see DESIGN.md for its limits.
        """
    )

    @Option(help: "Number of mock brokers.")
    var brokers: Int = 3

    @Option(help: "Partitions of each pipeline topic.")
    var partitions: Int = 4

    @Option(help: "Prefix of every pipeline topic name.")
    var topicPrefix: String = ""

    @OptionGroup var log: LogOptions

    func validate() throws {
        guard (1...32).contains(brokers) else { throw ValidationError("--brokers must be 1...32") }
        let counts = EmbeddedCluster.partitionCounts
        guard counts.contains(partitions) else { throw ValidationError("--partitions must be \(counts.lowerBound)...\(counts.upperBound)") }
    }

    func run() throws {
        let logger = log.makeLogger(label: "smugglewatch.broker")
        let cluster = try EmbeddedCluster(brokers: brokers, logger: logger)
        for topic in PipelineTopics(prefix: topicPrefix).all {
            try cluster.createTopic(topic, partitions: partitions)
        }
        print(cluster.bootstrapServers)
        fflush(nil)
        logger.info("embedded broker with librdkafka \(KafkaLibrary.version): \(brokers) brokers at \(cluster.bootstrapServers)")

        let done = DispatchSemaphore(value: 0)
        let trap = SignalTrap { done.signal() }
        defer { withExtendedLifetime(trap) {} }
        Thread.detachNewThread {
            while let line = readLine() {
                let answer = BrokerControl.execute(line, on: cluster)
                FileHandle.standardError.write(Data((answer + "\n").utf8))
            }
            // stdin closed: keep serving until a signal.
        }
        done.wait()
        logger.info("embedded broker stopping")
        withExtendedLifetime(cluster) {}
    }
}

/// The broker's stdin control language.
enum BrokerControl {
    static func execute(_ line: String, on cluster: EmbeddedCluster) -> String {
        let words = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard let verb = words.first else { return "error: empty command" }
        do {
            switch (verb, words.count) {
            case ("broker-down", 2):
                try cluster.setBrokerDown(try int32(words[1], "broker id"))
            case ("broker-up", 2):
                try cluster.setBrokerUp(try int32(words[1], "broker id"))
            case ("rtt", 3):
                try cluster.setRoundTripTime(broker: try int32(words[1], "broker id"), milliseconds: Int(try int32(words[2], "milliseconds")))
            case ("errors", 4):
                try cluster.pushRequestErrors(api: words[1], count: Int(try int32(words[2], "count")), errorName: words[3])
            case ("clear-errors", 2):
                try cluster.clearRequestErrors(api: words[1])
            case ("topic", 3):
                try cluster.createTopic(words[1], partitions: Int(try int32(words[2], "partitions")))
            default:
                return "error: unknown command '\(line)'; use broker-down ID, broker-up ID, rtt ID MS, errors API COUNT ERROR_NAME, clear-errors API, topic NAME PARTITIONS"
            }
            return "ok \(line)"
        } catch {
            return "error: \(error)"
        }
    }

    private static func int32(_ word: String, _ what: String) throws -> Int32 {
        guard let value = Int32(word), value >= 0 else {
            throw CLIError("\(what) must be a non-negative integer, got '\(word)'")
        }
        return value
    }
}
