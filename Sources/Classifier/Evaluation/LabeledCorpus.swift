import Foundation

/// A post with its reference label, from a labeled corpus (JSONL: id, text, label, lang, ...).
public struct LabeledPost: Sendable, Equatable {
    public var post: Post
    /// `smuggling_ad`, `humanitarian_aid`, `solidarity_advocacy`, `news_report`,
    /// `legal_service`, `unrelated` (everyday posts a scraper also collects) or `ambiguous`.
    public var label: String

    /// A labeled post.
    public init(post: Post, label: String) {
        self.post = post
        self.label = label
    }

    /// Labels that must never be referred.
    public static let protectedLabels: Set<String> = ["humanitarian_aid", "solidarity_advocacy"]
    /// Every label a corpus may use.
    public static let knownLabels: Set<String> = [
        "smuggling_ad", "humanitarian_aid", "solidarity_advocacy", "news_report", "legal_service", "unrelated", "ambiguous",
    ]
    /// The label whose posts should be referred.
    public static let positiveLabel = "smuggling_ad"
}

/// Loads labeled corpora.
public enum LabeledCorpus {
    private struct Row: Decodable {
        var id: String
        var text: String
        var label: String
        var lang: String?
        var platform: String?
    }

    /// Reads a JSONL corpus; a bad line is an error naming the line, since training and
    /// evaluation figures are meaningless on a silently truncated corpus.
    public static func load(_ url: URL) throws -> [LabeledPost] {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw RulesetError(code: "corpus.unreadable", message: "cannot read corpus \(url.path): \(error.localizedDescription)")
        }
        return try parse(data)
    }

    /// Parses JSONL bytes; blank lines are skipped, a bad line is an error naming it.
    public static func parse(_ data: Data) throws -> [LabeledPost] {
        var posts: [LabeledPost] = []
        let decoder = JSONDecoder()
        var lineNumber = 0
        for line in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) { continue }
            do {
                let row = try decoder.decode(Row.self, from: Data(line))
                guard LabeledPost.knownLabels.contains(row.label) else {
                    throw RulesetError(code: "corpus.unknown_label",
                                       message: "unknown label '\(row.label)'; use one of \(LabeledPost.knownLabels.sorted().joined(separator: ", "))",
                                       line: lineNumber)
                }
                posts.append(LabeledPost(post: Post(id: row.id, text: row.text, platform: row.platform, lang: row.lang), label: row.label))
            } catch let error as RulesetError {
                throw error
            } catch {
                throw RulesetError(code: "corpus.bad_line",
                                   message: "corpus line is not a post with id, text and label; fix or remove it", line: lineNumber)
            }
        }
        return posts
    }
}
