import Foundation
import Records

/// A report for tools: one JSON document with the context, the summary and every item.
///
/// Text keeps its exact value (tools may need it), but bidi controls and invisible separators are
/// written as `\uXXXX` escapes, so that the file read in a terminal or editor cannot reorder
/// what a person sees.
public struct JSONReport: Sendable {
    public var context: ReportContext

    public init(context: ReportContext) {
        self.context = context
    }

    public func render(_ items: [ReportItem]) throws(JSONWriter.NonFiniteNumber) -> [UInt8] {
        let summary = ReportSummary(items: items)
        var json = JSONWriter(capacity: 4096 + items.count * 1024)
        json.beginObject()
        json.key("generated_at"); json.string(context.generatedAt)
        json.key("topics"); json.beginArray()
        for topic in context.topics { json.string(topic) }
        json.endArray()
        json.key("filter"); json.string(context.filter.description)
        json.key("summary"); json.beginObject()
        json.key("total"); json.int(summary.total)
        json.key("refer"); json.int(summary.refer)
        json.key("review"); json.int(summary.review)
        json.key("protected"); json.int(summary.protectedCount)
        json.key("confirmed_by_reviewers"); json.int(summary.confirmedByReviewers)
        json.key("rejected_by_reviewers"); json.int(summary.rejectedByReviewers)
        json.key("score_bins"); json.beginArray()
        for count in summary.scoreBins { json.int(count) }
        json.endArray()
        json.key("top_signals"); json.beginArray()
        for signal in summary.topSignals {
            json.beginObject()
            json.key("name"); json.string(signal.name)
            json.key("posts"); json.int(signal.count)
            json.endObject()
        }
        json.endArray()
        json.endObject()
        json.key("items"); json.beginArray()
        for item in ReportContext.ordered(items).prefix(context.maxItems) { try write(item, to: &json) }
        json.endArray()
        json.endObject()
        return Self.escapingInvisibles(json.bytes)
    }

    func write(_ item: ReportItem, to json: inout JSONWriter) throws(JSONWriter.NonFiniteNumber) {
        let record = item.record
        json.beginObject()
        json.key("post_id"); json.string(record.postID)
        json.key("topic"); json.string(item.topic)
        json.key("decision"); json.string(record.decision.rawValue)
        json.key("score"); try json.double(record.score, key: "score")
        json.key("protected"); json.bool(record.isProtected)
        json.key("platform"); json.optionalString(item.platform)
        json.key("lang"); json.optionalString(item.lang)
        json.key("author"); json.optionalString(item.author)
        json.key("url"); json.optionalString(item.url)
        json.key("created_at"); json.optionalString(item.createdAt)
        json.key("decided_at"); json.string(record.decidedAt)
        json.key("source"); json.string(record.source.description)
        json.key("ruleset"); json.string("\(record.ruleset.name) \(record.ruleset.version)")
        json.key("ruleset_sha256"); json.string(record.ruleset.sha256)
        json.key("text"); json.string(item.text)
        json.key("signals"); json.beginArray()
        for signal in record.signals {
            json.beginObject()
            json.key("name"); json.string(signal.name)
            json.key("category"); json.string(signal.category)
            json.key("matched"); json.string(signal.matched)
            json.key("start"); json.int(signal.span.start)
            json.key("end"); json.int(signal.span.end)
            json.key("weight"); try json.double(signal.weight, key: "weight")
            json.endObject()
        }
        json.endArray()
        json.key("guard"); json.beginArray()
        for reason in record.guardReasons { json.string(reason) }
        json.endArray()
        json.key("reviewer_verdict"); json.optionalString(item.reviewerVerdict?.verdict.rawValue)
        json.endObject()
    }

    /// Rewrites bidi controls and invisible separators (only ever inside JSON strings) as `\uXXXX`.
    static func escapingInvisibles(_ bytes: [UInt8]) -> [UInt8] {
        let text = String(decoding: bytes, as: UTF8.self)
        guard text.unicodeScalars.contains(where: { $0.value > 0x7F && SafeText.needsMarker($0) }) else { return bytes }
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count + 64)
        for scalar in text.unicodeScalars {
            if scalar.value > 0x7F && SafeText.needsMarker(scalar) {
                let hex = String(scalar.value, radix: 16)
                result.append(contentsOf: Array(("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8))
            } else {
                result.append(contentsOf: Array(String(scalar).utf8))
            }
        }
        return result
    }
}
