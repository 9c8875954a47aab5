import Foundation
import CFuzzerDriver
import Classifier

/// Any text, at every normaliser revision a ruleset may name: the map back to the original
/// always points inside the original.
func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    for revision in 1...Normaliser.currentRevision {
    for hint in [nil, "ar", "en"] as [String?] {
        let normalized = Normaliser.normalise(text, languageHint: hint, revision: revision)
        precondition(normalized.scalars.count == normalized.origins.count, "one origin per normalised scalar")
        precondition(normalized.originalCount == text.unicodeScalars.count)
        for origin in normalized.origins {
            precondition(origin >= 0 && Int(origin) < max(1, normalized.originalCount), "origin \(origin) outside the text")
        }
    }
    }
    return 0
}

var arguments = CommandLine.argc
var argumentValues: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&arguments, &argumentValues) { data, size in fuzzOne(data, size) })
