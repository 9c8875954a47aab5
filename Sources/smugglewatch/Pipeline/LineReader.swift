import Foundation

/// Reads a file (or stdin) line by line as raw bytes: no UTF-8 repair, so that bad input reaches
/// the pipeline as it is and is dead-lettered there, not altered on the way in.
final class LineReader {
    private let file: UnsafeMutablePointer<FILE>
    private let ownsFile: Bool
    private var buffer: UnsafeMutablePointer<CChar>?
    private var capacity = 0

    init(path: String) throws {
        if path == "-" {
            guard let standardInput = fdopen(STDIN_FILENO, "rb") else { throw CLIError("cannot read stdin") }
            file = standardInput
            ownsFile = false
        } else {
            guard let opened = fopen(path, "rb") else {
                throw CLIError("cannot open \(path): \(String(cString: strerror(errno)))")
            }
            file = opened
            ownsFile = true
        }
    }

    deinit {
        free(buffer)
        if ownsFile { fclose(file) }
    }

    /// The next line without its line break, or nil at the end.
    func next() -> [UInt8]? {
        let length = getline(&buffer, &capacity, file)
        guard length >= 0, let buffer else { return nil }
        var bytes = Array(UnsafeRawBufferPointer(start: buffer, count: length))
        if bytes.last == UInt8(ascii: "\n") { bytes.removeLast() }
        if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
        return bytes
    }
}

/// A user-facing failure: printed as it is, exit status 1.
struct CLIError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
