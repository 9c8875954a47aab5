import Foundation

/// Plain TCP clients for the metrics listener: well-behaved ones, and the hostile ones a probe
/// endpoint meets (huge heads, half-sent requests, garbage). Every call has a 5 s socket timeout.
enum RawHTTP {
    /// A loopback port nothing listens on now (the kernel's choice; the caller binds it next).
    static func freePort() throws -> Int {
        let socket = try Listening()
        return socket.port
    }

    /// A socket listening on 127.0.0.1 on a port of the kernel's choice, until deinit.
    final class Listening {
        let descriptor: Int32
        let port: Int

        init() throws {
            let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = 0
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let bound = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                    bind(descriptor, pointer, length) == 0 && listen(descriptor, 8) == 0
                        && getsockname(descriptor, pointer, &length) == 0
                }
            }
            guard bound else { close(descriptor); throw POSIXError(.EADDRNOTAVAIL) }
            self.descriptor = descriptor
            port = Int(UInt16(bigEndian: address.sin_port))
        }

        deinit { close(descriptor) }
    }

    /// A connected client socket.
    final class Connection {
        let descriptor: Int32

        init?(port: Int) {
            let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            self.descriptor = descriptor
            var timeout = timeval(tv_sec: 5, tv_usec: 0)
            setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard connected == 0 else { close(descriptor); return nil }
        }

        deinit { close(descriptor) }

        /// Sends what it can; false once the peer refuses more (closed, reset or not reading).
        @discardableResult
        func send(_ bytes: [UInt8]) -> Bool {
            var sent = 0
            while sent < bytes.count {
                let count = bytes[sent...].withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                guard count > 0 else { return false }
                sent += count
            }
            return true
        }

        /// Everything until the peer closes (or the 5 s timeout): "" when nothing came.
        func receiveAll() -> String {
            var received: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 65536)
            while true {
                let count = recv(descriptor, &chunk, chunk.count, 0)
                guard count > 0 else { break }
                received += chunk.prefix(count)
            }
            return String(decoding: received, as: UTF8.self)
        }

        /// Whether the peer closes this connection within `seconds` (anything it sends first is read).
        func isClosedByPeer(within seconds: Int) -> Bool {
            var chunk = [UInt8](repeating: 0, count: 4096)
            let deadline = ContinuousClock.now.advanced(by: .seconds(seconds))
            while ContinuousClock.now < deadline {
                let count = recv(descriptor, &chunk, chunk.count, 0)
                if count == 0 { return true }
                if count < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR { return true }
            }
            return false
        }
    }

    /// GET `path` the way a probe does; nil if there is no complete answer within 5 s.
    static func get(port: Int, _ path: String) -> (status: Int, body: String)? {
        guard let connection = Connection(port: port),
              connection.send(Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".utf8)) else { return nil }
        let response = connection.receiveAll()
        guard let statusLine = response.split(separator: "\r\n").first, let bodyStart = response.range(of: "\r\n\r\n") else { return nil }
        let parts = statusLine.split(separator: " ")
        guard parts.count >= 2, let status = Int(parts[1]) else { return nil }
        return (status, String(response[bodyStart.upperBound...]))
    }
}
