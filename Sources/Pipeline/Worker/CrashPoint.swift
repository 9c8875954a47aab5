import Foundation
import Kafka

/// Test only: the worker ends its process at once, as a crash at the worst moment would, right
/// after the outputs of its N-th batch are sent (acknowledged, at least once; flushed into the open
/// transaction, exactly once) and before that batch's offsets or its transaction commit. Random
/// kills mostly land between batches, where neither mode leaves a duplicate; this one never does.
/// Armed by `SMUGGLEWATCH_TEST_CRASH_AFTER_BATCH=N` (docs/guarantees.md); never set it in production.
public struct CrashPoint: Sendable, Equatable {
    public static let environmentVariable = "SMUGGLEWATCH_TEST_CRASH_AFTER_BATCH"
    /// The exit status at the crash point: neither a failure's 1 nor a configuration error's 2.
    public static let exitStatus: Int32 = 86

    /// Batches counted from the process's start, the crashing one included.
    public var afterBatch: Int

    public init(afterBatch: Int) {
        self.afterBatch = afterBatch
    }

    /// The crash point the environment arms, if any; a value that is not a positive integer is an error.
    public static func from(environment: [String: String]) throws(ConfigurationError) -> CrashPoint? {
        guard let text = environment[environmentVariable] else { return nil }
        guard let batch = Int(text), batch > 0 else {
            throw ConfigurationError(key: environmentVariable, source: "environment",
                                     message: "must be a positive batch number (test only), got '\(text)'")
        }
        return CrashPoint(afterBatch: batch)
    }
}

extension Worker {
    /// Ends the process if `batch` is the armed crash point's. Exactly once, the open transaction's
    /// records are flushed first, so that its abort has something to hide from read_committed readers.
    func passCrashPoint(batch: Int, openTransaction producer: KafkaProducer? = nil) {
        guard let crashPoint = configuration.crashPoint, batch >= crashPoint.afterBatch else { return }
        if let producer { _ = try? producer.flush(timeout: .seconds(30)) }
        logger.critical("test crash point: exiting after the outputs of batch \(batch), before its commit",
                        metadata: [PipelineLogKey.workerID: .string(configuration.workerID)])
        _exit(CrashPoint.exitStatus)
    }
}
