import Foundation

/// How busy the whole machine was during a timed benchmark run, from /proc/stat: every process
/// counts, the contender, the embedded broker and the benchmark's reader alike. When a run keeps
/// the machine busy, its CPU per post is what its throughput is bound by, so two contenders'
/// figures explain their ratio.
public struct MachineLoad: Sendable, Equatable {
    /// Busy CPU time (all cores) per post, in microseconds.
    public var cpuMicrosecondsPerPost: Double
    /// Busy time over the time all cores had: 1 is every core busy throughout.
    public var busyShare: Double

    /// /proc/stat counts in ticks (10 ms on Linux): below this much busy time a figure is
    /// mostly rounding, and none is given.
    public static let minimumBusySeconds = 0.2

    /// A reading to measure from.
    public struct Mark: Sendable {
        let busySeconds: Double
    }

    /// Now, or nil where /proc/stat cannot be read (not Linux).
    public static func mark() -> Mark? {
        busySeconds().map(Mark.init)
    }

    /// The load from `start` until now, spread over `posts` that took `seconds` (the run's timed
    /// length, which may end a little before now). Nil without a reading, or when the busy
    /// time is too short to measure (`minimumBusySeconds`).
    public static func since(_ start: Mark?, posts: Int, seconds: Double) -> MachineLoad? {
        guard let start, let now = busySeconds(), posts > 0, seconds > 0 else { return nil }
        let busy = now - start.busySeconds
        guard busy >= minimumBusySeconds else { return nil }
        let cores = Double(ProcessInfo.processInfo.activeProcessorCount)
        return MachineLoad(cpuMicrosecondsPerPost: busy / Double(posts) * 1e6, busyShare: busy / (seconds * cores))
    }

    static func busySeconds() -> Double? {
        guard let stat = try? String(contentsOfFile: "/proc/stat", encoding: .utf8) else { return nil }
        return busySeconds(stat: stat, ticksPerSecond: Double(sysconf(Int32(_SC_CLK_TCK))))
    }

    /// user + nice + system + irq + softirq of the `cpu` line of `stat`, in seconds. Idle, I/O
    /// wait and time stolen by the hypervisor are not busy; guest time is already inside user.
    public static func busySeconds(stat: String, ticksPerSecond: Double) -> Double? {
        guard let line = stat.split(separator: "\n").first(where: { $0.hasPrefix("cpu ") }) else { return nil }
        let ticks = line.split(separator: " ").dropFirst().compactMap { Double($0) }
        guard ticks.count >= 7, ticksPerSecond > 0 else { return nil }
        return (ticks[0] + ticks[1] + ticks[2] + ticks[5] + ticks[6]) / ticksPerSecond
    }

    /// "31.2 µs a post, 93% of 2 cores busy".
    public var summary: String {
        String(format: "%.1f µs a post, %.0f%% of %d cores busy", cpuMicrosecondsPerPost, busyShare * 100,
               ProcessInfo.processInfo.activeProcessorCount)
    }
}
