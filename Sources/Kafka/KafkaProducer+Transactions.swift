import Crdkafka

/// Transactions, for exactly-once processing: outputs and input offsets commit atomically.
///
/// Needs `transactional.id` in the configuration. After an error with `requiresAbort`, call
/// `abortTransaction()` and re-read the batch's input; after a fatal one (e.g. fenced by a newer
/// instance with the same id), the producer is unusable.
extension KafkaProducer {
    public func initTransactions(timeout: Duration) throws(KafkaError) {
        try check(rd_kafka_init_transactions(client.pointer, Int32(clamping: timeout.milliseconds)), "init transactions")
    }

    public func beginTransaction() throws(KafkaError) {
        try check(rd_kafka_begin_transaction(client.pointer), "begin transaction")
    }

    /// Adds the consumer's next offsets to the transaction: they commit with it, or not at all.
    public func sendOffsetsToTransaction(_ nextOffsets: [TopicPartition: Int64], consumer: KafkaConsumer,
                                         timeout: Duration) throws(KafkaError) {
        let list = RDKafkaTopicPartitionList(nextOffsets)
        guard let metadata = consumer.groupMetadata() else {
            throw KafkaError(code: .transaction, message: "the consumer has no group metadata")
        }
        defer { rd_kafka_consumer_group_metadata_destroy(metadata) }
        try check(rd_kafka_send_offsets_to_transaction(client.pointer, list.pointer, metadata,
                                                       Int32(clamping: timeout.milliseconds)), "send offsets to transaction")
    }

    /// Flushes and commits; outstanding records are delivered first.
    public func commitTransaction(timeout: Duration) throws(KafkaError) {
        try check(rd_kafka_commit_transaction(client.pointer, Int32(clamping: timeout.milliseconds)), "commit transaction")
        _ = client.context.deliveries.withLock { $0.failures.removeAll() }
    }

    public func abortTransaction(timeout: Duration) throws(KafkaError) {
        try check(rd_kafka_abort_transaction(client.pointer, Int32(clamping: timeout.milliseconds)), "abort transaction")
        _ = client.context.deliveries.withLock { $0.failures.removeAll() }
    }

    private func check(_ error: OpaquePointer?, _ context: String) throws(KafkaError) {
        guard let error else { return }
        throw KafkaError(code: .transaction, consuming: error, context: context)
    }
}
