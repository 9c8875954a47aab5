import ArgumentParser
import Classifier
import Foundation
import Kafka
import Logging
import Pipeline
import Records

struct WorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Consume posts, decide each, write decisions; run until SIGTERM.",
        discussion: """
        Reads the posts topic as a member of a consumer group and writes every decision to audit, \
        referrals to referrals, borderline posts to review and undecodable input to deadletter. \
        Offsets are committed only after all outputs are acknowledged (at least once). \
        Settings: flags > SMUGGLEWATCH_<KEY> environment > --config FILE > defaults; configuration \
        errors exit with status 2, as does a metrics port in use. The author HMAC key comes from \
        hmac_key_file (mode 0600 or stricter) or $SMUGGLEWATCH_HMAC_KEY, at least 16 bytes, never from \
        the command line.
        """
    )

    @OptionGroup var options: WorkerOptions

    func run() throws {
        let startup = try WorkerStartup(options)
        let settings = startup.settings, rules = startup.ruleset
        let crashPoint: CrashPoint?
        do {
            crashPoint = try CrashPoint.from(environment: ProcessInfo.processInfo.environment)
        } catch {
            throw error.exit()
        }
        LogSetup.bootstrap(level: settings.logLevel, format: settings.logFormat)
        let logger = Logger(label: "smugglewatch.worker")
        logger.info("smugglewatch worker starting with librdkafka \(KafkaLibrary.version)")

        let pseudonymizer: Pseudonymizer
        if let key = settings.hmacKey {
            pseudonymizer = Pseudonymizer(key: key.bytes)
        } else {
            logger.warning("no HMAC key (hmac_key_file or $\(HMACKey.environmentVariable)): author pseudonyms use a per-process key and will not match across workers")
            pseudonymizer = .ephemeral()
        }
        var configuration = WorkerConfiguration(kafka: settings.kafkaConfiguration, groupID: settings.group,
                                                topics: PipelineTopics(prefix: settings.topicPrefix),
                                                batchSize: settings.batchSize, lingerMilliseconds: settings.lingerMs,
                                                decoder: PostDecoder(maxPayloadBytes: settings.maxPostBytes))
        if let workerID = settings.workerID { configuration.workerID = workerID }
        if let threads = settings.decideThreads { configuration.decideThreads = threads }
        configuration.maxBatchesInFlight = settings.maxBatchesInFlight
        configuration.processingGuarantee = settings.processingGuarantee
        if let crashPoint {
            configuration.crashPoint = crashPoint
            logger.warning("\(CrashPoint.environmentVariable) is set: this worker exits on purpose after batch \(crashPoint.afterBatch) (test only)")
        }
        logger.info("ruleset \(rules.identity.name) \(rules.identity.version) sha256 \(rules.identity.sha256)")

        let registry = settings.metricsPort.map { _ in MetricsServer.bootstrapMetrics() }
        let metrics = WorkerMetrics()
        var server: MetricsServer?
        if let port = settings.metricsPort, let registry {
            configuration.statisticsIntervalMilliseconds = 5000
            do {
                server = try MetricsServer(address: settings.metricsAddress, port: port, registry: registry, metrics: metrics, logger: logger)
            } catch {
                // Not unmonitored: another process may be answering /readyz for this worker.
                throw ConfigurationError(key: "metrics_port", source: "start-up", message: error.message).exit()
            }
            logger.info("serving /metrics, /healthz, /readyz on \(settings.metricsAddress):\(port)")
        }
        let worker = Worker(configuration: configuration, classifier: Classifier(ruleset: rules),
                            pseudonymizer: pseudonymizer, logger: logger, metrics: metrics)
        let trap = SignalTrap { worker.stop() }
        defer { withExtendedLifetime(trap) {} }
        do {
            try worker.run()
        } catch where error.code == .configuration {
            throw ConfigurationError(key: "kafka", source: "librdkafka", message: error.message).exit()
        } catch {
            throw CLIError("worker failed: \(error)")
        }
        server?.stop()
        let totals = metrics.totals
        logger.info("worker done: \(totals.consumed) records, decisions \(totals.decisions.map { "\($0.key.rawValue)=\($0.value)" }.sorted().joined(separator: " ")), dead letters \(totals.deadLetters.values.reduce(0, +))")
    }
}
