import Classifier
import Pipeline

/// Decodes one post record for `classify`: the worker's decoder, with its checks and error codes,
/// except that an integer `id` is accepted (corpora exported by other tools use them).
enum PostJSON {
    struct Problem: Error {
        var code: String
        var message: String
    }

    private static let decoder: PostDecoder = {
        var decoder = PostDecoder()
        decoder.acceptsIntegerIDs = true
        return decoder
    }()

    static func decode(_ line: ArraySlice<UInt8>) -> Result<Post, Problem> {
        switch decoder.decode(Array(line)) {
        case .success(let decoded): .success(decoded.post)
        case .failure(let reason): .failure(Problem(code: reason.code.rawValue, message: reason.message))
        }
    }
}
