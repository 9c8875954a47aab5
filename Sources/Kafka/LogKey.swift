/// Logger metadata keys of the Kafka module, in one place.
public enum LogKey {
    public static let librdkafkaFacility = "kafka.facility"
    public static let kafkaError = "kafka.error"
    public static let topic = "kafka.topic"
    public static let group = "kafka.group"
}
