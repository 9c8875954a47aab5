import Foundation

extension CommandLine {
    /// This executable's absolute path, for starting copies of it (the demo's workers).
    static var executablePath: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? arguments[0]
    }
}
