import Foundation
import Testing

/// noida-db (PyPI `noida-db`, pinned to 0.2.3 by `make test-peers`): one local binary whose Kafka
/// service implements transactions that work with librdkafka 2.0.2, where the embedded broker's do
/// not. Runs in its own process on a free loopback port, with its data in a fresh temporary
/// directory; both go when this does (also when a test fails).
///
/// Its limits (checked with librdkafka 2.0.2): its group coordinator never expires a member that
/// died, so a restarted worker rejoins only with static membership (`group.instance.id`); a
/// cooperative-sticky group with two members never settles (use the range assignor); a fetch that
/// finds nothing is answered at once, so idle consumers spin: keep runs short.
final class NoidaBroker: @unchecked Sendable {
    // @unchecked: used from the test's task only.
    static let version = "0.2.3"

    let process: ChildProcess
    let bootstrapServers: String
    private let dataDirectory: URL

    init() async throws {
        let executable = try Self.executable()
        dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("noida-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
        // The binary itself, not the `noida-db` wrapper script: ending the wrapper would leave the
        // broker running. Port 0: the broker picks a free port and prints it.
        process = try ChildProcess("noida-db", arguments: [
            "start", "--only", "kafka", "--kafka-port", "0", "--host", "127.0.0.1", "--data-dir", dataDirectory.path,
        ], executable: executable)
        let process = self.process
        var address: String?
        let started = await Deadline.wait(.seconds(30)) {
            address = Self.kafkaAddress(in: process.standardOutput)
            return address != nil || !process.process.isRunning
        }
        guard started, let address else {
            process.ensureStopped()
            try? FileManager.default.removeItem(at: dataDirectory)
            throw NoidaError(message: "noida-db did not print its Kafka address: \(process.standardOutput) \(process.standardError)")
        }
        bootstrapServers = address
    }

    deinit {
        process.ensureStopped()
        try? FileManager.default.removeItem(at: dataDirectory)
    }

    /// `  kafka          127.0.0.1:PORT` in its start-up banner.
    private static func kafkaAddress(in output: String) -> String? {
        for line in output.split(separator: "\n") {
            let fields = line.split(separator: " ")
            if fields.count == 2, fields[0] == "kafka", fields[1].hasPrefix("127.0.0.1:") { return String(fields[1]) }
        }
        return nil
    }

    struct NoidaError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    /// The binary inside the installed `noida_db` Python package ($NOIDA_DB_BIN overrides), checked
    /// to be the pinned version.
    static func executable() throws -> URL {
        let path: String
        if let given = ProcessInfo.processInfo.environment["NOIDA_DB_BIN"] {
            path = given
        } else {
            let directory = try run("/usr/bin/env", ["python3", "-c", "import noida_db, os; print(os.path.dirname(noida_db.__file__))"])
            guard directory.status == 0 else {
                throw NoidaError(message: "noida-db is not installed for python3 (run `make test-peers`): \(directory.output)")
            }
            path = directory.output.trimmingCharacters(in: .whitespacesAndNewlines) + "/noida-db"
        }
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw NoidaError(message: "no noida-db executable at \(path) (run `make test-peers`)")
        }
        let version = try run(path, ["version"])
        guard version.output.contains("noida-db \(Self.version)") else {
            throw NoidaError(message: "\(path) is not noida-db \(Self.version) (run `make test-peers`): \(version.output)")
        }
        return URL(fileURLWithPath: path)
    }

    private static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }
}
