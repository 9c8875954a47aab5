import ArgumentParser

struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Prove the audit trail complete and consistent; list false positives.",
        subcommands: [AuditVerifyCommand.self, AuditFalsePositivesCommand.self]
    )
}
