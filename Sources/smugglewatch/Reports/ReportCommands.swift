import ArgumentParser

extension SmuggleWatch {
    /// Commands for reviewers and auditors: they read what the workers wrote.
    static let reportCommands: [any ParsableCommand.Type] = [
        ReportCommand.self, ReplayCommand.self, AuditCommand.self, VerdictCommand.self,
    ]
}
