import Classifier

/// JSON lines for `classify`, written byte by byte so that key order and number formatting are
/// fixed (replaying the same input gives byte-identical output) and so that encoding is not the
/// bottleneck of a fast classifier.
struct DecisionJSON {
    var bytes: [UInt8] = []

    init() { bytes.reserveCapacity(1 << 16) }

    mutating func append(_ decision: Decision) {
        raw("{\"id\":")
        string(decision.postID)
        raw(",\"decision\":\"")
        raw(decision.verdict.rawValue)
        raw("\",\"score\":")
        raw(Self.number(decision.score))
        raw(decision.isProtected ? ",\"protected\":true,\"signals\":[" : ",\"protected\":false,\"signals\":[")
        for (index, signal) in decision.signals.enumerated() {
            raw(index == 0 ? "{\"name\":" : ",{\"name\":")
            string(signal.name)
            raw(",\"category\":")
            string(signal.category)
            raw(",\"matched\":")
            string(signal.matched)
            raw(",\"span\":{\"start\":")
            raw(String(signal.span.start))
            raw(",\"end\":")
            raw(String(signal.span.end))
            raw("},\"weight\":")
            raw(Self.number(signal.weight))
            raw("}")
        }
        raw("],\"guard\":[")
        for (index, reason) in decision.guardReasons.enumerated() {
            if index > 0 { raw(",") }
            string(reason)
        }
        raw("],\"ruleset\":{\"name\":")
        string(decision.ruleset.name)
        raw(",\"version\":")
        string(decision.ruleset.version)
        raw(",\"sha256\":")
        string(decision.ruleset.sha256)
        raw("}}\n")
    }

    mutating func appendError(line: Int, code: String, message: String) {
        raw("{\"line\":")
        raw(String(line))
        raw(",\"error\":{\"code\":")
        string(code)
        raw(",\"message\":")
        string(message)
        raw("}}\n")
    }

    /// Rounded to 6 decimals: stable, readable, and enough for a probability or a weight.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let rounded = (value * 1_000_000).rounded() / 1_000_000
        return rounded == 0 ? "0" : "\(rounded)"
    }

    private mutating func raw(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    /// A JSON string: quotes, backslashes and control characters escaped; U+2028/U+2029 too,
    /// for consumers that embed the line in JavaScript.
    private mutating func string(_ text: String) {
        bytes.append(0x22)
        var utf8 = Array(text.utf8)
        var index = 0
        let count = utf8.count
        while index < count {
            let byte = utf8[index]
            switch byte {
            case 0x22: bytes.append(0x5C); bytes.append(0x22)
            case 0x5C: bytes.append(0x5C); bytes.append(0x5C)
            case 0x0A: bytes.append(0x5C); bytes.append(0x6E)
            case 0x0D: bytes.append(0x5C); bytes.append(0x72)
            case 0x09: bytes.append(0x5C); bytes.append(0x74)
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
            case 0xE2 where index + 2 < count && utf8[index + 1] == 0x80 && (utf8[index + 2] == 0xA8 || utf8[index + 2] == 0xA9):
                bytes.append(contentsOf: Array((utf8[index + 2] == 0xA8 ? "\\u2028" : "\\u2029").utf8))
                index += 2
            default: bytes.append(byte)
            }
            index += 1
        }
        utf8.removeAll()
        bytes.append(0x22)
    }
}
