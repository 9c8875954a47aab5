import Foundation
import CFuzzerDriver
import Classifier

/// Any text through normalisation, matching and every extractor: spans index the original text,
/// matched text is that slice, the score is a probability, and decisions are deterministic.
let classifier = Classifier(ruleset: try! Ruleset.loadDefault())  // harness set-up, not input

func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let post = Post(id: "fuzz", text: text, lang: size % 2 == 0 ? nil : "ar")
    let decision = classifier.decide(post)
    precondition(decision.score.isFinite && (0...1).contains(decision.score), "score \(decision.score)")
    let scalars = Array(text.unicodeScalars)
    for signal in decision.signals {
        precondition(0 <= signal.span.start && signal.span.start <= signal.span.end && signal.span.end <= scalars.count,
                     "span \(signal.span) outside \(scalars.count) scalars")
        let slice = String(String.UnicodeScalarView(scalars[signal.span.start..<signal.span.end]))
        precondition(slice == signal.matched, "matched text is not the span's text")
        precondition(signal.weight.isFinite)
    }
    precondition(classifier.decide(post) == decision, "decisions are deterministic")
    return 0
}

var arguments = CommandLine.argc
var argumentValues: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&arguments, &argumentValues) { data, size in fuzzOne(data, size) })
