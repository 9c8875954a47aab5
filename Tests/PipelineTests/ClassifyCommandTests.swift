import Foundation
import Kafka
import Pipeline
import Records
import Testing

/// `classify` and the worker write a decision with one writer: for the same post and ruleset,
/// `classify`'s line is the worker's audit record byte for byte, less the members only a worker
/// knows (`decided_at`, `input_sha256`, `source`, `worker_id`).
///
/// A real `worker` on the embedded broker decides the posts; what the broker cannot prove
/// (DESIGN.md) does not matter here, since only the bytes of the records are compared.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct ClassifyCommandTests {
    /// The demo posts, and posts whose fields need escaping in every way a writer can get wrong.
    static func posts() throws -> [[UInt8]] {
        let demo = try String(contentsOf: BinaryLocator.repositoryRoot.appendingPathComponent("fixtures/posts.jsonl"), encoding: .utf8)
            .split(separator: "\n").map { Array($0.utf8) }
        let hostile = [
            #"{"id":"q\"uote\\back\u0001ctl","text":"Boat to Italy 4500€ pay on arrival \u2028 WhatsApp +218 91 234 5678 \"guaranteed\"","lang":"en\u2029","platform":"tele\tgram"}"#,
            #"{"id":"رقم-١","text":"عبور مضمون إلى إيطاليا، السعر ٤٠٠٠ يورو، الدفع عند الوصول \u202e","platform":null}"#,
            #"{"id":"emoji","text":"🚤🇮🇹 💶💶 only 3000, WhatsApp me","unknown":{"nested":[1,2.5,true]}}"#,
        ].map { Array($0.utf8) }
        return demo + hostile
    }

    @Test func classifyWritesTheWorkersDecisionRecordWithoutTheWorkersMembers() async throws {
        let posts = try Self.posts()
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("classify-\(UUID().uuidString).jsonl")
        try Data(posts.map { $0 + [0x0A] }.joined()).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }

        let classify = try ChildProcess("classify", arguments: ["classify", file.path])
        #expect(await classify.waitForExit(timeout: .seconds(60)) == 0, "\(classify.standardError)")
        // The demo posts hold bad input too: classify reports it, the worker dead-letters it.
        var byPost: [String: String] = [:]
        var refused = 0
        for line in classify.standardOutput.split(separator: "\n") {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "\(line)")
            if let id = object["post_id"] as? String {
                #expect(byPost.updateValue(String(line), forKey: id) == nil, "post ids are unique: \(id)")
            } else {
                #expect(object["error"] != nil && object["line"] != nil, "\(line)")
                refused += 1
            }
        }
        #expect(byPost.count + refused == posts.count, "one line out for every post in")
        #expect(byPost.count > 300)

        let harness = try await PipelineHarness(partitions: 1)
        try harness.ingest(posts)
        let reader = try TopicReader(kafka: harness.kafka, topics: [harness.topics.audit, harness.topics.deadletter], logger: harness.logger)
        defer { reader.close() }
        try harness.startWorker("w1")
        var audit: [String] = []
        var deadLetters = 0
        let complete = try await Deadline.wait(.seconds(60)) {
            while let message = try reader.next(timeoutMilliseconds: 20), let value = message.value {
                if message.topic == harness.topics.audit {
                    audit.append(String(decoding: value, as: UTF8.self))
                } else {
                    deadLetters += 1
                }
            }
            return audit.count + deadLetters >= posts.count
        }
        #expect(complete, "trail records: \(audit.count) + \(deadLetters) of \(posts.count)")
        // classify, unlike the worker, accepts integer ids (corpora exported by other tools).
        let integerIDs = posts.filter { post in
            ((try? JSONSerialization.jsonObject(with: Data(post))) as? [String: Any])?["id"] is NSNumber
        }.count
        #expect(audit.count == byPost.count - integerIDs)

        // The worker writes members in key order, so each is found at a fixed place.
        let workerMembers = try Regex(#""decided_at":"[^"]*",|"input_sha256":"[0-9a-f]{64}",|,"source":\{"topic":"posts","partition":0,"offset":[0-9]+\}|,"worker_id":"w1"(?=\}$)"#)
        var compared = 0
        for record in audit {
            // A quote inside a string is escaped, so these patterns cannot match inside a value.
            let stripped = record.replacing(workerMembers, with: "")
            let decision = try DecisionRecord(json: Array(record.utf8))
            let line = try #require(byPost[decision.postID], "classify printed nothing for \(decision.postID)")
            #expect(stripped == line, "post \(decision.postID)")
            compared += 1
        }
        #expect(compared == audit.count)
    }
}
