import Foundation
import PatchModel

/// One paragraph of a deb822 control file (Packages, Release, dpkg status): fields in
/// order, with the line each starts on so errors can point at it.
public struct Deb822Stanza: Sendable {
    public var fields: [(name: String, value: String, line: Int)] = []
    public var firstLine: Int

    /// The value of a field; names are case-insensitive in deb822.
    public subscript(_ name: String) -> String? {
        fields.first { $0.name.caseInsensitiveEquals(name) }?.value
    }

    public func line(of name: String) -> Int {
        fields.first { $0.name.caseInsensitiveEquals(name) }?.line ?? firstLine
    }
}

/// A small deb822 reader: `Field: value`, continuation lines starting with a space or
/// tab, paragraphs separated by blank lines, `#` comments. Anything else (a line with no
/// colon, a continuation with no field before it) is an error naming file and line.
public enum Deb822 {
    /// Parses on UTF-8 bytes (Character-wise splitting costs seconds on a 100 MB index);
    /// strings are made only for field names and values.
    /// - Parameter keeping: when given, only these fields (exact spelling) are stored; the
    ///   others are still checked for form but never become strings.
    public static func parse(_ text: String, file: String, keeping: Set<String>? = nil) throws -> [Deb822Stanza] {
        var text = text
        return try text.withUTF8 { try parse(bytes: $0, file: file, keeping: keeping) }
    }

    static func parse(bytes b: UnsafeBufferPointer<UInt8>, file: String, keeping: Set<String>?) throws -> [Deb822Stanza] {
        var stanzas: [Deb822Stanza] = []
        var current: Deb822Stanza? = nil
        var skippingContinuations = false
        var reader = Deb822Reader(b, file: file)
        while let line = try reader.next() {
            switch line {
            case .field(let name, let value):
                if current == nil { current = Deb822Stanza(firstLine: reader.lineNumber) }
                let nameText = reader.string(name)
                if let keeping, !keeping.contains(nameText) { skippingContinuations = true; continue }
                skippingContinuations = false
                current?.fields.append((nameText, reader.string(value), reader.lineNumber))
            case .continuation(let value):
                if skippingContinuations { continue }
                let continuation = reader.string(value)
                let last = (current?.fields.count ?? 1) - 1
                current?.fields[last].value += "\n" + (continuation == "." ? "" : continuation)
            case .paragraphEnd:
                if let c = current { stanzas.append(c) }
                current = nil
                skippingContinuations = false
            }
        }
        return stanzas
    }

    /// A required field, or an error naming the stanza and the field.
    public static func require(_ stanza: Deb822Stanza, _ field: String, file: String) throws -> String {
        guard let v = stanza[field], !v.isEmpty else {
            throw InputError(file: file, location: .line(stanza.firstLine),
                             message: "stanza lacks the '\(field)' field (truncated?)")
        }
        return v
    }
}

/// deb822's line grammar on bytes, one classified line at a time, as byte ranges into the
/// buffer (values trimmed of blanks and a trailing CR). The one reading of the syntax:
/// `Deb822.parse` builds stanzas from it, the Packages importer reads its few fields
/// straight from the ranges (a 100 MB index has millions of lines it never keeps).
struct Deb822Reader {
    enum Line {
        case field(name: Range<Int>, value: Range<Int>)
        case continuation(Range<Int>)
        /// A blank line after a paragraph, or the end of the input after one.
        case paragraphEnd
    }

    let bytes: UnsafeBufferPointer<UInt8>
    let file: String
    /// The 1-based number of the line last returned.
    private(set) var lineNumber = 0
    private var p = 0
    private var inParagraph = false

    init(_ bytes: UnsafeBufferPointer<UInt8>, file: String) {
        self.bytes = bytes
        self.file = file
    }

    func string(_ r: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[r]), as: UTF8.self)
    }

    @inline(__always) static func isBlank(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 }

    mutating func next() throws -> Line? {
        let b = bytes, n = b.count
        while p < n {
            lineNumber += 1
            // memchr: most of an index's bytes are descriptions the reader only skips.
            let e: Int
            if let base = b.baseAddress, let hit = memchr(base + p, 0x0A, n - p) {
                e = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            } else {
                e = n
            }
            let lineStart = p
            var lineEnd = (e > p && b[e - 1] == 0x0D) ? e - 1 : e
            p = e + 1
            var k = lineStart
            while k < lineEnd && Self.isBlank(b[k]) { k += 1 }
            if k == lineEnd {
                if inParagraph { inParagraph = false; return .paragraphEnd }
                continue
            }
            if b[lineStart] == UInt8(ascii: "#") { continue }
            while lineEnd > k && (Self.isBlank(b[lineEnd - 1]) || b[lineEnd - 1] == 0x0D) { lineEnd -= 1 }
            if Self.isBlank(b[lineStart]) {
                guard inParagraph else {
                    throw InputError(file: file, location: .line(lineNumber),
                                     found: "a continuation line with no field before it", allowed: "'Field: value' lines")
                }
                return .continuation(k..<lineEnd)
            }
            var colon = lineStart
            while colon < lineEnd && b[colon] != UInt8(ascii: ":") { colon += 1 }
            guard colon < lineEnd, colon > lineStart else {
                let shown = string(lineStart..<min(lineEnd, lineStart + 60))
                throw InputError(file: file, location: .line(lineNumber),
                                 found: "'\(shown)'", allowed: "'Field: value' (a truncated or corrupt stanza?)")
            }
            var nameEnd = colon
            while nameEnd > lineStart && Self.isBlank(b[nameEnd - 1]) { nameEnd -= 1 }
            guard !b[lineStart..<nameEnd].contains(where: Self.isBlank) else {
                throw InputError(file: file, location: .line(lineNumber),
                                 found: "field name '\(string(lineStart..<nameEnd))' with spaces", allowed: "'Field: value'")
            }
            var valueStart = colon + 1
            while valueStart < lineEnd && Self.isBlank(b[valueStart]) { valueStart += 1 }
            inParagraph = true
            return .field(name: lineStart..<nameEnd, value: valueStart..<max(valueStart, lineEnd))
        }
        if inParagraph { inParagraph = false; return .paragraphEnd }
        return nil
    }

    /// Whether the bytes in `r` spell `name` exactly.
    @inline(__always) func equals(_ r: Range<Int>, _ name: StaticString) -> Bool {
        guard r.count == name.utf8CodeUnitCount, let base = bytes.baseAddress else { return false }
        return memcmp(base + r.lowerBound, name.utf8Start, r.count) == 0
    }
}
