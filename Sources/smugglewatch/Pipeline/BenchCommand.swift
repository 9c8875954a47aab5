import ArgumentParser
import Classifier
import Foundation
import Kafka
import Pipeline

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure throughput: the worker's per-record work in memory (--decide-only).",
        discussion: "Use a release build (swift build -c release) for figures worth quoting."
    )

    @Option(help: "JSONL posts to measure with.")
    var input: String

    @Flag(help: "Decode, classify and encode in memory on one core, without Kafka.")
    var decideOnly = false

    @Option(help: "Ruleset file (default: rulesets/default.yaml).")
    var ruleset: String?

    @Option(help: "Seconds to run at least.")
    var seconds: Double = 3

    @Flag(help: "Print one JSON object.")
    var json = false

    func run() throws {
        let reader = try LineReader(path: input)
        var payloads: [[UInt8]] = []
        while let line = reader.next() { if !line.isEmpty { payloads.append(line) } }
        guard !payloads.isEmpty else { throw CLIError("no posts in \(input)") }
        let rules = try loadRuleset(ruleset)
        let decider = Decider(classifier: Classifier(ruleset: rules), pseudonymizer: Pseudonymizer(key: Array("bench".utf8)),
                              topics: PipelineTopics(), decoder: PostDecoder(), workerID: "bench")
        let result = DecideBenchmark.run(payloads: payloads, decider: decider, minimumSeconds: seconds)
        let averageBytes = payloads.reduce(0) { $0 + $1.count } / payloads.count
        if json {
            print(#"{"mode":"decide-only","posts_per_second":\#(Int(result.recordsPerSecond)),"records":\#(result.records),"seconds":\#(String(format: "%.3f", result.seconds)),"average_post_bytes":\#(averageBytes)}"#)
        } else {
            print("decide-only: \(Int(result.recordsPerSecond)) posts/s on one core (\(result.records) records in \(String(format: "%.2f", result.seconds)) s, ~\(averageBytes) bytes a post)")
        }
    }
}
