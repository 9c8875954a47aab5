/// Where an input record came from: every output carries it, so that duplicates after a crash can
/// be recognised and replay can find the post again.
public struct SourceOffset: Codable, Hashable, Sendable, CustomStringConvertible {
    public var topic: String
    public var partition: Int32
    public var offset: Int64

    public init(topic: String, partition: Int32, offset: Int64) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
    }

    public var description: String { "\(topic)/\(partition)/\(offset)" }
}
