import Classifier
import Foundation
import Kafka
import Logging
import Records

/// Proves that the audit trail is complete and consistent with the input topic: every retained
/// input offset has a trail record, duplicates agree, every record's input hash matches the input
/// at its offset, records are well-formed, rulesets are known, and nothing protected was referred.
public struct AuditVerifier: Sendable {
    /// SHA-256 of the rulesets the auditor holds (files given plus the default one).
    public var knownRulesets: Set<String>

    public init(knownRulesets: [RulesetIdentity]) {
        self.knownRulesets = Set(knownRulesets.map(\.sha256))
    }

    /// Reads the input topic, then the trail (so that workers get the longest time to catch up),
    /// and verifies. Run it when the workers' lag is zero: input still in flight counts as missing.
    public func run(kafka: KafkaConfiguration, topics: PipelineTopics, logger: Logger) throws -> VerificationReport {
        var hashes: [SourceOffset: String?] = [:]
        let scan = try TopicScan.read(kafka: kafka, topics: [topics.posts], logger: logger) { message in
            hashes[SourceOffset(topic: message.topic, partition: message.partition, offset: message.offset)] =
                .some(message.value.map(Decider.sha256Hex))
        }
        let trail = try AuditTrail.read(kafka: kafka, topics: topics, logger: logger)
        return verify(trail: trail, inputTopic: topics.posts, ranges: scan.ranges, inputHashes: hashes)
    }

    /// Verifies a trail against input ranges and the SHA-256 of each input record read (`nil` for a
    /// tombstone). Offsets without a hash (gone while reading) are checked for presence only.
    public func verify(trail: AuditTrail, inputTopic: String, ranges: [TopicPartition: Range<Int64>],
                       inputHashes: [SourceOffset: String?]) -> VerificationReport {
        var report = VerificationReport()
        for (location, problem) in trail.malformed {
            report.malformed += 1
            report.note(.malformed, location, problem)
        }
        var unknown: [String: RulesetIdentity] = [:]
        for (partition, range) in ranges.sorted(by: { ($0.key.topic, $0.key.partition) < ($1.key.topic, $1.key.partition) })
        where partition.topic == inputTopic {
            for offset in range {
                report.inputRecords += 1
                let source = SourceOffset(topic: partition.topic, partition: partition.partition, offset: offset)
                guard let records = trail.bySource[source], let first = records.first else {
                    report.missing += 1
                    report.note(.missing, source.description, "no audit or dead-letter record for this input offset")
                    continue
                }
                if case .decision = first { report.audited += 1 } else { report.deadlettered += 1 }
                report.duplicates += records.count - 1
                if records.dropFirst().contains(where: { !Self.agree(first, $0) }) {
                    report.duplicatesDisagreeing += 1
                    report.note(.duplicateDisagrees, source.description, "\(records.count) records state different outcomes")
                }
                for record in records {
                    check(record, at: source, into: &report, unknown: &unknown)
                    if case .some(let expected) = inputHashes[source], Self.hash(of: record) != expected {
                        report.inputMismatches += 1
                        report.note(.inputMismatch, source.description,
                                    "record says sha256 \(Self.hash(of: record) ?? "none"), input is \(expected ?? "a tombstone")")
                    }
                }
            }
        }
        for (source, records) in trail.bySource {
            let partition = TopicPartition(topic: source.topic, partition: source.partition)
            if let range = ranges[partition], partition.topic == inputTopic, source.offset < range.upperBound {
                if source.offset >= range.lowerBound { continue }  // checked above
                report.beyondRetention += records.count
                for record in records { check(record, at: source, into: &report, unknown: &unknown) }
                continue
            }
            report.orphaned += records.count
            report.note(.orphaned, source.description, "trail record for an input offset that does not exist in \(inputTopic)")
        }
        report.unknownRulesets = unknown.values.sorted { ($0.name, $0.version, $0.sha256) < ($1.name, $1.version, $1.sha256) }
        for ruleset in report.unknownRulesets {
            report.note(.unknownRuleset, "\(ruleset.name) \(ruleset.version)", "sha256 \(ruleset.sha256) is not among the rulesets given")
        }
        return report
    }

    private func check(_ record: TrailRecord, at source: SourceOffset, into report: inout VerificationReport,
                       unknown: inout [String: RulesetIdentity]) {
        if let problem = Self.problem(with: record) {
            report.malformed += 1
            report.note(.malformed, source.description, problem)
        }
        guard case .decision(let decision) = record else { return }
        if !knownRulesets.contains(decision.ruleset.sha256) { unknown[decision.ruleset.sha256] = decision.ruleset }
        if decision.isProtected && decision.decision == .refer {
            report.protectedReferred += 1
            report.note(.protectedReferred, source.description, "post \(decision.postID) is marked protected but was referred")
        }
    }

    /// The input hash a record claims.
    static func hash(of record: TrailRecord) -> String? {
        switch record {
        case .decision(let decision): decision.inputSHA256
        case .deadLetter(let letter): letter.payloadSHA256
        }
    }

    /// Whether two records for one input offset state the same outcome.
    static func agree(_ first: TrailRecord, _ second: TrailRecord) -> Bool {
        switch (first, second) {
        case (.decision(let one), .decision(let two)): one.sameDecision(as: two) && one.inputSHA256 == two.inputSHA256
        case (.deadLetter(let one), .deadLetter(let two)): one.error.code == two.error.code && one.payloadSHA256 == two.payloadSHA256
        default: false
        }
    }

    /// What breaks the record rules (schemas/decision.schema.json, deadletter.schema.json), if anything.
    static func problem(with record: TrailRecord) -> String? {
        switch record {
        case .decision(let decision):
            if decision.postID.isEmpty { return "empty post_id" }
            if !decision.score.isFinite || !(0...1).contains(decision.score) { return "score \(decision.score) outside 0...1" }
            if !isSHA256(decision.inputSHA256) { return "input_sha256 is not a lower-case hex SHA-256" }
            if !isSHA256(decision.ruleset.sha256) { return "ruleset sha256 is not a lower-case hex SHA-256" }
            if let signal = decision.signals.first(where: { $0.span.start < 0 || $0.span.end < $0.span.start || !$0.weight.isFinite }) {
                return "signal \(signal.name) has span \(signal.span.start)..<\(signal.span.end) or weight \(signal.weight)"
            }
            return nil
        case .deadLetter(let letter):
            if !DeadLetterReason.Code.all.contains(letter.error.code) { return "unknown dead-letter code \(letter.error.code)" }
            if let digest = letter.payloadSHA256, !isSHA256(digest) { return "payload_sha256 is not a lower-case hex SHA-256" }
            return nil
        }
    }

    /// Whether `text` is a SHA-256 as records write it: 64 lower-case hex digits.
    public static func isSHA256(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }
}
