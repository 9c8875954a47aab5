import Foundation

/// Writes a command's result to stdout, or atomically to a file so that a reader never sees half a report.
func writeOutput(_ bytes: [UInt8], to path: String?) throws {
    guard let path else {
        FileHandle.standardOutput.write(Data(bytes))
        return
    }
    do {
        try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
    } catch {
        throw CLIError("cannot write \(path): \(error.localizedDescription); check that its folder exists and is writable")
    }
}
