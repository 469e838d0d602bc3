/// Reads JSON back into `JSONOutput`, keeping key order and telling integers from other
/// numbers, so a report read and written again comes out byte for byte the same (what
/// `patchsim merge` needs), through the same strict `JSONParser` as every other input.
extension JSONOutput {
    public static func parse(_ bytes: [UInt8], file: String) throws -> JSONOutput {
        JSONOutput(try JSONParser.parse(bytes, file: file))
    }

    init(_ node: JSONParser.Node) {
        switch node {
        case .null: self = .null
        case .bool(let b): self = .bool(b)
        case .number(let text):
            let integral = !text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" })
            if integral, let i = Int64(text) { self = .int(i) } else { self = .double(Double(text) ?? 0) }
        case .string(let s): self = .string(s)
        case .array(let a): self = .array(a.map(JSONOutput.init))
        case .object(let pairs): self = .object(pairs.map { ($0.0, JSONOutput($0.1)) })
        }
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
}

extension JSONOutput {
    /// The key-value pairs of an object (empty for anything else).
    public var objectPairs: [(String, JSONOutput)] { if case .object(let p) = self { return p }; return [] }
}
