import Dispatch
import Foundation

/// Turns SIGTERM and SIGINT into a callback on a private queue. The first signal asks for a
/// graceful stop; a second one exits at once (an operator who insists).
final class SignalTrap {
    private let sources: [any DispatchSourceSignal]

    init(onFirst: @escaping @Sendable () -> Void) {
        let queue = DispatchQueue(label: "smugglewatch.signals")
        let count = ManagedAtomicCounter()
        sources = [SIGTERM, SIGINT].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler {
                if count.increment() == 1 { onFirst() } else { exit(128 + number) }
            }
            source.resume()
            return source
        }
    }

    deinit {
        for source in sources { source.cancel() }
    }
}

import Synchronization

private final class ManagedAtomicCounter: Sendable {
    private let value = Atomic<Int>(0)
    func increment() -> Int { value.add(1, ordering: .relaxed).newValue }
}
