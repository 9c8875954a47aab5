import Classifier
import Foundation

enum RulesetLoading {
    /// Loads the ruleset at `path`, or the default one: `rulesets/default.yaml` in the current
    /// directory, else walking up from the executable (a build tree inside the repository).
    static func load(_ path: String?) throws -> Ruleset {
        if let path { return try Ruleset(contentsOf: URL(fileURLWithPath: path)) }
        var candidates = [URL(fileURLWithPath: "rulesets/default.yaml")]
        var directory = URL(fileURLWithPath: CommandLine.executablePath).deletingLastPathComponent()
        for _ in 0..<6 {
            candidates.append(directory.appendingPathComponent("rulesets/default.yaml"))
            candidates.append(directory.appendingPathComponent("share/smugglewatch/rulesets/default.yaml"))
            directory.deleteLastPathComponent()
        }
        guard let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0.path) }) else {
            throw CLIError("no default ruleset found (rulesets/default.yaml); pass --ruleset FILE")
        }
        return try Ruleset(contentsOf: found)
    }
}

extension CommandLine {
    /// This executable's absolute path, for finding files beside it and starting copies of it.
    static var executablePath: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? arguments[0]
    }
}
