import ArgumentParser
import Classifier
import Foundation

/// `smugglewatch classify [FILE|-] [--ruleset R]`: JSONL posts in, one JSON decision per line out.
struct ClassifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "classify",
        abstract: "Decide JSONL posts (id, text, lang?, platform?) and print one JSON decision per line.",
        discussion: "Bad lines produce {\"line\":N,\"error\":{\"code\",\"message\"}} and the rest continue."
    )

    @Argument(help: "JSONL file of posts, or - for standard input.")
    var input: String = "-"

    @Option(help: "Ruleset file (default: $SMUGGLEWATCH_RULESET, then rulesets/default.yaml).")
    var ruleset: String?

    @Option(help: ArgumentHelp("Instead of printing decisions, decide the valid posts repeatedly for this many seconds on one thread and print posts/s as JSON (classify only, no JSON in the timing).", visibility: .hidden))
    var benchmarkSeconds: Double?

    func run() throws {
        let classifier = Classifier(ruleset: try loadRuleset(ruleset))
        let data: Data
        do {
            data = input == "-" ? FileHandle.standardInput.readDataToEndOfFile() : try Data(contentsOf: URL(fileURLWithPath: input))
        } catch {
            printError("error: cannot read \(input): \(error.localizedDescription)")
            throw ExitCode(2)
        }
        if let benchmarkSeconds {
            try benchmark(data, classifier: classifier, seconds: benchmarkSeconds)
            return
        }
        var output = DecisionJSON()
        var lineNumber = 0
        let bytes = [UInt8](data)
        for line in Self.lines(bytes) {
            lineNumber += 1
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) { continue }
            switch PostJSON.decode(line) {
            case let .success(post):
                output.append(classifier.decide(post))
            case let .failure(problem):
                output.appendError(line: lineNumber, code: problem.code, message: problem.message)
            }
            if output.bytes.count >= 1 << 16 {
                FileHandle.standardOutput.write(Data(output.bytes))
                output.bytes.removeAll(keepingCapacity: true)
            }
        }
        if !output.bytes.isEmpty { FileHandle.standardOutput.write(Data(output.bytes)) }
    }
}

extension ClassifyCommand {
    /// The lines of `bytes` (split on `\n`, empty lines kept so line numbers stay right).
    /// A plain scan: `Data.split` is several times slower on large inputs.
    static func lines(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        var result: [ArraySlice<UInt8>] = []
        var start = 0
        for index in bytes.indices where bytes[index] == 0x0A {
            result.append(bytes[start..<index])
            start = index + 1
        }
        if start < bytes.count { result.append(bytes[start...]) }
        return result
    }

    func benchmark(_ data: Data, classifier: Classifier, seconds: Double) throws {
        let posts = Self.lines([UInt8](data)).compactMap { try? PostJSON.decode($0).get() }
        let bytes = posts.reduce(0) { $0 + $1.text.utf8.count }
        let result = ClassifyBenchmark.run(posts: posts, classifier: classifier, seconds: seconds)
        let average = posts.isEmpty ? 0 : bytes / posts.count
        print("{\"posts\":\(result.posts),\"seconds\":\(DecisionJSON.number(result.seconds)),\"posts_per_second\":\(Int(result.postsPerSecond)),"
              + "\"referred_per_pass\":\(result.referrals),\"average_text_bytes\":\(average)}")
    }
}
