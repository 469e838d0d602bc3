/// JSON as RFC 8259 defines it, strictly: what every standard parser rejects is an error
/// here too (a trailing comma, a duplicate key, a leading zero, an unescaped control
/// character, a lone surrogate escape, invalid UTF-8, text after the value), named by
/// file, line, column and the JSON path it was found under. Keys keep document order and
/// numbers keep their text, so `JSONValue` (scenarios, baselines) and `JSONOutput`
/// (reports read back by `merge`) are both built from one reading.
public struct JSONParser {
    /// Bounds the nesting (each level is a stack frame).
    public static let maxDepth = 512

    public indirect enum Node: Sendable {
        case null
        case bool(Bool)
        /// The number as written (valid by the RFC's grammar).
        case number(String)
        case string(String)
        case array([Node])
        case object([(String, Node)])
    }

    let bytes: [UInt8]
    let file: String
    var k = 0
    var path: [String] = []

    public static func parse(_ bytes: [UInt8], file: String) throws -> Node {
        var p = JSONParser(bytes: bytes, file: file)
        // A UTF-8 byte-order mark, as some editors write, is not part of the text.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { p.k = 3 }
        p.skipSpace()
        guard p.k < bytes.count else { throw p.error("the file is empty; a JSON value was expected") }
        let v = try p.value(depth: 0)
        p.skipSpace()
        guard p.k == bytes.count else { throw p.error("text after the JSON value") }
        return v
    }

    var pathText: String {
        var out = ""
        for part in path {
            if part.hasPrefix("[") { out += part } else { out += out.isEmpty ? part : "." + part }
        }
        return out
    }

    func error(_ what: String, at offset: Int? = nil) -> InputError {
        let at = min(offset ?? k, bytes.count)
        var line = 1, lineStart = 0
        for i in 0..<at where bytes[i] == 0x0A { line += 1; lineStart = i + 1 }
        // Columns count characters, not bytes (UTF-8 continuation bytes do not start one).
        let column = 1 + bytes[lineStart..<at].filter { $0 & 0xC0 != 0x80 }.count
        return InputError(file: file, location: .position(line: line, column: column, path: pathText), message: "not valid JSON: \(what)")
    }

    mutating func skipSpace() {
        while k < bytes.count, bytes[k] == 0x20 || bytes[k] == 0x0A || bytes[k] == 0x0D || bytes[k] == 0x09 { k += 1 }
    }

    func describe(_ b: UInt8) -> String {
        b >= 0x20 && b < 0x7F ? "'\(Character(Unicode.Scalar(b)))'" : "byte 0x\(String(b, radix: 16))"
    }

    mutating func value(depth: Int) throws -> Node {
        guard depth < Self.maxDepth else { throw error("nested more than \(Self.maxDepth) levels deep") }
        guard k < bytes.count else { throw error("the text ends where a value was expected") }
        switch bytes[k] {
        case UInt8(ascii: "{"): return try object(depth: depth)
        case UInt8(ascii: "["): return try array(depth: depth)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): return try literal("true", .bool(true))
        case UInt8(ascii: "f"): return try literal("false", .bool(false))
        case UInt8(ascii: "n"): return try literal("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
        default: throw error("found \(describe(bytes[k])) where a value was expected")
        }
    }

    mutating func literal(_ word: String, _ node: Node) throws -> Node {
        let u = Array(word.utf8)
        guard k + u.count <= bytes.count, bytes[k..<(k + u.count)].elementsEqual(u) else {
            throw error("expected \(word)")
        }
        k += u.count
        return node
    }

    mutating func object(depth: Int) throws -> Node {
        k += 1
        var pairs: [(String, Node)] = []
        var seen: Set<String> = []
        skipSpace()
        if k < bytes.count, bytes[k] == UInt8(ascii: "}") { k += 1; return .object(pairs) }
        while true {
            skipSpace()
            guard k < bytes.count else { throw error("the text ends inside an object") }
            guard bytes[k] == UInt8(ascii: "\"") else {
                throw error(bytes[k] == UInt8(ascii: "}") ? "a trailing comma before '}'" : "found \(describe(bytes[k])) where a key (a string) was expected")
            }
            let keyStart = k
            let key = try string()
            guard seen.insert(key).inserted else { throw error("the key \"\(key.prefix(80))\" appears twice in one object", at: keyStart) }
            skipSpace()
            guard k < bytes.count, bytes[k] == UInt8(ascii: ":") else { throw error("expected ':' after the key \"\(key.prefix(80))\"") }
            k += 1
            skipSpace()
            path.append(key)
            pairs.append((key, try value(depth: depth + 1)))
            path.removeLast()
            skipSpace()
            guard k < bytes.count else { throw error("the text ends inside an object") }
            if bytes[k] == UInt8(ascii: ",") { k += 1; continue }
            guard bytes[k] == UInt8(ascii: "}") else { throw error("found \(describe(bytes[k])) where ',' or '}' was expected") }
            k += 1
            return .object(pairs)
        }
    }

