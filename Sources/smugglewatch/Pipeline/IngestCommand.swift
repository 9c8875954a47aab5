import ArgumentParser
import Foundation
import Kafka
import Pipeline

struct IngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Produce a JSONL file to the posts topic, one record a line, as it is.",
        discussion: "Lines are not validated here: bad input is the worker's to dead-letter. A line that is a JSON object with a string id is keyed by it."
    )

    @OptionGroup var kafka: KafkaOptions
    @OptionGroup var log: LogOptions

    @Option(help: "Topic to produce to (default: the posts topic).")
    var topic: String?

    @Argument(help: "JSONL file, or - for stdin.")
    var file: String

    func run() throws {
        let logger = log.makeLogger(label: "smugglewatch.ingest")
        let producer = try KafkaProducer(configuration: try kafka.configuration(clientID: "smugglewatch-ingest"), logger: logger)
        let target = topic ?? kafka.topics.posts
        let count = try Self.produceLines(of: try LineReader(path: file), to: target, producer: producer)
        FileHandle.standardError.write(Data("ingested \(count) records into \(target)\n".utf8))
    }

    /// Produces every line as one record (keyed by its post id when it has one), skipping lines of
    /// only spaces and tabs, and waits for every acknowledgement. Returns how many were produced.
    static func produceLines(of reader: LineReader, to topic: String, producer: KafkaProducer) throws -> Int {
        var count = 0
        while let line = reader.next() {
            if line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }) && !line.isEmpty { continue }
            try producer.send(ProducerRecord(topic: topic, key: postID(line).map { Array($0.utf8) }, value: line))
            count += 1
            if count % 1000 == 0 { producer.poll() }
        }
        let failures = try producer.flush(timeout: .seconds(60))
        if let first = failures.first {
            throw CLIError("\(failures.count) of \(count) records not delivered: \(first.error)")
        }
        return count
    }

    /// The `id` of a line that is a JSON object with a string id.
    static func postID(_ line: [UInt8]) -> String? {
        guard line.first == UInt8(ascii: "{"),
              let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] else { return nil }
        return object["id"] as? String
    }
}
