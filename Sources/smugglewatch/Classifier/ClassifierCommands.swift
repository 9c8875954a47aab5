import ArgumentParser

extension SmuggleWatch {
    /// Commands that work on posts and rulesets without Kafka (classify, eval, train, ruleset).
    static let classifierCommands: [any ParsableCommand.Type] = [
        ClassifyCommand.self, EvalCommand.self, TrainCommand.self, RulesetCommand.self,
    ]
}
