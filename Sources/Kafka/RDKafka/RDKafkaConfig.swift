import Crdkafka

/// Owns an `rd_kafka_conf_t` until `rd_kafka_new` takes it.
final class RDKafkaConfig {
    private(set) var pointer: OpaquePointer?

    init() {
        pointer = rd_kafka_conf_new()
    }

    deinit {
        if let pointer { rd_kafka_conf_destroy(pointer) }
    }

    /// Sets one property; librdkafka's own message names what is wrong with it.
    func set(_ key: String, _ value: String) throws(KafkaError) {
        guard let pointer else { preconditionFailure("configuration already handed to rd_kafka_new") }
        var errorText = [CChar](repeating: 0, count: 512)
        let result = rd_kafka_conf_set(pointer, key, value, &errorText, errorText.count)
        guard result == RD_KAFKA_CONF_OK else {
            let reason = String(decoding: errorText.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            throw KafkaError(
                code: .configuration,
                message: "librdkafka rejected property '\(key)': \(reason)"
            )
        }
    }

    func apply(_ configuration: KafkaConfiguration, defaults: [String: String]) throws(KafkaError) {
        for (key, value) in defaults.sorted(by: { $0.key < $1.key }) { try set(key, value) }
        try set("bootstrap.servers", configuration.bootstrapServers)
        try set("client.id", configuration.clientID)
        for (key, value) in configuration.properties.sorted(by: { $0.key < $1.key }) { try set(key, value) }
    }

    /// Every property as librdkafka holds it (canonical names, normalised values), the default
    /// topic configuration's included (topic-level properties such as `acks` live there).
    func effectiveProperties() -> [String: String] {
        guard let pointer else { preconditionFailure("configuration already handed to rd_kafka_new") }
        var properties: [String: String] = [:]
        func collect(_ dump: UnsafeMutablePointer<UnsafePointer<CChar>?>?, _ count: Int) {
            guard let dump else { return }
            defer { rd_kafka_conf_dump_free(dump, count) }
            for index in stride(from: 0, to: count - 1, by: 2) {
                guard let key = dump[index], let value = dump[index + 1] else { continue }
                properties[String(cString: key)] = String(cString: value)
            }
        }
        var count = 0
        collect(rd_kafka_conf_dump(pointer, &count), count)
        // Without any topic-level property set there is no default topic configuration: use
        // librdkafka's defaults.
        let ownTopicConf = rd_kafka_conf_get_default_topic_conf(pointer) == nil ? rd_kafka_topic_conf_new() : nil
        defer { if let ownTopicConf { rd_kafka_topic_conf_destroy(ownTopicConf) } }
        if let topicConf = rd_kafka_conf_get_default_topic_conf(pointer) ?? ownTopicConf {
            collect(rd_kafka_topic_conf_dump(topicConf, &count), count)
        }
        return properties
    }

    /// Creates and destroys a client of `kind` from this configuration without brokers (so it
    /// connects nowhere): `rd_kafka_new` makes the checks that `rd_kafka_conf_set` does not
    /// (conflicting properties, TLS files). Returns the effective properties; consumes the
    /// configuration.
    func trial(kind: RDKafkaClient.Kind) throws(KafkaError) -> [String: String] {
        try set("bootstrap.servers", "")
        let properties = effectiveProperties()
        guard let pointer else { preconditionFailure("configuration already handed to rd_kafka_new") }
        rd_kafka_conf_set_log_cb(pointer) { _, _, _, _ in }  // "no bootstrap.servers" and the like
        var errorText = [CChar](repeating: 0, count: 512)
        guard let handle = rd_kafka_new(kind.rdType, pointer, &errorText, errorText.count) else {
            // rd_kafka_new takes the conf only on success: this object still owns and destroys it.
            let reason = String(decoding: errorText.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            throw KafkaError(code: .configuration, message: "librdkafka refuses the configuration: \(reason)")
        }
        relinquish()
        rd_kafka_destroy_flags(handle, RD_KAFKA_DESTROY_F_NO_CONSUMER_CLOSE)
        return properties
    }

    /// Called once `rd_kafka_new` succeeded: it owns the configuration from then on.
    func relinquish() {
        pointer = nil
    }
}
