import Foundation
import Kafka
import Logging

/// Reads whole topics from their beginning, outside any consumer group: for the demo, tests,
/// reports and audits. Nothing is committed.
public final class TopicReader {
    private let consumer: KafkaConsumer

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
        try consumer.assign(start)
    }

    public func next(timeoutMilliseconds: Int32) throws(KafkaError) -> KafkaMessage? {
        try consumer.poll(timeoutMilliseconds: timeoutMilliseconds)
    }

    /// The next offset to be written of a partition (its high watermark).
    public func endOffset(of partition: TopicPartition) throws(KafkaError) -> Int64 {
        try consumer.watermarks(of: partition).high
    }

    public func close() {
        try? consumer.close()
    }
}
