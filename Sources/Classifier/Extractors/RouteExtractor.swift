/// Finds routes: two different places of the gazetteer close together (`Libya ➡️ Italy`,
/// `من تركيا لليونان`, `🇬🇷➡️🇮🇹`, `Serbia to Austria`), and destinations named alone.
struct RouteExtractor: Sendable {
    let routeCategory: Int?
    let destinationCategory: Int?
    /// Longest gap, in normalised scalars, between the two places of a route.
    static let maximumGap = 14

    /// Sentence ends break a route: `... in Libya. Italy is ...` is not one.
    @inline(__always)
    static func isSentenceBreak(_ value: UInt32) -> Bool {
        value == 0x2E || value == 0x21 || value == 0x3F || value == 0x0A || value == 0x061F || value == 0x06D4 || value == 0x3B
    }

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
            guard !scalars[from.end..<to.start].contains(where: Self.isSentenceBreak) else { continue }
            found.append(Extraction(name: "route.pair", category: routeCategory, start: from.start, end: to.end))
            routes += 1
        }
    }
}
