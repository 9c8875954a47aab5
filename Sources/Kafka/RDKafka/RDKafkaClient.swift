import Crdkafka
import Logging
import Synchronization

/// Owns one `rd_kafka_t` and the context its C callbacks reach through the opaque pointer.
final class RDKafkaClient: @unchecked Sendable {
    enum Kind {
        case producer, consumer

        var rdType: rd_kafka_type_t {
            switch self {
            case .producer: RD_KAFKA_PRODUCER
            case .consumer: RD_KAFKA_CONSUMER
            }
        }
    }

    // @unchecked Sendable: the handle is thread-safe in librdkafka; all Swift state sits in `context`.
    let pointer: OpaquePointer
    let context: RDKafkaClientContext

    init(kind: Kind, configuration: KafkaConfiguration, defaults: [String: String],
         context: RDKafkaClientContext) throws(KafkaError) {
        let config = RDKafkaConfig()
        try config.apply(configuration, defaults: defaults)
        guard let conf = config.pointer else { preconditionFailure("fresh configuration") }
        rd_kafka_conf_set_opaque(conf, Unmanaged.passUnretained(context).toOpaque())
        rd_kafka_conf_set_log_cb(conf, rdLogCallback)
        rd_kafka_conf_set_error_cb(conf, rdErrorCallback)
        if kind == .producer { rd_kafka_conf_set_dr_msg_cb(conf, rdDeliveryCallback) }
        if kind == .consumer { rd_kafka_conf_set_rebalance_cb(conf, rdRebalanceCallback) }
        if context.wantsStatistics { rd_kafka_conf_set_stats_cb(conf, rdStatisticsCallback) }

        var errorText = [CChar](repeating: 0, count: 512)
        guard let handle = rd_kafka_new(kind.rdType, conf, &errorText, errorText.count) else {
            // rd_kafka_new takes the conf only on success: `config` still owns and destroys it.
            let reason = String(decoding: errorText.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            throw KafkaError(code: .clientCreation, message: "cannot create Kafka client: \(reason)")
        }
        config.relinquish()
        pointer = handle
        self.context = context
    }

    deinit {
        // The context outlives the handle: callbacks may fire until rd_kafka_destroy returns.
        rd_kafka_destroy(pointer)
        withExtendedLifetime(context) {}
    }

    /// The fatal error librdkafka raised on this instance, if any.
    func fatalError() -> KafkaError? {
        var errorText = [CChar](repeating: 0, count: 512)
        let code = rd_kafka_fatal_error(pointer, &errorText, errorText.count)
        guard code != RD_KAFKA_RESP_ERR_NO_ERROR else { return nil }
        let reason = String(decoding: errorText.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return KafkaError(code: .fatal, message: "fatal Kafka error: \(reason)", rdCode: code.rawValue,
                          rdName: String(cString: rd_kafka_err2name(code)), isFatal: true)
    }

    /// A property's effective value, as this instance runs with it (defaults and ours applied).
    func property(_ name: String) -> String? {
        // rd_kafka_conf returns the instance's own configuration: read-only, owned by the handle.
        let conf = rd_kafka_conf(pointer)
        var size = 0
        guard rd_kafka_conf_get(conf, name, nil, &size) == RD_KAFKA_CONF_OK, size > 0 else { return nil }
        var value = [CChar](repeating: 0, count: size)
        guard rd_kafka_conf_get(conf, name, &value, &size) == RD_KAFKA_CONF_OK else { return nil }
        return String(decoding: value.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The name of the linked librdkafka, e.g. `2.0.2`.
    static var libraryVersion: String { String(cString: rd_kafka_version_str()) }
}

/// State shared between a client and its C callbacks.
final class RDKafkaClientContext: Sendable {
    struct DeliveryFailure: Sendable {
        var sequence: UInt64
        var error: KafkaError
    }

    struct Deliveries: Sendable {
        var acknowledged: UInt64 = 0
        var failures: [DeliveryFailure] = []
        /// Sequences acknowledged since last taken; kept only when the owner asked for them.
        var acknowledgedSequences: [UInt64] = []
    }

    let logger: Logger
    let deliveries = Mutex(Deliveries())
    let rebalanceHandler = Mutex<(@Sendable (OpaquePointer, rd_kafka_resp_err_t, UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?) -> Void)?>(nil)
    let statisticsHandler: (@Sendable (String) -> Void)?
    let tracksAcknowledgedSequences: Bool

    var wantsStatistics: Bool { statisticsHandler != nil }

    init(logger: Logger, statisticsHandler: (@Sendable (String) -> Void)? = nil, tracksAcknowledgedSequences: Bool = false) {
        self.logger = logger
        self.statisticsHandler = statisticsHandler
        self.tracksAcknowledgedSequences = tracksAcknowledgedSequences
    }

    static func from(_ opaque: UnsafeMutableRawPointer?) -> RDKafkaClientContext? {
        guard let opaque else { return nil }
        return Unmanaged<RDKafkaClientContext>.fromOpaque(opaque).takeUnretainedValue()
    }
}

// MARK: - C callbacks (no captures: they find their context through the opaque pointer)

private let rdLogCallback: @convention(c) (OpaquePointer?, Int32, UnsafePointer<CChar>?, UnsafePointer<CChar>?) -> Void = {
    handle, level, facility, text in
    guard let handle, let context = RDKafkaClientContext.from(rd_kafka_opaque(handle)) else { return }
    let logLevel: Logger.Level = switch level {
    case 0...3: .error
    case 4: .warning
    case 5, 6: .info
    default: .debug
    }
    let message = text.map { String(cString: $0) } ?? ""
    context.logger.log(level: logLevel, "\(message)", metadata: [
        LogKey.librdkafkaFacility: .string(facility.map { String(cString: $0) } ?? ""),
    ])
}

private let rdErrorCallback: @convention(c) (OpaquePointer?, Int32, UnsafePointer<CChar>?, UnsafeMutableRawPointer?) -> Void = {
    _, code, reason, opaque in
    guard let context = RDKafkaClientContext.from(opaque) else { return }
    let error = rd_kafka_resp_err_t(rawValue: code)
    let text = reason.map { String(cString: $0) } ?? ""
    // Fatal errors are also read back through rd_kafka_fatal_error() by the caller's next poll.
    let level: Logger.Level = error == RD_KAFKA_RESP_ERR__FATAL ? .error : .warning
    context.logger.log(level: level, "Kafka client error: \(text)", metadata: [
        LogKey.kafkaError: .string(String(cString: rd_kafka_err2name(error))),
    ])
}

private let rdDeliveryCallback: @convention(c) (OpaquePointer?, UnsafePointer<rd_kafka_message_t>?, UnsafeMutableRawPointer?) -> Void = {
    _, message, opaque in
    guard let context = RDKafkaClientContext.from(opaque), let message else { return }
    let error = message.pointee.err
    let sequence = UInt64(UInt(bitPattern: message.pointee._private))
    if error == RD_KAFKA_RESP_ERR_NO_ERROR {
        let track = context.tracksAcknowledgedSequences
        context.deliveries.withLock {
            $0.acknowledged += 1
            if track { $0.acknowledgedSequences.append(sequence) }
        }
        return
    }
    let failure = RDKafkaClientContext.DeliveryFailure(
        sequence: sequence, error: KafkaError(code: .produce, rdError: error, context: "delivery failed"))
    context.deliveries.withLock { $0.failures.append(failure) }
}

private let rdRebalanceCallback: @convention(c) (OpaquePointer?, rd_kafka_resp_err_t, UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?, UnsafeMutableRawPointer?) -> Void = {
    handle, error, partitions, opaque in
    guard let handle, let context = RDKafkaClientContext.from(opaque) else { return }
    if let handler = context.rebalanceHandler.withLock({ $0 }) {
        handler(handle, error, partitions)
    } else {
        RDKafkaRebalance.apply(handle: handle, error: error, partitions: partitions, logger: context.logger)
    }
}

private let rdStatisticsCallback: @convention(c) (OpaquePointer?, UnsafeMutablePointer<CChar>?, Int, UnsafeMutableRawPointer?) -> Int32 = {
    _, json, length, opaque in
    guard let context = RDKafkaClientContext.from(opaque), let json else { return 0 }
    let text = String(decoding: UnsafeRawBufferPointer(start: json, count: length), as: UTF8.self)
    context.statisticsHandler?(text)
    return 0  // 0: librdkafka frees the JSON buffer
}
