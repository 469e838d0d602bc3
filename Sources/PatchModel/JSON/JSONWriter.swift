/// Writes JSON with keys in the order given, so reports are byte-identical run to run.
public enum JSONOutput: Sendable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSONOutput])
    case object([(String, JSONOutput)])

    public static func int(_ v: Int) -> JSONOutput { .int(Int64(v)) }

    /// A value read from input, written back as it was (integral numbers as integers).
    public init(_ v: JSONValue) {
        switch v.kind {
        case .null: self = .null
        case .bool(let b): self = .bool(b)
        case .number(let n): self = n == n.rounded() && abs(n) < 9e15 ? .int(Int64(n)) : .double(n)
        case .string(let s): self = .string(s)
        case .array(let a): self = .array(a.map(JSONOutput.init))
        case .object(let pairs): self = .object(pairs.map { ($0.0, JSONOutput($0.1)) })
        }
    }

    /// Two-space indented rendering, newline-terminated.
    public func rendered() -> String {
        var out = ""
        write(into: &out, indent: 0)
        out += "\n"
        return out
    }

    /// As the AWS CLI prints `--output json`: four-space indent, newline-terminated.
    public func renderedAsCLI() -> String {
        var out = ""
        write(into: &out, indent: 0, step: 4)
        out += "\n"
        return out
    }

    /// One line, no spaces (JSON lines).
    public func compact() -> String {
        var out = ""
        writeCompact(into: &out)
        return out
    }

    func writeCompact(into out: inout String) {
        switch self {
        case .array(let a):
            out += "["
            for (k, v) in a.enumerated() { if k > 0 { out += "," }; v.writeCompact(into: &out) }
            out += "]"
        case .object(let o):
            out += "{"
            for (k, pair) in o.enumerated() {
                if k > 0 { out += "," }
                JSONOutput.escape(pair.0, into: &out)
                out += ":"
                pair.1.writeCompact(into: &out)
            }
            out += "}"
        default:
            write(into: &out, indent: 0)
        }
    }

    func write(into out: inout String, indent: Int, step: Int = 2) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .double(let d):
            out += d.isFinite ? (d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : String(d)) : "null"
        case .string(let s): JSONOutput.escape(s, into: &out)
        case .array(let a):
            if a.isEmpty { out += "[]"; return }
            out += "[\n"
            for (k, v) in a.enumerated() {
                out += String(repeating: " ", count: indent + step)
                v.write(into: &out, indent: indent + step, step: step)
                out += k + 1 < a.count ? ",\n" : "\n"
            }
            out += String(repeating: " ", count: indent) + "]"
        case .object(let o):
            if o.isEmpty { out += "{}"; return }
            out += "{\n"
            for (k, pair) in o.enumerated() {
                out += String(repeating: " ", count: indent + step)
                JSONOutput.escape(pair.0, into: &out)
                out += ": "
                pair.1.write(into: &out, indent: indent + step, step: step)
                out += k + 1 < o.count ? ",\n" : "\n"
            }
            out += String(repeating: " ", count: indent) + "}"
        }
    }

    static func escape(_ s: String, into out: inout String) {
        out += "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where u.value < 0x20:
                let hex = String(u.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(u)
            }
        }
        out += "\""
    }
}
