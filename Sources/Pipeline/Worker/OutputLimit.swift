import Kafka
import Records

/// The largest output record a worker writes, from its producer's `message.max.bytes`: a larger
/// record would be refused at `send` and, sent again, refused again, so no input may make one.
public struct OutputLimit: Sendable, Equatable {
    /// Bytes for a record's key and value together.
    public var recordBytes: Int

    /// Room for what librdkafka adds around a record (framing of at most a few dozen bytes; the
    /// worker sends no headers).
    public static let framingBytes = 512
    /// The smallest `message.max.bytes` the worker runs with: below it, a decision with a long
    /// guard reason may not fit even shortened.
    public static let minimumMessageMaxBytes = 16 * 1024

    public init(messageMaxBytes: Int) {
        recordBytes = messageMaxBytes - Self.framingBytes
    }

    /// librdkafka's default `message.max.bytes`.
    public static let librdkafkaDefault = OutputLimit(messageMaxBytes: 1_000_000)

    /// Bytes left for the value of a record with this key.
    func valueBytes(key: [UInt8]?) -> Int { recordBytes - (key?.count ?? 0) }
}

extension ProducerRecord {
    /// Records this small are never shortened further: a topic refusing them refuses nearly all.
    static let shortestShrinkable = 4 * 1024

    /// A smaller form of an output refused as too large (by a topic whose `max.message.bytes` is
    /// below the producer's `message.max.bytes`): a decision shortened to at most a quarter of its
    /// size. Nil when there is none: a dead letter (already small) or a decision at its shortest.
    func shrunk() -> ProducerRecord? {
        guard let value, value.count > Self.shortestShrinkable,
              case .decision(let record)? = try? TrailRecord(json: value) else { return nil }
        let budget = max(Self.shortestShrinkable, value.count / 4)
        var post: [String: JSONValue]?
        if case .object(let members)? = record.post { post = members }
        guard let json = try? record.shortenedJSON(post: post, within: budget, wholeBytes: value.count),
              json.count < value.count else { return nil }
        return ProducerRecord(topic: topic, partition: partition, key: key, value: json)
    }
}
