import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import PatchModel

/// A thin event-driven reader over `XMLParser`: subclasses see elements with their
/// attributes and text, and throw `InputError`s that carry the element and line.
class XMLDocumentReader: NSObject, XMLParserDelegate {
    let file: String
    private(set) var stack: [String] = []
    private var text = ""
    private(set) var failure: InputError?
    private weak var parser: XMLParser?

    init(file: String) { self.file = file }

    /// Parses the whole document; the first error wins.
    func read(_ data: Data) throws {
        let p = XMLParser(data: data)
        p.shouldProcessNamespaces = false
        p.delegate = self
        parser = p
        let ok = p.parse()
        if let failure { throw failure }
        if !ok {
            let err = p.parserError.map { "\($0.localizedDescription)" } ?? "unknown error"
            throw InputError(file: file, location: .element(stack.last ?? "document", line: p.lineNumber),
                             message: "malformed XML (\(err))")
        }
        if let open = stack.last {
            throw InputError(file: file, location: .element(open, line: p.lineNumber),
                             message: "malformed XML (the document ends inside <\(open)>: truncated?)")
        }
        try finish()
    }

    var line: Int { parser?.lineNumber ?? 0 }

    func fail(_ error: InputError) {
        if failure == nil { failure = error }
        parser?.abortParsing()
    }

    func error(_ element: String, _ message: String) -> InputError {
        InputError(file: file, location: .element(element, line: line), message: message)
    }

    // Hooks for subclasses.
    func start(_ name: String, _ attributes: [String: String]) throws {}
    func end(_ name: String, text: String) throws {}
    func finish() throws {}

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        guard failure == nil else { return }
        stack.append(elementName)
        text = ""
        do { try start(elementName, attributeDict) } catch let e as InputError { fail(e) } catch { fail(self.error(elementName, "\(error)")) }
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        guard failure == nil else { return }
        let t = text.trimmingWhitespace
        text = ""
        do { try end(elementName, text: t) } catch let e as InputError { fail(e) } catch { fail(self.error(elementName, "\(error)")) }
        if !stack.isEmpty { stack.removeLast() }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) { text += String(decoding: CDATABlock, as: UTF8.self) }
}
