/// Finds links: `https://...`, and `domain.tld/path` such as `t.me/routes`, `wa.me/900000`,
/// `bit.ly/x`, `facebook.com/groups/...`. A link always has a `/`, so the scan looks for
/// slashes first: posts without one (most) cost one pass over the scalars.
enum LinkScanner {
    /// Link ranges in `scalars` (normalised), ascending and disjoint.
    static func links(in scalars: [UInt32]) -> [Range<Int>] {
        var links: [Range<Int>] = []
        // Most posts have no slash: find the first one with a plain loop over the buffer
        // (no bounds checks) before doing anything else.
        guard var index = scalars.withUnsafeBufferPointer({ $0.firstIndex(of: 0x2F) }) else { return links }
        let count = scalars.count
        while index < count {
            guard scalars[index] == 0x2F else {
                index += 1
                continue
            }
            if let link = link(around: index, in: scalars), links.last.map({ $0.upperBound <= link.lowerBound }) ?? true {
                links.append(link)
                index = link.upperBound
            } else {
                index += 1
            }
        }
        return links
    }

    @inline(__always)
    static func isHostScalar(_ value: UInt32) -> Bool {
        (value >= 0x61 && value <= 0x7A) || ScalarKind.isDigit(value) || value == 0x2D || value == 0x2E || value == 0x5F
    }

    /// Characters of a URL after its host (RFC 3986 unreserved, reserved and `%`), ASCII only.
    @inline(__always)
    static func isPathScalar(_ value: UInt32) -> Bool {
        guard value > 0x20 && value < 0x7F else { return false }
        return value != 0x22 && value != 0x3C && value != 0x3E && value != 0x5C && value != 0x5E && value != 0x60
            && value != 0x7B && value != 0x7C && value != 0x7D
    }

    /// The link containing the slash at `slash`: `scheme://host...` or `host.tld/...`.
    static func link(around slash: Int, in scalars: [UInt32]) -> Range<Int>? {
        var hostEnd = slash
        var start: Int
        if slash >= 1, scalars[slash - 1] == 0x3A, slash + 1 < scalars.count, scalars[slash + 1] == 0x2F {
            // `http://`, `https://`: the scheme is letters before the colon.
            start = slash - 1
            while start > 0 && scalars[start - 1] >= 0x61 && scalars[start - 1] <= 0x7A { start -= 1 }
            guard slash - 1 - start >= 3, slash - 1 - start <= 8 else { return nil }
            hostEnd = slash + 2
            while hostEnd < scalars.count && isHostScalar(scalars[hostEnd]) { hostEnd += 1 }
            guard hostEnd > slash + 3 else { return nil }
        } else {
            // `t.me/x`: a host with a dot and a top-level domain of letters.
            start = slash
            while start > 0 && isHostScalar(scalars[start - 1]) { start -= 1 }
            guard start < slash, hasTopLevelDomain(scalars[start..<slash]) else { return nil }
        }
        if start > 0 && (ScalarKind.isWordScalar(scalars[start - 1]) || scalars[start - 1] == 0x40) { return nil }
        var end = max(hostEnd, slash + 1)
        while end < scalars.count && isPathScalar(scalars[end]) { end += 1 }
        // Closing punctuation belongs to the sentence: `(see t.me/x).`
        while end > slash + 1, let last = Unicode.Scalar(scalars[end - 1]), ".,;:!?)'".unicodeScalars.contains(last) { end -= 1 }
        return start..<end
    }

    /// `t.me`, `bit.ly`, `www.example.com`: a dot inside, then at least two letters.
    static func hasTopLevelDomain(_ host: ArraySlice<UInt32>) -> Bool {
        guard let dot = host.lastIndex(of: 0x2E), dot > host.startIndex else { return false }
        let tld = host[(dot + 1)...]
        return tld.count >= 2 && tld.allSatisfy { $0 >= 0x61 && $0 <= 0x7A }
    }
}
