import Crdkafka

enum RDKafkaMetadata {
    static func partitionCount(handle: OpaquePointer, topic: String, timeoutMilliseconds: Int32) throws(KafkaError) -> Int {
        guard let topicHandle = rd_kafka_topic_new(handle, topic, nil) else {
            throw KafkaError(code: .admin, message: "cannot open topic \(topic)")
        }
        defer { rd_kafka_topic_destroy(topicHandle) }
        var metadata: UnsafePointer<rd_kafka_metadata>?
        let error = rd_kafka_metadata(handle, 0, topicHandle, &metadata, timeoutMilliseconds)
        guard error == RD_KAFKA_RESP_ERR_NO_ERROR, let metadata else {
            throw KafkaError(code: .admin, rdError: error, context: "cannot read metadata of \(topic)")
        }
        defer { rd_kafka_metadata_destroy(metadata) }
        guard metadata.pointee.topic_cnt > 0, let topics = metadata.pointee.topics else {
            throw KafkaError(code: .admin, message: "topic \(topic) not found in cluster metadata")
        }
        let entry = topics[0]
        guard entry.err == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(code: .admin, rdError: entry.err, context: "topic \(topic)")
        }
        return Int(entry.partition_cnt)
    }
}
