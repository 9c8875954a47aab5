import Testing
@testable import Classifier

/// Routes and destinations in the scripts of the corpus languages.
@Suite("Routes in every script")
struct RouteScriptTests {
    func routes(_ text: String, lang: String? = nil) -> [String] {
        TestSupport.decide(text, lang: lang).signals.filter { $0.name == "route.pair" }.map(\.matched)
    }

    @Test("origin and destination in many scripts", arguments: [
        ("🇹🇷➡️🇬🇷 speedboat", "🇹🇷➡️🇬🇷"),
        ("Istanbul - Athens by car", "Istanbul - Athens"),
        ("из Турции в Грецию на лодке", "Турции в Грецию"),
        ("з Польщі до Німеччини", "Польщі до Німеччини"),
        ("KORIDOR БЕЛАРУСЬ → ПОЛЬША", "БЕЛАРУСЬ → ПОЛЬША"),
        ("Bihać – Trst, vodič", "Bihać – Trst"),
        ("Πάτρα → Ιταλία με νταλίκα", "Πάτρα → Ιταλία"),
        ("লিবিয়া হয়ে ইতালি", "লিবিয়া হয়ে ইতালি"),
        ("ਕੈਨੇਡਾ ਤੋਂ ਅਮਰੀਕਾ ਬਾਰਡਰ", "ਕੈਨੇਡਾ ਤੋਂ ਅਮਰੀਕਾ"),
        ("ሱዳን ➝ ሊቢያ", "ሱዳን ➝ ሊቢያ"),
        ("Turkiga ➝ Giriigga", "Turkiga ➝ Giriigga"),
        ("从土耳其到希腊", "土耳其到希腊"),
        ("Hà Nội ✈️ Budapest → nước Pháp", "Budapest → nước Pháp"),
        ("Libya se Italy boat", "Libya se Italy"),
        ("Turquía a España", "Turquía a España"),
        ("da Belgio a Regno Unito", "Belgio a Regno Unito"),
        ("🇧🇩✈️🇱🇾", "🇧🇩✈️🇱🇾"),
    ])
    func pairs(text: String, expected: String) {
        #expect(routes(text).contains(expected), "\(routes(text))")
    }

    @Test("lists of places are not routes", arguments: [
        "visas for Germany, France and Italy",
        "Німеччині, Канаді",
        "ألمانيا وهولندا",
        "Γερμανία / Ολλανδία",
        "Suudaan iyo Liibiya",
        "I live in Libya. Italy is far.",
    ])
    func lists(text: String) {
        #expect(routes(text).isEmpty, "\(routes(text))")
    }

    @Test("new destinations are recognised in their own languages", arguments: [
        "Sverige? no: Schweden, Швеция, السويد",
        "Belgique 🇧🇪",
        "Литва без визы",
        "Kıbrıs'a geçiş",
    ])
    func destinations(text: String) {
        #expect(TestSupport.decide(text).signals.contains { $0.name == "route.destination" })
    }

    /// Vietnamese country names are also ordinary words (`Anh` "brother", `Pháp` in `hợp pháp`
    /// "legal", `Mỹ`): the gazetteer lists only unambiguous forms such as `nước Pháp`.
    @Test("ordinary Vietnamese words are not countries")
    func vietnameseWords() {
        #expect(TestSupport.decide("anh ơi, hợp pháp không? ý kiến của mỹ").signals.allSatisfy { $0.category != "destination" })
    }
}
