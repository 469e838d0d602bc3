import Foundation
import PatchModel

/// A strict, non-validating XML 1.0 reader for repository metadata (`primary.xml`,
/// `updateinfo.xml`): subclasses see elements with their attributes and text, and
/// throw `InputError`s that carry the element and line.
///
/// Our own rather than FoundationXML's `XMLParser`, which traps on some malformed
/// input (a processing instruction without data, invalid UTF-8 in a name) and reports
/// the rest as "error 9". Every byte is checked here: UTF-8, the characters XML allows,
/// names, quoting, entity and character references, tag nesting, text outside the
/// root. No DTD is read (a DOCTYPE is skipped), so no entity can expand.
open class XMLDocumentReader {
    public let file: String
    public private(set) var stack: [String] = []
    private var bytes: [UInt8] = []
    private var k = 0
    /// Line counting is incremental: `line` is asked for in order, so each byte is counted once.
    private var lineAt = 0, lineCount = 1

    public init(file: String) { self.file = file }

    // Hooks for subclasses.
    open func start(_ name: String, _ attributes: [String: String]) throws {}
    open func end(_ name: String, text: String) throws {}
    open func finish() throws {}

    /// The line the reader is on.
    public var line: Int { lineNumber(at: k) }

    public func error(_ element: String, _ message: String) -> InputError {
        InputError(file: file, location: .element(element, line: line), message: message)
    }

    /// Parses the whole document; the first error wins.
    public func read(_ data: Data) throws {
        bytes = [UInt8](data)
        k = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        lineAt = 0; lineCount = 1; stack = []
        var sawRoot = false, rootClosed = false
        var text: [UInt8] = []
        while k < bytes.count {
            let b = bytes[k]
            if b != 0x3C {  // character data
                let at = k
                try characterData(into: &text)
                if stack.isEmpty, text.contains(where: { !Self.isSpace($0) }) {
                    throw malformed("text outside the root element", at: at)
                }
                continue
            }
            if starts(with: "<?") { try processingInstruction(atStart: k == 0 || (k == 3 && bytes[0] == 0xEF)); continue }
            if starts(with: "<!--") { try comment(); continue }
            if starts(with: "<![CDATA[") {
                guard !stack.isEmpty else { throw malformed("a CDATA section outside the root element") }
                try cdata(into: &text); continue
            }
            if starts(with: "<!DOCTYPE") {
                guard !sawRoot else { throw malformed("a DOCTYPE after the root element") }
                try skipDoctype(); continue
            }
            if starts(with: "</") {
                let at = k
                k += 2
                let name = try self.name()
                skipSpace()
                guard k < bytes.count, bytes[k] == 0x3E else { throw malformed("</\(name) is not closed by '>'") }
                k += 1
                guard let open = stack.last else { throw malformed("</\(name)> closes nothing", at: at) }
                guard open == name else { throw malformed("</\(name)> closes <\(open)>", at: at) }
                let t = String(decoding: text, as: UTF8.self).trimmingWhitespace
                text = []
                try end(name, text: t)
                stack.removeLast()
                if stack.isEmpty { rootClosed = true }
                continue
            }
            // A start tag.
            let at = k
            guard !rootClosed else { throw malformed("a second root element", at: at) }
            k += 1
            let name = try self.name()
            var attributes: [String: String] = [:]
            var selfClosing = false
            while true {
                let hadSpace = skipSpace()
                guard k < bytes.count else { throw truncated() }
                if bytes[k] == 0x3E { k += 1; break }
                if bytes[k] == 0x2F {
                    guard k + 1 < bytes.count, bytes[k + 1] == 0x3E else { throw malformed("'/' in <\(name)> not followed by '>'") }
                    k += 2; selfClosing = true; break
                }
                guard hadSpace else { throw malformed("\(describe(bytes[k])) in <\(name)> where a space, '>' or '/>' belongs") }
                let attribute = try self.name()
                skipSpace()
                guard k < bytes.count, bytes[k] == 0x3D else { throw malformed("attribute \(attribute) of <\(name)> has no '='") }
                k += 1
                skipSpace()
                let value = try attributeValue(of: attribute, in: name)
                guard attributes.updateValue(value, forKey: attribute) == nil else {
                    throw malformed("attribute \(attribute) given twice in <\(name)>")
                }
            }
            stack.append(name)
            sawRoot = true
            text = []
            try start(name, attributes)
            if selfClosing {
                try end(name, text: "")
                stack.removeLast()
                if stack.isEmpty { rootClosed = true }
            }
        }
        if let open = stack.last {
            throw InputError(file: file, location: .element(open, line: line),
                             message: "malformed XML (the document ends inside <\(open)>: truncated?)")
        }
        try finish()
    }

