import Foundation
import Pipeline
import Records

/// fixtures/poison/: one payload per file, the expected outcome before `--` in its name.
enum PoisonFixtures {
    struct Case {
        var name: String
        var expected: String
        var payload: [UInt8]?
    }

    static var all: [Case] {
        let directory = BinaryLocator.repositoryRoot.appendingPathComponent("fixtures/poison")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        var cases = names.filter { $0.contains("--") }.sorted().map { name in
            Case(name: name, expected: String(name.components(separatedBy: "--")[0]),
                 payload: Array(FileManager.default.contents(atPath: directory.appendingPathComponent(name).path) ?? Data()))
        }
        var large = Array(#"{"id":"poison-large","text":""#.utf8)
        large += [UInt8](repeating: UInt8(ascii: "a"), count: PostDecoder.defaultMaxPayloadBytes)
        large += Array(#""}"#.utf8)
        cases.append(Case(name: "generated: over 1 MiB", expected: DeadLetterReason.Code.payloadTooLarge.rawValue, payload: large))
        cases.append(Case(name: "generated: tombstone", expected: DeadLetterReason.Code.emptyPayload.rawValue, payload: nil))
        return cases
    }
}
