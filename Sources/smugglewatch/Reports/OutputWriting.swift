import Foundation

/// Writes a command's result to stdout, or to a file that only its owner can read (reports hold
/// personal data), atomically so that a reader never sees half a report.
func writeOutput(_ bytes: [UInt8], to path: String?) throws {
    guard let path else {
        FileHandle.standardOutput.write(Data(bytes))
        return
    }
    do {
        try PrivateFile.write(bytes, to: path)
    } catch {
        throw CLIError("cannot write \(path): \(error.description); check that its folder exists and is writable")
    }
}

/// A file written with mode 0600 whatever the umask and whatever file it replaces.
///
/// The bytes go to a new file created 0600 next to the target, which then replaces the target by
/// `rename`: an existing report, even one left 0644 by an older version, never keeps its mode,
/// and no reader ever sees the file half-written or, for a moment, readable by others.
enum PrivateFile {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func write(_ bytes: [UInt8], to path: String) throws(Failure) {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp").path
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw Failure("cannot create \(temporary)", errno) }
        // The umask can only take bits away from 0600; fchmod makes it exactly 0600.
        var problem = fchmod(descriptor, 0o600) == 0 ? nil : Failure("cannot set the mode of \(temporary)", errno)
        var written = 0
        while problem == nil && written < bytes.count {
            let count = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + written, $0.count - written) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { problem = Failure("cannot write \(temporary)", errno) } else { written += count }
        }
        if problem == nil && fsync(descriptor) != 0 { problem = Failure("cannot write \(temporary)", errno) }
        if close(descriptor) != 0 && problem == nil { problem = Failure("cannot write \(temporary)", errno) }
        if problem == nil && rename(temporary, path) != 0 { problem = Failure("cannot replace \(path)", errno) }
        if let problem {
            unlink(temporary)
            throw problem
        }
    }
}

extension PrivateFile.Failure {
    init(_ what: String, _ code: Int32) {
        description = "\(what): \(String(cString: strerror(code)))"
    }
}
