import Crdkafka

/// Facts about the linked librdkafka.
public enum KafkaLibrary {
    /// The linked librdkafka's version, e.g. `2.0.2`.
    public static var version: String { RDKafkaClient.libraryVersion }
}
