import Foundation
import Testing

/// The four places an operator reads the worker's settings must agree on which settings there are
/// and on each one's default: `config show` (only `--brokers` given), `worker --help`, the
/// configuration table of docs/operating.md (the reference, which also names each setting's
/// variable and flag) and deploy/smugglewatch.example.yaml. The first two come from the running
/// binary, so a setting declared, renamed or re-defaulted without its docs fails here.
@Suite(.timeLimit(.minutes(2)))
struct SettingsAgreementTests {
    /// A setting as one source describes it. `defaultText` is nil for a required setting.
    struct Described {
        var environment: String?
        var flag: String?
        var defaultText: String?
    }

    static let table = "docs/operating.md"
    static let example = "deploy/smugglewatch.example.yaml"
    /// Options of `worker` that are not settings.
    static let otherFlags: Set<String> = ["--config", "--kafka", "--help"]

    @Test func configShowHelpDocsAndExampleAgree() async throws {
        let documented = try Self.documentedSettings()
        let shown = try await Self.configShowDefaults()
        let help = try await Self.helpDefaults()
        let example = try Self.exampleSettings()
        #expect(!documented.isEmpty, "no settings table in \(Self.table)")

        var problems: [String] = []
        for (source, keys) in [("config show", Set(shown.keys)), (Self.example, Set(example.keys))] {
            for key in keys.subtracting(documented.keys).sorted() { problems.append("\(key): in \(source), not in the table of \(Self.table)") }
            for key in Set(documented.keys).subtracting(keys).sorted() { problems.append("\(key): in the table of \(Self.table), not in \(source)") }
        }
        let documentedFlags = Set(documented.values.compactMap(\.flag))
        for flag in Set(help.keys).subtracting(documentedFlags).subtracting(Self.otherFlags).sorted() {
            problems.append("\(flag): in worker --help, not in the table of \(Self.table)")
        }

        for (key, row) in documented.sorted(by: { $0.key < $1.key }) {
            func compare(_ what: String, _ reference: String?, _ other: String?, in source: String) {
                guard other != reference else { return }
                let absent = what == "the default" ? "required" : "missing"
                problems.append("\(key): \(what) is \(Self.quoted(reference, else: absent)) in \(Self.table), "
                                + "\(Self.quoted(other, else: absent)) in \(source)")
            }
            if row.defaultText != nil, let shownDefault = shown[key] {
                compare("the default", row.defaultText, shownDefault, in: "config show")
            }
            if let flag = row.flag {
                if let helpDefault = help[flag] {
                    compare("the default", row.defaultText, helpDefault, in: "worker --help")
                } else {
                    problems.append("\(key): its flag \(flag) is not in worker --help")
                }
            }
            if case .some(nil) = example[key] {
                problems.append("\(key): set in \(Self.example) without a line '# env VARIABLE, flag --flag, default TEXT' before it")
            }
            if case let described?? = example[key] {
                compare("the default", row.defaultText, described.defaultText, in: Self.example)
                compare("the variable", row.environment, described.environment, in: Self.example)
                compare("the flag", row.flag, described.flag, in: Self.example)
            }
        }
        #expect(problems.isEmpty, "settings disagree:\n\(problems.joined(separator: "\n"))")
    }

    /// The variables the table names are the ones the binary reads: it refuses a `SMUGGLEWATCH_*`
    /// variable it does not know. Each is set to the default `config show` prints for it.
    @Test func theTablesVariablesAreTheWorkers() async throws {
        let documented = try Self.documentedSettings()
        let shown = try await Self.configShowDefaults(rawValues: true)
        var environment: [String: String] = [:]
        for (key, row) in documented {
            guard let variable = row.environment, let value = shown[key] else { continue }
            environment[variable] = value
        }
        let show = try ChildProcess("show", arguments: ["config", "show"], environment: environment)
        #expect(await show.waitForExit(timeout: .seconds(20)) == 0, "\(show.standardError)")
        // Required settings are refused, by name, when no layer gives them.
        let bare = try ChildProcess("show", arguments: ["config", "show"])
        #expect(await bare.waitForExit(timeout: .seconds(20)) == 2)
        for (key, row) in documented where row.defaultText == nil {
            #expect(bare.standardError.contains(key), "\(key) is required in \(Self.table), yet config show runs without it")
        }
    }

    static func quoted(_ text: String?, else absent: String) -> String { text.map { "'\($0)'" } ?? absent }

