import Kafka

extension WorkerSettings {
    /// Checks the librdkafka properties as the worker's producer and consumer will run with them
    /// (librdkafka's own checks included), and refuses those that break the worker's guarantees.
    func checkKafka(_ layers: [SettingsLayer]) throws(ConfigurationError) {
        let producer: [String: String], consumer: [String: String]
        do {
            producer = try kafkaConfiguration.checkedProducerProperties()
            consumer = try kafkaConfiguration.checkedConsumerProperties()
        } catch {
            throw ConfigurationError(key: "kafka", source: "librdkafka", message: error.message)
        }
        /// The layer that set a property (under any of its names), for the message.
        func refuse(_ names: [String], _ message: String) -> ConfigurationError {
            let source = layers.last { layer in names.contains { layer.kafka[$0] != nil } }?.source ?? "defaults"
            return ConfigurationError(key: "kafka." + names[0], source: source, message: message)
        }
        guard producer["request.required.acks"] == "-1" else {
            throw refuse(["acks", "request.required.acks"],
                         "must be all: input offsets are committed once outputs are acknowledged, and fewer acks can lose them")
        }
        guard producer["enable.idempotence"] == "true" else {
            throw refuse(["enable.idempotence"], "must be true: without it a retried send can duplicate or reorder outputs")
        }
        guard consumer["enable.auto.commit"] == "false" else {
            throw refuse(["enable.auto.commit", "auto.commit.enable"],
                         "must be false: the worker commits a batch only after its outputs are acknowledged; auto-commit would lose posts on a crash")
        }
        if !allowOffsetResetLatest, let reset = consumer["auto.offset.reset"], ["largest", "latest", "end"].contains(reset) {
            throw refuse(["auto.offset.reset"],
                         "'latest' makes a new group skip every post already in the topic, undecided; use earliest, or set allow_offset_reset_latest: true (--allow-offset-reset-latest) to mean it")
        }
    }
}
