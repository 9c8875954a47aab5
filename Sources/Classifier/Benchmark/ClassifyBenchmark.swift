/// Measures classification throughput on one thread, without I/O or JSON.
///
/// `smugglewatch bench --classify-only` calls this, so the figure is comparable with the
/// Python peer's classify-only number.
public enum ClassifyBenchmark {
    /// What one run measured.
    public struct Result: Sendable, Equatable {
        /// Posts decided (all passes together).
        public var posts: Int
        public var seconds: Double
        public var postsPerSecond: Double
        /// Referrals in the last pass, so the work cannot be optimised away and results can be
        /// compared between runs.
        public var referrals: Int
    }

    /// Decides `posts` over and over until `seconds` have passed (at least one full pass).
    public static func run(posts: [Post], classifier: Classifier, seconds: Double) -> Result {
        measure(posts: posts, classifier: classifier) { passes, elapsed in elapsed >= seconds && passes >= 1 }
    }

    /// Decides `posts` exactly `iterations` times (at least once).
    public static func run(posts: [Post], classifier: Classifier, iterations: Int) -> Result {
        measure(posts: posts, classifier: classifier) { passes, _ in passes >= max(1, iterations) }
    }

    private static func measure(posts: [Post], classifier: Classifier, done: (Int, Double) -> Bool) -> Result {
        guard !posts.isEmpty else { return Result(posts: 0, seconds: 0, postsPerSecond: 0, referrals: 0) }
        let clock = ContinuousClock()
        let start = clock.now
        var passes = 0
        var referrals = 0
        var elapsed = 0.0
        repeat {
            referrals = 0
            for post in posts where classifier.decide(post).verdict == .refer { referrals += 1 }
            passes += 1
            let duration = clock.now - start
            elapsed = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        } while !done(passes, elapsed)
        let decided = passes * posts.count
        return Result(posts: decided, seconds: elapsed, postsPerSecond: elapsed > 0 ? Double(decided) / elapsed : 0, referrals: referrals)
    }
}
