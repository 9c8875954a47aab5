import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// For tests of the reports (ReportsTests, PipelineTests): not part of the product.
///
/// Parses a report (which is well-formed XHTML) and lists what a browser would treat as live:
/// elements outside an allow-list, event-handler attributes, URL-bearing attributes, and bidi
/// controls in text or attribute values.
public final class HTMLInspector: NSObject, XMLParserDelegate {
    public static let allowedElements: Set<String> = [
        "html", "head", "meta", "title", "style", "body", "h1", "h2", "p", "span", "section", "div", "svg", "rect",
        "text", "line", "article", "header", "blockquote", "mark", "dl", "dt", "dd", "bdi", "code", "table",
        "thead", "tbody", "tr", "th", "td", "ul", "li", "strong",
    ]
    public static let urlAttributes: Set<String> = ["href", "src", "xlink:href", "action", "formaction", "data", "srcdoc", "background", "poster"]
    /// Attributes a browser only shows as text (tooltips, labels): post text may say
    /// `javascript:` there as it may in the page's text.
    public static let textAttributes: Set<String> = ["title", "aria-label", "content"]

    public private(set) var elements: [String: Int] = [:]
    public private(set) var problems: [String] = []
    public private(set) var parseError: String?
    private var text = ""

    public static func inspect(_ html: String) -> HTMLInspector {
        let inspector = HTMLInspector()
        let parser = XMLParser(data: Data(html.utf8))
        parser.delegate = inspector
        if !parser.parse() {
            inspector.parseError = parser.parserError.map { "\($0)" } ?? "unknown parse error"
        }
        return inspector
    }

    public var allText: String { text }

    public func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        let element = name.lowercased()
        elements[element, default: 0] += 1
        if !Self.allowedElements.contains(element) { problems.append("element <\(element)>") }
        for (key, value) in attributes {
            let attribute = key.lowercased()
            if attribute.hasPrefix("on") { problems.append("event attribute \(attribute) on <\(element)>") }
            if Self.urlAttributes.contains(attribute) { problems.append("URL attribute \(attribute)=\(value) on <\(element)>") }
            if attribute == "style" { problems.append("inline style attribute on <\(element)>") }
            if value.lowercased().contains("javascript:") && !Self.textAttributes.contains(attribute) { problems.append("javascript: in \(attribute)") }
            if value.unicodeScalars.contains(where: { Self.isBidi($0) }) { problems.append("bidi control in attribute \(attribute)") }
        }
        if element == "meta", attributes["http-equiv"]?.lowercased() == "refresh" { problems.append("meta refresh") }
    }

    public func parser(_ parser: XMLParser, foundCharacters string: String) {
        text += string
        if string.unicodeScalars.contains(where: { Self.isBidi($0) }) { problems.append("bidi control in text") }
    }

    public func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        problems.append("CDATA section")
    }

    public static func isBidi(_ scalar: Unicode.Scalar) -> Bool {
        [0x061C, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069].contains(scalar.value)
    }
}
