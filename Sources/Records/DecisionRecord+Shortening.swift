import Classifier

extension DecisionRecord {
    /// The record as JSON of at most `budget` bytes, with `post` spliced in when given, shortened
    /// as `Truncation` describes and marked with `truncation`. Nil when not even its shortest form
    /// fits (a budget of a few kilobytes).
    ///
    /// - Parameter wholeBytes: the size of the record unshortened, for `truncation`. A record
    ///   shortened before (a smaller form of one the broker refused) keeps its first account.
    package func shortenedJSON(post: [String: JSONValue]?, within budget: Int, wholeBytes: Int) throws(JSONWriter.NonFiniteNumber) -> [UInt8]? {
        var record = self
        record.post = nil
        record.truncation = truncation ?? Truncation(recordBytes: wholeBytes, signalCount: signals.count)
        guard let post else { return try record.fitted(within: budget)?.json() }
        let forms = ShortenedPost.forms(of: post)
        // The decision gets what the smallest post form leaves; the post then gets what the
        // decision leaves, its text as long as fits.
        guard let smallest = forms.last, let decision = try record.fitted(within: budget - smallest.jsonSize - 16) else {
            return nil
        }
        for form in forms {
            let json = try decision.json(splicing: form).with
            if json.count <= budget { return json }
        }
        return nil
    }

    /// This record (without a post) within `budget`: as it is, else with its long strings cut,
    /// else with as many of its first signals as fit.
    private func fitted(within budget: Int) throws(JSONWriter.NonFiniteNumber) -> DecisionRecord? {
        if try json().count <= budget { return self }
        var cut = self
        cut.signals = signals.map { signal in
            var signal = signal
            signal.matched = Truncation.cut(signal.matched, to: Truncation.matchedScalars)
            return signal
        }
        cut.guardReasons = guardReasons.map { Truncation.cut($0, to: Truncation.reasonScalars) }
        cut.platform = platform.map { Truncation.cut($0, to: Truncation.fieldScalars) }
        cut.lang = lang.map { Truncation.cut($0, to: Truncation.fieldScalars) }
        if try cut.json().count <= budget { return cut }
        let all = cut.signals
        cut.signals = []
        guard try cut.json().count <= budget else { return nil }
        // Binary search: the first `fitting` signals fit, the first `tooMany` do not.
        var fitting = 0
        var tooMany = all.count
        while tooMany - fitting > 1 {
            let middle = (fitting + tooMany) / 2
            cut.signals = Array(all.prefix(middle))
            if try cut.json().count <= budget { fitting = middle } else { tooMany = middle }
        }
        cut.signals = Array(all.prefix(fitting))
        return cut
    }
}

/// Shortened forms of a (pseudonymised) post for a referral or review record too large to carry it
/// whole, marked `"truncated": true`: what a reviewer needs first, the full post stays at the
/// record's source offset.
enum ShortenedPost {
    /// Longest text a shortened post keeps, in Unicode scalars.
    static let textScalars = 16 * 1024
    /// What it keeps of `url`, `platform`, `lang` and the dates.
    static let fieldScalars = 1024
    /// Author members it keeps (`id` and `handle` first), and what it keeps of each member's name.
    static let authorMembers = 8
    static let authorKeyScalars = 64

    /// From largest to smallest: the text halved step by step, then without its fields.
    static func forms(of post: [String: JSONValue]) -> [JSONValue] {
        var smallest: [String: JSONValue] = ["truncated": .bool(true)]
        if case .string(let id)? = post["id"] { smallest["id"] = .string(Truncation.cut(id, to: 512)) }
        var withFields = smallest
        for key in ["platform", "lang", "url", "created_at", "scraped_at"] {
            if case .string(let value)? = post[key] { withFields[key] = .string(Truncation.cut(value, to: fieldScalars)) }
        }
        withFields["author"] = author(post["author"])
        guard case .string(let text)? = post["text"] else { return [.object(withFields), .object(smallest)] }
        var lengths: [Int] = []
        var length = min(text.unicodeScalars.count, textScalars)
        while length >= 64 {
            lengths.append(length)
            length /= 2
        }
        lengths.append(0)
        return lengths.map { length in
            var form = withFields
            form["text"] = .string(Truncation.cut(text, to: length))
            return .object(form)
        } + [.object(smallest.merging(["text": .string("")]) { $1 })]
    }

    /// A pseudonymised author, bounded: a pseudonym, or a few members of an object.
    private static func author(_ author: JSONValue?) -> JSONValue? {
        switch author {
        case .string(let pseudonym)?:
            return .string(Truncation.cut(pseudonym, to: authorKeyScalars))
        case .object(let members)?:
            let first = ["id", "handle"].filter { members[$0] != nil }
            let others = members.keys.filter { !first.contains($0) }.sorted().prefix(authorMembers - first.count)
            var kept: [String: JSONValue] = [:]
            for name in first + others {
                // Pseudonymised members are short strings or null; anything else is not kept.
                let value: JSONValue = if case .string(let text)? = members[name] { .string(Truncation.cut(text, to: authorKeyScalars)) } else { .null }
                kept[Truncation.cut(name, to: authorKeyScalars)] = value
            }
            return .object(kept)
        default:
            return nil
        }
    }
}

extension JSONValue {
    /// Bytes of this value written as JSON.
    var jsonSize: Int {
        var json = JSONWriter()
        write(to: &json)
        return json.count
    }
}
