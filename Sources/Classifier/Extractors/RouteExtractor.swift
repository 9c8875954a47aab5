/// Finds routes: two different places of the gazetteer close together (`Libya ➡️ Italy`,
/// `من تركيا لليونان`, `🇬🇷➡️🇮🇹`, `Serbia to Austria`, `из Турции в Грецию`), and destinations
/// named alone.
struct RouteExtractor: Sendable {
    let routeCategory: Int?
    let destinationCategory: Int?
    /// Longest gap, in normalised scalars, between the two places of a route.
    static let maximumGap = 14

    /// Sentence ends break a route: `... in Libya. Italy is ...` is not one. Also the Devanagari
    /// danda, the Ethiopic full stop and the ideographic full stop.
    @inline(__always)
    static func isSentenceBreak(_ value: UInt32) -> Bool {
        value == 0x2E || value == 0x21 || value == 0x3F || value == 0x0A || value == 0x061F || value == 0x06D4 || value == 0x3B
            || value == 0x0964 || value == 0x1362 || value == 0x3002
    }

    /// Punctuation that lists places rather than joining them: `Germany / Netherlands`,
    /// `آلمان، هلند`, `德国、荷兰`.
    @inline(__always)
    static func isListSeparator(_ value: UInt32) -> Bool {
        value == 0x2C || value == 0x2F || value == 0x060C || value == 0x26 || value == 0x2B || value == 0x3001 || value == 0xFF0C || value == 0x7C
    }

    /// `and`/`or` in the corpus languages, normalised: `Germany and France` is a list, not a route.
    static let conjunctions: Set<[UInt32]> = Set([
        "and", "or", "und", "oder", "et", "ou", "y", "o", "e", "i", "ili", "lub", "sau", "si", "și", "ve", "veya", "va", "و", "يا", "او",
        "и", "или", "і", "або", "й", "και", "ή", "dhe", "ose", "iyo", "ama", "ak", "oswa", "và", "hoặc", "और", "या", "এবং", "ও", "বা",
        "ਅਤੇ", "ਜਾਂ", "እና", "ወይም", "和", "或", "及",
    ].map { Normaliser.normalise($0, mode: .phrase).scalars })

    /// A place named in the post.
    struct Mention {
        var place: Int
        var start: Int
        var end: Int
    }

    /// Appends routes and the first destination to `found`.
    func extract(_ text: NormalizedText, hits: [PatternHit], kinds: [PatternKind], places: [PlaceSpec], into found: inout [Extraction]) {
        // A struct, not a tuple: arrays of tuples look up their type metadata at run time.
        var mentions: [Mention] = []
        for hit in hits {
            guard case let .place(place) = kinds[hit.pattern] else { continue }
            if let last = mentions.last, hit.start < last.end { continue }
            mentions.append(Mention(place: place, start: hit.start, end: hit.end))
        }
        if let destinationCategory, let first = mentions.first(where: { places[$0.place].isDestination }) {
            found.append(Extraction(name: "route.destination", category: destinationCategory, start: first.start, end: first.end))
        }
        guard let routeCategory, mentions.count >= 2 else { return }
        let scalars = text.scalars
        var routes = 0
        for index in 1..<mentions.count where routes < 3 {
            let from = mentions[index - 1]
            let to = mentions[index]
            guard from.place != to.place, to.start - from.end <= Self.maximumGap else { continue }
            let gap = scalars[from.end..<to.start]
            guard !gap.contains(where: { Self.isSentenceBreak($0) || Self.isListSeparator($0) }), !joinsList(gap) else { continue }
            found.append(Extraction(name: "route.pair", category: routeCategory, start: from.start, end: to.end))
            routes += 1
        }
    }

    /// Whether a word of the gap is `and` or `or`.
    private func joinsList(_ gap: ArraySlice<UInt32>) -> Bool {
        var index = gap.startIndex
        while index < gap.endIndex {
            guard ScalarKind.isLetter(gap[index]) else {
                index += 1
                continue
            }
            var end = index
            while end < gap.endIndex && ScalarKind.isLetter(gap[end]) { end += 1 }
            if end - index <= 5 && Self.conjunctions.contains(Array(gap[index..<end])) { return true }
            index = end
        }
        return false
    }
}
