import Classifier
import Foundation
import Kafka
import Pipeline
import Testing

/// Every input the fuzzers ever crashed on (Fuzz/crashers/), plus the poison fixtures, through the
/// same invariants the fuzz targets check.
@Suite struct FuzzRegressionTests {
    static var inputs: [(name: String, bytes: [UInt8])] {
        let root = BinaryLocator.repositoryRoot
        var found: [(String, [UInt8])] = []
        for folder in ["Fuzz/crashers", "fixtures/poison"] {
            let base = root.appendingPathComponent(folder)
            guard let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil) else { continue }
            for case let url as URL in walker where !url.hasDirectoryPath && url.pathExtension != "md" {
                if let data = FileManager.default.contents(atPath: url.path) { found.append((url.lastPathComponent, Array(data))) }
            }
        }
        return found.sorted { $0.0 < $1.0 }
    }

    @Test func everyKnownHostileInputIsHandled() throws {
        let decider = try DeciderTests.makeDecider()
        let classifier = decider.classifier
        let inputs = Self.inputs
        #expect(!inputs.isEmpty)
        for (name, bytes) in inputs {
            let message = KafkaMessage(topic: "posts", partition: 0, offset: 0, key: nil, value: bytes)
            let (_, records) = decider.outputs(for: message, now: "T")
            #expect(!records.isEmpty, "\(name): every input owes an output")
            for record in records {
                #expect((try? JSONSerialization.jsonObject(with: Data(record.payload))) != nil, "\(name): output is JSON")
            }
            let text = String(decoding: bytes, as: UTF8.self)
            let decision = classifier.decide(Post(id: name, text: text))
            let scalars = Array(text.unicodeScalars)
            #expect(decision.score.isFinite && (0...1).contains(decision.score))
            for signal in decision.signals {
                #expect(signal.span.start >= 0 && signal.span.start <= signal.span.end && signal.span.end <= scalars.count)
            }
        }
    }
}
