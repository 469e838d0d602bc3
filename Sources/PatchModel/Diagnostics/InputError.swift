/// A problem with something a user wrote: which file, where in it, what was found and
/// what is allowed. Rendered as one line, e.g.
/// `scenario.json: baselines[1].ApprovalRules.PatchRules[0].ApproveAfterDays: 400 is out of range 0...360`.
/// The command line turns it into exit code 2; nothing in the engine traps on user input.
public struct InputError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Where in a file the problem is.
    public enum Location: Equatable, Sendable {
        case none
        case line(Int)
        /// A JSON path such as `baselines[2].ApprovalRules.PatchRules[0].ApproveAfterDays`.
        case path(String)
        /// An XML element, with the line the parser was on.
        case element(String, line: Int)
        /// A field of a deb822 stanza (Packages, Release, dpkg status).
        case field(String, line: Int)
        /// A place in a text file, and the JSON path it is under (syntax errors).
        case position(line: Int, column: Int, path: String)
    }

    public var file: String
    public var location: Location
    public var message: String

    public init(file: String, location: Location = .none, message: String) {
        self.file = file
        self.location = location
        self.message = message
    }

    /// `found` and `allowed` spelled out the same way everywhere.
    public init(file: String, location: Location = .none, found: String, allowed: String) {
        self.init(file: file, location: location, message: "found \(Self.cut(found)); allowed: \(allowed)")
    }

    /// A value from input as a message quotes it: long ones are cut at about `limit`
    /// bytes (a 4 MB string is not repeated whole), control characters are escaped so the line stays one line.
    public static func cut(_ value: String, limit: Int = 100) -> String {
        var out = ""
        var n = 0
        for ch in value.unicodeScalars {
            if n >= limit { return out + "… (\(value.utf8.count) bytes)" }
            switch ch.value {
            case 0x0A: out += "\\n"
            case 0x0D: out += "\\r"
            case 0x09: out += "\\t"
            case 0..<0x20, 0x7F: out += "\\u{\(String(ch.value, radix: 16))}"
            default: out.unicodeScalars.append(ch)
            }
            n += ch.utf8.count
        }
        return out
    }

    public var description: String {
        var parts: [String] = [file.isEmpty ? "<input>" : Self.cut(file, limit: 300)]
        // A name from the input (a JSON key, an XML element) is cut like any value.
        switch location {
        case .none: break
        case .line(let n): parts.append("line \(n)")
        case .path(let p): parts.append(Self.cut(p, limit: 300))
        case .element(let e, let n): parts.append("line \(n): <\(Self.cut(e))>")
        case .field(let f, let n): parts.append("line \(n): \(Self.cut(f))")
        case .position(let line, let column, let path): parts.append("line \(line), column \(column)" + (path.isEmpty ? "" : ": \(Self.cut(path, limit: 300))"))
        }
        // The last guard against a huge value quoted whole: messages end within a screenful.
        parts.append(message.utf8.count > 2000 ? Self.cut(message, limit: 2000) : message)
        return parts.joined(separator: ": ")
    }
}
