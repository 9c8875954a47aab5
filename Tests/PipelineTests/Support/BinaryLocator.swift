import Foundation

/// Finds the built `smugglewatch` executable: beside the test bundle (`swift test` builds both into
/// the same folder), or where $SMUGGLEWATCH_BIN says.
enum BinaryLocator {
    static var smugglewatch: URL {
        if let path = ProcessInfo.processInfo.environment["SMUGGLEWATCH_BIN"] {
            return URL(fileURLWithPath: path)
        }
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        // On Linux the test runner is .build/<triple>/debug/<name>.xctest; walk up out of bundles.
        while directory.pathExtension == "xctest" || directory.lastPathComponent == "MacOS" || directory.lastPathComponent == "Contents" {
            directory.deleteLastPathComponent()
        }
        return directory.appendingPathComponent("smugglewatch")
    }

    /// The repository root, for fixtures and the default ruleset.
    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
    }
}
