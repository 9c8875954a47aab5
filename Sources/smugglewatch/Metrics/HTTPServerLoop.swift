import Foundation
import Logging

/// The listener's poll loop: accepts, reads request heads, writes responses, cuts clients at
/// their deadlines. One thread; it sleeps in poll(2) when nothing happens.
final class ServerLoop: @unchecked Sendable {
    // @unchecked: used by the server thread only.
    private struct Connection {
        let descriptor: Int32
        var deadline: ContinuousClock.Instant
        var head: [UInt8] = []
        var response: [UInt8]?
        var sent = 0
    }

    private let listener: Int32
    private let wake: Int32
    private let limits: HTTPListener.Limits
    private let logger: Logger
    private let handler: HTTPListener.Handler
    private var connections: [Connection] = []
    /// After accept(2) fails for want of descriptors: the listener rests, or poll would spin.
    private var listenerRestsUntil: ContinuousClock.Instant?

    init(listener: Int32, wake: Int32, limits: HTTPListener.Limits, logger: Logger, handler: @escaping HTTPListener.Handler) {
        self.listener = listener
        self.wake = wake
        self.limits = limits
        self.logger = logger
        self.handler = handler
    }

    func run() {
        defer { for connection in connections { close(connection.descriptor) } }
        while true {
            let now = ContinuousClock.now
            if let rest = listenerRestsUntil, rest <= now { listenerRestsUntil = nil }
            var descriptors = [pollfd(fd: wake, events: Int16(POLLIN), revents: 0),
                               pollfd(fd: listenerRestsUntil == nil ? listener : -1, events: Int16(POLLIN), revents: 0)]
            descriptors += connections.map {
                pollfd(fd: $0.descriptor, events: Int16($0.response == nil ? POLLIN : POLLOUT), revents: 0)
            }
            let wakeUp = (connections.map(\.deadline) + [listenerRestsUntil].compactMap { $0 }).min()
            let timeout = wakeUp.map { Int32(clamping: max(0, ($0 - now).milliseconds) + 1) } ?? -1
            let ready = poll(&descriptors, nfds_t(descriptors.count), timeout)
            if ready < 0 && errno != EINTR {
                logger.error("metrics listener stopped: poll failed: \(String(cString: strerror(errno)))")
                return
            }
            if descriptors[0].revents != 0 { return }
            let after = ContinuousClock.now
            // Serve the ready ones, back to front so that removals keep the indices valid.
            for index in connections.indices.reversed() where descriptors[index + 2].revents != 0 {
                if !serve(&connections[index], now: after) { drop(at: index) }
            }
            for index in connections.indices.reversed() where connections[index].deadline <= after {
                logger.debug("metrics listener: cut a client at its deadline")
                drop(at: index)
            }
            if descriptors[1].revents != 0 { acceptAll(now: after) }
        }
    }

    private func drop(at index: Int) {
        close(connections[index].descriptor)
        connections.remove(at: index)
    }

    private func acceptAll(now: ContinuousClock.Instant) {
        for _ in 0..<64 {
            let descriptor = accept(listener, nil, nil)
            guard descriptor >= 0 else {
                switch errno {
                case EAGAIN, EWOULDBLOCK, EINTR, ECONNABORTED: break
                case EMFILE, ENFILE, ENOBUFS, ENOMEM:
                    logger.warning("metrics listener: cannot accept (\(String(cString: strerror(errno)))); pausing 100 ms")
                    listenerRestsUntil = now + .milliseconds(100)
                default:
                    logger.warning("metrics listener: accept failed: \(String(cString: strerror(errno)))")
                }
                return
            }
            HTTPListener.makeNonBlocking(descriptor)
            if connections.count >= limits.maxConnections {
                // Make room: the oldest client still sending its request goes (slow clients cannot
                // keep a prompt one out); if all are being answered, the newcomer waits its turn.
                guard let oldest = connections.indices.filter({ connections[$0].response == nil })
                    .min(by: { connections[$0].deadline < connections[$1].deadline }) else {
                    close(descriptor)
                    continue
                }
                logger.debug("metrics listener: at \(limits.maxConnections) connections, cut the oldest pending one")
                drop(at: oldest)
            }
            connections.append(Connection(descriptor: descriptor, deadline: now + limits.requestTimeout))
        }
    }

    /// Reads or writes what the connection is ready for; false when it is finished or failed.
    private func serve(_ connection: inout Connection, now: ContinuousClock.Instant) -> Bool {
        if connection.response == nil {
            guard let response = read(&connection) else { return true }
            guard let response = response else { return false }
            connection.response = response
            connection.deadline = now + limits.responseTimeout
        }
        return write(&connection)
    }

    /// nil: the head is not complete yet; .some(nil): the client left; else the response to send.
    private func read(_ connection: inout Connection) -> [UInt8]?? {
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let room = limits.maxHeadBytes + 4 - connection.head.count
            let count = recv(connection.descriptor, &chunk, min(chunk.count, room), 0)
            if count < 0 {
                if errno == EINTR { continue }
                return errno == EAGAIN || errno == EWOULDBLOCK ? nil : .some(nil)
            }
            if count == 0 { return .some(nil) }
            let searchFrom = max(0, connection.head.count - 3)
            connection.head += chunk.prefix(count)
            if let end = HTTPRequestHead.end(of: connection.head, from: searchFrom) {
                return .some(respond(to: HTTPRequestHead.parse(connection.head.prefix(end))))
            }
            if connection.head.count > limits.maxHeadBytes {
                logger.debug("metrics listener: request head over \(limits.maxHeadBytes) bytes")
                return .some(Self.encode(refusal: HTTPRequestHead.Refusal(status: 431, reason: "request head over \(limits.maxHeadBytes) bytes")))
            }
        }
    }

    private func respond(to parsed: Result<HTTPRequestHead, HTTPRequestHead.Refusal>) -> [UInt8] {
        switch parsed {
        case .success(let request):
            return Self.encode(handler(request.path), head: request.method == "HEAD")
        case .failure(let refusal):
            logger.debug("metrics listener: refused a request: \(refusal.reason)")
            return Self.encode(refusal: refusal)
        }
    }

    private func write(_ connection: inout Connection) -> Bool {
        guard let response = connection.response else { return true }
        while connection.sent < response.count {
            let count = response[connection.sent...].withUnsafeBytes {
                send(connection.descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            if count < 0 {
                if errno == EINTR { continue }
                return errno == EAGAIN || errno == EWOULDBLOCK
            }
            connection.sent += count
        }
        shutdown(connection.descriptor, Int32(SHUT_WR))
        return false
    }

    private static let reasons = [200: "OK", 400: "Bad Request", 404: "Not Found", 405: "Method Not Allowed",
                                  413: "Content Too Large", 431: "Request Header Fields Too Large",
                                  503: "Service Unavailable", 505: "HTTP Version Not Supported"]

    private static func encode(refusal: HTTPRequestHead.Refusal) -> [UInt8] {
        encode(HTTPListener.Response(status: refusal.status, body: Array((refusal.reason + "\n").utf8)), head: false)
    }

    private static func encode(_ response: HTTPListener.Response, head: Bool) -> [UInt8] {
        var text = "HTTP/1.1 \(response.status) \(reasons[response.status] ?? "Status")\r\n"
        text += "Content-Type: \(response.contentType)\r\nContent-Length: \(response.body.count)\r\n"
        if response.status == 405 { text += "Allow: GET, HEAD\r\n" }
        text += "Cache-Control: no-store\r\nConnection: close\r\n\r\n"
        return Array(text.utf8) + (head ? [] : response.body)
    }
}

extension Duration {
    var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
