import ArgumentParser
import Classifier
import Foundation
import Kafka
import Pipeline

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure throughput: classify only, decide only, or end to end on the embedded broker.",
        discussion: """
        --classify-only: the classifier alone, in memory, one core. --decide-only: the worker's per-record \
        work (decode, classify, encode), in memory, one core. Default: end to end on the embedded broker \
        with N worker processes, posts/s from first produce to last audit record, produce-to-decision \
        latency and worker memory; --compare adds kcat's consume+produce ceiling and the Python peer \
        worker through the same broker. Use a release build for figures worth quoting.
        """
    )

    @Option(help: "JSONL posts to measure with (cycled, ids rewritten, for end to end).")
    var input: String = "fixtures/posts.jsonl"

    @Flag(help: "Classifier only, in memory, one core.")
    var classifyOnly = false

    @Flag(help: "Decode, classify and encode in memory on one core, without Kafka.")
    var decideOnly = false

    @Option(help: "Ruleset file (default: rulesets/default.yaml).")
    var ruleset: String?

    @Option(help: "Seconds to run at least (in-memory modes).")
    var seconds: Double = 3

    @Option(help: "End to end: posts to send.")
    var posts: Int = 50_000

    @Option(help: "End to end: worker processes.")
    var workers: Int = 1

    @Option(help: "End to end: partitions per topic.")
    var partitions: Int = 16

    @Option(help: "End to end: worker batch size.")
    var batchSize: Int = 1000

    @Option(help: "End to end: decide threads per worker. (default: the worker's, one per core)")
    var decideThreads: Int?

    @Option(name: .customLong("worker-kafka"), help: ArgumentHelp(
        "End to end: a librdkafka property for the workers (repeatable), to try tunings.", valueName: "key=value"))
    var workerKafka: [String] = []

    @Flag(help: "End to end: also measure kcat consume+produce and the Python peer worker on the same broker.")
    var compare = false

    @Option(help: "Pattern file for the Python peer (../shared/bench/gen_corpus.py --patterns).")
    var peerPatterns: String?

    @Option(help: "Folder of the Python peer (peer_worker.py).")
    var peerDirectory: String = "../shared/bench"

    @Flag(help: "Print one JSON object.")
    var json = false

    func validate() throws {
        guard !(classifyOnly && decideOnly) else { throw ValidationError("choose one of --classify-only and --decide-only") }
        guard (1...16).contains(workers) else { throw ValidationError("--workers must be 1...16") }
        guard (1...2_000_000).contains(posts) else { throw ValidationError("--posts must be 1...2000000") }
    }

    func run() throws {
        let reader = try LineReader(path: input)
        var payloads: [[UInt8]] = []
        while let line = reader.next() {
            if case .line(let bytes) = line, !bytes.isEmpty { payloads.append(bytes) }
        }
        guard !payloads.isEmpty else { throw CLIError("no posts in \(input)") }
        let averageBytes = payloads.reduce(0) { $0 + $1.count } / payloads.count
        let rules = try loadRuleset(ruleset)

        if classifyOnly {
            let decoder = PostDecoder()
            let posts = payloads.compactMap { try? decoder.decode($0).get().post }
            let result = ClassifyBenchmark.run(posts: posts, classifier: Classifier(ruleset: rules), seconds: seconds)
            report(mode: "classify-only", perSecond: result.postsPerSecond, fields: ["posts": "\(result.posts)", "seconds": format(result.seconds), "average_post_bytes": "\(averageBytes)"])
        } else if decideOnly {
            let decider = Decider(classifier: Classifier(ruleset: rules), pseudonymizer: Pseudonymizer(key: Array("bench".utf8)),
                                  topics: PipelineTopics(), decoder: PostDecoder(), workerID: "bench")
            let result = DecideBenchmark.run(payloads: payloads, decider: decider, minimumSeconds: seconds)
            report(mode: "decide-only", perSecond: result.recordsPerSecond, fields: ["posts": "\(result.records)", "seconds": format(result.seconds), "average_post_bytes": "\(averageBytes)"])
        } else {
            // The embedded broker keeps about 5 MiB a partition and drops older records: a
            // backlog larger than that would be lost before the drain run reads it.
            let backlogPerPartition = posts * averageBytes / partitions
            guard backlogPerPartition <= 4 << 20 else {
                throw CLIError("\(posts) posts of ~\(averageBytes) bytes are \(backlogPerPartition >> 20) MiB a partition; the embedded broker keeps about 5 MiB: use --partitions \(posts * averageBytes / (3 << 20) + 1) or more")
            }
            let benchmark = try EndToEndBenchmark(payloads: payloads, posts: posts, workers: workers, partitions: partitions,
                                              batchSize: batchSize, decideThreads: decideThreads,
                                                  workerArguments: workerKafka.flatMap { ["--kafka", $0] }, ruleset: ruleset)
            var result = try benchmark.run()
            if compare {
                result.ceiling = try benchmark.kcatCeiling()
                if let peerPatterns {
                    result.pythonPeer = try benchmark.pythonPeer(directory: peerDirectory, patterns: peerPatterns)
                }
            }
            print(json ? result.json() : result.table())
        }
    }

    private func format(_ value: Double) -> String { String(format: "%.3f", value) }

    private func report(mode: String, perSecond: Double, fields: [String: String]) {
        if json {
            let extra = fields.sorted { $0.key < $1.key }.map { "\"\($0.key)\":\($0.value)" }.joined(separator: ",")
            print(#"{"mode":"\#(mode)","posts_per_second":\#(Int(perSecond)),\#(extra)}"#)
        } else {
            print("\(mode): \(Int(perSecond)) posts/s on one core (\(fields["posts"] ?? "?") posts in \(fields["seconds"] ?? "?") s, ~\(fields["average_post_bytes"] ?? "?") bytes a post)")
        }
    }
}
