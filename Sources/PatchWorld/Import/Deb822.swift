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
    public static func parse(_ text: String, file: String) throws -> [Deb822Stanza] {
        var stanzas: [Deb822Stanza] = []
        var current: Deb822Stanza? = nil
        var lineNumber = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            var line = Substring(rawLine)
            if line.hasSuffix("\r") { line = line.dropLast() }
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) {
                if let c = current { stanzas.append(c); current = nil }
                continue
            }
            if line.hasPrefix("#") { continue }
            if line.first == " " || line.first == "\t" {
                guard var c = current, !c.fields.isEmpty else {
                    throw InputError(file: file, location: .line(lineNumber),
                                     found: "a continuation line with no field before it",
                                     allowed: "'Field: value' lines")
                }
                let continuation = line.trimmingWhitespace
                c.fields[c.fields.count - 1].value += "\n" + (continuation == "." ? "" : continuation)
                current = c
                continue
            }
            guard let colon = line.firstIndex(of: ":"), colon > line.startIndex else {
                throw InputError(file: file, location: .line(lineNumber),
                                 found: "'\(line.prefix(60))'", allowed: "'Field: value' (a truncated or corrupt stanza?)")
            }
            let name = String(line[..<colon])
            guard !name.contains(" "), !name.contains("\t") else {
                throw InputError(file: file, location: .line(lineNumber),
                                 found: "field name '\(name)' with spaces", allowed: "'Field: value'")
            }
            let value = line[line.index(after: colon)...].trimmingWhitespace
            if current == nil { current = Deb822Stanza(firstLine: lineNumber) }
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
