/// What the classifier found in one post and what it scored, before a verdict is chosen:
/// the guard can then be asked about any proposed verdict (training sweeps the thresholds).
struct Assessment: Sendable {
    var score: Double
    /// The score without the protective categories' contributions and the interactions that
    /// need one: what the post would score had it not carried its protective words. Equal to
    /// `score` when the ruleset's guard does not use it.
    var unprotectedScore: Double
    var signals: [Signal]
    /// Bit i set when category i has a signal.
    var present: UInt64
    /// What each category added to the logit: its weight plus its phrases' learned weights.
    var contributions: [Double]
    /// Index in `signals` of each category's first signal, or -1.
    var firstMatch: [Int]
    /// Whether any lexicon phrase matched (else only the extractors found something).
    var phraseMatched: Bool
    let guardRules: Guard

    /// The guard's outcome when the score proposes `proposed`, and `unprotected` without the
    /// protective words.
    func outcome(_ proposed: Verdict, unprotected: Verdict = .clear) -> Guard.Outcome {
        guardRules.apply(proposed: proposed, present: present, phraseMatched: phraseMatched, unprotected: unprotected,
                         contribution: { contributions[$0] }) { category in
            firstMatch[category] >= 0 ? signals[firstMatch[category]].matched : nil
        }
    }
}

extension Classifier {
    /// Finds, scores and explains the evidence in `post`.
    ///
    /// The logit is the bias, plus for each category present its weight and the learned
    /// weights of its distinct phrases, plus the interactions present, plus the weights of the
    /// post's distinct n-grams. Only the first `maxSignalsPerCategory` signals of a category
    /// are listed and scored, so a post repeating a phrase 100,000 times stays cheap, and the
    /// listed signals (lexicon, extractors, interactions) sum to their share of the logit.
    func assess(_ post: Post) -> Assessment {
        let text = Normaliser.normalise(post.text, languageHint: post.lang, revision: ruleset.normalisation)
        let found = findings(in: text, language: post.lang)
        let categoryCount = weights.count
        var counts = [Int](repeating: 0, count: categoryCount)
        var present: UInt64 = 0
        var kept = 0
        for finding in found where counts[finding.category] < Self.maxSignalsPerCategory {
            counts[finding.category] += 1
            present |= 1 << UInt64(finding.category)
            kept += 1
        }
        var contributions = [Double](repeating: 0, count: categoryCount)
        for index in 0..<categoryCount where present & (1 << UInt64(index)) != 0 { contributions[index] = weights[index] }
        var firstMatch = [Int](repeating: -1, count: categoryCount)
        var listed = [Int](repeating: 0, count: categoryCount)
        var signals: [Signal] = []
        signals.reserveCapacity(kept + interactions.count + Self.maxNgramSignals)
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: phraseNames.count / 64 + 1) { seen in
            seen.initialize(repeating: 0)
            for finding in found where listed[finding.category] < Self.maxSignalsPerCategory {
                let category = finding.category
                listed[category] += 1
                var weight = weights[category] / Double(counts[category])
                let key = finding.phrase >= 0 ? phraseKeys[finding.phrase] : -1
                if key >= 0, seen[key >> 6] & (1 << UInt64(key & 63)) == 0 {
                    seen[key >> 6] |= 1 << UInt64(key & 63)
                    weight += phraseWeights[finding.phrase]
                    contributions[category] += phraseWeights[finding.phrase]
                }
                let span = text.originalSpan(finding.start..<finding.end)
                if firstMatch[category] < 0 { firstMatch[category] = signals.count }
                signals.append(Signal(name: finding.name, category: categoryNames[category], matched: text.originalText(span), span: span, weight: weight))
            }
        }
        var logit = ruleset.bias
        // What the protective categories and the interactions that need one added.
        var protectiveShare = 0.0
        for index in 0..<categoryCount where present & (1 << UInt64(index)) != 0 {
            logit += contributions[index]
            if isProtective[index] { protectiveShare += contributions[index] }
        }
        for interaction in interactions where interaction.isPresent(present) {
            logit += interaction.weight
            if interaction.needsProtective { protectiveShare += interaction.weight }
            // Shown on the first signal of its first part: where the combination starts.
            var first = Int.max
            for category in 0..<categoryCount where interaction.parts[0] & (1 << UInt64(category)) != 0 && firstMatch[category] >= 0 {
                first = min(first, firstMatch[category])
            }
            if first < signals.count {
                signals.append(Signal(name: interaction.name, category: "interaction", matched: signals[first].matched, span: signals[first].span,
                                      weight: interaction.weight))
            }
        }
        if !ngrams.isEmpty { logit += ngramEvidence(text, into: &signals) }
        let score = Self.probability(logit)
        // Only a ruleset whose guard weighs it needs the second score (an `exp` per post).
        let unprotectedScore = guardRules.settings.outweighedProtectionReviews ? Self.probability(logit - protectiveShare) : score
        return Assessment(score: score, unprotectedScore: unprotectedScore,
                          signals: signals, present: present, contributions: contributions,
                          firstMatch: firstMatch, phraseMatched: found.contains { $0.phrase >= 0 }, guardRules: guardRules)
    }

    /// Adds the weights of the post's distinct n-grams; lists the words that carried the most.
    private func ngramEvidence(_ text: NormalizedText, into signals: inout [Signal]) -> Double {
        var total = 0.0
        // Grams come word by word: a word's sum is complete when the next word starts. Only
        // words heavy enough to be listed are kept.
        var heavy: [(start: Int, end: Int, weight: Double)] = []
        var current = (start: -1, end: -1, weight: 0.0)
        let threshold = Self.ngramSignalThreshold
        ngrams.weights.withUnsafeBufferPointer { weights in
            withUnsafeTemporaryAllocation(of: UInt64.self, capacity: weights.count / 64 + 1) { seen in
                seen.initialize(repeating: 0)
                ngrams.withSlots { slots, filter, mask in
                    text.scalars.withUnsafeBufferPointer { scalars in
                        ngrams.scanner.scan(scalars) { hash, _, start, end in
                            guard let index = NgramTable.index(of: hash, in: slots, filter: filter, mask: mask) else { return }
                            let bit: UInt64 = 1 << UInt64(index & 63)
                            guard seen[index >> 6] & bit == 0 else { return }
                            seen[index >> 6] |= bit
                            let weight = weights[index]
                            total += weight
                            if current.start == start {
                                current.weight += weight
                            } else {
                                if abs(current.weight) >= threshold { heavy.append(current) }
                                current = (start, end, weight)
                            }
                        }
                    }
                }
            }
        }
        if abs(current.weight) >= threshold { heavy.append(current) }
        let listed = heavy.indices
            .sorted { abs(heavy[$0].weight) != abs(heavy[$1].weight) ? abs(heavy[$0].weight) > abs(heavy[$1].weight) : $0 < $1 }
            .prefix(Self.maxNgramSignals).sorted()
        for index in listed {
            let span = text.originalSpan(heavy[index].start..<heavy[index].end)
            signals.append(Signal(name: "ngram", category: "ngram", matched: text.originalText(span), span: span, weight: heavy[index].weight))
        }
        return total
    }
}
