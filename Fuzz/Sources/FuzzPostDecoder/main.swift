import CFuzzerDriver
import Classifier
import Foundation
import Records

/// Any payload: decoded or refused with a reason, never a crash. A payload Foundation's parser
/// refuses is never decoded (ours is at least as strict); a decoded post's object can always be
/// built again for a referral (else the worker would dead-letter it as `undecidable`, an internal
/// fault); and every record written for it (audit, referral, dead letter) is JSON that
/// Foundation parses and our reader reads back to the same record.
///
/// Records and Classifier only, as a reader of the trail links them: no Kafka, no librdkafka.
let classifier = Classifier(ruleset: try! Ruleset.loadDefault())  // the fuzz harness's own set-up, not input
let decoder = PostDecoder(maxPayloadBytes: 1 << 16)
let source = SourceOffset(topic: "posts", partition: 0, offset: 1)
let now = "2026-01-01T00:00:00.000Z"

func requireJSON(_ bytes: [UInt8], _ what: String) {
    precondition((try? JSONSerialization.jsonObject(with: Data(bytes))) != nil, "\(what) is not JSON")
}

func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let payload = Array(UnsafeBufferPointer(start: data, count: size))
    switch decoder.decode(payload) {
    case .failure(let reason):
        let letter = DeadLetterRecord(source: source, reason: reason, payload: payload, payloadSHA256: nil, workerID: "fuzz", failedAt: now)
        requireJSON(letter.json(), "a dead letter")
        precondition((try? DeadLetterRecord(json: letter.json())) == letter, "a dead letter does not read back")
    case .success(let decoded):
        precondition((try? JSONSerialization.jsonObject(with: Data(payload))) != nil, "decoded a payload Foundation refuses")
        guard let object = try? decoded.object() else { preconditionFailure("a decoded post's object cannot be built again") }
        let record = DecisionRecord(decision: classifier.decide(decoded.post), source: source, inputSHA256: String(repeating: "0", count: 64),
                                    platform: decoded.post.platform, lang: decoded.post.lang, workerID: "fuzz", decidedAt: now)
        guard let (audit, flagged) = try? record.json(splicing: .object(object)) else { preconditionFailure("a decision is not writable") }
        requireJSON(audit, "an audit record")
        requireJSON(flagged, "a flagged record")
        precondition((try? DecisionRecord(json: audit)) == record, "an audit record does not read back")
        var withPost = record
        withPost.post = .object(object)
        precondition((try? DecisionRecord(json: flagged)) == withPost, "a flagged record does not read back")
    }
    return 0
}

var arguments = CommandLine.argc
var argumentValues: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&arguments, &argumentValues) { data, size in fuzzOne(data, size) })
