import Foundation
import Pipeline
import Testing

/// The benchmark's machine-wide CPU figure (what explains one contender's throughput against
/// another's): its reading of /proc/stat and its refusal to report rounding.
struct MachineLoadTests {
    @Test func busyTimeIsUserNiceSystemIrqAndSoftirqNotIdleWaitOrSteal() {
        let stat = "cpu  100 5 20 1000 7 3 2 50 9 0\ncpu0 50 2 10 500 3 1 1 25 0 0\nintr 12345\n"
        // (100 + 5 + 20 + 3 + 2) ticks at 100 a second.
        #expect(MachineLoad.busySeconds(stat: stat, ticksPerSecond: 100) == 1.30)
        #expect(MachineLoad.busySeconds(stat: "cpu0 1 2 3 4 5 6 7\n", ticksPerSecond: 100) == nil, "no machine-wide line")
        #expect(MachineLoad.busySeconds(stat: "cpu  1 2 3\n", ticksPerSecond: 100) == nil, "too few fields")
    }

    @Test func burningCPUShowsUpAsBusyTimePerPost() throws {
        guard let mark = MachineLoad.mark() else { return }  // no /proc/stat: nothing to read
        // This thread's own CPU clock, not the wall clock: 0.4 s of work, however loaded the machine.
        func threadCPUSeconds() -> Double {
            var now = timespec()
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now)
            return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
        }
        let start = threadCPUSeconds()
        var sink: UInt64 = 0
        while threadCPUSeconds() - start < 0.4 {
            for value in 0..<10_000 { sink = sink &* 31 &+ UInt64(value) }
        }
        let load = try #require(MachineLoad.since(mark, posts: 1000, seconds: 0.4), "sink \(sink)")
        // At least most of the burnt 0.4 s over 1000 posts: /proc/stat samples in ticks, so a
        // few may fall the other way. (Which columns count is the test above.)
        #expect(load.cpuMicrosecondsPerPost >= 300, "\(load)")
        #expect(load.busyShare > 0)
    }

    @Test func tooLittleBusyTimeGivesNoFigure() {
        // Read twice in a row: far less than the minimum can pass between, whatever else runs.
        #expect(MachineLoad.since(MachineLoad.mark(), posts: 1000, seconds: 1) == nil)
        #expect(MachineLoad.since(nil, posts: 1000, seconds: 1) == nil, "no starting reading, no figure")
    }
}
