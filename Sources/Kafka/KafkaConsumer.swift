import Crdkafka
import Logging
import Synchronization

/// A consumer: either a member of a group (`subscribe`) or reading assigned partitions (`assign`).
///
/// Offsets are committed only when the caller says so (`commit`), never automatically. Rebalance
/// events reach the listener on the polling thread, inside `poll` or `close`: on `revoked` the
/// listener may still commit what it has finished, before the partitions go.
/// All calls that block (`poll`, `commit`, `close`) belong on a dedicated thread.
public final class KafkaConsumer: Sendable {
    public enum RebalanceEvent: Sendable {
        /// These partitions now belong to this member; consumption starts at the committed offsets.
        case assigned([TopicPartition])
        /// These partitions are about to go to another member: finish and commit what is in hand.
        case revoked([TopicPartition])
        /// These partitions were lost (session timeout): committing for them would fail.
        case lost([TopicPartition])
    }

    /// Our defaults: nothing is committed or stored behind the caller's back.
    public static let defaultProperties: [String: String] = [
        "enable.auto.commit": "false",
        "enable.auto.offset.store": "false",
        "auto.offset.reset": "earliest",
        "enable.partition.eof": "false",
        // Cooperative: a member joining or leaving moves only the partitions that must move; the
        // others keep being decided and committed through the rebalance.
        "partition.assignment.strategy": "cooperative-sticky",
        // Prefetch at most 16 MB (librdkafka's default is 64 MB): tens of thousands of posts ahead
        // is plenty, and it keeps a worker's memory small.
        "queued.max.messages.kbytes": "16384",
    ]

    private let client: RDKafkaClient
    private let listener = ListenerBox()
    private let closed = Atomic<Bool>(false)

    /// - Parameters:
    ///   - groupID: the consumer group; required by librdkafka even for assigned reading.
    ///   - statisticsHandler: receives librdkafka's statistics JSON every `statistics.interval.ms`.
    public init(configuration: KafkaConfiguration, groupID: String, logger: Logger,
                statisticsHandler: (@Sendable (String) -> Void)? = nil) throws(KafkaError) {
        var defaults = Self.defaultProperties
        defaults["group.id"] = groupID
        let context = RDKafkaClientContext(logger: logger, statisticsHandler: statisticsHandler)
        client = try RDKafkaClient(kind: .consumer, configuration: configuration, defaults: defaults, context: context)
        // Route everything (messages, rebalances, errors) through rd_kafka_consumer_poll.
        rd_kafka_poll_set_consumer(client.pointer)
        let listener = self.listener
        context.rebalanceHandler.withLock {
            $0 = { handle, error, partitions in
                let entries = RDKafkaTopicPartitionList.entries(of: partitions).map(\.0)
                let notify = listener.body.withLock { $0 }
                let revoking = error == RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS
                if revoking {
                    let lost = rd_kafka_assignment_lost(handle) != 0
                    notify?(lost ? .lost(entries) : .revoked(entries))
                }
                RDKafkaRebalance.apply(handle: handle, error: error, partitions: partitions, logger: logger)
                if !revoking && error == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS {
                    notify?(.assigned(entries))
                }
            }
        }
    }

    deinit {
        if !closed.load(ordering: .relaxed) {
            rd_kafka_consumer_close(client.pointer)
        }
    }

    private final class ListenerBox: Sendable {
        let body = Mutex<(@Sendable (RebalanceEvent) -> Void)?>(nil)
    }

    /// Receives rebalance events on the polling thread.
    public func setRebalanceListener(_ body: @escaping @Sendable (RebalanceEvent) -> Void) {
        listener.body.withLock { $0 = body }
    }

