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
        var output = OutputBuffer()
        var lineNumber = 0
        for line in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) { continue }
            switch PostJSON.decode(Data(line)) {
            case let .success(post):
                output.writeLine(DecisionJSON.line(classifier.decide(post)))
            case let .failure(problem):
                output.writeLine(DecisionJSON.error(line: lineNumber, code: problem.code, message: problem.message))
            }
        }
        output.flush()
    }
}

extension ClassifyCommand {
    func benchmark(_ data: Data, classifier: Classifier, seconds: Double) throws {
        let posts = data.split(separator: UInt8(ascii: "\n")).compactMap { try? PostJSON.decode(Data($0)).get() }
        let bytes = posts.reduce(0) { $0 + $1.text.utf8.count }
        let result = ClassifyBenchmark.run(posts: posts, classifier: classifier, seconds: seconds)
        let average = posts.isEmpty ? 0 : bytes / posts.count
        print("{\"posts\":\(result.posts),\"seconds\":\(DecisionJSON.number(result.seconds)),\"posts_per_second\":\(Int(result.postsPerSecond)),"
              + "\"referred_per_pass\":\(result.referrals),\"average_text_bytes\":\(average)}")
    }
}

/// Decodes one post record; unknown fields are ignored.
enum PostJSON {
    struct Problem: Error {
        var code: String
        var message: String
    }

    static func decode(_ line: Data) -> Result<Post, Problem> {
        guard let object = try? JSONSerialization.jsonObject(with: line) else {
            return .failure(Problem(code: "invalid_json", message: "line is not valid JSON; send one JSON object per line"))
        }
        guard let record = object as? [String: Any] else {
            return .failure(Problem(code: "not_an_object", message: "line is not a JSON object; send {\"id\":...,\"text\":...}"))
        }
        let id: String
        if let text = record["id"] as? String {
            id = text
        } else if let number = record["id"] as? NSNumber, !(record["id"] is Bool) {
            id = number.stringValue
        } else {
            return .failure(Problem(code: "missing_id", message: "post has no string \"id\"; add one"))
        }
        guard let text = record["text"] as? String else {
            return .failure(Problem(code: "missing_text", message: "post \(id) has no string \"text\"; add one"))
        }
        return .success(Post(id: id, text: text, platform: record["platform"] as? String, lang: record["lang"] as? String))
    }
}
