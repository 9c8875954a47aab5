import Testing
@testable import Classifier

@Suite("Extractors")
struct ExtractorTests {
    func matches(_ text: String, _ prefix: String, lang: String? = nil) -> [String] {
        TestSupport.decide(text, lang: lang).signals.filter { $0.name.hasPrefix(prefix) }.map(\.matched)
    }

    @Test("prices with currency signs, words, grouping and scales", arguments: [
        ("crossing 4500€ only", "4500€"),
        ("price 4.5k", "4.5k"),
        ("now €3 500 per person", "€3 500"),
        ("4,5 bin euro", "4,5 bin euro"),
        ("3 500 dollars each", "3 500 dollars"),
        ("السعر ٣٥٠٠ دولار", "٣٥٠٠ دولار"),
        ("قیمت ۱۲۰۰ دلار", "۱۲۰۰ دلار"),
        ("$2800, hawala ok", "$2800"),
        ("1 000 000 FCFA", "1 000 000 FCFA"),
        ("الثمن خمسة آلاف يورو", "خمسة آلاف يورو"),
        ("كل 25 لاکھ روپے۔", "25 لاکھ روپے"),
    ])
    func prices(text: String, expected: String) {
        #expect(matches(text, "price.").contains(expected))
    }

    @Test("numbers without currency are not prices")
    func notPrices() {
        #expect(matches("we were 38 people on 3 boats in 2023", "price.").isEmpty)
        #expect(matches("open daily 9-21, room 12", "price.").isEmpty)
    }

    @Test("phone numbers, including spaced digits")
    func phones() {
        #expect(matches("call +90 555 000 0084 now", "contact.phone") == ["+90 555 000 0084"])
        #expect(matches("wats app 0 0 2 1 8 9 1 0 0 0 0 0 7 7", "contact.phone") == ["0 0 2 1 8 9 1 0 0 0 0 0 7 7"])
        #expect(matches("+33 6 00 00 00 17", "contact.phone") == ["+33 6 00 00 00 17"])
        #expect(matches("reference 2024", "contact.phone").isEmpty)
    }

    @Test("messenger handles and links")
    func handles() {
        #expect(matches("Telegram @forest_route_00", "contact.handle") == ["@forest_route_00"])
        #expect(matches("mail me at a@b", "contact.handle").isEmpty)
        let categories = TestSupport.categories("join t.me/routes_eu or wa.me/900000")
        #expect(categories.contains("contact"))
    }

    @Test("routes from gazetteer pairs, arrows and flags")
    func routes() {
        #expect(matches("Libya ➡️ Italy this week", "route.pair") == ["Libya ➡️ Italy"])
        #expect(matches("🇬🇷➡️🇮🇹 trucks every week", "route.pair") == ["🇬🇷➡️🇮🇹"])
        #expect(matches("من تركيا لليونان بالبر", "route.pair", lang: "ar") == ["تركيا لليونان"])
        #expect(matches("I live in Libya. Italy is far.", "route.pair").isEmpty)
    }

    @Test("departure dates and times")
    func dates() {
        #expect(matches("NEW DATES 3rd, 9th, 14th", "date.") == ["3rd", "9th", "14th"])
        #expect(matches("meeting point 1am, bus at 21:00", "date.") == ["1am", "21:00"])
    }

    @Test("the word pass notes every digit, + and @ for the extractors", arguments: [
        "b0at +90 555 000 0084 @forest_route_00 g@me",
        "w h a t s 4pp 12/05 at 21:00, $2800 or 4.5k",
        "السعر ٣٥٠٠ دولار tal3a 3al yunan l7arga",
        "c@d a.b.c@d x+y 1+1 @ + 9",
        "no digits here at all",
    ])
    func extractionStarts(text: String) {
        for lang in [nil, "ar"] {
            let normal = Normaliser.normalise(text, languageHint: lang)
            let noted = normal.extractionStarts
            #expect(noted == noted.sorted())
            #expect(Set(ExtractionStarts.scan(normal.scalars)).isSubset(of: Set(noted)))
        }
    }
}
