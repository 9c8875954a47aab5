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
        let outcome = TestSupport.classifier.guardRules.apply(proposed: .refer, present: present, firstMatch: [:])
        #expect(outcome.verdict == .review)
        #expect(outcome.reasons.count == 1)
    }

    @Test("benefit without an offer is never referred")
    func benefitWithoutOffer() {
        let outcome = TestSupport.classifier.guardRules.apply(proposed: .refer, present: ["price", "payment"], firstMatch: [:])
        #expect(outcome.verdict == .review)
    }

    @Test("protected content is capped even with a high score")
    func protectedCap() {
        let present: Set<String> = ["facilitation", "price", "payment", "warning"]
        let outcome = TestSupport.classifier.guardRules.apply(proposed: .refer, present: present, firstMatch: ["warning": "do not pay"])
        #expect(outcome.verdict == .review)
        #expect(outcome.isProtected)
        #expect(outcome.reasons.last?.contains("do not pay") == true)
    }

    @Test("news style caps the verdict without protection")
    func downgrade() {
        let present: Set<String> = ["facilitation", "price", "reporting"]
        let outcome = TestSupport.classifier.guardRules.apply(proposed: .refer, present: present, firstMatch: [:])
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
        #expect(decision.isProtected)
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

    @Test("demand-side requests go to review, never to refer")
    func requestsToReview() {
        let decision = TestSupport.decide("anyone know a way to go to the UK from Calais? i can pay, serious answers only")
        #expect(decision.verdict == .review)
        let outcome = TestSupport.classifier.guardRules.apply(proposed: .clear, present: ["request", "warning"], firstMatch: [:])
        #expect(outcome.verdict == .clear)
        #expect(outcome.isProtected)
    }

    @Test("the protected cap is configurable")
    func protectedMaxClear() throws {
        let yaml = TestSupport.miniYAML.replacingOccurrences(of: "protected_max: review", with: "protected_max: clear")
        let classifier = Classifier(ruleset: try Ruleset(yaml: Data(yaml.utf8)))
        let decision = classifier.decide(Post(id: "p", text: "boat to italy guaranteed 3k euro and free food"))
        #expect(decision.isProtected)
        #expect(decision.verdict == .clear)
    }
}
