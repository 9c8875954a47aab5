import Classifier
import Foundation

/// Decodes one post record; unknown fields are ignored.
enum PostJSON {
    struct Problem: Error {
        var code: String
        var message: String
    }

    /// The fields the classifier reads; `id` may be a string or a number.
    private struct Record: Decodable {
        var id: String?
        var text: String?
        var platform: String?
        var lang: String?
        var idIsInvalid = false

        enum CodingKeys: String, CodingKey { case id, text, platform, lang }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            if let text = try? container.decodeIfPresent(String.self, forKey: .id) {
                id = text
            } else if let number = try? container.decodeIfPresent(Int64.self, forKey: .id) {
                id = String(number)
            } else if container.contains(.id) {
                idIsInvalid = true
            }
            text = try? container.decodeIfPresent(String.self, forKey: .text)
            platform = try? container.decodeIfPresent(String.self, forKey: .platform)
            lang = try? container.decodeIfPresent(String.self, forKey: .lang)
        }
    }

    static func decode<Bytes: Collection<UInt8>>(_ line: Bytes, decoder: JSONDecoder) -> Result<Post, Problem> {
        if let post = FastPostDecoder.decode(line) { return .success(post) }
        let record: Record
        do {
            record = try decoder.decode(Record.self, from: Data(line))
        } catch DecodingError.typeMismatch {
            return .failure(Problem(code: "not_an_object", message: "line is not a JSON object; send {\"id\":...,\"text\":...}"))
        } catch {
            return .failure(Problem(code: "invalid_json", message: "line is not valid JSON; send one JSON object per line"))
        }
        guard let id = record.id, !record.idIsInvalid else {
            return .failure(Problem(code: "missing_id", message: "post has no string \"id\"; add one"))
        }
        guard let text = record.text else {
            return .failure(Problem(code: "missing_text", message: "post \(id) has no string \"text\"; add one"))
        }
        return .success(Post(id: id, text: text, platform: record.platform, lang: record.lang))
    }
}
