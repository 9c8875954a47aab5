import ArgumentParser
import Foundation
import Pipeline

struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Inspect the worker configuration.",
        subcommands: [Show.self]
    )

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the effective worker configuration (file < environment < flags), secrets redacted.",
            discussion: "Exits with status 2, naming the key, when a value is invalid or librdkafka rejects a property."
        )

        @OptionGroup var options: WorkerOptions

        func run() throws {
            do {
                print(try options.resolve().renderedYAML(), terminator: "")
            } catch {
                throw error.exit()
            }
        }
    }
}