    mutating func array(depth: Int) throws -> Node {
        k += 1
        var items: [Node] = []
        skipSpace()
        if k < bytes.count, bytes[k] == UInt8(ascii: "]") { k += 1; return .array(items) }
        while true {
            skipSpace()
            guard k < bytes.count else { throw error("the text ends inside an array") }
            if bytes[k] == UInt8(ascii: "]") { throw error("a trailing comma before ']'") }
            path.append("[\(items.count)]")
            items.append(try value(depth: depth + 1))
            path.removeLast()
            skipSpace()
            guard k < bytes.count else { throw error("the text ends inside an array") }
            if bytes[k] == UInt8(ascii: ",") { k += 1; continue }
            guard bytes[k] == UInt8(ascii: "]") else { throw error("found \(describe(bytes[k])) where ',' or ']' was expected") }
            k += 1
            return .array(items)
        }
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
    mutating func number() throws -> Node {
        let start = k
        func digits() -> Int {
            let s = k
            while k < bytes.count, bytes[k] >= 0x30 && bytes[k] <= 0x39 { k += 1 }
            return k - s
        }
        if bytes[k] == UInt8(ascii: "-") { k += 1 }
        guard k < bytes.count, bytes[k] >= 0x30 && bytes[k] <= 0x39 else { throw error("a '-' without digits") }
        if bytes[k] == 0x30 {
            k += 1
            if k < bytes.count, bytes[k] >= 0x30 && bytes[k] <= 0x39 { throw error("a number with a leading zero", at: start) }
        } else {
            _ = digits()
        }
        if k < bytes.count, bytes[k] == UInt8(ascii: ".") {
            k += 1
            guard digits() > 0 else { throw error("a '.' without digits after it") }
        }
        if k < bytes.count, bytes[k] == UInt8(ascii: "e") || bytes[k] == UInt8(ascii: "E") {
            k += 1
            if k < bytes.count, bytes[k] == UInt8(ascii: "+") || bytes[k] == UInt8(ascii: "-") { k += 1 }
            guard digits() > 0 else { throw error("an exponent without digits") }
        }
        guard k - start <= 400 else { throw error("a number of more than 400 characters", at: start) }
        return .number(String(decoding: bytes[start..<k], as: UTF8.self))
    }

    mutating func string() throws -> String {
        let open = k
        k += 1
        var out: [UInt8] = []
        while k < bytes.count {
            let b = bytes[k]
            if b == UInt8(ascii: "\"") {
                k += 1
                return String(decoding: out, as: UTF8.self)
            }
            if b < 0x20 { throw error("an unescaped control character (\(describe(b))) in a string") }
            if b == UInt8(ascii: "\\") {
                guard k + 1 < bytes.count else { break }
                let e = bytes[k + 1]
                k += 2
                switch e {
                case UInt8(ascii: "\""): out.append(0x22)
                case UInt8(ascii: "\\"): out.append(0x5C)
                case UInt8(ascii: "/"): out.append(0x2F)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    let escapeAt = k - 2
                    var scalar = try hex4()
                    if (0xDC00..<0xE000).contains(scalar) { throw error("a lone low surrogate escape \\u\(String(scalar, radix: 16))", at: escapeAt) }
                    if (0xD800..<0xDC00).contains(scalar) {
                        guard k + 1 < bytes.count, bytes[k] == UInt8(ascii: "\\"), bytes[k + 1] == UInt8(ascii: "u") else {
                            throw error("a lone high surrogate escape \\u\(String(scalar, radix: 16))", at: escapeAt)
                        }
                        k += 2
                        let low = try hex4()
                        guard (0xDC00..<0xE000).contains(low) else { throw error("a high surrogate escape not followed by a low one", at: escapeAt) }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let u = Unicode.Scalar(scalar) else { throw error("an escape that is not a Unicode scalar", at: escapeAt) }
                    out += Array(String(Character(u)).utf8)
                default:
                    throw error("an unknown escape \\\(describe(e))", at: k - 2)
                }
                continue
            }
            if b < 0x80 { out.append(b); k += 1; continue }
            // A UTF-8 sequence, checked as the standard requires (no overlongs, no surrogates).
            let n = try utf8SequenceLength(at: k)
            out += bytes[k..<(k + n)]
            k += n
        }
        throw error("a string that never ends (it starts here)", at: open)
    }

    func utf8SequenceLength(at i: Int) throws -> Int {
        switch UTF8Sequence.length(bytes, at: i) {
        case .success(let n): return n
        case .failure(let p): throw error(p.text, at: i)
        }
    }

    mutating func hex4() throws -> UInt32 {
        guard k + 4 <= bytes.count else { throw error("a \\u escape needs four hex digits") }
        var v: UInt32 = 0
        for b in bytes[k..<(k + 4)] {
            let d: UInt8
            switch b {
            case 0x30...0x39: d = b - 0x30
            case 0x41...0x46: d = b - 0x41 + 10
            case 0x61...0x66: d = b - 0x61 + 10
            default: throw error("a \\u escape needs four hex digits")
            }
            v = v << 4 | UInt32(d)
        }
        k += 4
        return v
    }
}
