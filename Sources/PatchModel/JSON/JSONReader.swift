/// Reads JSON back into `JSONOutput`, keeping key order and telling integers from other
/// numbers, so a report read and written again comes out byte for byte the same (what
/// `patchsim merge` needs; `JSONValue` sorts keys, as JSONSerialization gives them).
extension JSONOutput {
    public static func parse(_ bytes: [UInt8], file: String) throws -> JSONOutput {
        var reader = Reader(bytes: bytes, file: file)
        reader.skipSpace()
        let value = try reader.value(depth: 0)
        reader.skipSpace()
        guard reader.k == bytes.count else { throw reader.error("text after the JSON value") }
        return value
    }

    /// The value under `key` of an object (nil for anything else).
    public subscript(key: String) -> JSONOutput? {
        guard case .object(let pairs) = self else { return nil }
        return pairs.first { $0.0 == key }?.1
    }

    public var arrayValue: [JSONOutput]? { if case .array(let a) = self { return a }; return nil }
    public var stringValue: String? { if case .string(let s) = self { return s }; return nil }
    public var intValue: Int? { if case .int(let i) = self { return Int(i) }; return nil }
    public var boolValue: Bool? { if case .bool(let b) = self { return b }; return nil }

    /// The same object with `key` set (replaced in place, or appended).
    public func setting(_ key: String, _ value: JSONOutput) -> JSONOutput {
        guard case .object(var pairs) = self else { return self }
        if let k = pairs.firstIndex(where: { $0.0 == key }) { pairs[k].1 = value } else { pairs.append((key, value)) }
        return .object(pairs)
    }

    /// The same object without `key`.
    public func removing(_ key: String) -> JSONOutput {
        guard case .object(let pairs) = self else { return self }
        return .object(pairs.filter { $0.0 != key })
    }

    struct Reader {
        let bytes: [UInt8]
        let file: String
        var k = 0
        static let maxDepth = 512

        func error(_ what: String) -> InputError {
            var line = 1
            for b in bytes[..<min(k, bytes.count)] where b == UInt8(ascii: "\n") { line += 1 }
            return InputError(file: file, location: .line(line), message: "not valid JSON: \(what)")
        }

        mutating func skipSpace() {
            while k < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[k]) { k += 1 }
        }

        mutating func expect(_ literal: String, _ value: JSONOutput) throws -> JSONOutput {
            let u = Array(literal.utf8)
            guard k + u.count <= bytes.count, Array(bytes[k..<(k + u.count)]) == u else { throw error("expected \(literal)") }
            k += u.count
            return value
        }

        mutating func value(depth: Int) throws -> JSONOutput {
            guard depth < Self.maxDepth else { throw error("nested more than \(Self.maxDepth) deep") }
            guard k < bytes.count else { throw error("unexpected end") }
            switch bytes[k] {
            case UInt8(ascii: "{"):
                k += 1
                var pairs: [(String, JSONOutput)] = []
                skipSpace()
                if k < bytes.count, bytes[k] == UInt8(ascii: "}") { k += 1; return .object(pairs) }
                while true {
                    skipSpace()
                    guard k < bytes.count, bytes[k] == UInt8(ascii: "\"") else { throw error("expected a key") }
                    let key = try string()
                    skipSpace()
                    guard k < bytes.count, bytes[k] == UInt8(ascii: ":") else { throw error("expected ':'") }
                    k += 1
                    skipSpace()
                    pairs.append((key, try value(depth: depth + 1)))
                    skipSpace()
                    guard k < bytes.count else { throw error("unexpected end in an object") }
                    if bytes[k] == UInt8(ascii: ",") { k += 1; continue }
                    guard bytes[k] == UInt8(ascii: "}") else { throw error("expected ',' or '}'") }
                    k += 1
                    return .object(pairs)
                }
            case UInt8(ascii: "["):
                k += 1
                var items: [JSONOutput] = []
                skipSpace()
                if k < bytes.count, bytes[k] == UInt8(ascii: "]") { k += 1; return .array(items) }
                while true {
                    skipSpace()
                    items.append(try value(depth: depth + 1))
                    skipSpace()
                    guard k < bytes.count else { throw error("unexpected end in an array") }
                    if bytes[k] == UInt8(ascii: ",") { k += 1; continue }
                    guard bytes[k] == UInt8(ascii: "]") else { throw error("expected ',' or ']'") }
                    k += 1
                    return .array(items)
                }
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"): return try expect("true", .bool(true))
            case UInt8(ascii: "f"): return try expect("false", .bool(false))
            case UInt8(ascii: "n"): return try expect("null", .null)
            default: return try number()
            }
        }

        mutating func number() throws -> JSONOutput {
            let start = k
            var integral = true
            while k < bytes.count {
                let b = bytes[k]
                if (b >= 0x30 && b <= 0x39) || b == UInt8(ascii: "-") { k += 1; continue }
                if b == UInt8(ascii: ".") || b == UInt8(ascii: "e") || b == UInt8(ascii: "E") || b == UInt8(ascii: "+") { integral = false; k += 1; continue }
                break
            }
            let text = String(decoding: bytes[start..<k], as: UTF8.self)
            if integral, let i = Int64(text) { return .int(i) }
            guard !text.isEmpty, let d = Double(text) else { throw error("expected a value, found '\(text.isEmpty ? String(decoding: bytes[k..<min(k + 1, bytes.count)], as: UTF8.self) : text)'") }
            return .double(d)
        }

        mutating func string() throws -> String {
            k += 1  // the opening quote
            var out: [UInt8] = []
            while k < bytes.count {
                let b = bytes[k]
                if b == UInt8(ascii: "\"") { k += 1; return String(decoding: out, as: UTF8.self) }
                if b != UInt8(ascii: "\\") { out.append(b); k += 1; continue }
                guard k + 1 < bytes.count else { break }
                let e = bytes[k + 1]
                k += 2
                switch e {
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xD800..<0xDC00).contains(scalar), k + 1 < bytes.count, bytes[k] == UInt8(ascii: "\\"), bytes[k + 1] == UInt8(ascii: "u") {
                        k += 2
                        let low = try hex4()
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    }
                    out += Array(String(Unicode.Scalar(scalar).map(Character.init) ?? "\u{FFFD}").utf8)
                default: out.append(e)  // \" \\ \/
                }
            }
            throw error("unterminated string")
        }

        mutating func hex4() throws -> UInt32 {
            guard k + 4 <= bytes.count, let v = UInt32(String(decoding: bytes[k..<(k + 4)], as: UTF8.self), radix: 16) else { throw error("bad \\u escape") }
            k += 4
            return v
        }
    }
}

extension JSONOutput {
    /// The key-value pairs of an object (empty for anything else).
    public var objectPairs: [(String, JSONOutput)] { if case .object(let p) = self { return p }; return [] }
}
