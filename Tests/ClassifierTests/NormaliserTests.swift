import Testing
@testable import Classifier

@Suite("Normaliser")
struct NormaliserTests {
    func normal(_ text: String, lang: String? = nil) -> String {
        Normaliser.normalise(text, languageHint: lang).string
    }

    @Test("case folding and NFKC compatibility forms")
    func caseAndCompatibility() {
        #expect(normal("BOAT") == "boat")
        #expect(normal("ＢＯＡＴ") == "boat")
        #expect(normal("𝐛𝐨𝐚𝐭") == "boat")
        #expect(normal("ﬁsh") == "fish")
    }

    @Test("format characters are removed")
    func formatCharacters() {
        #expect(normal("lan\u{200B}cha") == "lancha")
        #expect(normal("wh\u{200D}ats\u{2066}app\u{00AD}") == "whatsapp")
        #expect(normal("Gr\u{200B}eece") == "greece")
    }

    @Test("diacritics are removed")
    func diacritics() {
        #expect(normal("TRAVERSÉE") == "traversee")
        #expect(normal("geçiş") == "gecis")
        #expect(normal("İtalya") == "italya")
    }

    @Test("Cyrillic and Greek look-alikes inside Latin words")
    func lookalikes() {
        #expect(normal("lоrry") == "lorry")  // Cyrillic о
        #expect(normal("Itаly") == "italy")  // Cyrillic а
        #expect(normal("bοat") == "boat")  // Greek ο
        #expect(normal("привет") == "привет")  // a real Cyrillic word stays
    }

    @Test("leetspeak inside words")
    func leetspeak() {
        #expect(normal("b0at") == "boat")
        #expect(normal("g@me") == "game")
        #expect(normal("wats4pp") == "watsapp")
        #expect(normal("gam3") == "game")
        #expect(normal("4500€") == "4500€")
        #expect(normal("4x4") == "4x4")
        #expect(normal("3rd") == "3rd")
    }

    @Test("spaced and dotted letters are joined")
    func spacedLetters() {
        #expect(normal("w h a t s a p p") == "whatsapp")
        #expect(normal("w.a.t.s.a.p.p") == "watsapp")
        #expect(normal("L I B Y A - I T A L Y") == "libya - italy")
        #expect(normal("ر.ح.ل.ا.ت") == "رحلات")
        #expect(normal("a b") == "a b")
        // In the Indic scripts a letter with its vowel signs is one spaced unit.
        #expect(normal("ই তা লি  গে ম") == "ইতালি  গে ম")  // "গে ম": two units, not a run
        #expect(normal("इ ट ली") == "इटली")
        #expect(normal("ই তা") == "ই তা")  // two units are not a run
        #expect(normal("米 国 一 条 龙") == "米国一条龙")
    }

    @Test("Arabic and Persian letter unification")
    func arabicUnification() {
        #expect(normal("ی") == normal("ي"))
        #expect(normal("ک") == normal("ك"))
        #expect(normal("أوروبا") == normal("اوروبا"))
        #expect(normal("إيطاليا") == normal("ايطاليا"))
        #expect(normal("رحلة") == normal("رحله"))
        #expect(normal("مَضْمُون") == "مضمون")
        #expect(normal("١٥٠٠ ۴۵۰۰") == "1500 4500")
    }

    @Test("Arabizi keeps its digits")
    func arabizi() {
        let text = Normaliser.normalise("tal3a 3al yunan, l7arga", languageHint: "ar")
        #expect(text.string == "tal3a 3al yunan, l7arga")
        #expect(text.arabiziWordCount == 3)
        #expect(normal("wslna l lampedusa l7amdolilah") == "wslna l lampedusa l7amdolilah")
        #expect(Normaliser.normalise("b0at to italy").arabiziWordCount == 0)
    }

    @Test("emoji stay as tokens")
    func emoji() {
        #expect(normal("🚤🇮🇹 💶 ✅") == "🚤🇮🇹 💶 ✅")
        #expect(normal("✈️") == "✈")
    }

    @Test("offsets map back to the original text")
    func offsets() {
        let original = "Ｂ\u{200B}0at"
        let text = Normaliser.normalise(original)
        #expect(text.string == "boat")
        #expect(text.origins == [0, 2, 3, 4])
        #expect(text.originalSpan(0..<4) == TextSpan(start: 0, end: 5))
    }
}
