/// Where an input record came from: every output carries it, so that duplicates after a crash can
/// be recognised and replay can find the post again.
public struct SourceOffset: Hashable, Sendable, CustomStringConvertible {
    public var topic: String
    public var partition: Int32
    public var offset: Int64

    public init(topic: String, partition: Int32, offset: Int64) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
    }

    public var description: String { "\(topic)/\(partition)/\(offset)" }

    /// Reads `description` back: `topic/partition/offset` (Kafka topic names hold no `/`).
    public init?(parsing text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, let partition = Int32(parts[1]), let offset = Int64(parts[2]),
              partition >= 0, offset >= 0 else { return nil }
        self.init(topic: String(parts[0]), partition: partition, offset: offset)
    }
}
