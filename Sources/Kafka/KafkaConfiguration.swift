/// How to reach a Kafka cluster, plus any librdkafka property we do not model.
///
/// Properties are applied in this order, later ones winning: our defaults for the client kind,
/// the modelled fields, then `properties` (TLS, SASL and tuning, passed to librdkafka as they are).
public struct KafkaConfiguration: Sendable {
    /// `host:port[,host:port...]` (librdkafka's `bootstrap.servers`).
    public var bootstrapServers: String
    /// Sent to brokers to identify this client in their logs and quotas.
    public var clientID: String
    /// librdkafka properties passed through as they are (see librdkafka's CONFIGURATION.md).
    public var properties: [String: String]

    public init(bootstrapServers: String, clientID: String = "smugglewatch", properties: [String: String] = [:]) {
        self.bootstrapServers = bootstrapServers
        self.clientID = clientID
        self.properties = properties
    }

    /// Whether a property's value must never be printed or logged.
    public static func isSecret(_ key: String) -> Bool {
        let lowered = key.lowercased()
        return ["password", "secret", "ssl.key.pem", "sasl.oauthbearer.config", "token"].contains {
            lowered.contains($0)
        }
    }

    /// The effective properties with secret values replaced, for `config show` and logs.
    public func redactedProperties() -> [(key: String, value: String)] {
        var all = properties
        all["bootstrap.servers"] = bootstrapServers
        all["client.id"] = clientID
        return all.keys.sorted().map { key in
            (key, Self.isSecret(key) ? "<redacted>" : all[key] ?? "")
        }
    }
}

extension KafkaConfiguration {
    /// Checks every property against librdkafka without connecting: an unknown property or a bad
    /// value throws `.configuration` with librdkafka's message naming the property.
    public func validate() throws(KafkaError) {
        for defaults in [KafkaProducer.defaultProperties, KafkaConsumer.defaultProperties.merging(["group.id": "validation"]) { $1 }] {
            let config = RDKafkaConfig()
            try config.apply(self, defaults: defaults)
        }
    }
}
