import Classifier
import Foundation
import Kafka
import Metrics
import Records
import Synchronization

/// The worker's metrics through swift-metrics (the daemon exports them for Prometheus), the
/// health state behind /readyz, and the totals the worker reports when it stops (swift-metrics
/// handles cannot be read back). Handles are made once: nothing is looked up per record.
public final class WorkerMetrics: Sendable {
    /// What the worker has finished since it started: batches whose outputs were all delivered.
    public struct Totals: Sendable, Equatable {
        public var consumed = 0
        public var decisions: [Verdict: Int] = [:]
        public var deadLetters: [DeadLetterReason.Code: Int] = [:]
        public var batches = 0
    }

    private let decisions: [Verdict: Counter]
    private let deadLetters: [DeadLetterReason.Code: Counter]
    private let consumed = Counter(label: "smugglewatch_records_consumed_total")
    private let batchDuration = Metrics.Timer(label: "smugglewatch_batch_seconds", preferredDisplayUnit: .seconds)
    private let rebalances = Counter(label: "smugglewatch_rebalances_total")
    private let commitFailures = Counter(label: "smugglewatch_commit_failures_total")
    private let commits = Counter(label: "smugglewatch_commits_total")
    private let redeliveries = Counter(label: "smugglewatch_redeliveries_total")
    private let assignedPartitions = Gauge(label: "smugglewatch_assigned_partitions")
    private let brokersUp = Gauge(label: "smugglewatch_kafka_brokers_up")
    private let lagGauges = Mutex<[TopicPartition: Gauge]>([:])
    private let health = Mutex(Health())
    private let finished = Mutex(Totals())

    struct Health {
        var assigned = 0
        /// From librdkafka statistics; nil until the first report.
        var brokersUp: Int?
    }

    public init() {
        decisions = Dictionary(uniqueKeysWithValues: Verdict.allCases.map {
            ($0, Counter(label: "smugglewatch_decisions_total", dimensions: [("decision", $0.rawValue)]))
        })
        deadLetters = Dictionary(uniqueKeysWithValues: DeadLetterReason.Code.all.map {
            ($0, Counter(label: "smugglewatch_deadletters_total", dimensions: [("code", $0.rawValue)]))
        })
    }

    /// Readable from any thread.
    public var totals: Totals { finished.withLock { $0 } }

    func recordBatch(consumed count: Int, decided: [Verdict: Int], deadLettered: [DeadLetterReason.Code: Int],
                     duration: Duration, committed: Bool) {
        consumed.increment(by: count)
        for (verdict, number) in decided { decisions[verdict]?.increment(by: number) }
        for (code, number) in deadLettered { deadLetters[code]?.increment(by: number) }
        batchDuration.record(duration: duration)
        if committed { commits.increment() } else { commitFailures.increment() }
        finished.withLock { totals in
            totals.consumed += count
            totals.decisions.merge(decided, uniquingKeysWith: +)
            totals.deadLetters.merge(deadLettered, uniquingKeysWith: +)
            totals.batches += 1
        }
    }

    func recordRedeliveries(_ count: Int) { redeliveries.increment(by: count) }

    func recordRebalance(assignedNow: Int) {
        rebalances.increment()
        assignedPartitions.record(assignedNow)
        health.withLock { $0.assigned = assignedNow }
    }

    /// Ready: partitions assigned and, once librdkafka has reported, at least one broker up.
    public var isReady: Bool {
        health.withLock { $0.assigned > 0 && ($0.brokersUp ?? 1) > 0 }
    }

    /// Takes librdkafka's statistics JSON (every `statistics.interval.ms`): consumer lag per
    /// partition and brokers up.
    public func recordStatistics(_ json: String) {
        guard let root = try? JSONValue(json: Array(json.utf8)) else { return }
        if case .object(let brokers)? = root["brokers"] {
            // The bootstrap and coordinator pseudo-brokers have nodeid -1: count only real ones.
            let up = brokers.values.filter { broker in
                guard case .number(let node)? = broker["nodeid"] else { return false }
                return node >= 0 && broker["state"]?.stringValue == "UP"
            }.count
            brokersUp.record(up)
            health.withLock { $0.brokersUp = up }
        }
        guard case .object(let topics)? = root["topics"] else { return }
        for (topic, value) in topics {
            guard case .object(let partitions)? = value["partitions"] else { continue }
            for (key, entry) in partitions {
                guard let partition = Int32(key), partition >= 0, case .number(let reported)? = entry["consumer_lag"],
                      let lag = Int(exactly: reported), lag >= 0 else { continue }
                let id = TopicPartition(topic: topic, partition: partition)
                let gauge = lagGauges.withLock { gauges in
                    if let gauge = gauges[id] { return gauge }
                    let gauge = Gauge(label: "smugglewatch_consumer_lag", dimensions: [("topic", topic), ("partition", key)])
                    gauges[id] = gauge
                    return gauge
                }
                gauge.record(lag)
            }
        }
    }
}
