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

    /// Called once `rd_kafka_new` succeeded: it owns the configuration from then on.
    func relinquish() {
        pointer = nil
    }
}
