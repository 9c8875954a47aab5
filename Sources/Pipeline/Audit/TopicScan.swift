import Foundation
import Kafka
import Logging

/// Reads topics once, from each partition's low watermark up to the high watermark it had when
/// the scan began, outside any consumer group. Audits need a fixed end: records that arrive during
/// the scan belong to the next audit, and a reader that waits for "no more records" never knows
/// whether it saw everything.
public struct TopicScan {
    /// The offsets a scan covered: `[low, high)` per partition.
    public var ranges: [TopicPartition: Range<Int64>]

    /// An audit read that could not finish, with what to check.
    public struct Incomplete: Error, CustomStringConvertible {
        public var description: String
    }

    /// Reads every record of `topics` in range, calling `body` for each, in offset order per partition.
    public static func read(kafka: KafkaConfiguration, topics: [String], logger: Logger,
                            timeout: Duration = .seconds(120),
                            _ body: (KafkaMessage) throws -> Void) throws -> TopicScan {
        let consumer = try KafkaConsumer(configuration: kafka, groupID: "smugglewatch-audit-\(UUID().uuidString)", logger: logger)
        defer { try? consumer.close() }
        var ranges: [TopicPartition: Range<Int64>] = [:]
        for topic in topics {
            let count = try consumer.partitionCount(of: topic)
            for index in 0..<count {
                let partition = TopicPartition(topic: topic, partition: Int32(index))
                let (low, high) = try consumer.watermarks(of: partition)
                ranges[partition] = low..<max(low, high)
            }
        }
        var remaining = ranges.filter { !$0.value.isEmpty }
        guard !remaining.isEmpty else { return TopicScan(ranges: ranges) }
        try consumer.assign(remaining.mapValues(\.lowerBound))
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while !remaining.isEmpty {
            guard ContinuousClock.now < deadline else {
                let left = remaining.keys.map(\.description).sorted().joined(separator: ", ")
                throw Incomplete(description: "read of \(topics.joined(separator: ",")) did not reach the end of \(left) within \(timeout); check that the brokers are reachable and retry")
            }
            guard let message = try consumer.poll(timeoutMilliseconds: 200) else { continue }
            let partition = message.topicPartition
            guard let range = remaining[partition] else { continue }
            if message.offset < range.upperBound { try body(message) }
            if message.offset + 1 >= range.upperBound { remaining[partition] = nil }
        }
        return TopicScan(ranges: ranges)
    }
}
