import Classifier
import Records
import Reports
import Testing

struct FalsePositiveAnalysisTests {
    func referral(_ id: String, offset: Int64, lang: String, isProtected: Bool = false, signals: [String]) -> DecisionRecord {
        var record = HostileRecords.decision(postID: id, signals: signals.map {
            Signal(name: $0, category: "c", matched: $0, span: TextSpan(start: 0, end: 1), weight: 1)
        })
        record.source = SourceOffset(topic: "posts", partition: 0, offset: offset)
        record.lang = lang
        record.platform = "telegram"
        record.isProtected = isProtected
        return record
    }

    @Test func rejectedAndProtectedReferralsAreListedWithRates() throws {
        let referrals = [
            referral("a", offset: 1, lang: "en", signals: ["price", "boat"]),
            referral("b", offset: 2, lang: "en", signals: ["price"]),
            referral("c", offset: 3, lang: "ar", isProtected: true, signals: ["boat"]),
            referral("d", offset: 4, lang: "ar", signals: ["boat"]),
            referral("a", offset: 1, lang: "en", signals: ["price", "boat"]),  // a duplicate after a restart
        ]
        let verdicts = VerdictLog([
            VerdictRecord(on: referrals[0], verdict: .confirm, decidedAt: "t1"),
            VerdictRecord(on: referrals[0], verdict: .reject, reason: "a ferry company", decidedAt: "t2"),  // the latest wins
            VerdictRecord(legacyPostID: "b", verdict: .confirm, decidedAt: "t1"),  // version 1: by id, which names one referral
        ])
        let analysis = FalsePositiveAnalysis(referrals: referrals, verdicts: verdicts)
        #expect(analysis.total.referrals == 4)
        #expect(analysis.total.reviewed == 2)
        #expect(analysis.total.rejected == 1)
        #expect(analysis.total.protectedReferrals == 1)
        #expect(analysis.entries.map(\.record.postID) == ["c", "a"], "protected first")
        let english = try #require(analysis.byLanguage.first { $0.name == "en" })
        #expect(english.referrals == 2 && english.falsePositives == 1 && english.rate == 0.5)
        let boat = try #require(analysis.bySignal.first { $0.name == "boat" })
        #expect(boat.referrals == 3 && boat.falsePositives == 2)
        #expect(analysis.text().contains("PROTECTED"))
        #expect(!HostileRecords.hasBidiControl(analysis.text()))
    }
}
