import Crdkafka
import Logging

/// librdkafka's mock Kafka cluster: real Kafka-protocol brokers on loopback sockets, with fault
/// injection. For demos and tests; see DESIGN.md for what it cannot prove (transactions, retention).
public final class EmbeddedCluster: @unchecked Sendable {
    // @unchecked Sendable: the mock cluster's calls are thread-safe (they post to its own thread).

    /// Kafka API keys by name, as the broker's `errors` control command takes them.
    public static let apiKeys: [String: Int16] = [
        "Produce": 0, "Fetch": 1, "ListOffsets": 2, "Metadata": 3, "OffsetCommit": 8, "OffsetFetch": 9,
        "FindCoordinator": 10, "JoinGroup": 11, "Heartbeat": 12, "LeaveGroup": 13, "SyncGroup": 14,
        "DescribeGroups": 15, "ListGroups": 16, "SaslHandshake": 17, "ApiVersions": 18, "CreateTopics": 19,
        "DeleteTopics": 20, "InitProducerId": 22, "OffsetForLeaderEpoch": 23, "AddPartitionsToTxn": 24,
        "AddOffsetsToTxn": 25, "EndTxn": 26, "TxnOffsetCommit": 28,
    ]

    /// The client instance that hosts the cluster's thread; it must outlive the cluster.
    private let host: RDKafkaClient
    private let cluster: OpaquePointer
    public let brokerCount: Int
    /// `host:port,...` of the mock brokers.
    public let bootstrapServers: String

    public init(brokers: Int = 3, logger: Logger) throws(KafkaError) {
        guard (1...32).contains(brokers) else {
            throw KafkaError(code: .embeddedCluster, message: "broker count must be 1...32, got \(brokers)")
        }
        host = try RDKafkaClient(kind: .producer, configuration: KafkaConfiguration(bootstrapServers: ""),
                                 defaults: ["log_level": "4"], context: RDKafkaClientContext(logger: logger))
        guard let cluster = rd_kafka_mock_cluster_new(host.pointer, Int32(brokers)) else {
            throw KafkaError(code: .embeddedCluster, message: "cannot start the embedded Kafka cluster")
        }
        self.cluster = cluster
        brokerCount = brokers
        bootstrapServers = String(cString: rd_kafka_mock_cluster_bootstraps(cluster))
    }

    deinit {
        rd_kafka_mock_cluster_destroy(cluster)
        withExtendedLifetime(host) {}
    }

    /// Partition counts a topic of the embedded cluster may have. The mock accepts 0 and then
    /// serves a topic nothing can be written to, so the check is ours.
    public static let partitionCounts = 1...1000

    public func createTopic(_ name: String, partitions: Int, replicationFactor: Int = 1) throws(KafkaError) {
        guard Self.partitionCounts.contains(partitions) else {
            throw KafkaError(code: .embeddedCluster,
                             message: "a topic needs \(Self.partitionCounts.lowerBound)...\(Self.partitionCounts.upperBound) partitions, got \(partitions)")
        }
        guard !name.isEmpty else { throw KafkaError(code: .embeddedCluster, message: "a topic needs a name") }
        let error = rd_kafka_mock_topic_create(cluster, name, Int32(partitions), Int32(replicationFactor))
        try check(error, "cannot create topic \(name)")
    }

    public func setBrokerDown(_ broker: Int32) throws(KafkaError) {
        try check(rd_kafka_mock_broker_set_down(cluster, try validBroker(broker)), "broker-down \(broker)")
    }

    public func setBrokerUp(_ broker: Int32) throws(KafkaError) {
        try check(rd_kafka_mock_broker_set_up(cluster, try validBroker(broker)), "broker-up \(broker)")
    }

    /// Adds `milliseconds` of round-trip time to every response of a broker.
    public func setRoundTripTime(broker: Int32, milliseconds: Int) throws(KafkaError) {
        try check(rd_kafka_mock_broker_set_rtt(cluster, try validBroker(broker), Int32(milliseconds)), "rtt \(broker)")
    }

    /// Makes the next `count` requests of an API fail with the named error (e.g. `REQUEST_TIMED_OUT`).
    public func pushRequestErrors(api: String, count: Int, errorName: String) throws(KafkaError) {
        guard let apiKey = Self.apiKeys[api] else {
            throw KafkaError(code: .embeddedCluster,
                             message: "unknown API '\(api)'; known: \(Self.apiKeys.keys.sorted().joined(separator: ", "))")
        }
        guard let error = RDKafkaErrorClass.code(named: errorName) else {
            throw KafkaError(code: .embeddedCluster, message: "unknown error name '\(errorName)' (use librdkafka's, e.g. REQUEST_TIMED_OUT)")
        }
        guard (1...100_000).contains(count) else {
            throw KafkaError(code: .embeddedCluster, message: "error count must be 1...100000, got \(count)")
        }
        let errors = [rd_kafka_resp_err_t](repeating: error, count: count)
        rd_kafka_mock_push_request_errors_array(cluster, apiKey, count, errors)
    }

    /// Forgets the errors pushed for an API that have not fired yet.
    public func clearRequestErrors(api: String) throws(KafkaError) {
        guard let apiKey = Self.apiKeys[api] else {
            throw KafkaError(code: .embeddedCluster, message: "unknown API '\(api)'")
        }
        rd_kafka_mock_clear_request_errors(cluster, apiKey)
    }

    private func validBroker(_ broker: Int32) throws(KafkaError) -> Int32 {
        guard broker >= 1 && broker <= Int32(brokerCount) else {
            throw KafkaError(code: .embeddedCluster, message: "no broker \(broker): brokers are 1...\(brokerCount)")
        }
        return broker
    }

    private func check(_ error: rd_kafka_resp_err_t, _ context: String) throws(KafkaError) {
        guard error == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(code: .embeddedCluster, rdError: error, context: context)
        }
    }
}
