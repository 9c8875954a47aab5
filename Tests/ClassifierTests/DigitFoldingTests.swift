import Foundation
import Testing
@testable import Classifier

/// Digits of every script read as ASCII digits, so prices, phones and dates are found however
/// they are written; Ethiopic numerals, which are not positional, as the number they write.
@Suite("Digit folding")
struct DigitFoldingTests {
    func normal(_ text: String, lang: String? = nil) -> String {
        Normaliser.normalise(text, languageHint: lang).string
    }

    /// The zero of each script's decimal digits, with its name for failure messages.
    static let zeros: [(String, UInt32)] = [
        ("Arabic-Indic", 0x0660), ("Persian", 0x06F0), ("N'Ko", 0x07C0), ("Devanagari", 0x0966),
        ("Bengali", 0x09E6), ("Gurmukhi", 0x0A66), ("Gujarati", 0x0AE6), ("Oriya", 0x0B66),
        ("Tamil", 0x0BE6), ("Telugu", 0x0C66), ("Kannada", 0x0CE6), ("Malayalam", 0x0D66),
        ("Sinhala", 0x0DE6), ("Thai", 0x0E50), ("Lao", 0x0ED0), ("Tibetan", 0x0F20),
        ("Myanmar", 0x1040), ("Myanmar Shan", 0x1090), ("Khmer", 0x17E0), ("Mongolian", 0x1810),
        ("fullwidth", 0xFF10), ("Hanifi Rohingya", 0x10D30), ("math bold", 0x1D7CE),
        ("math double-struck", 0x1D7D8), ("math monospace", 0x1D7F6), ("Adlam", 0x1E950),
        ("segmented", 0x1FBF0),
    ]

    @Test("decimal digits of every script become ASCII digits")
    func everyScript() {
        for (name, zero) in Self.zeros {
            let digits = String(String.UnicodeScalarView((0..<UInt32(10)).compactMap { Unicode.Scalar(zero + $0) }))
            #expect(normal("+" + digits) == "+0123456789", "\(name)")
        }
    }

    @Test("circled, parenthesised and dingbat numbers become their number")
    func enclosedNumbers() {
        #expect(normal("①②③ ⑳ ⓪") == "123 20 0")
        #expect(normal("❶❷❸ ➀➁ ➊➋ ⓫ ⓵⓶ ⓿ 🄋") == "123 12 12 11 12 0 0")
        #expect(normal("⑴⑵ ⒈") == "12 1")
        #expect(normal("¹²³ ₄₅") == "123 45")
    }

    @Test("Ethiopic numerals become decimal numbers")
    func ethiopic() {
        #expect(normal("፫፻") == "300")
        #expect(normal("፪፻፶") == "250")
        #expect(normal("፭፼") == "50000")
        #expect(normal("፲፪") == "12")
        #expect(normal("፻") == "100")
        #expect(normal("፼") == "10000")
        #expect(normal("፻፼") == "1000000")
        #expect(normal("፼፼") == "100000000")
        #expect(normal("፲፪፻፴፬፼፶፮፻፸፰") == "12345678")
        #expect(normal("ዋጋ ፫፻ ብር") == "ዋጋ 300 ብር")
        // Too long to be a number: left as written, never a crash.
        let hostile = String(repeating: "፼", count: 200)
        #expect(normal(hostile) == hostile)
    }

    @Test("Ethiopic digits map back into the numerals as written")
    func ethiopicSpans() {
        let text = Normaliser.normalise("x ፪፻፶ y")
        #expect(text.string == "x 250 y")
        #expect(text.origins == [0, 1, 2, 3, 4, 5, 6])
        #expect(text.originalText(text.originalSpan(2..<5)) == "፪፻፶")
        let grown = Normaliser.normalise("፭፼!")
        #expect(grown.string == "50000!")
        #expect(grown.origins == [0, 0, 0, 1, 1, 2])
        #expect(grown.originalText(grown.originalSpan(0..<5)) == "፭፼")
    }

    @Test("prices in other scripts' digits are found, with the digits as written")
    func pricesInOtherDigits() {
        let matched = TestSupport.decide("boat to italy ४५०० € per person").signals.map(\.matched)
        #expect(matched.contains { $0.contains("४५००") }, "\(matched)")
        let text = Normaliser.normalise("price ४५००€")
        #expect(text.string == "price 4500€")
        #expect(text.originalText(text.originalSpan(6..<10)) == "४५००")
    }

    @Test("digits in look-alike scripts are leetspeak in Latin words; Arabizi keeps its digits")
    func leetAndArabizi() {
        #expect(normal("b০at") == "boat")  // Bengali zero
        #expect(normal("b𝟎at") == "boat")  // math bold zero
        let arabizi = Normaliser.normalise("tal3a 3al yunan, l7arga", languageHint: "ar")
        #expect(arabizi.string == "tal3a 3al yunan, l7arga")
        #expect(arabizi.arabiziWordCount == 3)
    }
}
