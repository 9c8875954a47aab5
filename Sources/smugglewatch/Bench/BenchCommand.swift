import ArgumentParser
import Classifier
import Foundation
import Kafka
import Pipeline
import Records

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure throughput: classify only, decide only, or end to end through Kafka.",
        discussion: """
        --classify-only: the classifier alone, in memory, one core. --decide-only: the worker's per-record \
        work (decode, classify, encode), in memory, one core. Default: end to end with N worker processes \
        on the embedded broker, or with --brokers on a cluster of yours (in topics of the run's own, \
        smugglewatch-bench-<id>-*, left for you to delete): posts/s from first produce to last audit \
        record, live and draining a backlog, produce-to-decision latency, worker memory and CPU. \
        --rounds N repeats the measurement and reports each round, the range and the median. Use a \
        release build for figures worth quoting. Comparisons with kcat and a Python peer: Benchmarks/.
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

    @Option(help: "End to end: bootstrap servers of the cluster to measure on. (default: the embedded broker)")
    var brokers: String?

    @Option(name: .customLong("kafka"), help: ArgumentHelp(
        "End to end with --brokers: a librdkafka property for every client of the run, workers included (repeatable): TLS, SASL.",
        valueName: "key=value"))
    var clusterProperties: [String] = []

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

    @Option(help: "Repeat the measurement this many times; report each round, the range and the median.")
    var rounds: Int = 1

    @Flag(help: "Print one JSON object.")
    var json = false

    func validate() throws {
        guard !(classifyOnly && decideOnly) else { throw ValidationError("choose one of --classify-only and --decide-only") }
        guard (1...16).contains(workers) else { throw ValidationError("--workers must be 1...16") }
        guard (1...2_000_000).contains(posts) else { throw ValidationError("--posts must be 1...2000000") }
        guard (1...50).contains(rounds) else { throw ValidationError("--rounds must be 1...50") }
        guard brokers != nil || clusterProperties.isEmpty else { throw ValidationError("--kafka needs --brokers") }
        if case .failure(let bad) = KafkaOptions.parseProperties(clusterProperties) { throw ValidationError("--kafka: \(bad)") }
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
            var series = BenchSeries("classify_posts_per_second")
            for _ in 1...rounds {
                let result = ClassifyBenchmark.run(posts: posts, classifier: classifier, seconds: seconds)
                report(mode: "classify-only", perSecond: result.postsPerSecond, posts: result.posts, seconds: result.seconds,
                       averageBytes: averageBytes)
                series.append(result.postsPerSecond)
            }
            summarise([series], digits: [0])
        } else if decideOnly {
            let decider = Decider(classifier: Classifier(ruleset: rules), pseudonymizer: Pseudonymizer(key: Array("bench".utf8)),
                                  topics: PipelineTopics(), decoder: PostDecoder(), workerID: "bench")
            var series = BenchSeries("decide_posts_per_second")
            for _ in 1...rounds {
                let result = DecideBenchmark.run(payloads: payloads, decider: decider, minimumSeconds: seconds)
                report(mode: "decide-only", perSecond: result.recordsPerSecond, posts: result.records, seconds: result.seconds,
                       averageBytes: averageBytes)
                series.append(result.recordsPerSecond)
            }
            summarise([series], digits: [0])
        } else {
            // The embedded broker keeps about 5 MiB a partition and drops older records: a
            // backlog larger than that would be lost before the drain run reads it.
            let backlogPerPartition = posts * averageBytes / partitions
            guard brokers != nil || backlogPerPartition <= 4 << 20 else {
                throw CLIError("\(posts) posts of ~\(averageBytes) bytes are \(backlogPerPartition >> 20) MiB a partition; the embedded broker keeps about 5 MiB: use --partitions \(posts * averageBytes / (3 << 20) + 1) or more")
            }
            var results: [EndToEndBenchmark.Result] = []
            for round in 1...rounds {
                // A fresh broker (or fresh topics) each round: no round reads another's leftovers.
                let benchmark = try EndToEndBenchmark(payloads: payloads, posts: posts, workers: workers, partitions: partitions,
                                                      batchSize: batchSize, decideThreads: decideThreads,
                                                      workerArguments: workerKafka.flatMap { ["--kafka", $0] }, ruleset: ruleset,
                                                      brokers: brokers, clusterProperties: properties)
                let result = try benchmark.run()
                if brokers != nil {
                    let note = "topics \(benchmark.topicPrefix)* are left on the cluster: delete them when done\n"
                    FileHandle.standardError.write(Data(note.utf8))
                }
                if rounds > 1 && !json { print("\nround \(round) of \(rounds)") }
                print(json ? result.json() : result.table())
                results.append(result)
            }
            summarise(EndToEndBenchmark.Result.series(results), digits: EndToEndBenchmark.Result.seriesDigits)
        }
    }

    /// After more than one round: each series' range and median.
    private func summarise(_ series: [BenchSeries], digits: [Int]) {
        guard rounds > 1 else { return }
        let measured = zip(series, digits).filter { !$0.0.values.isEmpty }
        if json {
            var json = JSONWriter()
            json.beginObject()
            json.key("mode"); json.string("summary")
            json.key("rounds"); json.int(rounds)
            for (one, places) in measured { one.write(to: &json, digits: places) }
            json.endObject()
            print(json.withBytes { String(decoding: $0, as: UTF8.self) })
        } else {
            print("\nover \(rounds) round(s):")
            for (one, places) in measured { print("  \(one.name): \(one.summary(digits: places))") }
        }
    }

    /// The `--kafka` properties, checked in `validate()`.
    private var properties: [String: String] {
        (try? KafkaOptions.parseProperties(clusterProperties).get()) ?? [:]
    }

    /// One in-memory round: a line, or a JSON object with the same figures.
    private func report(mode: String, perSecond: Double, posts: Int, seconds: Double, averageBytes: Int) {
        if json {
            var json = JSONWriter()
            json.beginObject()
            json.key("mode"); json.string(mode)
            json.key("posts_per_second"); BenchSeries.write(perSecond, 0, to: &json)
            json.key("average_post_bytes"); json.int(averageBytes)
            json.key("posts"); json.int(posts)
            json.key("seconds"); BenchSeries.write(seconds, 3, to: &json)
            json.endObject()
            print(json.withBytes { String(decoding: $0, as: UTF8.self) })
        } else {
            print("\(mode): \(Int(perSecond)) posts/s on one core (\(posts) posts in \(String(format: "%.3f", seconds)) s, ~\(averageBytes) bytes a post)")
        }
    }
}
