import ArgumentParser

@main
struct SmuggleWatch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "smugglewatch",
        abstract: "Find paid migrant-smuggling offers in social-media posts; never refer solidarity.",
        subcommands: pipelineCommands + classifierCommands + reportCommands
    )
}
