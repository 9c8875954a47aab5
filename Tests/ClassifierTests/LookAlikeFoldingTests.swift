import Foundation
import Testing
@testable import Classifier

/// Letters from other alphabets and symbol blocks that read as Latin ones fold to Latin,
/// while real Greek and Cyrillic text keeps its letters; spans still point at what was written.
@Suite("Look-alike folding")
struct LookAlikeFoldingTests {
    static let classifier: Classifier = {
        do { return Classifier(ruleset: try Ruleset(yaml: Data(TestSupport.miniYAML.utf8))) } catch {
            preconditionFailure("\(error)")
        }
    }()

    func normal(_ text: String, lang: String? = nil) -> String {
        Normaliser.normalise(text, languageHint: lang).string
    }

    func matched(_ text: String, lang: String? = nil) -> [String] {
        Self.classifier.decide(Post(id: "l", text: text, lang: lang)).signals.map(\.matched)
    }

    @Test("whole words of Greek or Cyrillic capitals in a disguised post read as Latin")
    func wholeWordCapitals() {
        #expect(normal("ΒΟΑΤ ΤΟ ΙΤΑLΥ") == "boat to italy")
        #expect(normal("ТАХІ ТО LОNDОN") == "taxi to london")
        #expect(normal("ΒΟΑΤ to Italy tonight") == "boat to italy tonight")  // Latin letters outnumber
        #expect(normal("ΒΟΑΤ ΤΟ ΚΟΜΟ ΤΑΧΙ") == "boat to komo taxi")  // only look-alikes, enough of them
        #expect(normal("ΒОАТ") == "boat")  // Greek Β with Cyrillic О А Т in one word
        #expect(normal("Β Ο Α Τ to italy") == "boat to italy")  // a spaced run
        #expect(normal("ΒΟ4Τ to italy") == "boat to italy")  // then leetspeak as in any Latin word
    }

    @Test("capitals fold by how they look, not by their lower-case form")
    func capitalsAsWritten() {
        #expect(normal("ΙΤΑLΥ") == "italy")  // Υ is Y, υ would be u
        #expect(normal("LΟΝDΟΝ") == "london")  // Ν is N, ν would be v
        #expect(normal("ΗΟΤΕL") == "hotel")  // Η is H
        #expect(normal("bυs") == "bus")  // lower-case υ still reads u
    }

    @Test("real Greek and Cyrillic text keeps its letters")
    func realGreekAndCyrillic() {
        let greek = "Το σκάφος φτάνει στην Ιταλία"
        #expect(normal(greek) == "το σκαφοσ φτανει στην ιταλια")  // final ς folds to σ
        #expect(normal(greek, lang: "el") == "το σκαφοσ φτανει στην ιταλια")
        #expect(normal("ΤΟ ΣΚΑΦΟΣ ΦΤΑΝΕΙ ΣΤΗΝ ΙΤΑΛΙΑ") == "το σκαφοσ φτανει στην ιταλια")
        #expect(normal("Такси в Лондон") == "такси в лондон")
        #expect(normal("он сказал что все хорошо", lang: "ru") == "он сказал что все хорошо")
        #expect(normal("Превоз до Италије", lang: "sr") == "превоз до италије")
        // Made only of look-alikes, but lower-case: real words, even without a hint.
        #expect(normal("все на море сама") == "все на море сама")
        #expect(normal("και το κανει αυτο") == "και το κανει αυτο")
        // With a Greek or Cyrillic language hint, even an all-look-alike post stays as written.
        #expect(normal("ΤΟ ΚΑΙ ΜΗΝΥΜΑ ΤΟ", lang: "el") == "το και μηνυμα το")
        #expect(normal("ΤΟ ΚΑΙ ΜΗΝΥΜΑ ΤΟ", lang: "el-GR") == "το και μηνυμα το")
        #expect(normal("КОМ ТАМ", lang: "ru") == "ком там")
        #expect(LookAlikes.isGreekOrCyrillicLanguage("uk_UA"))
        #expect(!LookAlikes.isGreekOrCyrillicLanguage("en"))
        #expect(!LookAlikes.isGreekOrCyrillicLanguage(nil))
    }

