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

    /// Whether a property's value must never be printed or logged: passwords, secrets, tokens and
    /// key material (`ssl.key.pem`, `ssl.key.password`, ...). Paths to files (`*.location`,
    /// keytabs) are not secrets and stay visible.
    public static func isSecret(_ key: String) -> Bool {
        let lowered = key.lowercased()
        if ["password", "secret", "token", "credential", "sasl.oauthbearer.config"].contains(where: lowered.contains) {
            return true
        }
        return lowered.contains("key") && !lowered.hasSuffix(".location") && !lowered.hasSuffix("keytab")
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
    /// The properties a `KafkaProducer` made from this configuration runs with, as librdkafka
    /// resolves them: canonical names (`acks` is `request.required.acks`), normalised values
    /// (`all` is `-1`), topic defaults included. Throws what creating the producer would: an
    /// unknown property, a bad value or a combination librdkafka refuses (e.g. `acks=0` with the
    /// producer's idempotence) throws `.configuration` with librdkafka's message naming the property.
    public func checkedProducerProperties() throws(KafkaError) -> [String: String] {
        try trialProperties(kind: .producer, defaults: KafkaProducer.defaultProperties)
    }

    /// The properties a `KafkaConsumer` made from this configuration runs with (see
    /// `checkedProducerProperties()`).
    public func checkedConsumerProperties() throws(KafkaError) -> [String: String] {
        try trialProperties(kind: .consumer, defaults: KafkaConsumer.defaultProperties.merging(["group.id": "validation"]) { $1 })
    }

    private func trialProperties(kind: RDKafkaClient.Kind, defaults: [String: String]) throws(KafkaError) -> [String: String] {
        let config = RDKafkaConfig()
        try config.apply(self, defaults: defaults)
        return try config.trial(kind: kind)
    }
}
