import Crdkafka

/// Owns an `rd_kafka_topic_partition_list_t`.
final class RDKafkaTopicPartitionList {
    let pointer: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>

    init(capacity: Int = 8) {
        pointer = rd_kafka_topic_partition_list_new(Int32(capacity))
    }

    convenience init(_ offsets: [TopicPartition: Int64]) {
        self.init(capacity: offsets.count)
        for (partition, offset) in offsets.sorted(by: { ($0.key.topic, $0.key.partition) < ($1.key.topic, $1.key.partition) }) {
            add(partition, offset: offset)
        }
    }

    deinit {
        rd_kafka_topic_partition_list_destroy(pointer)
    }

    func add(_ partition: TopicPartition, offset: Int64? = nil) {
        let entry = rd_kafka_topic_partition_list_add(pointer, partition.topic, partition.partition)
        if let offset { entry?.pointee.offset = offset }
    }

    /// The entries of a list librdkafka owns or we own.
    static func entries(of list: UnsafePointer<rd_kafka_topic_partition_list_t>?) -> [(TopicPartition, Int64, rd_kafka_resp_err_t)] {
        guard let list, let elements = list.pointee.elems else { return [] }
        return (0..<Int(list.pointee.cnt)).map { index in
            let element = elements[index]
            return (TopicPartition(topic: String(cString: element.topic), partition: element.partition),
                    element.offset, element.err)
        }
    }

    var entries: [(TopicPartition, Int64, rd_kafka_resp_err_t)] { Self.entries(of: pointer) }
}
