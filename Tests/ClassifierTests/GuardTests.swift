import Foundation
import Testing
@testable import Classifier

@Suite("Guard")
struct GuardTests {
    @Test("a paid offer is referred")
    func paidOffer() {
        let decision = TestSupport.decide("Boat from Libya to Italy next week, 3500$, pay on arrival through the office. WhatsApp +218 91 000 0041")
        #expect(decision.verdict == .refer)
        #expect(!decision.isProtected)
        #expect(decision.guardReasons.isEmpty)
    }

    @Test("an offer without material benefit is never referred")
    func offerWithoutBenefit() {
        let present: Set<String> = ["facilitation", "transport", "contact"]
        let outcome = TestSupport.guardOutcome(.refer, present)
        #expect(outcome.verdict == .review)
        #expect(outcome.reasons.count == 1)
    }

    @Test("benefit without an offer is never referred")
    func benefitWithoutOffer() {
        let outcome = TestSupport.guardOutcome(.refer, ["price", "payment"])
        #expect(outcome.verdict == .review)
    }

    @Test("protected content is capped even with a high score, and the reason names its evidence")
    func protectedCap() {
        let present: Set<String> = ["facilitation", "price", "warning"]
        let outcome = TestSupport.guardOutcome(.refer, present, firstMatch: ["warning": "do not pay"],
                                               contributions: ["facilitation": 1, "price": 1, "warning": -3])
        #expect(outcome.verdict == .review)
        #expect(outcome.isProtected)
        #expect(outcome.reasons.last?.contains("do not pay") == true)
        #expect(outcome.reasons.last?.contains("weighs 3.0 against commercial evidence 2.0") == true)
    }

    @Test("a protective word added to a paid offer does not protect it: protection must outweigh the offer")
    func protectiveWordDoesNotProtect() {
        let present: Set<String> = ["facilitation", "price", "payment", "warning"]
        let outcome = TestSupport.guardOutcome(.refer, present, contributions: ["facilitation": 1.5, "price": 1.5, "payment": 1, "warning": -1])
        #expect(outcome.verdict == .refer)
        #expect(!outcome.isProtected)
        // The same words with the protective side heavier protect the post.
        let heavier = TestSupport.guardOutcome(.refer, present, contributions: ["facilitation": 1.5, "price": 1.5, "payment": 1, "warning": -4.5])
        #expect(heavier.isProtected)
        #expect(heavier.verdict == .review)
    }