    @Test("Latin letters slipped into Greek or Cyrillic words take that alphabet's look-alikes")
    func latinInGreekOrCyrillicWords() {
        // п, д, л have no Latin look-alike: the words are Cyrillic, with Latin e, p, o, a, c in them.
        #expect(normal("Пepeхoд в Евpoпу чepeз Бeлapуcь") == "переход в европу через беларусь")
        #expect(normal("oплaтa пo пpибытии", lang: "ru") == "оплата по прибытии")
        // θ, φ, π: Greek words, with Latin M, o, A, v in them; capitals as written (M is μ).
        #expect(normal("Mεταφoρά πρoς Aθήvα") == "μεταφορα προσ αθηνα")
        // Only look-alikes besides the Latin letters: a Latin word in disguise, as before.
        #expect(normal("bοat tо Italy") == "boat to italy")
        #expect(normal("Prеvоz dо Austrijе") == "prevoz do austrije")
        // A Latin letter without a Cyrillic look-alike (g) leaves the word as it was read before.
        #expect(normal("Пgд") == "пgд")
        // Revision 1, which rulesets up to 2.1.0 were fitted with, read such words the old way.
        #expect(Normaliser.normalise("Пepeхoд ই তা লি", revision: 1).string == "пepexoд ই তা লি")
        #expect(Normaliser.normalise("Пepeхoд ই তা লি", revision: 2).string == "переход ইতালি")
    }

    @Test("small capitals and IPA letters")
    func smallCapitals() {
        #expect(normal("ᴜᴋ ʙʏ ʙᴏᴀᴛ") == "uk by boat")
        #expect(normal("ɢᴜᴀʀᴀɴᴛᴇᴇᴅ ᴄʀᴏꜱꜱɪɴɢ") == "guaranteed crossing")
        #expect(normal("ʜᴇʟᴘ ᴍᴇ ᴊᴏɪɴ ꜰᴀꜱᴛ ᴡᴀᴠᴇ ᴢᴏɴᴇ ᴘʟᴀɴ") == "help me join fast wave zone plan")
        #expect(normal("ʟɪʙʏᴀ ɪᴛᴀʟʏ") == "libya italy")
        #expect(normal("ɑɡɩ") == "agi")
    }

    @Test("mathematical, fullwidth, enclosed, superscript and subscript letters")
    func symbolLetters() {
        #expect(normal("𝐔𝐊") == "uk")
        #expect(normal("𝓑𝓸𝓪𝓽 𝔟𝔬𝔞𝔱 𝕓𝕠𝕒𝕥 𝖇𝖔𝖆𝖙 𝘣𝘰𝘢𝘵 𝚋𝚘𝚊𝚝") == "boat boat boat boat boat boat")
        #expect(normal("Ⓑⓞⓐⓣ") == "boat")
        #expect(normal("🅑🅞🅐🅣") == "boat")
        #expect(normal("🄱🄾🄰🅃") == "boat")
        #expect(normal("🅱🅾🅰🆃") == "boat")
        #expect(normal("⒝⒪⒜⒯ 🄑🄞🄐🄣") == "boat boat")
        #expect(normal("ＢＯＡＴ ｂｏａｔ") == "boat boat")
        #expect(normal("ᵇᵒᵃᵗ ₜₒ ᴵᵀᴬᴸʸ") == "boat to italy")
        #expect(normal("ᶦᶫᶰ") == "iln")  // modifier small capitals
    }

    @Test("flags and emoji are not letters")
    func flagsStay() {
        #expect(normal("🇮🇹 🚤") == "🇮🇹 🚤")
    }

    @Test("a match on folded text reports the characters as written")
    func spansOfFoldedText() {
        for text in ["ΒΟΑΤ ΤΟ ΙΤΑLΥ", "🅑🅞🅐🅣 𝐭𝐨 ⓘⓣⓐⓛⓨ", "ʙᴏᴀᴛ ᴛᴏ ɪᴛᴀʟʏ", "⒝⒪⒜⒯ to italy", "Β Ο Α Τ to italy"] {
            #expect(matched(text) == [text], "\(text)")
        }
        #expect(matched("ᴄʀᴏꜱꜱɪɴɢ ɢᴜᴀʀᴀɴᴛᴇᴇᴅ") == ["ᴄʀᴏꜱꜱɪɴɢ", "ɢᴜᴀʀᴀɴᴛᴇᴇᴅ"])
        #expect(matched("Το σκάφος φτάνει στην Ιταλία", lang: "el").isEmpty)
        let text = Normaliser.normalise("go ⒝⒪⒜⒯ now")
        #expect(text.string == "go boat now")
        #expect(text.originalText(text.originalSpan(3..<7)) == "⒝⒪⒜⒯")
    }
}
