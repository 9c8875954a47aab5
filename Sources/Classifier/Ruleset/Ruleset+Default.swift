import Foundation

extension Ruleset {
    /// Environment variable that names the default ruleset file.
    public static let environmentVariable = "SMUGGLEWATCH_RULESET"
    /// Path of the default ruleset inside a checkout or an installation prefix.
    public static let defaultRelativePath = "rulesets/default.yaml"

    /// Where the default ruleset is, or nil if there is none.
    ///
    /// In order: `$SMUGGLEWATCH_RULESET`; `rulesets/default.yaml` in the current directory;
    /// `../share/smugglewatch/rulesets/default.yaml` relative to the executable (installed
    /// layout); `rulesets/default.yaml` in the executable's directory or any parent (so that
    /// `.build/debug/smugglewatch` finds the checkout's file). The CLI and the Kafka worker
    /// both use this, so they agree on the default.
    public static func defaultURL(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        currentDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
        executable: URL? = Bundle.main.executableURL
    ) -> URL? {
        let files = FileManager.default
        if let path = environment[environmentVariable], !path.isEmpty {
            return URL(fileURLWithPath: path, relativeTo: currentDirectory).standardizedFileURL
        }
        let local = currentDirectory.appendingPathComponent(defaultRelativePath)
        if files.fileExists(atPath: local.path) { return local.standardizedFileURL }
        guard let executable else { return nil }
        let binDirectory = executable.resolvingSymlinksInPath().deletingLastPathComponent()
        let installed = binDirectory.deletingLastPathComponent()
            .appendingPathComponent("share/smugglewatch").appendingPathComponent(defaultRelativePath)
        if files.fileExists(atPath: installed.path) { return installed.standardizedFileURL }
        var directory = binDirectory
        while true {
            let candidate = directory.appendingPathComponent(defaultRelativePath)
            if files.fileExists(atPath: candidate.path) { return candidate.standardizedFileURL }
            let parent = directory.deletingLastPathComponent()
            if parent.path == directory.path || directory.path == "/" { return nil }
            directory = parent
        }
    }

    /// Loads the ruleset found by `defaultURL()`.
    public static func loadDefault() throws -> Ruleset {
        guard let url = defaultURL() else {
            throw RulesetError(code: RulesetError.noDefault,
                               message: "no default ruleset found; set \(environmentVariable) or pass --ruleset FILE")
        }
        return try Ruleset(contentsOf: url)
    }
}
