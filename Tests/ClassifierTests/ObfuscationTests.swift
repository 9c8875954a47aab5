import Testing
@testable import Classifier

/// Obfuscated variants of the hard cases must get the verdict of the plain text: attackers
/// write look-alike letters, zero-width characters, fullwidth forms, dots between letters and
/// Arabic stretching and harakat to get past keyword filters.
@Suite("Obfuscation")
struct ObfuscationTests {
    static let cyrillic: [Character: Character] = ["a": "а", "e": "е", "o": "о", "p": "р", "c": "с", "x": "х", "y": "у"]

    /// Deterministic transformations, one per word, chosen by the word's position.
    static func obfuscate(_ text: String) -> String {
        text.split(separator: " ", omittingEmptySubsequences: false).enumerated().map { position, word -> String in
            let plain = String(word)
            let isLatin = plain.count > 3 && plain.allSatisfy { $0.isASCII && $0.isLetter }
            let isArabic = plain.unicodeScalars.contains { (0x0621...0x064A).contains($0.value) }
            if isArabic {
                // Tatweel and a fatha after every second letter, Persian yeh and keheh.
                var out = String.UnicodeScalarView()
                for (index, scalar) in plain.unicodeScalars.enumerated() {
                    let swapped: Unicode.Scalar = scalar == "ي" ? "ی" : scalar == "ك" ? "ک" : scalar
                    out.append(swapped)
                    if index % 2 == 1 && (0x0621...0x064A).contains(scalar.value) { out.append(contentsOf: "\u{0640}\u{064E}".unicodeScalars) }
                }
                return String(out)
            }
            guard isLatin else { return plain }
            switch position % 4 {
            case 0: return String(plain.map { Self.cyrillic[$0] ?? $0 })
            case 1: return plain.map(String.init).joined(separator: "\u{200B}")
            case 2: return String(String.UnicodeScalarView(plain.unicodeScalars.map { scalar in
                scalar.properties.isAlphabetic ? Unicode.Scalar(scalar.value + 0xFEE0) ?? scalar : scalar
            }))
            default: return plain.uppercased()
            }
        }.joined(separator: " ")
    }

    static let greekCapitals: [Character: Character] = [
        "A": "Α", "B": "Β", "E": "Ε", "H": "Η", "I": "Ι", "K": "Κ", "M": "Μ", "N": "Ν", "O": "Ο", "P": "Ρ", "T": "Τ",
        "X": "Χ", "Y": "Υ", "Z": "Ζ",
    ]
    static let smallCapitals: [Character: Character] = [
        "a": "ᴀ", "b": "ʙ", "c": "ᴄ", "d": "ᴅ", "e": "ᴇ", "f": "ꜰ", "g": "ɢ", "h": "ʜ", "i": "ɪ", "j": "ᴊ", "k": "ᴋ", "l": "ʟ",
        "m": "ᴍ", "n": "ɴ", "o": "ᴏ", "p": "ᴘ", "r": "ʀ", "s": "ꜱ", "t": "ᴛ", "u": "ᴜ", "v": "ᴠ", "w": "ᴡ", "y": "ʏ", "z": "ᴢ",
    ]

    /// Look-alikes from other alphabets and symbol blocks, one kind per Latin word chosen by its
    /// position (Greek capitals, small capitals, negative squared letters, mathematical bold),
    /// and every digit written in Devanagari.
    static func obfuscateWithLookAlikes(_ text: String) -> String {
        let words = text.split(separator: " ", omittingEmptySubsequences: false).enumerated().map { position, word -> String in
            let plain = String(word)
            guard plain.count > 3 && plain.allSatisfy({ $0.isASCII && $0.isLetter }) else { return plain }
            let lower = plain.lowercased()
            switch position % 4 {
            case 0: return String(plain.uppercased().map { Self.greekCapitals[$0] ?? $0 })
            case 1: return String(lower.map { Self.smallCapitals[$0] ?? $0 })
            case 2: return Self.shifted(lower, to: 0x1F170)
            default: return Self.shifted(lower, to: 0x1D41A)
            }
        }
        return String(String.UnicodeScalarView(words.joined(separator: " ").unicodeScalars.map { scalar in
            (0x30...0x39).contains(scalar.value) ? Unicode.Scalar(scalar.value - 0x30 + 0x966) ?? scalar : scalar
        }))
    }

    /// `text`'s ASCII lower-case letters moved to the block of 26 letters starting at `base`.
    static func shifted(_ text: String, to base: UInt32) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { scalar in
            (0x61...0x7A).contains(scalar.value) ? Unicode.Scalar(scalar.value - 0x61 + base) ?? scalar : scalar
        }))
    }

    @Test("obfuscated hard cases keep their verdict", arguments: [false, true])
    func sameVerdict(lookAlikes: Bool) {
        var changed: [String] = []
        for labeled in TestSupport.hardCases {
            let plain = TestSupport.classifier.decide(labeled.post)
            var obfuscated = labeled.post
            obfuscated.text = lookAlikes ? Self.obfuscateWithLookAlikes(labeled.post.text) : Self.obfuscate(labeled.post.text)
            let decision = TestSupport.classifier.decide(obfuscated)
            if decision.verdict != plain.verdict { changed.append(labeled.post.id) }
            if LabeledPost.protectedLabels.contains(labeled.label) { #expect(decision.verdict != .refer) }
        }
        #expect(changed.isEmpty, "verdict changed for \(changed)")
    }

    @Test("the obfuscation really changes the text")
    func obfuscationApplies() {
        #expect(Self.obfuscate("boat to italy tonight") != "boat to italy tonight")
        #expect(Normaliser.normalise(Self.obfuscate("boat crossing tonight guaranteed")).string == "boat crossing tonight guaranteed")
        let disguised = Self.obfuscateWithLookAlikes("boat crossing tonight guaranteed 4500")
        #expect(disguised == "ΒΟΑΤ ᴄʀᴏꜱꜱɪɴɢ 🆃🅾🅽🅸🅶🅷🆃 𝐠𝐮𝐚𝐫𝐚𝐧𝐭𝐞𝐞𝐝 ४५००")
        #expect(Normaliser.normalise(disguised).string == "boat crossing tonight guaranteed 4500")
    }
}