    // MARK: - Pieces of the grammar

    private func characterData(into text: inout [UInt8]) throws {
        while k < bytes.count, bytes[k] != 0x3C {
            let b = bytes[k]
            if b == 0x26 { text += try reference(); continue }
            if b == 0x3E, k >= 2, bytes[k - 1] == 0x5D, bytes[k - 2] == 0x5D { throw malformed("']]>' in text") }
            let n = try character(at: k)
            text += bytes[k..<(k + n)]
            k += n
        }
    }

    /// `&lt;`, `&gt;`, `&amp;`, `&apos;`, `&quot;`, `&#N;` and `&#xH;`; no other entity exists without a DTD.
    private func reference() throws -> [UInt8] {
        let at = k
        guard let semicolon = bytes[k..<min(bytes.count, k + 40)].firstIndex(of: 0x3B) else {
            throw malformed("'&' that starts no reference (write &amp;)", at: at)
        }
        let body = String(decoding: bytes[(k + 1)..<semicolon], as: UTF8.self)
        k = semicolon + 1
        switch body {
        case "lt": return [0x3C]
        case "gt": return [0x3E]
        case "amp": return [0x26]
        case "apos": return [0x27]
        case "quot": return [0x22]
        default: break
        }
        if body.hasPrefix("#") {
            let digits = body.dropFirst()
            let value = digits.hasPrefix("x") ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits, radix: 10)
            guard let value, !digits.isEmpty, digits.allSatisfy({ $0.isHexDigit || $0 == "x" }),
                  let scalar = Unicode.Scalar(value), Self.isXMLChar(value) else {
                throw malformed("&\(Self.cut(body)); is not a character XML allows", at: at)
            }
            return Array(String(Character(scalar)).utf8)
        }
        throw malformed("entity &\(Self.cut(body)); is not defined (only &lt; &gt; &amp; &apos; &quot; and character references are)", at: at)
    }

    private func attributeValue(of attribute: String, in element: String) throws -> String {
        guard k < bytes.count else { throw truncated() }
        let quote = bytes[k]
        guard quote == 0x22 || quote == 0x27 else { throw malformed("attribute \(attribute) of <\(element)> is not quoted") }
        let open = k
        k += 1
        var value: [UInt8] = []
        while true {
            guard k < bytes.count else { throw malformed("attribute \(attribute) of <\(element)> never ends (it starts here)", at: open) }
            let b = bytes[k]
            if b == quote { k += 1; break }
            if b == 0x3C { throw malformed("'<' inside attribute \(attribute) of <\(element)>") }
            if b == 0x26 { value += try reference(); continue }
            let n = try character(at: k)
            // Attribute-value normalisation: a tab or line break reads as a space.
            if b == 0x09 || b == 0x0A || b == 0x0D { value.append(0x20) } else { value += bytes[k..<(k + n)] }
            k += n
        }
        return String(decoding: value, as: UTF8.self)
    }

    private func cdata(into text: inout [UInt8]) throws {
        let open = k
        k += 9
        while true {
            guard k + 2 < bytes.count else { throw malformed("a CDATA section that never ends (it starts here)", at: open) }
            if bytes[k] == 0x5D, bytes[k + 1] == 0x5D, bytes[k + 2] == 0x3E { k += 3; return }
            let n = try character(at: k)
            text += bytes[k..<(k + n)]
            k += n
        }
    }

    private func comment() throws {
        let open = k
        k += 4
        while true {
            guard k + 2 < bytes.count else { throw malformed("a comment that never ends (it starts here)", at: open) }
            if bytes[k] == 0x2D, bytes[k + 1] == 0x2D {
                guard bytes[k + 2] == 0x3E else { throw malformed("'--' inside a comment") }
                k += 3; return
            }
            k += try character(at: k)
        }
    }

    /// `<?target data?>`; the XML declaration may only open the document.
    private func processingInstruction(atStart: Bool) throws {
        let open = k
        k += 2
        let target = try name()
        if target.lowercased() == "xml", !atStart { throw malformed("an XML declaration not at the start of the document", at: open) }
        let hadSpace = skipSpace()
        while true {
            guard k + 1 < bytes.count else { throw malformed("a processing instruction that never ends (it starts here)", at: open) }
            if bytes[k] == 0x3F, bytes[k + 1] == 0x3E { k += 2; return }
            guard hadSpace else { throw malformed("\(describe(bytes[k])) after <?\(target) where a space or '?>' belongs") }
            k += try character(at: k)
        }
    }

    /// Skips `<!DOCTYPE ...>` with its internal subset, minding quotes.
    private func skipDoctype() throws {
        let open = k
        k += 9
        var depth = 0
        var quote: UInt8? = nil
        while k < bytes.count {
            let b = bytes[k]
            if let q = quote { if b == q { quote = nil } }
            else if b == 0x22 || b == 0x27 { quote = b }
            else if b == 0x5B { depth += 1 }
            else if b == 0x5D { depth -= 1 }
            else if b == 0x3E, depth <= 0 { k += 1; return }
            k += try character(at: k)
        }
        throw malformed("a DOCTYPE that never ends (it starts here)", at: open)
    }

    /// An XML name (`rpm:entry` stays whole: namespaces are not processed).
    private func name() throws -> String {
        let start = k
        while k < bytes.count {
            let b = bytes[k]
            let ok = b >= 0x80 || (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || b == 0x5F || b == 0x3A
                || (k > start && ((b >= 0x30 && b <= 0x39) || b == 0x2D || b == 0x2E))
            guard ok else { break }
            k += b >= 0x80 ? try character(at: k) : 1
        }
        guard k > start else {
            throw k < bytes.count ? malformed("\(describe(bytes[k])) where a name belongs") : truncated()
        }
        return String(decoding: bytes[start..<k], as: UTF8.self)
    }

    @discardableResult
    private func skipSpace() -> Bool {
        let start = k
        while k < bytes.count, Self.isSpace(bytes[k]) { k += 1 }
        return k > start
    }

    /// The length of the character at `i`, which must be valid UTF-8 and a character XML 1.0 allows.
    private func character(at i: Int) throws -> Int {
        let b = bytes[i]
        if b >= 0x20 && b < 0x80 || b == 0x09 || b == 0x0A || b == 0x0D { return 1 }
        if b < 0x20 { throw malformed("control character \(describe(b)), which XML does not allow", at: i) }
        switch UTF8Sequence.length(bytes, at: i) {
        case .failure(let p): throw malformed(p.text, at: i)
        case .success(let n):
            // U+FFFE and U+FFFF are not XML characters (EF BF BE, EF BF BF).
            if n == 3, b == 0xEF, bytes[i + 1] == 0xBF, bytes[i + 2] >= 0xBE {
                throw malformed("character U+FFF\(bytes[i + 2] == 0xBE ? "E" : "F"), which XML does not allow", at: i)
            }
            return n
        }
    }

    private func starts(with s: StaticString) -> Bool {
        let n = s.utf8CodeUnitCount
        guard k + n <= bytes.count else { return false }
        let p = s.utf8Start
        for j in 0..<n where bytes[k + j] != p[j] { return false }
        return true
    }

    private func lineNumber(at offset: Int) -> Int {
        let end = min(offset, bytes.count)
        if end < lineAt { lineAt = 0; lineCount = 1 }
        while lineAt < end { if bytes[lineAt] == 0x0A { lineCount += 1 }; lineAt += 1 }
        return lineCount
    }

    private func malformed(_ what: String, at offset: Int? = nil) -> InputError {
        let n = lineNumber(at: offset ?? k)
        return InputError(file: file, location: .element(stack.last ?? "document", line: n), message: "malformed XML: \(what)")
    }

    private func truncated() -> InputError {
        malformed("the document ends inside a tag (truncated?)")
    }

    private func describe(_ b: UInt8) -> String {
        b >= 0x20 && b < 0x7F ? "'\(Character(Unicode.Scalar(b)))'" : "byte 0x\(String(b, radix: 16))"
    }

    private static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 }

    private static func isXMLChar(_ v: UInt32) -> Bool {
        v == 0x9 || v == 0xA || v == 0xD || (0x20...0xD7FF).contains(v) || (0xE000...0xFFFD).contains(v) || (0x10000...0x10FFFF).contains(v)
    }

    /// Long values are cut in messages.
    static func cut(_ s: String) -> String { s.count > 40 ? String(s.prefix(40)) + "…" : s }
}