    /// Joins the group for these topics.
    public func subscribe(_ topics: [String]) throws(KafkaError) {
        let list = RDKafkaTopicPartitionList(capacity: topics.count)
        for topic in topics { list.add(TopicPartition(topic: topic, partition: RD_KAFKA_PARTITION_UA)) }
        let error = rd_kafka_subscribe(client.pointer, list.pointer)
        guard error == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(code: .consume, rdError: error, context: "cannot subscribe to \(topics.joined(separator: ","))")
        }
    }

    /// Reads these partitions from these offsets, outside any group rebalancing.
    public func assign(_ startOffsets: [TopicPartition: Int64]) throws(KafkaError) {
        let list = RDKafkaTopicPartitionList(startOffsets)
        let error = rd_kafka_assign(client.pointer, list.pointer)
        guard error == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(code: .consume, rdError: error, context: "cannot assign partitions")
        }
    }

    /// The next record, or `nil` when none arrived within the timeout.
    ///
    /// Consumer errors that librdkafka recovers from are logged and skipped; a fatal error throws.
    public func poll(timeoutMilliseconds: Int32) throws(KafkaError) -> KafkaMessage? {
        guard let message = rd_kafka_consumer_poll(client.pointer, timeoutMilliseconds) else {
            if let fatal = client.fatalError() { throw fatal }
            return nil
        }
        defer { rd_kafka_message_destroy(message) }
        let record = message.pointee
        if record.err != RD_KAFKA_RESP_ERR_NO_ERROR {
            if let fatal = client.fatalError() { throw fatal }
            if record.err == RD_KAFKA_RESP_ERR__PARTITION_EOF { return nil }
            let error = KafkaError(code: .consume, rdError: record.err, context: "consumer error")
            if record.err == RD_KAFKA_RESP_ERR__FATAL { throw error }
            client.context.logger.warning("\(error)")
            return nil
        }
        let topic = record.rkt.map { String(cString: rd_kafka_topic_name($0)) } ?? ""
        let value: [UInt8]? = record.payload.map { payload in
            Array(UnsafeRawBufferPointer(start: payload, count: record.len))
        }
        let key: [UInt8]? = record.key.map { key in
            Array(UnsafeRawBufferPointer(start: key, count: record.key_len))
        }
        var timestampType = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE
        let timestamp = rd_kafka_message_timestamp(message, &timestampType)
        return KafkaMessage(topic: topic, partition: record.partition, offset: record.offset, key: key, value: value,
                            timestamp: timestampType == RD_KAFKA_TIMESTAMP_NOT_AVAILABLE ? nil : timestamp)
    }

    /// Commits, synchronously, the next offset to read for each partition (last processed + 1).
    public func commit(_ nextOffsets: [TopicPartition: Int64]) throws(KafkaError) {
        guard !nextOffsets.isEmpty else { return }
        let list = RDKafkaTopicPartitionList(nextOffsets)
        let error = rd_kafka_commit(client.pointer, list.pointer, 0)
        guard error == RD_KAFKA_RESP_ERR_NO_ERROR else {
            if let fatal = client.fatalError() { throw fatal }
            throw KafkaError(code: .commit, rdError: error, context: "cannot commit offsets")
        }
        if let (partition, _, failed) = list.entries.first(where: { $0.2 != RD_KAFKA_RESP_ERR_NO_ERROR }) {
            throw KafkaError(code: .commit, rdError: failed, context: "cannot commit offset of \(partition)")
        }
    }

    /// The partitions currently assigned to this member.
    public func assignment() -> [TopicPartition] {
        var list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?
        guard rd_kafka_assignment(client.pointer, &list) == RD_KAFKA_RESP_ERR_NO_ERROR, let list else { return [] }
        defer { rd_kafka_topic_partition_list_destroy(list) }
        return RDKafkaTopicPartitionList.entries(of: list).map(\.0)
    }

    /// The group's committed offsets (the next offset to read) of these partitions, asked of the
    /// coordinator; partitions without a committed offset are missing. Needs no subscription.
    public func committedOffsets(of partitions: [TopicPartition], timeoutMilliseconds: Int32 = 10_000) throws(KafkaError) -> [TopicPartition: Int64] {
        let list = RDKafkaTopicPartitionList(capacity: partitions.count)
        for partition in partitions { list.add(partition) }
        let error = rd_kafka_committed(client.pointer, list.pointer, timeoutMilliseconds)
        guard error == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(code: .consume, rdError: error, context: "cannot read committed offsets")
        }
        var offsets: [TopicPartition: Int64] = [:]
        for (partition, offset, error) in list.entries where error == RD_KAFKA_RESP_ERR_NO_ERROR && offset >= 0 {
            offsets[partition] = offset
        }
        return offsets
    }

    /// The offset of the next record this consumer returns for each partition: past the records it
    /// returned and past the transaction markers and aborted records it skipped. Partitions it has
    /// not read from yet are missing.
    public func positions(of partitions: [TopicPartition]) -> [TopicPartition: Int64] {
        let list = RDKafkaTopicPartitionList(capacity: partitions.count)
        for partition in partitions { list.add(partition) }
        guard rd_kafka_position(client.pointer, list.pointer) == RD_KAFKA_RESP_ERR_NO_ERROR else { return [:] }
        var positions: [TopicPartition: Int64] = [:]
        for (partition, offset, error) in list.entries where error == RD_KAFKA_RESP_ERR_NO_ERROR && offset >= 0 {
            positions[partition] = offset
        }
        return positions
    }

    /// The longest this member may go without `poll` before librdkafka leaves the group on its
    /// behalf (`max.poll.interval.ms` as in effect).
    public var maxPollInterval: Duration {
        .milliseconds(client.property("max.poll.interval.ms").flatMap { Int($0) } ?? 300_000)
    }

    /// Stops fetching these partitions (e.g. while work is slow) without leaving the group.
    public func pause(_ partitions: [TopicPartition]) {
        let list = RDKafkaTopicPartitionList(capacity: partitions.count)
        for partition in partitions { list.add(partition) }
        rd_kafka_pause_partitions(client.pointer, list.pointer)
    }

    public func resume(_ partitions: [TopicPartition]) {
        let list = RDKafkaTopicPartitionList(capacity: partitions.count)
        for partition in partitions { list.add(partition) }
        rd_kafka_resume_partitions(client.pointer, list.pointer)
    }

    /// The low and high watermark offsets of a partition, asked of its leader.
    public func watermarks(of partition: TopicPartition, timeoutMilliseconds: Int32 = 5000) throws(KafkaError) -> (low: Int64, high: Int64) {
        var low: Int64 = 0
        var high: Int64 = 0
        let error = rd_kafka_query_watermark_offsets(client.pointer, partition.topic, partition.partition,
                                                     &low, &high, timeoutMilliseconds)
        guard error == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(code: .admin, rdError: error, context: "cannot read watermarks of \(partition)")
        }
        return (low, high)
    }

    /// The number of partitions of a topic, from cluster metadata.
    public func partitionCount(of topic: String, timeoutMilliseconds: Int32 = 5000) throws(KafkaError) -> Int {
        try RDKafkaMetadata.partitionCount(handle: client.pointer, topic: topic, timeoutMilliseconds: timeoutMilliseconds)
    }

    /// The group metadata a transactional producer needs; the caller destroys it.
    func groupMetadata() -> OpaquePointer? {
        rd_kafka_consumer_group_metadata(client.pointer)
    }

    /// Moves the fetch positions of assigned partitions (e.g. back to a batch's start after an
    /// aborted transaction).
    public func seek(_ offsets: [TopicPartition: Int64], timeoutMilliseconds: Int32 = 5000) throws(KafkaError) {
        guard !offsets.isEmpty else { return }
        let list = RDKafkaTopicPartitionList(offsets)
        if let error = rd_kafka_seek_partitions(client.pointer, list.pointer, timeoutMilliseconds) {
            throw KafkaError(code: .consume, consuming: error, context: "cannot seek")
        }
        if let (partition, _, failed) = list.entries.first(where: { $0.2 != RD_KAFKA_RESP_ERR_NO_ERROR }) {
            throw KafkaError(code: .consume, rdError: failed, context: "cannot seek \(partition)")
        }
    }

    /// Leaves the group (after a final `revoked` event) and stops fetching. Idempotent.
    public func close() throws(KafkaError) {
        guard !closed.exchange(true, ordering: .relaxed) else { return }
        let error = rd_kafka_consumer_close(client.pointer)
        guard error == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(code: .consume, rdError: error, context: "cannot close consumer")
        }
    }
}
