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
    ///
    /// - Parameter optionalTopics: topics that may not exist yet (e.g. `verdicts` before the first
    ///   verdict on a cluster that does not create topics): read as empty, with a warning.
    public static func read(kafka: KafkaConfiguration, topics: [String], optionalTopics: Set<String> = [],
                            logger: Logger, timeout: Duration = .seconds(120),
                            _ body: (KafkaMessage) throws -> Void) throws -> TopicScan {
        let consumer = try KafkaConsumer(configuration: kafka, groupID: "smugglewatch-audit-\(UUID().uuidString)", logger: logger)
        defer { try? consumer.close() }
        var ranges: [TopicPartition: Range<Int64>] = [:]
        for topic in topics {
            let count: Int
            // A Result, not do/catch-where: the latter crashes the Swift 6.3 compiler here.
            switch Result(catching: { () throws(KafkaError) -> Int in try consumer.partitionCount(of: topic) }) {
            case .success(let found):
                count = found
            case .failure(let error) where optionalTopics.contains(topic):
                logger.warning("topic \(topic) cannot be read (\(error)); reading it as empty")
                continue
            case .failure(let error):
                throw error
            }
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
