import Foundation
import Records

extension FalsePositiveAnalysis {
    /// `{"referrals", "reviewed", "rejected", "protected_referrals", "false_positives", "items", "by_language", ...}`.
    public func json() throws(JSONWriter.NonFiniteNumber) -> [UInt8] {
        var json = JSONWriter()
        json.beginObject()
        json.key("referrals"); json.int(total.referrals)
        json.key("reviewed"); json.int(total.reviewed)
        json.key("rejected"); json.int(total.rejected)
        json.key("protected_referrals"); json.int(total.protectedReferrals)
        json.key("false_positives"); json.int(total.falsePositives)
        json.key("rate"); try json.double(total.rate, key: "rate")
        json.key("unattached_verdicts"); json.int(unattachedVerdicts)
        json.key("items"); json.beginArray()
        for entry in entries {
            json.beginObject()
            json.key("post_id"); json.string(entry.record.postID)
            json.key("source"); json.string(entry.record.source.description)
            json.key("input_sha256"); json.string(entry.record.inputSHA256)
            json.key("score"); try json.double(entry.record.score, key: "score")
            json.key("protected"); json.bool(entry.isProtected)
            json.key("rejected"); json.bool(entry.rejected)
            json.key("reason"); json.optionalString(entry.verdict?.reason)
            json.key("reviewer"); json.optionalString(entry.verdict?.reviewer)
            json.key("lang"); json.optionalString(entry.record.lang)
            json.key("platform"); json.optionalString(entry.record.platform)
            json.key("signals"); json.beginArray()
            for name in Set(entry.record.signals.map(\.name)).sorted() { json.string(name) }
            json.endArray()
            json.key("ruleset"); json.string("\(entry.record.ruleset.name) \(entry.record.ruleset.version)")
            json.endObject()
        }
        json.endArray()
        for (key, rates) in [("by_language", byLanguage), ("by_platform", byPlatform), ("by_signal", bySignal)] {
            json.key(dynamic: key); json.beginArray()
            for rate in rates {
                json.beginObject()
                json.key("name"); json.string(rate.name)
                json.key("referrals"); json.int(rate.referrals)
                json.key("reviewed"); json.int(rate.reviewed)
                json.key("rejected"); json.int(rate.rejected)
                json.key("protected_referrals"); json.int(rate.protectedReferrals)
                json.key("false_positives"); json.int(rate.falsePositives)
                json.key("rate"); try json.double(rate.rate, key: "rate")
                json.endObject()
            }
            json.endArray()
        }
        json.endObject()
        return JSONReport.escapingInvisibles(json.bytes)
    }

    /// Tables for people; attacker-controlled names are neutralised and cut.
    public func text() -> String {
        var lines = ["referrals \(total.referrals), reviewed \(total.reviewed), rejected \(total.rejected), protected referred \(total.protectedReferrals), false-positive rate \(Self.percent(total.rate))"]
        if unattachedVerdicts > 0 {
            lines.append("\(unattachedVerdicts) version 1 verdicts (post id only) left out: their post id names several referrals")
        }
        lines.append("")
        lines.append("False positives (\(entries.count))")
        for entry in entries.prefix(500) {
            var line = "  \(entry.isProtected ? "PROTECTED " : "")\(entry.rejected ? "REJECTED " : "")\(Self.cell(entry.record.postID, 40)) at \(entry.record.source)"
            line += " score \(String(format: "%.3f", entry.record.score)) [\(Self.cell(entry.record.lang ?? "?", 8))/\(Self.cell(entry.record.platform ?? "?", 16))]"
            if let reason = entry.verdict?.reason { line += " — \(Self.cell(reason, 80))" }
            lines.append(line)
        }
        if entries.isEmpty { lines.append("  none") }
        for (title, rates) in [("By language", byLanguage), ("By platform", byPlatform), ("By signal", bySignal)] {
            lines.append("")
            lines.append("\(title): name, referrals, reviewed, rejected, protected, false-positive rate")
            for rate in rates.prefix(40) {
                lines.append("  \(Self.cell(rate.name, 32).padding(toLength: 32, withPad: " ", startingAt: 0)) \(rate.referrals) \(rate.reviewed) \(rate.rejected) \(rate.protectedReferrals) \(Self.percent(rate.rate))")
            }
        }
        return lines.joined(separator: "\n")
    }

    static func percent(_ value: Double) -> String { String(format: "%.1f%%", value * 100) }

    static func cell(_ text: String, _ limit: Int) -> String {
        SafeText.truncated(SafeText.neutralised(text, keepNewlines: false), to: limit)
    }
}
