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
        let reader = try LineReader(path: file)
        let target = topic ?? kafka.topics.posts
        var count = 0
        while let line = reader.next() {
            if line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }) && !line.isEmpty { continue }
            try producer.send(ProducerRecord(topic: target, key: Self.postID(line).map { Array($0.utf8) }, value: line))
            count += 1
            if count % 1000 == 0 { producer.poll() }
        }
        let failures = try producer.flush(timeout: .seconds(60))
        if let first = failures.first {
            throw CLIError("\(failures.count) of \(count) records not delivered: \(first.error)")
        }
        FileHandle.standardError.write(Data("ingested \(count) records into \(target)\n".utf8))
    }

    /// The `id` of a line that is a JSON object with a string id.
    static func postID(_ line: [UInt8]) -> String? {
        guard line.first == UInt8(ascii: "{"),
              let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] else { return nil }
        return object["id"] as? String
    }
}
