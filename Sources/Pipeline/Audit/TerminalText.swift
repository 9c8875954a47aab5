/// Text from records (post ids, ruleset names) is attacker-controlled: before it reaches a
/// terminal, control, format and bidi characters (escape sequences, overrides) become U+FFFD.
public enum TerminalText {
    public static func printable(_ text: String, limit: Int = 120) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.prefix(limit).map { scalar in
            switch scalar.properties.generalCategory {
            case .control, .format, .lineSeparator, .paragraphSeparator: "\u{FFFD}"
            default: scalar
            }
        }))
    }
}