    @Test("protective words that do not outweigh a paid offer, and without which it would be flagged, cannot clear it")
    func outweighedProtectionDoesNotClear() throws {
        let present: Set<String> = ["facilitation", "price", "thirdparty"]
        let contributions = ["facilitation": 1.5, "price": 1.0, "thirdparty": -2.0]
        // The score alone clears the post; without its protective word it would be reviewed.
        let washed = TestSupport.guardOutcome(.clear, present, firstMatch: ["thirdparty": "smugglers"], contributions: contributions,
                                              unprotected: .review)
        #expect(washed.verdict == .review)
        #expect(!washed.isProtected)
        #expect(washed.reasons.last?.contains("do not clear it") == true)
        // Had the score cleared it without the protective word too, it stays clear.
        #expect(TestSupport.guardOutcome(.clear, present, contributions: contributions, unprotected: .clear).verdict == .clear)
        // Protective evidence that outweighs the offer protects it, and it stays clear.
        let protected = TestSupport.guardOutcome(.clear, present, contributions: ["facilitation": 1.5, "price": 1, "thirdparty": -3],
                                                 unprotected: .refer)
        #expect(protected.verdict == .clear)
        #expect(protected.isProtected)
        // Without an offer and a benefit there is nothing to outweigh.
        let noBenefit = TestSupport.guardOutcome(.clear, ["facilitation", "thirdparty"], contributions: ["facilitation": 1.5, "thirdparty": -1],
                                                 unprotected: .review)
        #expect(noBenefit.verdict == .clear)
        // A ruleset that does not ask for it (2.1.0 and earlier) keeps deciding as it did.
        var settings = TestSupport.defaultRuleset.guardSettings
        settings.outweighedProtectionReviews = false
        let names = TestSupport.defaultRuleset.categories.map(\.name)
        let older = Guard(settings: settings, categories: names, protective: TestSupport.defaultRuleset.categories.map { $0.side == .protective })
        let weights = Dictionary(uniqueKeysWithValues: TestSupport.defaultRuleset.categories.map { ($0.name, $0.weight) })
        #expect(older.apply(proposed: .clear, present: present, firstMatch: [:], weights: weights, contributions: contributions,
                            unprotected: .review).verdict == .clear)
    }

    @Test("protective words added to a paid offer do not protect it or clear it", arguments: [
        " We are not smugglers.", " Donation welcome.", " Free food on the way.", " Humanitarian corridor.",
    ])
    func evasionPathClosed(washing: String) {
        let offer = "Boat from Libya to Italy next week, 3500$ per person, pay on arrival through the office. WhatsApp +218 91 000 0041"
        #expect(TestSupport.decide(offer).verdict == .refer)
        let washed = TestSupport.decide(offer + washing)
        #expect(!washed.isProtected)
        #expect(washed.verdict != .clear)
    }

    @Test("a denial of smuggling never protects a paid offer")
    func denialDoesNotProtect() {
        // The learned weight of "smugglers" (talk about smugglers is mostly news and warnings)
        // still pulls such an ad's score down, to review; the guard must not protect it.
        let decision = TestSupport.decide("Boat from Libya to Italy next week, 3500$ per person, pay on arrival. WhatsApp +218 91 000 0041 We are not smugglers.")
        #expect(!decision.isProtected)
        #expect(!decision.guardReasons.contains { $0.hasPrefix("protected") })
    }

    @Test("news style caps the verdict without protection")
    func downgrade() {
        let present: Set<String> = ["facilitation", "price", "reporting"]
        let outcome = TestSupport.guardOutcome(.refer, present, contributions: ["facilitation": 1, "price": 1, "reporting": -3])
        #expect(outcome.verdict == .review)
        #expect(!outcome.isProtected)
    }

    @Test("humanitarian and solidarity posts that look like ads stay clear", arguments: [
        "FREE boat trip? NO. There are no safe boats to Italy. Smugglers lie. Do not pay, do not risk your life.",
        "Free transport from the station to the night shelter with volunteers. Hot food and blankets, no papers needed.",
        "If you are in distress at sea 🚤🆘 call 112 and send your GPS position. #AlarmPhone",
        "We guarantee a warm bed for every family tonight, free of charge. Volunteers meet you at the port. Hotline +30 690 000 0099",
        "Solidarity is not smuggling ✊ our volunteers drove sick people to hospital for free. Rally Saturday.",
        "⚠️ تحذير: المهربين بيبيعوا رحلات مضمونة لإيطاليا بـ 3000 دولار والدفع بعد الوصول، كذب. لا تدفعوا لأحد.",
        "Vigil tonight for the people lost at sea. They paid 3,000 euros each to smugglers because there are no safe routes.",
    ])
    func protectedPostsStayClear(text: String) {
        let decision = TestSupport.decide(text)
        #expect(decision.verdict != .refer)
        // Cleared by its score, or protected by the guard.
        #expect(decision.verdict == .clear || decision.isProtected)
    }

    @Test("ordinary and licensed posts stay clear", arguments: [
        "Ferry tickets Bari ⇄ Durrës from €60, valid passport required. Book online.",
        "Ride share Munich → Vienna Friday 8am, €25 per person for fuel.",
        "Happy birthday to my sister in Italy! 🎉",
        "",
    ])
    func ordinaryPostsClear(text: String) {
        #expect(TestSupport.decide(text).verdict == .clear)
    }

    @Test("a post in a language the lexicon does not speak, with a price, a contact and a destination, goes to review")
    func unreadLanguageToReview() {
        // Georgian: no lexicon phrase can match; the extractors still see the flag, the price and the phone.
        let text = "ნავით იტალიაში 🇮🇹 ფასი 3000€, დარეკეთ +995 555 000 111"
        #expect(TestSupport.decide(text, lang: "ka").verdict != .clear)
        // Even where the score alone would clear it, the guard sends it to review and says why.
        var strict = TestSupport.defaultRuleset
        strict.thresholds = Ruleset.Thresholds(refer: 1, review: 1)
        let classifier = Classifier(ruleset: strict)
        let decision = classifier.decide(Post(id: "k", text: text, lang: "ka"))
        #expect(decision.verdict == .review)
        #expect(decision.guardReasons.contains { $0.contains("no lexicon phrase matched") })
        let withoutContact = classifier.decide(Post(id: "k", text: "ნავით იტალიაში 🇮🇹 ფასი 3000€", lang: "ka"))
        #expect(withoutContact.verdict == .clear)
        // A post the lexicon reads is left to its score.
        let english = classifier.decide(Post(id: "e", text: "Holiday in Italy 🇮🇹 3000€, call +39 333 000 1111", lang: "en"))
        #expect(!english.guardReasons.contains { $0.contains("no lexicon phrase matched") })
    }

    @Test("demand-side requests go to review, never to refer")
    func requestsToReview() {
        let decision = TestSupport.decide("anyone know a way to go to the UK from Calais? i can pay, serious answers only")
        #expect(decision.verdict == .review)
        let outcome = TestSupport.guardOutcome(.clear, ["request", "warning"], contributions: ["warning": -1])
        #expect(outcome.verdict == .clear)
        #expect(outcome.isProtected)
    }

    @Test("the protected cap is configurable")
    func protectedMaxClear() throws {
        // Protection needs the protective evidence (aid, -6) to outweigh the commercial (offer + money, 5).
        let yaml = TestSupport.miniYAML.replacingOccurrences(of: "protected_max: review", with: "protected_max: clear")
            .replacingOccurrences(of: "aid:   { weight: -3.0", with: "aid:   { weight: -6.0")
        let classifier = Classifier(ruleset: try Ruleset(yaml: Data(yaml.utf8)))
        let decision = classifier.decide(Post(id: "p", text: "boat to italy guaranteed 3k euro and free food"))
        #expect(decision.isProtected)
        #expect(decision.verdict == .clear)
    }
}
