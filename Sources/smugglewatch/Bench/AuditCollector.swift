import Foundation
import Kafka
import Logging
import Pipeline
import Synchronization

/// Reads audit and dead-letter records on its own thread, noting when each arrived.
final class AuditCollector: Sendable {
    private struct State {
        var count = 0
        var lastArrival: ContinuousClock.Instant?
        /// Post id (the record key) → the worker's produce time (ms since the epoch).
        var decisionTimes: [String: Int64] = [:]
    }

    private let state = Mutex(State())
    private let stopping = Atomic<Bool>(false)
    private let done = DispatchSemaphore(value: 0)

    init(kafka: KafkaConfiguration, topics: [String], logger: Logger) throws {
        let reader = try TopicReaderBox(TopicReader(kafka: kafka, topics: topics, logger: logger))
        Thread.detachNewThread { [self] in
            while !stopping.load(ordering: .relaxed) {
                guard let message = try? reader.reader.next(timeoutMilliseconds: 100) else { continue }
                let arrival = ContinuousClock.now
                state.withLock { state in
                    state.count += 1
                    state.lastArrival = arrival
                    if let key = message.key, let timestamp = message.timestamp {
                        state.decisionTimes[String(decoding: key, as: UTF8.self)] = timestamp
                    }
                }
            }
            reader.reader.close()
            done.signal()
        }
    }

    var count: Int { state.withLock { $0.count } }
    var lastArrival: ContinuousClock.Instant? { state.withLock { $0.lastArrival } }
    var decisionTimes: [String: Int64] { state.withLock { $0.decisionTimes } }

    /// Waits, re-checking every 10 ms, until `count` records have arrived, the timeout passes or
    /// one of `producers` (the processes whose output this reads) has exited.
    func waitFor(count wanted: Int, timeout: Duration, producers: [Process] = []) -> Bool {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while ContinuousClock.now < deadline {
            if count >= wanted { return true }
            if producers.contains(where: { !$0.isRunning }) { break }
            Thread.sleep(forTimeInterval: 0.01)
        }
        return count >= wanted
    }

    func stop() {
        stopping.store(true, ordering: .relaxed)
        done.wait()
    }
}

/// TopicReader is used by one thread at a time: the collector's.
private final class TopicReaderBox: @unchecked Sendable {
    let reader: TopicReader
    init(_ reader: TopicReader) { self.reader = reader }
}
