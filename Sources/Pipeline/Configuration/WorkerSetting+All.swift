import Kafka

extension WorkerSetting {
    /// Every worker setting, in the order `config show` prints them. A new setting is a
    /// `WorkerSettings` property with its default, a line here, an `@Option` in `WorkerOptions`
    /// named after the key, and a row in docs/operating.md (`SettingsAgreementTests` checks it).
    public static let all: [WorkerSetting] = [
        WorkerSetting("brokers", \.brokers, .text, required: true, help: "Bootstrap servers, host:port[,host:port...]."),
        WorkerSetting("group", \.group, .nonEmptyText,
                      help: "Consumer group id; workers with the same group share the partitions."),
        WorkerSetting("topic_prefix", \.topicPrefix, .text, help: "Prefix of every pipeline topic name."),
        WorkerSetting("batch_size", \.batchSize, .integer(1...100_000), help: "Most records decided and committed together."),
        WorkerSetting("linger_ms", \.lingerMs, .integer(0...60_000),
                      help: "Longest wait (ms) for a batch to fill after its first record."),
        WorkerSetting("max_post_bytes", \.maxPostBytes, .integer(64...(64 << 20)),
                      help: "Largest accepted post payload in bytes; larger ones are dead-lettered."),
        WorkerSetting("decide_threads", \.decideThreads, .integer(1...64), unset: "one per core, at most 8",
                      help: "Threads deciding a batch in parallel; match the CPUs a container may use."),
        WorkerSetting("max_batches_in_flight", \.maxBatchesInFlight, .integer(1...64),
                      help: "Batches sent but not yet committed at once; a crash repeats at most these."),
        WorkerSetting("ruleset", \.ruleset, .text, unset: "rulesets/default.yaml, searched", help: "Ruleset file."),
        WorkerSetting("worker_id", \.workerID, .text, unset: "host-pid", help: "Identifies this worker in its records."),
        WorkerSetting("hmac_key_file", \.hmacKeyFile, .text,
                      unset: { $0.hmacKey == nil ? "no key: a per-process key" : "key from $\(HMACKey.environmentVariable)" },
                      help: "File holding the HMAC key that pseudonymises authors (else $\(HMACKey.environmentVariable))."),
        WorkerSetting("metrics_port", \.metricsPort, .integer(1...65_535), unset: "off",
                      help: "Serve /metrics, /healthz and /readyz on this port."),
        WorkerSetting("metrics_address", \.metricsAddress, .ipAddress,
                      help: "Address the metrics server binds; 0.0.0.0 for every interface."),
        WorkerSetting("log_level", \.logLevel, .choice, help: "trace, debug, info, notice, warning, error or critical."),
        WorkerSetting("log_format", \.logFormat, .choice, help: "Log lines as text or json."),
        WorkerSetting("processing_guarantee", \.processingGuarantee, .choice,
                      help: "at_least_once, or exactly_once (Kafka transactions; needs --worker-id)."),
        WorkerSetting("allow_offset_reset_latest", \.allowOffsetResetLatest, .boolean,
                      help: "Let kafka auto.offset.reset be latest: a new group then skips the posts already in the topic."),
    ]
}
