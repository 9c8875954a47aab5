import Classifier

/// JSON lines for `classify`, written by hand so that key order and number formatting are
/// fixed: replaying the same input gives byte-identical output.
enum DecisionJSON {
    static func line(_ decision: Decision) -> String {
        var out = "{\"id\":"
        appendString(decision.postID, to: &out)
        out += ",\"decision\":\"\(decision.verdict.rawValue)\",\"score\":\(number(decision.score)),\"protected\":\(decision.isProtected)"
        out += ",\"signals\":["
        for (index, signal) in decision.signals.enumerated() {
            if index > 0 { out += "," }
            out += "{\"name\":"
            appendString(signal.name, to: &out)
            out += ",\"category\":"
            appendString(signal.category, to: &out)
            out += ",\"matched\":"
            appendString(signal.matched, to: &out)
            out += ",\"span\":{\"start\":\(signal.span.start),\"end\":\(signal.span.end)},\"weight\":\(number(signal.weight))}"
        }
        out += "],\"guard\":["
        for (index, reason) in decision.guardReasons.enumerated() {
            if index > 0 { out += "," }
            appendString(reason, to: &out)
        }
        out += "],\"ruleset\":{\"name\":"
        appendString(decision.ruleset.name, to: &out)
        out += ",\"version\":"
        appendString(decision.ruleset.version, to: &out)
        out += ",\"sha256\":"
        appendString(decision.ruleset.sha256, to: &out)
        out += "}}"
        return out
    }

    static func error(line: Int, code: String, message: String) -> String {
        var out = "{\"line\":\(line),\"error\":{\"code\":"
        appendString(code, to: &out)
        out += ",\"message\":"
        appendString(message, to: &out)
        out += "}}"
        return out
    }

    /// Rounded to 6 decimals: stable, readable, and enough for a probability or a weight.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let rounded = (value * 1_000_000).rounded() / 1_000_000
        return rounded == 0 ? "0" : "\(rounded)"
    }

    static func appendString(_ text: String, to out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}
