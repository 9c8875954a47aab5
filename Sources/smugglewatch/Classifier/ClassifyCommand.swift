import ArgumentParser
import Classifier
import Foundation
import Records

/// `smugglewatch classify [FILE|-] [--ruleset R]`: JSONL posts in, one JSON decision per line out.
///
/// Posts are read by the worker's decoder (with its checks and error codes) except that an integer
/// `id` is accepted, as corpora exported by other tools have them. Each decision is written as the
/// worker writes its decision record, without the members only a worker knows.
struct ClassifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "classify",
        abstract: "Decide JSONL posts (id, text, lang?, platform?) and print one JSON decision per line.",
        discussion: """
            Each decision is the worker's decision record without decided_at, input_sha256, source and worker_id. \
            Bad lines produce {"error":{"code","message"},"line":N} and the rest continue.
            """
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
        var output = JSONWriter(capacity: 1 << 17)
        var lineNumber = 0
        let bytes = [UInt8](data)
        for line in Self.lines(bytes) {
            lineNumber += 1
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) { continue }
            switch Self.decoder.decode(Array(line)) {
            case let .success(decoded):
                let post = decoded.post
                try DecisionRecord.json(of: classifier.decide(post), platform: post.platform, lang: post.lang, into: &output)
            case let .failure(reason):
                output.beginObject()
                output.key("error"); output.beginObject()
                output.key("code"); output.string(reason.code.rawValue)
                output.key("message"); output.string(reason.message)
                output.endObject()
                output.key("line"); output.int(lineNumber)
                output.endObject()
            }
            output.newline()
            if output.count >= 1 << 16 {
                output.withBytes { FileHandle.standardOutput.write(Data(buffer: $0)) }
                output = JSONWriter(capacity: 1 << 17)
            }
        }
        output.withBytes { if !$0.isEmpty { FileHandle.standardOutput.write(Data(buffer: $0)) } }
    }

    static let decoder: PostDecoder = {
        var decoder = PostDecoder()
        decoder.acceptsIntegerIDs = true
        return decoder
    }()
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
        let posts = Self.lines([UInt8](data)).compactMap { try? Self.decoder.decode(Array($0)).get().post }
        let bytes = posts.reduce(0) { $0 + $1.text.utf8.count }
        let result = ClassifyBenchmark.run(posts: posts, classifier: classifier, seconds: seconds)
        let average = posts.isEmpty ? 0 : bytes / posts.count
        var json = JSONWriter()
        json.beginObject()
        json.key("posts"); json.int(result.posts)
        json.key("seconds"); try json.double(result.seconds, key: "seconds")
        json.key("posts_per_second"); json.int(Int(result.postsPerSecond))
        json.key("referred_per_pass"); json.int(result.referrals)
        json.key("average_text_bytes"); json.int(average)
        json.endObject()
        json.newline()
        json.withBytes { FileHandle.standardOutput.write(Data(buffer: $0)) }
    }
}
