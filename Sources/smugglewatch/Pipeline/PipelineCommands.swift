import ArgumentParser

extension SmuggleWatch {
    /// Commands that touch Kafka.
    static let pipelineCommands: [any ParsableCommand.Type] = [
        WorkerCommand.self, ConfigCommand.self, BrokerCommand.self, IngestCommand.self, DemoCommand.self, BenchCommand.self,
    ]
}
