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
            discussion: """
            Makes every check the worker makes at start-up (values, librdkafka properties, the HMAC key \
            file, the ruleset) and exits with status 2, naming the key, where one fails.
            """
        )

        @OptionGroup var options: WorkerOptions

        func run() throws {
            print(try WorkerStartup(options).settings.renderedYAML(), terminator: "")
        }
    }
}
