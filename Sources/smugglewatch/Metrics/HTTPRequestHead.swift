import Foundation

/// A request line and headers, checked: only what the probe endpoints need.
struct HTTPRequestHead {
    var method: String
    /// The target's path, without its query.
    var path: String

    struct Refusal: Error {
        var status: Int
        var reason: String
    }

    /// The length of the head (through its blank line) if `bytes` holds all of it; searches from
    /// `start` on, so that a head arriving in pieces is scanned once.
    static func end(of bytes: [UInt8], from start: Int) -> Int? {
        var index = start
        while index < bytes.count {
            if bytes[index] == 10 {
                if index >= 1, bytes[index - 1] == 10 { return index + 1 }
                if index >= 3, bytes[index - 1] == 13, bytes[index - 2] == 10, bytes[index - 3] == 13 { return index + 1 }
            }
            index += 1
        }
        return nil
    }

    /// Parses a complete head. Bodies are refused (no endpoint takes one), as are methods other
    /// than GET and HEAD and versions other than HTTP/1.0 and 1.1.
    static func parse(_ head: ArraySlice<UInt8>) -> Result<HTTPRequestHead, Refusal> {
        guard head.allSatisfy({ $0 == 9 || $0 >= 32 && $0 < 127 || $0 == 10 || $0 == 13 }) else {
            return .failure(Refusal(status: 400, reason: "the request head is not printable ASCII"))
        }
        // Split bytes, not Characters: "\r\n" is one Character in Swift.
        let lines = head.split(separator: 10, omittingEmptySubsequences: false)
            .map { String(decoding: $0.last == 13 ? $0.dropLast() : $0, as: UTF8.self) }
        let requestLine = lines.first?.split(separator: " ", omittingEmptySubsequences: false) ?? []
        guard requestLine.count == 3, requestLine[1].hasPrefix("/") else {
            return .failure(Refusal(status: 400, reason: "malformed request line"))
        }
        guard requestLine[2] == "HTTP/1.1" || requestLine[2] == "HTTP/1.0" else {
            return .failure(Refusal(status: 505, reason: "only HTTP/1.0 and HTTP/1.1 are served"))
        }
        for line in lines.dropFirst() where !line.isEmpty {
            guard let colon = line.firstIndex(of: ":"), colon != line.startIndex else {
                return .failure(Refusal(status: 400, reason: "malformed header line"))
            }
            let name = line[..<colon].lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: CharacterSet(charactersIn: " \t"))
            if name == "transfer-encoding" || name == "content-length" && value != "0" {
                return .failure(Refusal(status: 413, reason: "no endpoint takes a request body"))
            }
        }
        let method = String(requestLine[0])
        guard method == "GET" || method == "HEAD" else {
            return .failure(Refusal(status: 405, reason: "only GET and HEAD are served"))
        }
        let target = requestLine[1]
        return .success(HTTPRequestHead(method: method, path: String(target.prefix { $0 != "?" })))
    }
}
