import Crdkafka
import Logging

/// Cluster administration through the Kafka Admin API: creating topics (tests against a real
/// broker, laptop setups). Production topics are created by the operator's tooling (docs/operating.md).
public final class KafkaAdmin: Sendable {
    private let client: RDKafkaClient

    public init(configuration: KafkaConfiguration, logger: Logger) throws(KafkaError) {
        // Admin requests need a client of any kind; a producer that never produces is the lightest.
        client = try RDKafkaClient(kind: .producer, configuration: configuration, defaults: [:],
                                   context: RDKafkaClientContext(logger: logger))
    }

    /// Creates topics with the same partition count; throws on the first that the cluster refused,
    /// naming it (an existing topic is refused with `TOPIC_ALREADY_EXISTS`).
    public func createTopics(_ names: [String], partitions: Int, replicationFactor: Int = 1,
                             timeout: Duration = .seconds(30)) throws(KafkaError) {
        var newTopics: [OpaquePointer?] = []
        defer { rd_kafka_NewTopic_destroy_array(&newTopics, newTopics.count) }
        for name in names {
            var errorText = [CChar](repeating: 0, count: 512)
            guard let topic = rd_kafka_NewTopic_new(name, Int32(clamping: partitions), Int32(clamping: replicationFactor),
                                                    &errorText, errorText.count) else {
                let reason = String(decoding: errorText.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
                throw KafkaError(code: .admin, message: "cannot create topic \(name): \(reason)")
            }
            newTopics.append(topic)
        }
        let milliseconds = Int32(clamping: timeout.milliseconds)
        let options = rd_kafka_AdminOptions_new(client.pointer, RD_KAFKA_ADMIN_OP_CREATETOPICS)
        defer { rd_kafka_AdminOptions_destroy(options) }
        rd_kafka_AdminOptions_set_request_timeout(options, milliseconds, nil, 0)
        rd_kafka_AdminOptions_set_operation_timeout(options, milliseconds, nil, 0)
        let queue = rd_kafka_queue_new(client.pointer)
        defer { rd_kafka_queue_destroy(queue) }
        rd_kafka_CreateTopics(client.pointer, &newTopics, newTopics.count, options, queue)

        // The result event arrives once the request timed out at the latest; a little slack on top.
        guard let event = rd_kafka_queue_poll(queue, milliseconds + 5000) else {
            throw KafkaError(code: .timeout, message: "no answer to creating topics \(names.joined(separator: ",")) within \(timeout)",
                             isRetriable: true)
        }
        defer { rd_kafka_event_destroy(event) }
        let requestError = rd_kafka_event_error(event)
        guard requestError == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(code: .admin, rdError: requestError, context: "cannot create topics \(names.joined(separator: ","))")
        }
        var count = 0
        guard let result = rd_kafka_event_CreateTopics_result(event),
              let results = rd_kafka_CreateTopics_result_topics(result, &count) else { return }
        for index in 0..<count {
            guard let topicResult = results[index] else { continue }
            let error = rd_kafka_topic_result_error(topicResult)
            guard error == RD_KAFKA_RESP_ERR_NO_ERROR else {
                throw KafkaError(code: .admin, rdError: error,
                                 context: "cannot create topic \(String(cString: rd_kafka_topic_result_name(topicResult)))")
            }
        }
    }
}
