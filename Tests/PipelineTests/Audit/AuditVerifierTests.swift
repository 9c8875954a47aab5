import Classifier
import Foundation
import Kafka
import Pipeline
import Records
import Testing

struct NotADecision: Error { var source: SourceOffset }

/// The verifier and the replayer on records made in memory by the worker's own `Decider`.
struct AuditVerifierTests {
    let topics = PipelineTopics()
    let classifier: Classifier
    let decider: Decider

    init() throws {
        classifier = Classifier(ruleset: try Ruleset(contentsOf: BinaryLocator.repositoryRoot.appendingPathComponent("rulesets/default.yaml")))
        decider = Decider(classifier: classifier, pseudonymizer: Pseudonymizer(key: Array("k".utf8)), topics: topics,
                          decoder: PostDecoder(), workerID: "unit")
    }

    func payload(_ offset: Int64) -> [UInt8] { Fixtures.post(id: "p-\(offset)", index: Int(offset)) }

    /// The audit or dead-letter record the worker would write for this payload at this offset.
    func trailRecord(_ offset: Int64, payload: [UInt8]?) throws -> TrailRecord {
        let message = KafkaMessage(topic: topics.posts, partition: 0, offset: offset, key: nil, value: payload)
        let records = decider.outputs(for: message, now: "2026-11-23T10:00:00.000Z").records
        let trail = try #require(records.first { $0.topic == topics.audit || $0.topic == topics.deadletter })
        return try TrailRecord(json: trail.value ?? [])
    }

    func decision(_ record: TrailRecord) throws -> DecisionRecord {
        guard case .decision(let decision) = record else { throw NotADecision(source: record.source) }
        return decision
    }

    func verify(_ records: [TrailRecord], range: Range<Int64>, hashes: [Int64: String?] = [:]) -> VerificationReport {
        var trail = AuditTrail()
        for record in records { trail.bySource[record.source, default: []].append(record) }
        let inputHashes = Dictionary(uniqueKeysWithValues: hashes.map { (SourceOffset(topic: topics.posts, partition: 0, offset: $0.key), $0.value) })
        return AuditVerifier(knownRulesets: [classifier.ruleset.identity])
            .verify(trail: trail, inputTopic: topics.posts, ranges: [TopicPartition(topic: topics.posts, partition: 0): range],
                    inputHashes: inputHashes)
    }

    @Test func agreeingDuplicatesAreCountedButAreNoFinding() throws {
        var records = try (0..<5).map { try trailRecord($0, payload: payload($0)) }
        records.append(try trailRecord(2, payload: payload(2)))
        let hashes = Dictionary(uniqueKeysWithValues: try (Int64(0)..<5).map { ($0, Optional(try decision(records[Int($0)]).inputSHA256)) })
        let report = verify(records, range: 0..<5, hashes: hashes)
        #expect(report.inputRecords == 5 && report.audited == 5 && report.duplicates == 1)
        #expect(report.duplicatesDisagreeing == 0 && report.mismatched == 0 && report.isClean)
    }

    @Test func deadLettersAccountForTheirOffsetAndADisagreeingOutcomeIsFound() throws {
        let bad = Array("not json".utf8)
        let records = [try trailRecord(0, payload: payload(0)), try trailRecord(1, payload: bad), try trailRecord(1, payload: payload(1))]
        let report = verify(records, range: 0..<2)
        #expect(report.audited == 1 && report.deadlettered == 1)
        #expect(report.duplicatesDisagreeing == 1 && !report.isClean)
    }

    @Test func recordsBelowTheLowWatermarkAreBeyondRetentionNotMissing() throws {
        let records = try (0..<5).map { try trailRecord($0, payload: payload($0)) }
        let report = verify(records, range: 3..<6)
        #expect(report.inputRecords == 3 && report.beyondRetention == 3)
        #expect(report.missing == 1 && report.orphaned == 0)
        #expect(report.findings.map(\.location) == ["\(topics.posts)/0/5"])
    }

    @Test func aProtectedReferralAnOutOfRangeScoreAndAnUnknownRulesetAreFindings() throws {
        var protectedReferral = try decision(try trailRecord(0, payload: payload(0)))
        protectedReferral.isProtected = true
        protectedReferral.decision = .refer
        var impossible = try decision(try trailRecord(1, payload: payload(1)))
        impossible.score = 1.5
        var foreign = try decision(try trailRecord(2, payload: payload(2)))
        foreign.ruleset = RulesetIdentity(name: "old", version: "0.1", sha256: String(repeating: "c", count: 64))
        let report = verify([.decision(protectedReferral), .decision(impossible), .decision(foreign)], range: 0..<3)
        #expect(report.protectedReferred == 1)
        #expect(report.malformed == 1)
        #expect(report.unknownRulesets.map(\.name) == ["old"])
        #expect(!report.isClean)
    }

