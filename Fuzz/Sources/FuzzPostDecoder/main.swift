import CFuzzerDriver
import Classifier
import Foundation
import Kafka
import Pipeline

/// Any payload: decoded or dead-lettered, never a crash; every output record is valid JSON; a
/// payload Foundation's parser refuses is never decided (ours is at least as strict); and no
/// payload is `undecidable` (that code means an internal fault, such as a payload that validated
/// but could not be parsed again for a referral).
let decider: Decider = {
    let ruleset = try! Ruleset.loadDefault()  // the fuzz harness's own set-up, not input
    return Decider(classifier: Classifier(ruleset: ruleset), pseudonymizer: Pseudonymizer(key: Array("fuzz".utf8)),
                   topics: PipelineTopics(), decoder: PostDecoder(maxPayloadBytes: 1 << 16), workerID: "fuzz")
}()

func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let payload = Array(UnsafeBufferPointer(start: data, count: size))
    let message = KafkaMessage(topic: "posts", partition: 0, offset: 1, key: nil, value: payload)
    let (outcome, records) = decider.outputs(for: message, now: "2026-01-01T00:00:00.000Z")
    precondition(!records.isEmpty, "every input owes an output")
    precondition(outcome != .deadLettered(.undecidable), "an internal fault on a payload")
    if case .decided = outcome {
        precondition((try? JSONSerialization.jsonObject(with: Data(payload))) != nil, "decided a payload Foundation refuses")
    }
    for record in records {
        guard let value = record.value, (try? JSONSerialization.jsonObject(with: Data(value))) != nil else {
            preconditionFailure("output record is not JSON: \(record.topic)")
        }
    }
    return 0
}

var arguments = CommandLine.argc
var argumentValues: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&arguments, &argumentValues) { data, size in fuzzOne(data, size) })
