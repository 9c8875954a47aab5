/// Where the guard looks and what it allows.
public struct GuardSettings: Sendable, Equatable {
    /// Categories that evidence an offer of facilitation; `refer` needs one.
    public var offer: [String]
    /// Categories that evidence material benefit; `refer` needs one.
    public var benefit: [String]
    /// Each entry is a set of categories; if all are present, the post is protected.
    public var protectWhen: [[String]]
    /// Highest verdict for protected posts (`review` or `clear`).
    public var protectedMax: Verdict
    /// Category sets that cap the verdict without marking the post protected (news style).
    public var downgradeWhen: [[String]]
    public var downgradeMax: Verdict
    /// Category sets that send an otherwise clear, unprotected post to review (demand-side
    /// requests such as "who can take me to Italy?" deserve a human look, not a referral).
    public var reviewWhen: [[String]] = []
    /// Category sets that send an otherwise clear, unprotected post to review when no lexicon
    /// phrase matched it: a post in a language the lexicon does not speak, with a price, a
    /// contact and a route, deserves a human look rather than silence.
    public var reviewUnreadWhen: [[String]] = []
    /// Protection and downgrades need their evidence to exceed the commercial evidence times
    /// this factor (1: simply outweigh it).
    public var protectMargin: Double = 1
    /// When set, protective words that a priced offer carries but that do not outweigh it, and
    /// without which the score would have flagged the post, cannot clear it: it goes to review.
    public var outweighedProtectionReviews = false
}

/// Categories reported by the structured extractors.
public struct ExtractorCategories: Sendable, Equatable {
    public var price: String?
    public var phone: String?
    public var handle: String?
    public var route: String?
    public var date: String?
    public var destination: String?
}
