import ArgumentParser
import Foundation
import Kafka
import Pipeline
import Records

struct IngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Produce a JSONL file to the posts topic, one record a line, as it is.",
        discussion: """
        Lines are not validated here: bad input, empty and whitespace-only lines included, is the \
        worker's to dead-letter, so every line is accounted for in the trail. A valid post is keyed \
        by its id. Every line up to the workers' default max_post_bytes (1 MiB) can be produced: \
        librdkafka's message.max.bytes is raised to fit it and its key unless --kafka sets more. A \
        line too long to read or to produce is skipped and reported, the rest go on, and the exit \
        status is then 1.
        """
    )

    @OptionGroup var kafka: KafkaOptions
    @OptionGroup var log: LogOptions

    @Option(help: "Topic to produce to (default: the posts topic).")
    var topic: String?

    @Argument(help: "JSONL file, or - for stdin.")
    var file: String

    @Option(help: "Longest line read; longer lines are skipped and reported. (default: 67108864)")
    var maxLineBytes: Int = LineReader.defaultMaxLineBytes

    func run() throws {
        guard maxLineBytes > 0 else { throw ValidationError("--max-line-bytes must be positive") }
        let logger = log.makeLogger(label: "smugglewatch.ingest")
        var configuration = try kafka.configuration(clientID: "smugglewatch-ingest")
        // The worker accepts posts up to its payload limit: the producer must be able to send them.
        let needed = PostDecoder().producerMessageMaxBytes
        if Int(configuration.properties["message.max.bytes"] ?? "").map({ $0 < needed }) ?? true {
            configuration.properties["message.max.bytes"] = String(needed)
        }
        let producer = try KafkaProducer(configuration: configuration, logger: logger)
        let target = topic ?? kafka.topics.posts
        let report = try Self.produceLines(of: try LineReader(path: file, maxLineBytes: maxLineBytes), to: target, producer: producer)
        FileHandle.standardError.write(Data(report.summary(topic: target).utf8))
        if !report.isComplete { throw ExitCode(1) }
    }

    /// What an ingest run did with its input. Bounded however bad the input: the first skipped
    /// lines are kept, the rest only counted.
    struct Report {
        var produced = 0
        /// Empty or whitespace-only lines among those produced: the workers dead-letter them.
        var blank = 0
        var skippedCount = 0
        var firstSkipped: [(line: Int, reason: String)] = []
        /// Produced records that librdkafka gave up on (after its retries), with the first error.
        var undelivered = 0
        var deliveryError: String?

        var isComplete: Bool { skippedCount == 0 && undelivered == 0 }

        mutating func skip(line: Int, _ reason: String) {
            skippedCount += 1
            if firstSkipped.count < 10 { firstSkipped.append((line, reason)) }
        }

        func summary(topic: String) -> String {
            var text = "ingested \(produced - undelivered) records into \(topic)\n"
            if blank > 0 { text += "  \(blank) of them empty or whitespace-only lines, sent on as they are: workers dead-letter them\n" }
            if skippedCount > 0 {
                text += "skipped \(skippedCount) lines (every other line was produced):\n"
                for (line, reason) in firstSkipped { text += "  line \(line): \(reason)\n" }
                if skippedCount > firstSkipped.count { text += "  ... and \(skippedCount - firstSkipped.count) more\n" }
            }
            if undelivered > 0 { text += "\(undelivered) records not delivered: \(deliveryError ?? "unknown error")\n" }
            return text
        }
    }

    /// Produces every line as one record (keyed by its post id when it is a valid post), empty and
    /// whitespace-only lines too, and waits for every acknowledgement. A line the producer
    /// cannot take (too long, over `message.max.bytes`) is reported and the rest go on; a fatal
    /// producer error stops the run only after what was already accepted is delivered.
    static func produceLines(of reader: LineReader, to topic: String, producer: KafkaProducer) throws -> Report {
        var report = Report()
        var lineNumber = 0
        let keys = PostDecoder()
        var flushed = false
        defer { if !flushed { _ = try? producer.flush(timeout: .seconds(60)) } }
        while let next = reader.next() {
            lineNumber += 1
            let line: [UInt8]
            switch next {
            case .tooLong(let bytes):
                report.skip(line: lineNumber, "\(bytes) bytes, over the \(reader.maxLineBytes)-byte line limit")
                continue
            case .line(let bytes):
                line = bytes
            }
            let key = (try? keys.decode(line).get()).map { Array($0.post.id.utf8) }
            do {
                _ = try producer.send(ProducerRecord(topic: topic, key: key, value: line))
            } catch {
                if error.isFatal { throw error }
                report.skip(line: lineNumber, "\(line.count) bytes, refused by the producer: \(error.message)")
                continue
            }
            report.produced += 1
            if line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }) { report.blank += 1 }
            if report.produced % 1000 == 0 { producer.poll() }
        }
        flushed = true
        let failures = try producer.flush(timeout: .seconds(60))
        report.undelivered = failures.count
        report.deliveryError = failures.first.map { "\($0.error)" }
        return report
    }
}
