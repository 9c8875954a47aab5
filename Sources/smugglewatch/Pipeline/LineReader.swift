import Foundation

/// Reads a file (or stdin) line by line as raw bytes: no UTF-8 repair, so that bad input reaches
/// the pipeline as it is and is dead-lettered there, not altered on the way in.
///
/// Lines are bounded: a line longer than `maxLineBytes` is read through and discarded, and
/// reported by its length, so one endless line cannot exhaust memory.
final class LineReader {
    enum Line: Equatable {
        /// A line without its line break (`\n` or `\r\n`).
        case line([UInt8])
        /// A line of `bytes` bytes, over the limit, skipped.
        case tooLong(bytes: Int)
    }

    /// Larger than any record Kafka accepts by default (1 MB) with a wide margin.
    static let defaultMaxLineBytes = 64 << 20

    let maxLineBytes: Int
    private let file: UnsafeMutablePointer<FILE>
    private let ownsFile: Bool
    private var chunk = [UInt8](repeating: 0, count: 1 << 16)
    private var chunkStart = 0
    private var chunkEnd = 0
    private var atEnd = false

    init(path: String, maxLineBytes: Int = LineReader.defaultMaxLineBytes) throws {
        self.maxLineBytes = maxLineBytes
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
        if ownsFile { fclose(file) }
    }

    /// The next line, or nil at the end.
    func next() -> Line? {
        var line: [UInt8] = []
        var length = 0
        while true {
            if chunkStart == chunkEnd {
                guard refill() else {
                    // The last line may lack its line break.
                    if length == 0 { return nil }
                    return finish(line, length: length)
                }
            }
            let available = chunk[chunkStart..<chunkEnd]
            let newline = available.firstIndex(of: UInt8(ascii: "\n"))
            let piece = chunk[chunkStart..<(newline ?? chunkEnd)]
            length += piece.count
            if length <= maxLineBytes { line.append(contentsOf: piece) } else { line = [] }
            if let newline {
                chunkStart = newline + 1
                return finish(line, length: length)
            }
            chunkStart = chunkEnd
        }
    }

    private func finish(_ line: [UInt8], length: Int) -> Line {
        guard length <= maxLineBytes else { return .tooLong(bytes: length) }
        var bytes = line
        if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
        return .line(bytes)
    }

    private func refill() -> Bool {
        guard !atEnd else { return false }
        let count = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
        chunkStart = 0
        chunkEnd = count
        if count == 0 { atEnd = true }
        return count > 0
    }
}

/// A user-facing failure: printed as it is, exit status 1.
struct CLIError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
