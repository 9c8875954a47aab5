import Foundation

/// The key of the HMAC that pseudonymises authors: the bytes of `hmac_key_file`, else of
/// `$SMUGGLEWATCH_HMAC_KEY`. Never printed: its description names only its origin and size.
public struct HMACKey: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public static let environmentVariable = "SMUGGLEWATCH_HMAC_KEY"
    /// Shorter keys are refused: 128 bits is the least an HMAC-SHA256 key should have.
    public static let minimumBytes = 16

    public let bytes: [UInt8]
    /// "file PATH" or "environment variable SMUGGLEWATCH_HMAC_KEY".
    public let origin: String

    public var description: String { "HMAC key (\(bytes.count) bytes from \(origin))" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["origin": origin]) }

    /// The key from `file` if given, else from the environment, else nil (the worker then uses a
    /// per-process key). Refuses a file that is missing, not a regular file, readable or writable
    /// by group or others, or shorter than `minimumBytes`; likewise a variable that is set but short.
    public static func load(file: String?, environment: [String: String]) throws(ConfigurationError) -> HMACKey? {
        if let file {
            return HMACKey(bytes: try readFile(file), origin: "file \(file)")
        }
        guard let value = environment[environmentVariable] else { return nil }
        let bytes = Array(value.utf8)
        try checkLength(bytes.count, key: environmentVariable, source: "environment", hint: "\(environmentVariable)=$(openssl rand -hex 32)")
        return HMACKey(bytes: bytes, origin: "environment variable \(environmentVariable)")
    }

    private static func readFile(_ path: String) throws(ConfigurationError) -> [UInt8] {
        func refuse(_ message: String) -> ConfigurationError {
            ConfigurationError(key: "hmac_key_file", source: "file \(path)", message: message)
        }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw refuse("cannot open the HMAC key file: \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        // fstat on the open file: the file checked is the file read.
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw refuse("cannot stat the HMAC key file: \(String(cString: strerror(errno)))") }
        guard status.st_mode & S_IFMT == S_IFREG else { throw refuse("is not a regular file") }
        let permissions = status.st_mode & 0o777
        guard permissions & 0o077 == 0 else {
            throw refuse("mode \(String(permissions, radix: 8)) lets group or others read or replace the key; make it owner-only: chmod 600 \(path)")
        }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while bytes.count <= 1 << 20 {
            let count = read(descriptor, &chunk, chunk.count)
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { throw refuse("cannot read the HMAC key file: \(String(cString: strerror(errno)))") }
            if count == 0 { break }
            bytes += chunk.prefix(count)
        }
        guard bytes.count <= 1 << 20 else { throw refuse("is larger than 1 MiB: not an HMAC key") }
        try checkLength(bytes.count, key: "hmac_key_file", source: "file \(path)", hint: "head -c 32 /dev/urandom > \(path)")
        return bytes
    }

    private static func checkLength(_ count: Int, key: String, source: String, hint: String) throws(ConfigurationError) {
        guard count >= minimumBytes else {
            let found = count == 0 ? "is empty" : "holds \(count) bytes"
            throw ConfigurationError(key: key, source: source,
                                     message: "\(found); an HMAC key needs at least \(minimumBytes) random bytes, e.g. `\(hint)`")
        }
    }
}
