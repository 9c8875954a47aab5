import ArgumentParser
import Classifier
import Foundation

/// Loads `--ruleset PATH`, or the default ruleset (see `Ruleset.defaultURL()`).
func loadRuleset(_ path: String?) throws -> Ruleset {
    do {
        if let path { return try Ruleset(contentsOf: URL(fileURLWithPath: path)) }
        return try Ruleset.loadDefault()
    } catch let error as RulesetError {
        printError("error: [\(error.code)] \(error)")
        throw ExitCode(2)
    }
}

func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

/// Buffered standard output: one write per many lines keeps `classify` fast on big inputs.
struct OutputBuffer {
    private var buffer: [UInt8] = []

    init() { buffer.reserveCapacity(1 << 16) }

    mutating func writeLine(_ line: String) {
        buffer.append(contentsOf: line.utf8)
        buffer.append(0x0A)
        if buffer.count >= 1 << 16 { flush() }
    }

    mutating func flush() {
        guard !buffer.isEmpty else { return }
        FileHandle.standardOutput.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }
}
