import Foundation
import Synchronization
import Kafka
import Logging
import Testing

/// The Kafka wrapper against librdkafka's mock cluster, in process. The mock is a real Kafka
/// protocol peer (produce, fetch, groups, commits); it cannot prove transactions or retention.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct EmbeddedClusterTests {
    let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

    func makeCluster(topic: String, partitions: Int = 2) throws -> EmbeddedCluster {
        let cluster = try EmbeddedCluster(brokers: 3, logger: logger)
        try cluster.createTopic(topic, partitions: partitions)
        return cluster
    }

    func readAll(_ consumer: KafkaConsumer, count: Int, timeout: Duration = .seconds(20)) throws -> [KafkaMessage] {
        var messages: [KafkaMessage] = []
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while messages.count < count && ContinuousClock.now < deadline {
            if let message = try consumer.poll(timeoutMilliseconds: 100) { messages.append(message) }
        }
        return messages
    }

    @Test func aTopicWithoutPartitionsIsRefused() throws {
        let cluster = try EmbeddedCluster(brokers: 1, logger: logger)
        #expect(throws: KafkaError.self) { try cluster.createTopic("none", partitions: 0) }
        #expect(throws: KafkaError.self) { try cluster.createTopic("negative", partitions: -1) }
        try cluster.createTopic("one", partitions: 1)
    }

    @Test func producedRecordsComeBackWithKeysAndTombstones() throws {
        let cluster = try makeCluster(topic: "t")
        let kafka = KafkaConfiguration(bootstrapServers: cluster.bootstrapServers)
        let producer = try KafkaProducer(configuration: kafka, logger: logger)
        for index in 0..<50 {
            try producer.send(ProducerRecord(topic: "t", key: Array("k\(index)".utf8), value: Array("v\(index)".utf8)))
        }
        try producer.send(ProducerRecord(topic: "t", key: Array("gone".utf8), value: nil))
        #expect(try producer.flush(timeout: .seconds(10)).isEmpty)
        #expect(producer.acknowledgedCount == 51)

        let consumer = try KafkaConsumer(configuration: kafka, groupID: "g-roundtrip", logger: logger)
        try consumer.subscribe(["t"])
        let messages = try readAll(consumer, count: 51)
        #expect(messages.count == 51)
        let tombstone = try #require(messages.first { $0.key == Array("gone".utf8) })
        #expect(tombstone.value == nil)
        let values = Set(messages.compactMap { $0.value.map { String(decoding: $0, as: UTF8.self) } })
        #expect(values == Set((0..<50).map { "v\($0)" }))
        try consumer.close()
    }

    @Test func committedOffsetsAreWhereTheGroupResumes() throws {
        let cluster = try makeCluster(topic: "c", partitions: 1)
        let kafka = KafkaConfiguration(bootstrapServers: cluster.bootstrapServers, properties: ["session.timeout.ms": "6000"])
        let producer = try KafkaProducer(configuration: kafka, logger: logger)
        for index in 0..<10 { try producer.send(ProducerRecord(topic: "c", key: nil, value: Array("\(index)".utf8))) }
        #expect(try producer.flush(timeout: .seconds(10)).isEmpty)

        let first = try KafkaConsumer(configuration: kafka, groupID: "g-commit", logger: logger)
        try first.subscribe(["c"])
        let read = try readAll(first, count: 4)
        #expect(read.map(\.offset) == [0, 1, 2, 3])
        try first.commit([TopicPartition(topic: "c", partition: 0): 4])
        try first.close()

        let partition = TopicPartition(topic: "c", partition: 0)
        let observer = try KafkaConsumer(configuration: kafka, groupID: "g-commit", logger: logger)
        #expect(try observer.committedOffsets(of: [partition]) == [partition: 4], "read without joining the group")
        try observer.close()

        let second = try KafkaConsumer(configuration: kafka, groupID: "g-commit", logger: logger)
        try second.subscribe(["c"])
        let rest = try readAll(second, count: 6)
        #expect(rest.first?.offset == 4, "resumes at the committed offset, not the start")
        #expect(rest.count == 6)
        #expect(second.positions(of: [partition]) == [partition: 10], "past the last record returned")
        try second.close()
    }

    @Test func rebalanceListenerSeesAssignmentAndFinalRevoke() throws {
        let cluster = try makeCluster(topic: "r", partitions: 3)
        let kafka = KafkaConfiguration(bootstrapServers: cluster.bootstrapServers)
        let consumer = try KafkaConsumer(configuration: kafka, groupID: "g-rebalance", logger: logger)
        let events = EventLog()
        consumer.setRebalanceListener { events.append($0) }
        try consumer.subscribe(["r"])
        let deadline = ContinuousClock.now.advanced(by: .seconds(20))
        while consumer.assignment().isEmpty && ContinuousClock.now < deadline {
            _ = try consumer.poll(timeoutMilliseconds: 100)
        }
        #expect(Set(consumer.assignment().map(\.partition)) == [0, 1, 2])
        try consumer.close()
        let seen = events.all
        guard case .assigned(let assigned)? = seen.first else {
            Issue.record("first event should be an assignment: \(seen)")
            return
        }
        #expect(assigned.count == 3)
        guard case .revoked(let revoked)? = seen.last else {
            Issue.record("close should end with a revoke: \(seen)")
            return
        }
        #expect(revoked.count == 3)
    }

    @Test func injectedRetriableProduceErrorsAreRetriedToDelivery() throws {
        let cluster = try makeCluster(topic: "f", partitions: 1)
        try cluster.pushRequestErrors(api: "Produce", count: 3, errorName: "NOT_ENOUGH_REPLICAS")
        let producer = try KafkaProducer(configuration: KafkaConfiguration(bootstrapServers: cluster.bootstrapServers), logger: logger)
        try producer.send(ProducerRecord(topic: "f", key: nil, value: Array("x".utf8)))
        #expect(try producer.flush(timeout: .seconds(20)).isEmpty)
        #expect(producer.acknowledgedCount == 1)
    }

    @Test func faultInjectionRejectsUnknownNamesClearly() throws {
        let cluster = try EmbeddedCluster(brokers: 2, logger: logger)
        #expect(throws: KafkaError.self) { try cluster.pushRequestErrors(api: "Nope", count: 1, errorName: "REQUEST_TIMED_OUT") }
        do {
            try cluster.pushRequestErrors(api: "Produce", count: 1, errorName: "NOT_A_REAL_ERROR")
            Issue.record("an unknown error name must be rejected")
        } catch {
            #expect(error.message.contains("NOT_A_REAL_ERROR"))
        }
        #expect(throws: KafkaError.self) { try cluster.setBrokerDown(9) }
        try cluster.setBrokerDown(2)
        try cluster.setBrokerUp(2)
    }

    @Test func unknownPropertiesAreRejectedNamingTheKey() {
        let kafka = KafkaConfiguration(bootstrapServers: "127.0.0.1:1", properties: ["no.such.property": "1"])
        do {
            _ = try KafkaProducer(configuration: kafka, logger: logger)
            Issue.record("an unknown property must be rejected")
        } catch {
            #expect(error.code == .configuration)
            #expect(error.message.contains("no.such.property"))
        }
    }

    @Test func secretsAreRedacted() {
        let kafka = KafkaConfiguration(bootstrapServers: "b:9092", properties: ["sasl.password": "hunter2", "ssl.key.password": "pw", "acks": "all"])
        let shown = kafka.redactedProperties().map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        #expect(!shown.contains("hunter2"))
        #expect(!shown.contains("=pw"))
        #expect(shown.contains("acks=all"))
    }

    @Test func linkedLibraryVersionIsReported() {
        #expect(KafkaLibrary.version.split(separator: ".").count >= 2)
    }
}

final class EventLog: Sendable {
    private let events = Mutex<[KafkaConsumer.RebalanceEvent]>([])
    func append(_ event: KafkaConsumer.RebalanceEvent) { events.withLock { $0.append(event) } }
    var all: [KafkaConsumer.RebalanceEvent] { events.withLock { $0 } }
}
