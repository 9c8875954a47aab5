import Foundation
import Kafka

/// Measures the worker's own CPU work per record (decode, classify, encode), without Kafka.
public enum DecideBenchmark {
    public struct Result: Sendable {
        public var records: Int
        public var seconds: Double
        public var recordsPerSecond: Double { Double(records) / seconds }
    }

    /// Runs the payloads through `decider` repeatedly for at least `minimumSeconds`.
    public static func run(payloads: [[UInt8]], decider: Decider, minimumSeconds: Double = 2) -> Result {
        precondition(!payloads.isEmpty)
        let messages = payloads.enumerated().map { index, payload in
            KafkaMessage(topic: "posts", partition: 0, offset: Int64(index), key: nil, value: payload)
        }
        let clock = ContinuousClock()
        let start = clock.now
        var records = 0
        var bytes = 0
        repeat {
            for message in messages {
                let (_, outputs) = decider.outputs(for: message, now: "2026-01-01T00:00:00.000Z")
                bytes &+= outputs.count
                records += 1
            }
        } while start.duration(to: clock.now) < .seconds(minimumSeconds)
        let elapsed = start.duration(to: clock.now)
        precondition(bytes > 0)
        return Result(records: records, seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }
}
