import Foundation
import Testing

/// Configuration that the worker must refuse at start-up with exit status 2 (systemd's
/// RestartPreventExitStatus=2 then stops retrying), and `config show` with it: one code path.
/// The worker runs as the real binary; it is pointed at a port where no broker listens, so a
/// worker that wrongly accepts its configuration keeps running and the test sees no exit.
@Suite(.timeLimit(.minutes(5)))
struct ConfigurationRefusalTests {
    static let directory: URL = {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("config-refusals-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }()

    /// A file in the test's directory with `bytes` and `mode`.
    static func file(_ name: String, _ bytes: [UInt8], mode: Int) throws -> String {
        let url = directory.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: url.path)
        return url.path
    }

    static let goodKey = Array("0123456789abcdef-test-only".utf8)

    /// Runs `worker` and `config show` with the same arguments; both must exit 2 naming `key`.
    static func expectRefused(_ arguments: [String], environment: [String: String] = [:], naming key: String,
                              without secrets: [String] = [], sourceLocation: SourceLocation = #_sourceLocation) async throws {
        for command in [["worker"], ["config", "show"]] {
            let process = try ChildProcess("refused", arguments: command + ["--brokers", "127.0.0.1:1"] + arguments,
                                           environment: environment)
            defer { process.ensureStopped() }
            let status = await process.waitForExit(timeout: .seconds(20))
            #expect(status == 2, "\(command) \(arguments) must exit 2: \(process.standardError)", sourceLocation: sourceLocation)
            #expect(process.standardError.contains(key), "\(command) \(arguments) should name \(key): \(process.standardError)",
                    sourceLocation: sourceLocation)
            for secret in secrets {
                #expect(!process.standardError.contains(secret) && !process.standardOutput.contains(secret),
                        "\(command) \(arguments) printed a secret: \(process.standardError)", sourceLocation: sourceLocation)
            }
        }
    }

    @Test func hmacKeyFilesThatAreMissingEmptyShortOrOpenToOthers() async throws {
        let missing = Self.directory.appendingPathComponent("no-such-key").path
        try await Self.expectRefused(["--hmac-key-file", missing], naming: "hmac_key_file")
        try await Self.expectRefused(["--hmac-key-file", try Self.file("empty.key", [], mode: 0o600)], naming: "is empty")
        try await Self.expectRefused(["--hmac-key-file", try Self.file("short.key", Array("fifteen-bytes!!".utf8), mode: 0o600)],
                                     naming: "holds 15 bytes")
        try await Self.expectRefused(["--hmac-key-file", try Self.file("group.key", Self.goodKey, mode: 0o640)], naming: "chmod 600")
        try await Self.expectRefused(["--hmac-key-file", try Self.file("others.key", Self.goodKey, mode: 0o604)], naming: "chmod 600")
        try await Self.expectRefused(["--hmac-key-file", Self.directory.path], naming: "not a regular file")
        try await Self.expectRefused([], environment: ["SMUGGLEWATCH_HMAC_KEY": "too-short"], naming: "SMUGGLEWATCH_HMAC_KEY",
                                     without: ["too-short"])

        let good = try Self.file("good.key", Self.goodKey, mode: 0o400)
        let show = try ChildProcess("show", arguments: ["config", "show", "--brokers", "b:1", "--hmac-key-file", good])
        #expect(await show.waitForExit(timeout: .seconds(20)) == 0, "\(show.standardError)")
        #expect(show.standardOutput.contains("hmac_key_file: \"\(good)\""))
    }

    @Test func badValuesAndNegativeNumbersOnFlagsExit2() async throws {
        try await Self.expectRefused(["--metrics-port", "9464", "--metrics-address", "not-an-address"], naming: "metrics_address")
        try await Self.expectRefused(["--metrics-address", "300.1.1.1"], naming: "metrics_address")
        for flag in ["--batch-size", "--linger-ms", "--max-post-bytes", "--decide-threads", "--max-batches-in-flight", "--metrics-port"] {
            let key = String(flag.dropFirst(2)).replacingOccurrences(of: "-", with: "_")
            try await Self.expectRefused([flag, "-5"], naming: key)
            try await Self.expectRefused([flag, "five"], naming: key)
        }
        // A --kafka argument without key= may be a mistyped secret: not echoed.
        try await Self.expectRefused(["--kafka", "sasl.password:pw-typed-wrong"], naming: "--kafka", without: ["pw-typed-wrong"])
    }

    @Test func kafkaPropertiesThatBreakTheWorkersGuarantees() async throws {
        try await Self.expectRefused(["--kafka", "acks=0"], naming: "acks")
        try await Self.expectRefused(["--kafka", "acks=1"], naming: "acks")
        try await Self.expectRefused(["--kafka", "request.required.acks=0", "--kafka", "enable.idempotence=false"], naming: "acks")
        try await Self.expectRefused(["--kafka", "enable.idempotence=false"], naming: "enable.idempotence")
        try await Self.expectRefused(["--kafka", "enable.auto.commit=true"], naming: "enable.auto.commit")
        try await Self.expectRefused(["--kafka", "auto.offset.reset=latest"], naming: "allow_offset_reset_latest")
        try await Self.expectRefused(["--kafka", "auto.offset.reset=largest"], naming: "auto.offset.reset")
        try await Self.expectRefused(["--kafka", "auto.offset.reset=end", "--no-allow-offset-reset-latest"], naming: "auto.offset.reset")

        // Forced, by flag, environment or file, `latest` is taken.
        let config = try Self.file("latest.yaml", Array("allow_offset_reset_latest: true\nkafka:\n  auto.offset.reset: latest\n".utf8),
                                   mode: 0o644)
        for (arguments, environment) in [(["--kafka", "auto.offset.reset=latest", "--allow-offset-reset-latest"], [:]),
                                         (["--kafka", "auto.offset.reset=latest"], ["SMUGGLEWATCH_ALLOW_OFFSET_RESET_LATEST": "true"]),
                                         (["--config", config], [String: String]())] {
            let show = try ChildProcess("show", arguments: ["config", "show", "--brokers", "b:1"] + arguments, environment: environment)
            #expect(await show.waitForExit(timeout: .seconds(20)) == 0, "\(arguments): \(show.standardError)")
            #expect(show.standardOutput.contains("allow_offset_reset_latest: true\n"))
        }
    }

    @Test func duplicateYAMLKeysAndUnknownEnvironmentVariables() async throws {
        let topLevel = try Self.file("twice.yaml", Array("batch_size: 10\ngroup: a\nbatch_size: 20\n".utf8), mode: 0o644)
        try await Self.expectRefused(["--config", topLevel], naming: "lines 1 and 3")
        let inKafka = try Self.file("twice-kafka.yaml", Array("kafka:\n  sasl.password: first-secret-1\n  sasl.password: second-secret-2\n".utf8),
                                    mode: 0o644)
        try await Self.expectRefused(["--config", inKafka], naming: "kafka.sasl.password", without: ["first-secret-1", "second-secret-2"])
        try await Self.expectRefused([], environment: ["SMUGGLEWATCH_BATCHSIZE": "10"], naming: "SMUGGLEWATCH_BATCHSIZE")
        try await Self.expectRefused([], environment: ["SMUGGLEWATCH_SASL_PASSWORD": "env-secret-3"], naming: "SMUGGLEWATCH_SASL_PASSWORD",
                                     without: ["env-secret-3"])
    }

    /// YAML syntax errors on and near a secret's line: the message says where, never what.
    @Test func yamlErrorsNeverQuoteASecret() async throws {
        let secret = "Pa55-\(UUID().uuidString.prefix(8))"
        let broken = [
            "kafka:\n  sasl.password: \"\(secret)\n",                      // unterminated quote
            "kafka:\n  sasl.password: \(secret): x\n",                     // a second colon
            "kafka:\n\tsasl.password: \(secret)\n",                        // a tab for indentation
            "kafka:\n  sasl.password: [\(secret)\n",                       // unclosed flow sequence
            "kafka:\n  sasl.password: \(secret)\n bad indentation\n",      // the next line
            "kafka:\n  sasl.username: \"u\n  sasl.password: \(secret)\"\n  x: [\n",  // a quote opened above it
            "kafka:\n  ssl.key.password: \(secret)\n  - item\n",           // a list item after it
            "kafka:\n  sasl.oauthbearer.client.secret: \"\(secret)\\q\"\n", // a bad escape inside it
            "kafka:\n  ssl.key.pem: |\n   \(secret)\n  x\n y: z\n",        // a block scalar, then bad indentation
            "kafka:\n  sasl.password: &a \(secret)\n  other: *b\n",        // an undefined alias
        ]
        for (index, text) in broken.enumerated() {
            let path = try Self.file("broken-\(index).yaml", Array(text.utf8), mode: 0o644)
            try await Self.expectRefused(["--config", path], naming: "not valid YAML at line",
                                         without: [secret, String(secret.prefix(6)), String(secret.suffix(6))])
        }
        // A value substituted from the environment is a secret too, wherever it lands.
        let misplaced = try Self.file("misplaced.yaml", Array("batch_size: ${TEST_SECRET}\n".utf8), mode: 0o644)
        try await Self.expectRefused(["--config", misplaced], environment: ["TEST_SECRET": secret], naming: "batch_size", without: [secret])
    }
}
