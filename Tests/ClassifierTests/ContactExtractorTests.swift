import Testing
@testable import Classifier

/// Phone numbers in international and local formats, messenger handles and links.
@Suite("Contacts")
struct ContactExtractorTests {
    func contacts(_ text: String, _ name: String) -> [String] {
        TestSupport.decide(text).signals.filter { $0.name == name }.map(\.matched)
    }

    @Test("phone numbers with spaces, dots, dashes and brackets", arguments: [
        ("call +90 555 000 0084 now", "+90 555 000 0084"),
        ("Viber +381 60 000 2244", "+381 60 000 2244"),
        ("tel (0532) 123 45 67", "(0532) 123 45 67"),
        ("US +1 (555) 010-0199 today", "+1 (555) 010-0199"),
        ("0555.000.00.84 whatsapp", "0555.000.00.84"),
        ("+44 7700-900-123", "+44 7700-900-123"),
        ("ለበለጠ መረጃ 09 00 11 2234 ይደውሉ", "09 00 11 2234"),
        ("加V 13800000000", "13800000000"),
        ("微信13800000000", "13800000000"),
    ])
    func phones(text: String, expected: String) {
        #expect(contacts(text, "contact.phone") == [expected])
    }

    @Test("dates, times, ranges and prices are not phone numbers", arguments: [
        "departure 12.05.2024 10:30",
        "from 2024-05-12 to 2024-06-01",
        "2500 - 3000 - 3500 €",
        "1 000 000 FCFA",
        "we were 38 people. 2000 paid",
    ])
    func notPhones(text: String) {
        #expect(contacts(text, "contact.phone").isEmpty)
    }

    @Test("messenger handles")
    func handles() {
        #expect(contacts("Telegram @forest_route_00", "contact.handle") == ["@forest_route_00"])
        #expect(contacts("mail me at a@b", "contact.handle").isEmpty)
        #expect(contacts("write to name@example.com", "contact.handle").isEmpty)
    }

    @Test("links", arguments: [
        ("join t.me/routes_eu now", "t.me/routes_eu"),
        ("write wa.me/900000 today", "wa.me/900000"),
        ("info: https://example.org/path?q=1.", "https://example.org/path?q=1"),
        ("(bit.ly/3xYz)", "bit.ly/3xYz"),
        ("группа t.me/granica_bez_vizy", "t.me/granica_bez_vizy"),
    ])
    func links(text: String, expected: String) {
        #expect(contacts(text, "contact.link") == [expected])
    }

    @Test("a number inside a link is the link, not a second contact")
    func numberInLink() {
        let decision = TestSupport.decide("wa.me/905550000084")
        #expect(decision.signals.filter { $0.name == "contact.link" }.map(\.matched) == ["wa.me/905550000084"])
        #expect(decision.signals.filter { $0.name == "contact.phone" }.isEmpty)
    }

    @Test("slashes without a host are not links", arguments: ["12/05 at 21:00", "and/or", "km/h", "50/50 chance"])
    func notLinks(text: String) {
        #expect(contacts(text, "contact.link").isEmpty)
    }
}
