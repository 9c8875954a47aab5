import ArgumentParser
import Classifier
import Foundation
import Kafka
import Pipeline
import Records

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure throughput: classify only, decide only, or end to end on the embedded broker.",
        discussion: """
        --classify-only: the classifier alone, in memory, one core. --decide-only: the worker's per-record \
        work (decode, classify, encode), in memory, one core. Default: end to end on the embedded broker \
        with N worker processes, posts/s from first produce to last audit record, produce-to-decision \
        latency and worker memory; --compare adds kcat's consume+produce ceiling and the Python peer \
        worker through the same broker; with --classify-only, --compare runs the Python peer's \
        classifier (peer_classify.py) on the same input after each round. --rounds N repeats the \
        measurement and reports each round, the range and the median, with ratios taken within each \
        round. Use a release build for figures worth quoting.
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

    @Flag(help: "End to end: also measure kcat consume+produce and the Python peer worker on the same broker. With --classify-only: the Python peer's classifier, round by round (needs --peer-patterns).")
    var compare = false

    @Option(help: "Repeat the measurement this many times; report each round, the range and the median.")
    var rounds: Int = 1

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
        guard (1...50).contains(rounds) else { throw ValidationError("--rounds must be 1...50") }
        if classifyOnly && compare && peerPatterns == nil {
            throw ValidationError("--classify-only --compare needs --peer-patterns (../shared/bench/gen_corpus.py --patterns)")
        }
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
            let classifier = Classifier(ruleset: rules)
            var ours = BenchSeries("classify_posts_per_second")
            var peer = BenchSeries("python_peer_posts_per_second")
            var ratio = BenchSeries("ratio_to_python_peer")
            for _ in 1...rounds {
                let result = ClassifyBenchmark.run(posts: posts, classifier: classifier, seconds: seconds)
                report(mode: "classify-only", perSecond: result.postsPerSecond, fields: ["posts": "\(result.posts)", "seconds": format(result.seconds), "average_post_bytes": "\(averageBytes)"])
                ours.append(result.postsPerSecond)
                guard compare, let peerPatterns else { continue }
                let peerRate = try peerClassify(patterns: peerPatterns)
                report(mode: "python-peer-classify", perSecond: peerRate, fields: [:])
                peer.append(peerRate)
                ratio.append(result.postsPerSecond / peerRate)
            }
            summarise(compare ? [ours, peer, ratio] : [ours], digits: [0, 0, 2])
        } else if decideOnly {
            let decider = Decider(classifier: Classifier(ruleset: rules), pseudonymizer: Pseudonymizer(key: Array("bench".utf8)),
                                  topics: PipelineTopics(), decoder: PostDecoder(), workerID: "bench")
            var series = BenchSeries("decide_posts_per_second")
            for _ in 1...rounds {
                let result = DecideBenchmark.run(payloads: payloads, decider: decider, minimumSeconds: seconds)
                report(mode: "decide-only", perSecond: result.recordsPerSecond, fields: ["posts": "\(result.records)", "seconds": format(result.seconds), "average_post_bytes": "\(averageBytes)"])
                series.append(result.recordsPerSecond)
            }
            summarise([series], digits: [0])
        } else {
            // The embedded broker keeps about 5 MiB a partition and drops older records: a
            // backlog larger than that would be lost before the drain run reads it.
            let backlogPerPartition = posts * averageBytes / partitions
            guard backlogPerPartition <= 4 << 20 else {
                throw CLIError("\(posts) posts of ~\(averageBytes) bytes are \(backlogPerPartition >> 20) MiB a partition; the embedded broker keeps about 5 MiB: use --partitions \(posts * averageBytes / (3 << 20) + 1) or more")
            }
            var results: [EndToEndBenchmark.Result] = []
            for round in 1...rounds {
                // A fresh broker each round: no round reads another's leftovers.
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
                if rounds > 1 && !json { print("\nround \(round) of \(rounds)") }
                print(json ? result.json() : result.table())
                results.append(result)
            }
            summarise(EndToEndBenchmark.Result.series(results), digits: EndToEndBenchmark.Result.seriesDigits)
        }
    }

    /// After more than one round, or a comparison: each series' range and median.
    private func summarise(_ series: [BenchSeries], digits: [Int]) {
        guard rounds > 1 || (compare && classifyOnly) else { return }
        let measured = zip(series, digits).filter { !$0.0.values.isEmpty }
        if json {
            print("{\"mode\":\"summary\",\"rounds\":\(rounds)," + measured.map { $0.json(digits: $1) }.joined(separator: ",") + "}")
        } else {
            print("\nover \(rounds) round(s):")
            for (one, places) in measured { print("  \(one.name): \(one.summary(digits: places))") }
        }
    }

    /// posts/s of ../shared/bench/peer_classify.py on the same input, in memory, one core.
    private func peerClassify(patterns: String) throws -> Double {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "\(peerDirectory)/peer_classify.py", "--input", input, "--patterns", patterns, "--json"]
        let output = Pipe()
        process.standardOutput = output
        do { try process.run() } catch { throw CLIError("python3 did not start: \(error)") }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
              let line = String(decoding: data, as: UTF8.self).split(separator: "\n").last,
              let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
              let rate = (object["posts_per_second"] as? Double) ?? (object["posts_per_second"] as? Int).map(Double.init) else {
            throw CLIError("peer_classify.py in \(peerDirectory) gave no posts_per_second (pip install pyahocorasick)")
        }
        return rate
    }

    private func format(_ value: Double) -> String { String(format: "%.3f", value) }

    private func report(mode: String, perSecond: Double, fields: [String: String]) {
        if json {
            let members = ["\"mode\":\"\(mode)\"", "\"posts_per_second\":\(Int(perSecond))"]
                + fields.sorted { $0.key < $1.key }.map { "\"\($0.key)\":\($0.value)" }
            print("{" + members.joined(separator: ",") + "}")
        } else if let posts = fields["posts"], let seconds = fields["seconds"], let bytes = fields["average_post_bytes"] {
            print("\(mode): \(Int(perSecond)) posts/s on one core (\(posts) posts in \(seconds) s, ~\(bytes) bytes a post)")
        } else {
            print("\(mode): \(Int(perSecond)) posts/s on one core")
        }
    }
}