    @Test func aRecordHoldingAKeyTwiceAnywhereIsMalformed() throws {
        let genuine = try decision(try trailRecord(0, payload: payload(0)))
        var withPost = genuine
        withPost.post = .object(["id": .string("p-0"), "author": .object(["handle": .string("h")])])
        let bytes = try withPost.json()
        let text = String(decoding: bytes, as: UTF8.self)
        let forged = [
            // Foundation's decoder keeps the first value, jq and Python the last.
            text.dropLast() + #","decision":"refer"}"#,
            text.replacingOccurrences(of: #""handle":"h""#, with: #""handle":"h","handle":"x""#),
            // The same key, spelled with an escape.
            text.dropLast() + #","decisio\u006e":"refer"}"#,
        ]
        var trail = AuditTrail()
        trail.add(payload: bytes, location: "audit/0/0")
        for (index, record) in forged.enumerated() { trail.add(payload: Array(record.utf8), location: "audit/0/\(index + 1)") }
        #expect(trail.bySource.values.map(\.count) == [1], "only the genuine record is read")
        #expect(trail.malformed.map(\.location) == ["audit/0/1", "audit/0/2", "audit/0/3"])
        #expect(trail.malformed.allSatisfy { $0.problem.contains("appears more than once") }, "\(trail.malformed)")
    }

    @Test func aReplayGoesOnPastARecordOfAnUnknownRulesetAndReportsIt() throws {
        let recorded = try (0..<4).map { try decision(try trailRecord($0, payload: payload($0))) }
        var foreign = recorded[1]
        foreign.ruleset = RulesetIdentity(name: "forged", version: "0", sha256: String(repeating: "c", count: 64))
        let replayer = Replayer(mode: .reproduce([classifier.ruleset.identity.sha256: classifier]))
        var report = replayer.emptyReport(for: recorded + [foreign])
        for record in [recorded[0], foreign] + recorded.dropFirst() {
            replayer.replay(record, payload: payload(record.source.offset), verdicts: VerdictMatches(), into: &report)
        }
        #expect(report.replayed == 4 && report.reproduced == 4)
        #expect(report.unknownRuleset == 1 && report.unknownRulesets.map(\.name) == ["forged"] && !report.passed)
        #expect(report.text().contains("UNKNOWN RULESET \(topics.posts)/0/1"))
    }

    @Test func recordDerivedTextReachesTheTerminalWithoutEscapeSequencesOrOverrides() throws {
        var forged = try decision(try trailRecord(0, payload: payload(0)))
        forged.postID = "p\u{1B}[2J\u{202E}x"
        forged.isProtected = true
        forged.decision = .refer
        forged.ruleset = RulesetIdentity(name: "\u{1B}]0;owned\u{07}", version: "\u{2066}1", sha256: String(repeating: "c", count: 64))
        let text = verify([.decision(forged)], range: 0..<1).text()
        #expect(text.contains("protected_referred") && text.contains("unknown ruleset"))
        #expect(!text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x202E || $0.value == 0x2066 })
    }

    @Test func replayReproducesFromTheInputBytesAndRefusesAlteredInput() throws {
        let recorded = try (0..<16).map { try decision(try trailRecord($0, payload: payload($0))) }
        let replayer = Replayer(mode: .reproduce([classifier.ruleset.identity.sha256: classifier]))
        var report = replayer.emptyReport(for: recorded)
        for record in recorded { replayer.replay(record, payload: payload(record.source.offset), verdicts: VerdictMatches(), into: &report) }
        #expect(report.replayed == 16 && report.reproduced == 16 && report.changed == 0 && report.passed)

        var altered = payload(3)
        altered[altered.count / 2] ^= 0x01
        replayer.replay(recorded[3], payload: altered, verdicts: VerdictMatches(), into: &report)
        #expect(report.inputMismatches == 1 && !report.passed)
        #expect(Replayer(mode: .reproduce([:])).missingRulesets(for: recorded) == [classifier.ruleset.identity])
    }

    @Test func aBacktestWithAStricterRulesetReportsLostReferralsAgainstVerdicts() throws {
        let text = try RulesetVariant.strictText()
        let strict = Classifier(ruleset: try Ruleset(yaml: Data(text.utf8)))
        let recorded = try (0..<16).map { try decision(try trailRecord($0, payload: payload($0))) }
        let referred = recorded.filter { $0.decision == .refer }
        try #require(!referred.isEmpty)
        let replayer = Replayer(mode: .backtest(strict))
        let verdicts = VerdictLog([VerdictRecord(on: referred[0], verdict: .confirm, decidedAt: "t")]).matching(recorded)
        var report = replayer.emptyReport(for: recorded)
        for record in recorded { replayer.replay(record, payload: payload(record.source.offset), verdicts: verdicts, into: &report) }
        #expect(report.changed == referred.count, "every referral becomes review")
        #expect(report.confirmedNotReferred == 1, "a confirmed smuggling ad would be missed")
        #expect(report.passed, "nothing protected or rejected is referred by the stricter ruleset")
        #expect(report.text().contains("refer") && report.text().contains("→ review"))
    }
}
