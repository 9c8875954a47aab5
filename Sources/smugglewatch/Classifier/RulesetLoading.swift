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