    /// The rows of the table whose header is `| key | environment | flag | default |`, by key.
    static func documentedSettings() throws -> [String: Described] {
        let lines = try String(contentsOf: BinaryLocator.repositoryRoot.appendingPathComponent(table), encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false)
        guard let header = lines.firstIndex(where: { $0.hasPrefix("| key | environment | flag | default |") }) else { return [:] }
        var settings: [String: Described] = [:]
        for line in lines[(header + 2)...].prefix(while: { $0.hasPrefix("|") }) {
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).dropFirst().map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            // A setting's row starts with its key alone; the `kafka:` map's row is not a setting.
            let key = unticked(cells[0])
            guard cells.count >= 4, cells[0] == "`\(key)`", key.allSatisfy({ $0.isLowercase || $0 == "_" }) else { continue }
            settings[key] = Described(environment: unticked(cells[1]), flag: unticked(cells[2]),
                                      defaultText: cells[3] == "required" ? nil : unticked(cells[3]))
        }
        return settings
    }

    /// Each setting's default as `config show` prints it: the value, or what an unset value means
    /// (the comment after `null`); `rawValues` gives values as a config file would take them.
    static func configShowDefaults(rawValues: Bool = false) async throws -> [String: String] {
        let show = try ChildProcess("show", arguments: ["config", "show", "--brokers", "b:1"])
        #expect(await show.waitForExit(timeout: .seconds(20)) == 0, "\(show.standardError)")
        var defaults: [String: String] = [:]
        for line in show.standardOutput.split(separator: "\n") where !line.hasPrefix(" ") && !line.hasPrefix("kafka:") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if value.hasPrefix("null") {
                guard !rawValues, let hash = value.range(of: "# ") else { continue }
                defaults[String(line[..<colon])] = String(value[hash.upperBound...])
            } else {
                defaults[String(line[..<colon])] = unquoted(value, keepEmpty: !rawValues)
            }
        }
        return defaults
    }

    /// Each option of `worker --help` by its flag, with the default its help ends with; nil for
    /// "(required)".
    static func helpDefaults() async throws -> [String: String?] {
        let help = try ChildProcess("help", arguments: ["worker", "--help"])
        #expect(await help.waitForExit(timeout: .seconds(20)) == 0, "\(help.standardError)")
        // An option starts at "  --flag <value>" (or "  -h, --help"); its help follows on the same
        // line or the next, and wraps onto indented lines.
        var options: [(flag: String, help: String)] = []
        for line in help.standardOutput.split(separator: "\n").drop(while: { $0 != "OPTIONS:" }).dropFirst() {
            let words = line.split(separator: " ")
            if line.hasPrefix("  -") {
                let label = words.prefix(while: { $0.hasPrefix("-") || $0.hasPrefix("<") })
                guard let flag = label.first(where: { $0.hasPrefix("--") })?.split(separator: "/").first else { continue }
                options.append((String(flag), words.dropFirst(label.count).joined(separator: " ")))
            } else if !options.isEmpty {
                options[options.count - 1].help += " " + words.joined(separator: " ")
            }
        }
        var defaults: [String: String?] = [:]
        for (flag, help) in options {
            if let start = help.range(of: "(default: ", options: .backwards), help.hasSuffix(")") {
                defaults[flag] = .some(String(help[start.upperBound..<help.index(before: help.endIndex)]))
            } else {
                defaults[flag] = help.hasSuffix("(required)") ? .some(nil) : "(none shown)"
            }
        }
        return defaults
    }

    /// The settings of the example file. Each is explained by comments that end with
    /// `# env VARIABLE, flag --flag, default TEXT` (or `, required`), followed by the key's line,
    /// set or commented out; nil for a key set without that line.
    static func exampleSettings() throws -> [String: Described?] {
        let lines = try String(contentsOf: BinaryLocator.repositoryRoot.appendingPathComponent(example), encoding: .utf8)
            .split(separator: "\n")
        var settings: [String: Described?] = [:]
        var pending: Described?
        for line in lines {
            if line.hasPrefix("# env ") {
                let parts = line.dropFirst("# env ".count).split(separator: ", ", maxSplits: 2).map(String.init)
                guard parts.count == 3, parts[1].hasPrefix("flag ") else { pending = nil; continue }
                let defaultText = parts[2] == "required" ? nil
                    : parts[2].hasPrefix("default ") ? String(parts[2].dropFirst("default ".count)) : parts[2]
                pending = Described(environment: parts[0], flag: String(parts[1].dropFirst("flag ".count)),
                                    defaultText: defaultText.map { unquoted($0, keepEmpty: true) })
                continue
            }
            // A top-level key, set or commented out ("# worker_id: worker-1").
            let keyLine = line.hasPrefix("# ") ? line.dropFirst(2) : line[...]
            guard let colon = keyLine.firstIndex(of: ":"), keyLine[..<colon].allSatisfy({ $0.isLowercase || $0 == "_" }),
                  !keyLine[..<colon].isEmpty else {
                if !line.hasPrefix("#") { pending = nil }
                continue
            }
            let key = String(keyLine[..<colon])
            if let described = pending {
                settings[key] = described
            } else if !line.hasPrefix("#"), key != "kafka" {
                settings[key] = .some(nil)
            }
            pending = nil
        }
        return settings
    }

    static func unticked(_ text: String) -> String { text.replacingOccurrences(of: "`", with: "") }

    /// `"smugglewatch"` as `smugglewatch`; `""` stays `""` (shown for an empty default) if `keepEmpty`.
    static func unquoted(_ text: String, keepEmpty: Bool) -> String {
        guard text.count >= 2, text.hasPrefix("\""), text.hasSuffix("\""), !(keepEmpty && text == "\"\"") else { return text }
        return String(text.dropFirst().dropLast())
    }
}
