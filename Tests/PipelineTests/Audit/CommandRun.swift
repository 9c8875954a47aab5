import Foundation
import Testing

/// Runs a `smugglewatch` command to completion with its output in files: unlike pipes read by a
/// handler, a file is complete the moment the process has exited.
struct CommandRun {
    var status: Int32
    var stdout: String
    var stderr: String

    /// stdout parsed as one JSON object.
    func json() throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(stdout.utf8))
        return try #require(object as? [String: Any], "stdout is not a JSON object: \(stdout.prefix(300)) / \(stderr.prefix(300))")
    }

    static func run(_ arguments: [String], timeout: Duration = .seconds(90)) async throws -> CommandRun {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("reports-cmd-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("stdout")
        let err = directory.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        let process = Process()
        process.executableURL = BinaryLocator.smugglewatch
        process.arguments = arguments
        process.currentDirectoryURL = BinaryLocator.repositoryRoot
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let exited = await Deadline.wait(timeout) { !process.isRunning }
        if !exited {
            process.terminate()
            process.waitUntilExit()
        }
        try #require(exited, "smugglewatch \(arguments.joined(separator: " ")) did not finish within \(timeout)")
        return CommandRun(status: process.terminationStatus,
                          stdout: String(decoding: try Data(contentsOf: out), as: UTF8.self),
                          stderr: String(decoding: try Data(contentsOf: err), as: UTF8.self))
    }
}

extension PipelineHarness {
    /// `smugglewatch <command> --brokers B ...` on this harness's broker.
    func command(_ command: [String], _ arguments: [String] = []) async throws -> CommandRun {
        try await CommandRun.run(command + ["--brokers", bootstrapServers, "--log-level", "warning"] + arguments)
    }

    /// Starts a worker, waits until every input offset is accounted for, and stops it with SIGTERM.
    func decideAll(_ expected: Int, trail: TrailCollector, arguments: [String] = []) async throws {
        let worker = try startWorker("w-\(UUID().uuidString.prefix(8))", arguments: arguments)
        #expect(try await trail.waitForAccounted(expected), "accounted \(trail.bySource.count) of \(expected): \(worker.standardError)")
        worker.signal(SIGTERM)
        #expect(await worker.waitForExit(timeout: .seconds(20)) == 0, "\(worker.standardError)")
    }
}

/// A copy of the default ruleset with some lines changed, written to a scratch file.
enum RulesetVariant {
    static func write(replacing replacements: [(String, String)]) throws -> String {
        var text = try String(contentsOf: BinaryLocator.repositoryRoot.appendingPathComponent("rulesets/default.yaml"), encoding: .utf8)
        for (old, new) in replacements {
            try #require(text.contains(old), "the default ruleset no longer contains '\(old)'")
            text = text.replacingOccurrences(of: old, with: new)
        }
        return try write(text)
    }

    /// The default ruleset with a refer threshold no score reaches (review threshold and
    /// everything else as trained), its version suffixed `-strict`.
    static func strictText() throws -> String {
        let text = try String(contentsOf: BinaryLocator.repositoryRoot.appendingPathComponent("rulesets/default.yaml"), encoding: .utf8)
        var lines = text.components(separatedBy: "\n")
        let thresholds = try #require(lines.firstIndex { $0.hasPrefix("thresholds:") })
        lines[thresholds] = lines[thresholds].replacingOccurrences(of: #"refer: [0-9.]+"#, with: "refer: 1.0", options: .regularExpression)
        let version = try #require(lines.firstIndex { $0.hasPrefix("version:") })
        lines[version] = lines[version].replacingOccurrences(of: #""$"#, with: "-strict\"", options: .regularExpression)
        return lines.joined(separator: "\n")
    }

    static func writeStrict() throws -> String { try write(strictText()) }

    static func write(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("reports-ruleset-\(UUID().uuidString).yaml").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }
}
