import Classifier
import Foundation
import Kafka
@testable import Pipeline
@testable import Records
import Testing

/// No input may make an output record larger than the producer's `message.max.bytes`: such a
/// record is refused every time it is sent, so its input would stop every worker that reads it.
@Suite struct OutputLimitTests {
    static func decider(messageMaxBytes: Int) throws -> Decider {
        var decider = try DeciderTests.makeDecider()
        decider.limit = OutputLimit(messageMaxBytes: messageMaxBytes)
        return decider
    }

    static func outputs(_ item: OversizedPosts.Case, _ decider: Decider) -> (Decider.Outcome, [ProducerRecord]) {
        decider.outputs(for: KafkaMessage(topic: "t.posts", partition: 0, offset: 1, key: item.key, value: item.payload), now: "T")
    }

    static func decision(_ record: ProducerRecord) throws -> DecisionRecord {
        guard case .decision(let decision) = try TrailRecord(json: record.payload) else {
            throw RecordDecodingError("not a decision: \(record.topic)")
        }
        return decision
    }

    @Test(arguments: [(1_000_000, 1_000_000), (100_000, 120_000), (OutputLimit.minimumMessageMaxBytes, 30_000)])
    func everyOutputFitsTheRecordLimitShortenedIfNeeded(messageMaxBytes: Int, scale: Int) throws {
        let decider = try Self.decider(messageMaxBytes: messageMaxBytes)
        for item in OversizedPosts.cases(scale: scale) {
            let (outcome, records) = Self.outputs(item, decider)
            switch outcome {
            case .decided: #expect(item.expected == "decided", "\(item.name) decided")
            case .deadLettered(let code): #expect(code.rawValue == item.expected, "\(item.name): dead-lettered \(code)")
            }
            for record in records {
                let size = record.payload.count + (record.key?.count ?? 0)
                #expect(size <= decider.limit.recordBytes, "\(item.name): \(record.topic) record of \(size) bytes")
                _ = try TrailRecord(json: record.payload)
            }
            if case .decided = outcome {
                #expect(try records.contains { try Self.decision($0).truncation != nil }, "\(item.name) overflows whole, so is shortened")
            } else {
                #expect(records[0].key == Array("t.posts/0/1".utf8) || (item.key?.count ?? 0) <= Decider.maxDeadLetterKeyBytes)
            }
        }
    }

    @Test func theFortyThousandKeyAuthorIsReferredWithABoundedAuthor() throws {
        let decider = try Self.decider(messageMaxBytes: 1_000_000)
        let (outcome, records) = Self.outputs(OversizedPosts.fortyThousandKeyAuthor, decider)
        #expect(outcome == .decided(.refer))
        #expect(records.map(\.topic) == ["t.audit", "t.referrals"])
        let audit = try Self.decision(records[0])
        #expect(audit.truncation == nil, "the audit record carries no post and fits whole")
        let referral = try Self.decision(records[1])
        let truncation = try #require(referral.truncation)
        #expect(truncation.recordBytes > 1_000_000 && truncation.signalCount == referral.signals.count)
        #expect(referral.sameDecision(as: audit))
        let post = try #require(referral.post)
        #expect(post["truncated"] == .bool(true))
        #expect(post["text"]?.stringValue == OversizedPosts.offer, "a short text is kept whole")
        guard case .object(let author)? = post["author"] else {
            Issue.record("the author object is kept, bounded")
            return
        }
        #expect(author.count == ShortenedPost.authorMembers)
        #expect(author.values.allSatisfy { $0.stringValue?.hasPrefix("hmac:") == true })
    }

    @Test func aShortenedAuditRecordIsCheckedByReplayAsFarAsItGoes() throws {
        let decider = try Self.decider(messageMaxBytes: OutputLimit.minimumMessageMaxBytes)
        let item = try #require(OversizedPosts.cases(scale: 60_000).first { $0.name == "many signals" })
        let (_, records) = Self.outputs(item, decider)
        let recorded = try Self.decision(records[0])
        let truncation = try #require(recorded.truncation)
        #expect(recorded.signals.count < truncation.signalCount, "signals were dropped to fit")

        guard case .success(let decoded) = PostDecoder().decode(item.payload) else {
            Issue.record("the post decodes")
            return
        }
        let replayed = decider.classifier.decide(decoded.post)
        #expect(Replayer.reproduces(recorded, replayed))
        var whole = recorded
        whole.signals = replayed.signals
        whole.truncation = nil
        #expect(whole.sameDecision(as: recorded) && recorded.sameDecision(as: whole))

        var forged = recorded
        forged.signals[0].weight += 1
        #expect(!Replayer.reproduces(forged, replayed))
        forged = recorded
        forged.signals[0].matched = "other"
        #expect(!Replayer.reproduces(forged, replayed))
        forged = recorded
        forged.truncation?.signalCount -= 1
        #expect(!Replayer.reproduces(forged, replayed))
        #expect(!forged.sameDecision(as: whole))
    }

    @Test func aLimitTooSmallForAnyDecisionDeadLettersItKeepingTheDecision() throws {
        let decider = try Self.decider(messageMaxBytes: 1000)
        let (outcome, records) = Self.outputs(OversizedPosts.fortyThousandKeyAuthor, decider)
        #expect(outcome == .deadLettered(.outputTooLarge))
        guard case .deadLetter(let letter) = try TrailRecord(json: records[0].payload) else {
            Issue.record("a dead letter")
            return
        }
        #expect(letter.decision?.decision == .refer)
        #expect(letter.decision?.postID == "author-40k")
        #expect(letter.error.message.contains("message.max.bytes"))
    }

    @Test func aRecordATopicRefusesAsTooLargeShrinksUntilItCannot() throws {
        let decider = try Self.decider(messageMaxBytes: 1_000_000)
        let item = try #require(OversizedPosts.cases(scale: 400_000).first { $0.name == "many signals" })
        let (_, records) = Self.outputs(item, decider)
        var record = records[1]
        let original = record.payload.count
        #expect(try Self.decision(record).truncation == nil, "400 KB fits whole")
        var sizes: [Int] = []
        while let smaller = record.shrunk() {
            #expect(smaller.payload.count <= max(ProducerRecord.shortestShrinkable, record.payload.count / 4))
            #expect(try Self.decision(smaller).truncation?.recordBytes == original, "the first account is kept")
            #expect(try Self.decision(smaller).sameDecision(as: Self.decision(records[0])))
            sizes.append(smaller.payload.count)
            record = smaller
        }
        #expect(!sizes.isEmpty && sizes.last! <= 64 * 1024, "\(sizes)")
        let letter = Self.outputs(try #require(OversizedPosts.cases(scale: 1000).last), decider).1[0]
        #expect(letter.shrunk() == nil, "a dead letter is small already")
    }
}
