import Foundation
import Synchronization
import Glibc

/// A `smugglewatch` subcommand (or another program, such as a broker) running as a real child
/// process, with its stdout and stderr captured.
final class ChildProcess: @unchecked Sendable {
    // @unchecked: Process is used from the test's task only; captured output sits behind a Mutex.
    let process = Process()
    let name: String
    private let stdinPipe = Pipe()
    private let stdoutPipe = Pipe()
    private let stderrPipe = Pipe()
    private let captured = CapturedOutput()

    init(_ name: String, arguments: [String], environment: [String: String] = [:],
         executable: URL = BinaryLocator.smugglewatch) throws {
        self.name = name
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = BinaryLocator.repositoryRoot
        // The test runner's own variables (SMUGGLEWATCH_BIN, SMUGGLEWATCH_SOAK) are not the
        // product's: the worker refuses SMUGGLEWATCH_* variables it does not know.
        var env = ProcessInfo.processInfo.environment.filter { $0.key != "SMUGGLEWATCH_BIN" && $0.key != "SMUGGLEWATCH_SOAK" }
        env.merge(environment) { $1 }
        process.environment = env
        process.standardInput = stdinPipe
        process.standardOutput = stdoutPipe
        process.standardError = stderrPipe
        let captured = self.captured
        stdoutPipe.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            captured.state.withLock { if data.isEmpty { $0.closed += 1 } else { $0.stdout += data } }
            if data.isEmpty { handle.readabilityHandler = nil }
        }
        stderrPipe.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            captured.state.withLock { if data.isEmpty { $0.closed += 1 } else { $0.stderr += data } }
            if data.isEmpty { handle.readabilityHandler = nil }
        }
        try process.run()
    }

    var standardOutput: String { captured.state.withLock { String(decoding: $0.stdout, as: UTF8.self) } }
    var standardError: String { captured.state.withLock { String(decoding: $0.stderr, as: UTF8.self) } }

    /// Writes a line to the child's standard input. A child that has exited leaves the line
    /// unread, and the test fails on what it then does not see.
    func send(line: String) {
        _ = Self.ignoreBrokenPipes
        try? stdinPipe.fileHandleForWriting.write(contentsOf: Data((line + "\n").utf8))
    }

    /// Writing to an exited child must fail that write (EPIPE), not end the whole test run with
    /// SIGPIPE. Set once, for the test process.
    private static let ignoreBrokenPipes: Void = { _ = Glibc.signal(SIGPIPE, SIG_IGN) }()

    func signal(_ number: Int32) {
        kill(process.processIdentifier, number)
    }

    /// Waits for the process to exit, then for what it wrote just before to be read (its stdout
    /// and stderr at their end; descendants that keep them open get two seconds); nil if it is
    /// still running at the deadline.
    func waitForExit(timeout: Duration) async -> Int32? {
        guard await Deadline.wait(timeout, { !self.process.isRunning }) else { return nil }
        let captured = self.captured
        _ = await Deadline.wait(.seconds(2)) { captured.state.withLock { $0.closed == 2 } }
        return process.terminationStatus
    }

    /// SIGKILL if still running: tests never leave processes behind.
    func ensureStopped() {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    deinit { ensureStopped() }
}

final class CapturedOutput: Sendable {
    /// What each stream delivered; `closed` counts the streams read to their end.
    let state = Mutex((stdout: [UInt8](), stderr: [UInt8](), closed: 0))
}

enum Deadline {
    /// Re-checks `condition` every 20 ms until it holds (true) or `timeout` passes (false).
    static func wait(_ timeout: Duration, _ condition: () async throws -> Bool) async rethrows -> Bool {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return try await condition()
    }
}
