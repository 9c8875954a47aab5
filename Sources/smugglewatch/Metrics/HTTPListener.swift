import Foundation
import Logging

/// A small HTTP/1.1 server for probes and scrapes, on one thread of its own: GET and HEAD, one
/// request per connection, every resource bounded, so that no client can hold it or the worker.
///
/// FlyingFox (used before) cannot be made safe by configuration: it reads header lines without a
/// size limit, and its line splitter rescans the whole line for every byte (quadratic; a 150 KB
/// header kept a core busy and the server stuck), its timeout bounds only the handler (an idle or
/// slow client holds its connection for ever), and it has no connection limit.
final class HTTPListener: @unchecked Sendable {
    // @unchecked: the descriptors are used by the server thread only; `stop` writes to a pipe.
    struct Limits: Sendable {
        /// The request line and headers; longer heads get 431.
        var maxHeadBytes = 8192
        /// From accepting a connection to its whole request head: slow or idle clients are cut.
        var requestTimeout: Duration = .seconds(5)
        /// To send the response: a client that does not read is cut.
        var responseTimeout: Duration = .seconds(10)
        /// Open connections; at the limit the oldest one still sending its request makes room.
        var maxConnections = 32
    }

    struct Response: Sendable {
        var status: Int
        var contentType = "text/plain; charset=utf-8"
        var body: [UInt8]
    }

    /// Answers a well-formed GET or HEAD (the path without its query).
    typealias Handler = @Sendable (_ path: String) -> Response

    /// Why the listener could not start; `message` says what to do.
    struct StartError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    private let listener: Int32
    private let wakeRead: Int32
    private let wakeWrite: Int32
    private let stopped = DispatchSemaphore(value: 0)

    /// Binds and listens at once (so that a port in use fails here, at start-up), then serves on
    /// a thread of its own until `stop()`.
    init(address: String, port: Int, limits: Limits = Limits(), logger: Logger, handler: @escaping Handler) throws(StartError) {
        listener = try Self.listen(address: address, port: port)
        var pipeEnds: [Int32] = [0, 0]
        guard pipe(&pipeEnds) == 0 else {
            close(listener)
            throw StartError(message: "cannot create a pipe: \(String(cString: strerror(errno)))")
        }
        (wakeRead, wakeWrite) = (pipeEnds[0], pipeEnds[1])
        for end in pipeEnds { Self.makeNonBlocking(end) }
        let loop = ServerLoop(listener: listener, wake: wakeRead, limits: limits, logger: logger, handler: handler)
        let stopped = stopped
        let thread = Thread {
            loop.run()
            stopped.signal()
        }
        thread.name = "smugglewatch.http"
        thread.start()
    }

    /// Stops serving, closes every connection and the listening socket; waits up to 2 s.
    func stop() {
        var byte: UInt8 = 1
        _ = write(wakeWrite, &byte, 1)
        if stopped.wait(timeout: .now() + 2) == .success {
            close(listener)
            close(wakeRead)
            close(wakeWrite)
        }
    }

    /// O_NONBLOCK and FD_CLOEXEC (Glibc's pipe2 and accept4 are not visible from Swift).
    static func makeNonBlocking(_ descriptor: Int32) {
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
        _ = fcntl(descriptor, F_SETFD, fcntl(descriptor, F_GETFD) | FD_CLOEXEC)
    }

    private static func listen(address: String, port: Int) throws(StartError) -> Int32 {
        // A numeric address only (no name lookups); IPv4 or IPv6 alike.
        var hints = addrinfo()
        hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV | AI_PASSIVE
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var found: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(address, String(port), &hints, &found) == 0, let info = found?.pointee, let socketAddress = info.ai_addr else {
            throw StartError(message: "'\(address)' is not an IPv4 or IPv6 address")
        }
        defer { freeaddrinfo(found) }
        let family = info.ai_family
        let descriptor = socket(family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
        guard descriptor >= 0 else { throw StartError(message: "cannot create a socket: \(String(cString: strerror(errno)))") }
        // SO_REUSEADDR only lets a restarted worker bind past its predecessor's TIME_WAIT
        // connections; on Linux it does not let two processes listen on one port.
        var on: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size))
        guard bind(descriptor, socketAddress, info.ai_addrlen) == 0, Glibc.listen(descriptor, 64) == 0 else {
            let code = errno
            close(descriptor)
            let endpoint = family == AF_INET6 ? "[\(address)]:\(port)" : "\(address):\(port)"
            switch code {
            case EADDRINUSE:
                throw StartError(message: "\(endpoint) is already in use by another process: stop it or choose another metrics_port")
            case EACCES:
                throw StartError(message: "no permission to listen on \(endpoint) (ports below 1024 need privileges)")
            case EADDRNOTAVAIL:
                throw StartError(message: "\(address) is not an address of this host; use 127.0.0.1, 0.0.0.0 or one of its own")
            default:
                throw StartError(message: "cannot listen on \(endpoint): \(String(cString: strerror(code)))")
            }
        }
        return descriptor
    }
}
