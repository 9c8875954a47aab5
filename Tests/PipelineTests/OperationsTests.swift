import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// What an operator relies on: config file + environment + flags, /metrics, /healthz, /readyz,
/// secrets that never reach the logs, and exit status 2 for configuration errors.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct OperationsTests {
    static func get(_ url: String) async -> (status: Int, body: String)? {
        guard let url = URL(string: url), let (data, response) = try? await URLSession.shared.data(from: url),
              let http = response as? HTTPURLResponse else { return nil }
        return (http.statusCode, String(decoding: data, as: UTF8.self))
    }

    @Test func configuredWorkerServesMetricsAndHealthAndNeverLogsItsSecrets() async throws {
        let harness = try await PipelineHarness(partitions: 2)
        let port = try RawHTTP.freePort()
        let secret = "s3cr3t-\(UUID().uuidString)"
        let config = FileManager.default.temporaryDirectory.appendingPathComponent("worker-\(UUID().uuidString).yaml")
        defer { try? FileManager.default.removeItem(at: config) }
        try """
        brokers: "\(harness.bootstrapServers)"
        batch_size: 50
        metrics_port: \(port)
        metrics_address: 127.0.0.1
        log_level: debug
        kafka:
          session.timeout.ms: 6000
          sasl.username: worker
          sasl.password: ${TEST_SASL_PASSWORD}
        """.write(to: config, atomically: true, encoding: .utf8)
        let worker = try ChildProcess("worker", arguments: ["worker", "--config", config.path, "--group", "ops"],
                                      environment: ["TEST_SASL_PASSWORD": secret, "SMUGGLEWATCH_HMAC_KEY": "ops-key-not-a-secret",
                                                    "SMUGGLEWATCH_WORKER_ID": "from-env"])
        defer { worker.ensureStopped() }
        let trail = try harness.trail()
        try harness.ingest(posts: 120)
        try harness.ingest([Array("not json".utf8)])

        #expect(try await trail.waitForAccounted(121))
        #expect(Set(trail.decisions.map(\.workerID)) == ["from-env"], "the environment overrides defaults")
        let healthy = await Self.get("http://127.0.0.1:\(port)/healthz")
        #expect(healthy?.status == 200)
        let ready = await Self.get("http://127.0.0.1:\(port)/readyz")
        #expect(ready?.status == 200, "assigned partitions: ready")

        var metrics = ""
        let counted = await Deadline.wait(.seconds(10)) {
            metrics = (await Self.get("http://127.0.0.1:\(port)/metrics"))?.body ?? ""
            return metrics.contains("smugglewatch_records_consumed_total 121")
        }
        #expect(counted, "metrics: \(metrics.prefix(2000))")
        let decided = metrics.split(separator: "\n").filter { $0.hasPrefix("smugglewatch_decisions_total{") }
            .compactMap { Int($0.split(separator: " ").last ?? "") }.reduce(0, +)
        #expect(decided == 120)
        #expect(metrics.contains(#"smugglewatch_deadletters_total{code="invalid_json"} 1"#))
        #expect(metrics.contains("smugglewatch_batch_seconds_bucket"))
        #expect(metrics.contains("smugglewatch_rebalances_total"))

        worker.signal(SIGTERM)
        #expect(await worker.waitForExit(timeout: .seconds(15)) == 0)
        #expect(!worker.standardError.contains(secret), "a secret reached the log")
        #expect(!worker.standardOutput.contains(secret))
    }

    @Test func configurationErrorsExitWithStatus2NamingTheKey() async throws {
        let cases: [([String], String)] = [
            (["worker", "--brokers", "127.0.0.1:1", "--kafka", "no.such.property=1"], "no.such.property"),
            (["worker", "--brokers", "127.0.0.1:1", "--kafka", "security.protocol=carrier-pigeon"], "security.protocol"),
            (["worker", "--brokers", "127.0.0.1:1", "--log-format", "xml"], "log_format"),
            (["worker"], "brokers"),
            (["config", "show", "--brokers", "b:1", "--batch-size", "0"], "batch_size"),
            (["config", "show", "--brokers", "b:1", "--decide-threads", "0"], "decide_threads"),
        ]
        for (arguments, key) in cases {
            let process = try ChildProcess("bad", arguments: arguments)
            #expect(await process.waitForExit(timeout: .seconds(30)) == 2, "\(arguments): \(process.standardError)")
            #expect(process.standardError.contains(key), "\(arguments) should name \(key): \(process.standardError)")
        }
    }

    @Test func configShowRedactsSecrets() async throws {
        let show = try ChildProcess("show", arguments: ["config", "show", "--brokers", "b:9092", "--kafka", "sasl.password=hunter2",
                                                        "--kafka", "ssl.key.password=pw-secret", "--kafka", "acks=all"])
        #expect(await show.waitForExit(timeout: .seconds(30)) == 0)
        #expect(!show.standardOutput.contains("hunter2") && !show.standardOutput.contains("pw-secret"))
        #expect(show.standardOutput.contains("sasl.password: \"<redacted>\""))
        #expect(show.standardOutput.contains("acks: \"all\""))
    }

    @Test func throughputSettingsComeFromTheEnvironmentOrAFlag() async throws {
        let fromEnvironment = try ChildProcess("threads", arguments: ["config", "show", "--brokers", "b:9092"],
                                               environment: ["SMUGGLEWATCH_DECIDE_THREADS": "3"])
        #expect(await fromEnvironment.waitForExit(timeout: .seconds(30)) == 0)
        #expect(fromEnvironment.standardOutput.contains("decide_threads: 3\n"))
        #expect(fromEnvironment.standardOutput.contains("max_batches_in_flight: 4\n"), "the default")
        let fromFlag = try ChildProcess("threads", arguments: ["config", "show", "--brokers", "b:9092", "--decide-threads", "1"],
                                        environment: ["SMUGGLEWATCH_DECIDE_THREADS": "3"])
        #expect(await fromFlag.waitForExit(timeout: .seconds(30)) == 0)
        #expect(fromFlag.standardOutput.contains("decide_threads: 1\n"))
    }
}
