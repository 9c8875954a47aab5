import Foundation
import Kafka
import Logging

/// Reads whole topics from their beginning, outside any consumer group: for the demo, tests,
/// reports and audits. Nothing is committed.
public final class TopicReader {
    private let consumer: KafkaConsumer
    private let partitions: [TopicPartition]

    /// `kafka.properties["isolation.level"]` chooses what transactional outputs are seen:
    /// `read_committed` (librdkafka's default) or `read_uncommitted` (aborted ones too).
    public init(kafka: KafkaConfiguration, topics: [String], logger: Logger) throws(KafkaError) {
        // A throwaway group id: librdkafka wants one, and assigned reading never joins it.
        consumer = try KafkaConsumer(configuration: kafka, groupID: "smugglewatch-reader-\(UUID().uuidString)", logger: logger)
        var start: [TopicPartition: Int64] = [:]
        for topic in topics {
            let count = try consumer.partitionCount(of: topic)
            for partition in 0..<count {
                start[TopicPartition(topic: topic, partition: Int32(partition))] = KafkaOffset.beginning
            }
        }
        partitions = Array(start.keys)
        try consumer.assign(start)
    }

    public func next(timeoutMilliseconds: Int32) throws(KafkaError) -> KafkaMessage? {
        try consumer.poll(timeoutMilliseconds: timeoutMilliseconds)
    }

    /// The next offset to be written of a partition (its high watermark).
    public func endOffset(of partition: TopicPartition) throws(KafkaError) -> Int64 {
        try consumer.watermarks(of: partition).high
    }

    /// Whether every partition has been read up to its current end (transaction markers and
    /// skipped aborted records included). Only final when nothing writes to the topics any more
    /// and no transaction on them is open.
    public func isCaughtUp() throws(KafkaError) -> Bool {
        let positions = consumer.positions(of: partitions)
        for partition in partitions {
            let end = try endOffset(of: partition)
            if end > 0 && (positions[partition] ?? 0) < end { return false }
        }
        return true
    }

    public func close() {
        try? consumer.close()
    }
}
