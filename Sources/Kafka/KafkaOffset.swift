import Crdkafka

/// librdkafka's logical offsets.
public enum KafkaOffset {
    /// The oldest retained record.
    public static let beginning = Int64(RD_KAFKA_OFFSET_BEGINNING)
}
