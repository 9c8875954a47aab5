import Crdkafka
import Logging
import Synchronization

/// A producer with delivery reports.
///
/// `send` enqueues and returns a sequence number; `flush` waits until every enqueued record is
/// acknowledged or has failed, and returns the failures by sequence number. Callers that must not
/// lose records (the worker) re-send failures and commit input only after a clean flush.
/// Blocking calls (`flush`, `poll` with a timeout) belong on a dedicated thread.
public final class KafkaProducer: Sendable {
    /// A record that librdkafka gave up on, by the sequence number `send` returned.
    public struct DeliveryFailure: Sendable {
        public var sequence: UInt64
        public var error: KafkaError
    }

    /// Our defaults: every replica acknowledges, and retries never duplicate or reorder.
    public static let defaultProperties: [String: String] = [
        "acks": "all",
        "enable.idempotence": "true",
        "linger.ms": "5",
    ]

    let client: RDKafkaClient
    private let topics = Mutex<[String: OpaquePointer]>([:])
    private let nextSequence = Atomic<UInt64>(1)

    /// - Parameter tracksDeliveries: keep every acknowledged sequence for `takeDeliveryReports()`
    ///   (callers that track records one by one); otherwise only failures are kept.
    public init(configuration: KafkaConfiguration, logger: Logger, tracksDeliveries: Bool = false) throws(KafkaError) {
        client = try RDKafkaClient(kind: .producer, configuration: configuration, defaults: Self.defaultProperties,
                                   context: RDKafkaClientContext(logger: logger, tracksAcknowledgedSequences: tracksDeliveries))
    }

    /// Delivery reports served by `poll` or `flush` since the last call: acknowledged sequences
    /// (with `tracksDeliveries`) and failures. Fatal client errors throw.
    public func takeDeliveryReports() throws(KafkaError) -> (acknowledged: [UInt64], failures: [DeliveryFailure]) {
        if let fatal = client.fatalError() { throw fatal }
        let (acknowledged, failures) = client.context.deliveries.withLock { deliveries in
            defer {
                deliveries.acknowledgedSequences.removeAll(keepingCapacity: true)
                deliveries.failures.removeAll()
            }
            return (deliveries.acknowledgedSequences, deliveries.failures)
        }
        return (acknowledged, failures.map { DeliveryFailure(sequence: $0.sequence, error: $0.error) })
    }

    deinit {
        // Topic handles go before the client handle (RDKafkaClient.deinit destroys it).
        topics.withLock { handles in
            for handle in handles.values { rd_kafka_topic_destroy(handle) }
            handles.removeAll()
        }
    }

    /// Enqueues a record; waits (serving delivery reports) while the local queue is full.
    @discardableResult
    public func send(_ record: ProducerRecord) throws(KafkaError) -> UInt64 {
        let topic = topicHandle(record.topic)
        let sequence = nextSequence.wrappingAdd(1, ordering: .relaxed).oldValue
        let opaque = UnsafeMutableRawPointer(bitPattern: UInt(sequence))
        while true {
            let result = withOptionalBytes(record.value) { value in
                withOptionalBytes(record.key) { key in
                    rd_kafka_produce(topic, record.partition ?? RD_KAFKA_PARTITION_UA, RD_KAFKA_MSG_F_COPY,
                                     UnsafeMutableRawPointer(mutating: value?.baseAddress), value?.count ?? 0,
                                     key?.baseAddress, key?.count ?? 0, opaque)
                }
            }
            if result == 0 { return sequence }
            let error = rd_kafka_last_error()
            if error == RD_KAFKA_RESP_ERR__QUEUE_FULL {
                rd_kafka_poll(client.pointer, 50)
                continue
            }
            if let fatal = client.fatalError() { throw fatal }
            throw KafkaError(code: .produce, rdError: error, context: "cannot enqueue record for \(record.topic)")
        }
    }

    /// Serves delivery reports and client errors for up to `timeoutMilliseconds`.
    public func poll(timeoutMilliseconds: Int32 = 0) {
        rd_kafka_poll(client.pointer, timeoutMilliseconds)
    }

    /// Records enqueued or in flight and not yet acknowledged.
    public var outstandingCount: Int { Int(rd_kafka_outq_len(client.pointer)) }

    /// Waits until every enqueued record is acknowledged or failed; returns (and forgets) the failures.
    ///
    /// Throws `.timeout` when records are still outstanding after `timeout`, and the fatal error when
    /// the producer can no longer be used.
    public func flush(timeout: Duration) throws(KafkaError) -> [DeliveryFailure] {
        let result = rd_kafka_flush(client.pointer, Int32(clamping: timeout.milliseconds))
        if let fatal = client.fatalError() { throw fatal }
        let failures = client.context.deliveries.withLock { deliveries in
            defer { deliveries.failures.removeAll() }
            return deliveries.failures
        }.map { DeliveryFailure(sequence: $0.sequence, error: $0.error) }
        if result == RD_KAFKA_RESP_ERR__TIMED_OUT {
            throw KafkaError(code: .timeout, message: "\(outstandingCount) records not acknowledged within \(timeout)",
                             isRetriable: true)
        }
        return failures
    }

    /// The largest record this producer sends (`message.max.bytes` as in effect): librdkafka
    /// refuses larger ones at `send`, counting key, value and a few dozen bytes of framing.
    public var maxMessageBytes: Int { client.property("message.max.bytes").flatMap { Int($0) } ?? 1_000_000 }

    /// Records acknowledged by the cluster since this producer started.
    public var acknowledgedCount: UInt64 { client.context.deliveries.withLock { $0.acknowledged } }

    private func topicHandle(_ name: String) -> OpaquePointer {
        topics.withLock { handles in
            if let handle = handles[name] { return handle }
            // rd_kafka_topic_new only fails on an invalid configuration, and we pass none.
            guard let handle = rd_kafka_topic_new(client.pointer, name, nil) else {
                preconditionFailure("rd_kafka_topic_new failed without a topic configuration")
            }
            handles[name] = handle
            return handle
        }
    }
}

func withOptionalBytes<R>(_ bytes: [UInt8]?, _ body: (UnsafeRawBufferPointer?) -> R) -> R {
    guard let bytes else { return body(nil) }
    return bytes.withUnsafeBytes { body($0) }
}

extension Duration {
    var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
