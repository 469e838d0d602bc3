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
    ///   others are still checked for form but never become strings (a Packages index's
    ///   descriptions and checksums are most of its bytes).
    public static func parse(_ text: String, file: String, keeping: Set<String>? = nil) throws -> [Deb822Stanza] {
        var text = text
        return try text.withUTF8 { try parse(bytes: $0, file: file, keeping: keeping) }
    }

    static func parse(bytes b: UnsafeBufferPointer<UInt8>, file: String, keeping: Set<String>?) throws -> [Deb822Stanza] {
        var skippingContinuations = false
        var stanzas: [Deb822Stanza] = []
        var current: Deb822Stanza? = nil
        var lineNumber = 0
        var p = 0
        let n = b.count
        func isBlank(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 }
        func string(_ from: Int, _ to: Int) -> String {
            var s = from, e = to
            while s < e && isBlank(b[s]) { s += 1 }
            while e > s && (isBlank(b[e - 1]) || b[e - 1] == 0x0D) { e -= 1 }
            return String(decoding: UnsafeBufferPointer(rebasing: b[s..<e]), as: UTF8.self)
        }
        while p < n {
            lineNumber += 1
            var e = p
            while e < n && b[e] != 0x0A { e += 1 }
            let lineStart = p, lineEnd = (e > p && b[e - 1] == 0x0D) ? e - 1 : e
            p = e + 1
            var k = lineStart
            while k < lineEnd && isBlank(b[k]) { k += 1 }
            if k == lineEnd {
                if let c = current { stanzas.append(c); current = nil }
                skippingContinuations = false
                continue
            }
            if b[lineStart] == UInt8(ascii: "#") { continue }
            if isBlank(b[lineStart]) {
                if skippingContinuations { continue }
                guard current != nil, !(current?.fields.isEmpty ?? true) else {
                    throw InputError(file: file, location: .line(lineNumber),
                                     found: "a continuation line with no field before it",
                                     allowed: "'Field: value' lines")
                }
                let continuation = string(lineStart, lineEnd)
                let last = (current?.fields.count ?? 1) - 1
                current?.fields[last].value += "\n" + (continuation == "." ? "" : continuation)
                continue
            }
            var colon = lineStart
            while colon < lineEnd && b[colon] != UInt8(ascii: ":") { colon += 1 }
            guard colon < lineEnd, colon > lineStart else {
                let shown = string(lineStart, min(lineEnd, lineStart + 60))
                throw InputError(file: file, location: .line(lineNumber),
                                 found: "'\(shown)'", allowed: "'Field: value' (a truncated or corrupt stanza?)")
            }
            let name = string(lineStart, colon)
            guard !name.utf8.contains(where: isBlank) else {
                throw InputError(file: file, location: .line(lineNumber),
                                 found: "field name '\(name)' with spaces", allowed: "'Field: value'")
            }
            if current == nil { current = Deb822Stanza(firstLine: lineNumber) }
            if let keeping, !keeping.contains(name) {
                skippingContinuations = true
                continue
            }
            skippingContinuations = false
            let value = string(colon + 1, lineEnd)
            current?.fields.append((name, value, lineNumber))
        }
        if let c = current { stanzas.append(c) }
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
