import Classifier

/// How a decision record was shortened to fit the record size limit of its topic.
///
/// No input may stop a worker, and a record larger than `message.max.bytes` cannot be sent, so an
/// oversized record is sent shortened rather than not at all. Shortening never touches the decision:
/// post id, verdict, score, protection, ruleset, source and input SHA-256 stay whole. It cuts only
/// as far as needed, in this order: the post of a referral or review record (its text to a prefix,
/// at most a few author members, unknown fields dropped, marked `"truncated": true`); each signal's
/// `matched` text, each guard reason, `platform` and `lang` to a fixed number of Unicode scalars;
/// then signals from the end of the list. The whole input stays in the input topic at `source`
/// (its SHA-256 is `input_sha256`), so replay re-decides it and checks the record as far as it goes.
public struct Truncation: Sendable, Equatable {
    /// Bytes the record would have taken whole.
    public var recordBytes: Int
    /// Signals of the decision; a shortened record lists the first of them.
    public var signalCount: Int

    public init(recordBytes: Int, signalCount: Int) {
        self.recordBytes = recordBytes
        self.signalCount = signalCount
    }

    /// What a shortened record keeps of each signal's `matched` text, in Unicode scalars.
    public static let matchedScalars = 256
    /// What it keeps of each guard reason (they quote matched text).
    public static let reasonScalars = 1024
    /// What it keeps of `platform` and `lang`.
    public static let fieldScalars = 256

    /// The first `scalars` Unicode scalars of `text`.
    static func cut(_ text: String, to scalars: Int) -> String {
        guard text.unicodeScalars.count > scalars else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.prefix(scalars)))
    }

    /// Whether two records' signals and guard reasons state the same; when either was shortened,
    /// as far as the shorter goes, compared as the shortening cut them.
    static func agree(_ one: DecisionRecord, _ other: DecisionRecord) -> Bool {
        agree(signals: one.signals, reasons: one.guardReasons, truncation: one.truncation,
              with: other.signals, reasons: other.guardReasons, truncation: other.truncation)
    }

    /// Whether a recorded decision states what a replay decided (the replay is always whole).
    public static func reproduces(_ recorded: DecisionRecord, _ decision: Decision) -> Bool {
        agree(signals: recorded.signals, reasons: recorded.guardReasons, truncation: recorded.truncation,
              with: decision.signals, reasons: decision.guardReasons, truncation: nil)
    }

    private static func agree(signals: [Signal], reasons: [String], truncation: Truncation?,
                              with otherSignals: [Signal], reasons otherReasons: [String], truncation otherTruncation: Truncation?) -> Bool {
        guard truncation != nil || otherTruncation != nil else {
            return signals == otherSignals && reasons == otherReasons
        }
        let count = truncation?.signalCount ?? signals.count
        let otherCount = otherTruncation?.signalCount ?? otherSignals.count
        guard count == otherCount, signals.count <= count, otherSignals.count <= otherCount,
              reasons.count == otherReasons.count else { return false }
        for (signal, other) in zip(signals, otherSignals) {
            guard signal.name == other.name, signal.category == other.category, signal.span == other.span,
                  signal.weight == other.weight, same(signal.matched, other.matched, cutAt: matchedScalars) else { return false }
        }
        return zip(reasons, otherReasons).allSatisfy { same($0, $1, cutAt: reasonScalars) }
    }

    /// Equal, or equal once the longer is cut as shortening cuts it.
    private static func same(_ one: String, _ other: String, cutAt scalars: Int) -> Bool {
        one == other || cut(one, to: scalars) == other || one == cut(other, to: scalars)
    }
}
