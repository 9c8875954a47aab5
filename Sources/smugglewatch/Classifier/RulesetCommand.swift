import ArgumentParser
import Classifier
import Foundation

/// `smugglewatch ruleset check FILE`.
struct RulesetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ruleset",
        abstract: "Work with ruleset files.",
        subcommands: [Check.self]
    )

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Validate a ruleset; exits non-zero with line and field of the first error."
        )

        @Argument(help: "Ruleset YAML file.")
        var file: String

        func run() throws {
            let ruleset: Ruleset
            do {
                ruleset = try Ruleset(contentsOf: URL(fileURLWithPath: file))
            } catch let error as RulesetError {
                printError("\(file): error: [\(error.code)] \(error)")
                throw ExitCode(1)
            }
            let languages = Set(ruleset.phrases.map(\.language))
            let expected = ["en", "ar", "fr", "fa", "ps", "tr", "ku", "es", "it", "de", "ur"]
            let missing = expected.filter { !languages.contains($0) }
            print("\(file): ok: \(ruleset.identity.name) \(ruleset.identity.version), \(ruleset.categories.count) categories, "
                  + "\(ruleset.phrases.count) phrases in \(languages.count) languages, \(ruleset.places.count) places")
            print("sha256 \(ruleset.identity.sha256)")
            if !missing.isEmpty { print("note: no phrases for \(missing.joined(separator: ", "))") }
            for duplicate in Self.duplicates(ruleset) { print("note: \(duplicate)") }
        }

        /// The same normalised phrase in two categories usually is a mistake: the longer-match
        /// rule keeps only one of them.
        static func duplicates(_ ruleset: Ruleset) -> [String] {
            var seen: [String: (category: String, line: Int?)] = [:]
            var notes: [String] = []
            for phrase in ruleset.phrases {
                let key = Normaliser.normalise(phrase.text, mode: .phrase).string + (phrase.isStem ? "*" : "")
                if let first = seen[key] {
                    if first.category != phrase.category {
                        notes.append("line \(phrase.line ?? 0): '\(phrase.text)' is also in \(first.category) (line \(first.line ?? 0))")
                    }
                } else {
                    seen[key] = (phrase.category, phrase.line)
                }
            }
            return notes
        }
    }
}
