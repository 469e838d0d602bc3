import Foundation

/// A parsed JSON document that remembers where each value sits, so every error names
/// the file and the JSON path (`baselines[2].ApprovalRules.PatchRules[0].ApproveAfterDays`),
/// what was found and what is allowed.
public struct JSONValue: Sendable {
    public enum Kind: Sendable {
        case null
        case bool(Bool)
        case number(Double)
        case string(String)
        case array([JSONValue])
        /// Keys in document order (for stable reports and "unknown key" errors).
        case object([(String, JSONValue)])
    }

    public let kind: Kind
    public let file: String
    public let path: String

    /// Parses a whole document, strictly (RFC 8259, `JSONParser`); keys in document order.
    public static func parse(_ data: Data, file: String) throws -> JSONValue {
        JSONValue(node: try JSONParser.parse([UInt8](data), file: file), file: file, path: "")
    }

    /// A document held as a string inside another (an API's embedded JSON, such as a
    /// resource group's `Query`): its values' paths continue from `path`.
    public static func parse(embedded text: String, file: String, at path: String) throws -> JSONValue {
        JSONValue(node: try JSONParser.parse([UInt8](text.utf8), file: file), file: file, path: path)
    }

    public static func parse(contentsOf path: String) throws -> JSONValue {
        JSONValue(node: try JSONParser.parse(try InputFile.read(path), file: path), file: path, path: "")
    }

    init(node: JSONParser.Node, file: String, path: String) {
        self.file = file
        self.path = path
        switch node {
        case .null: kind = .null
        case .bool(let b): kind = .bool(b)
        case .number(let text): kind = .number(Double(text) ?? 0)
        case .string(let s): kind = .string(s)
        case .array(let a):
            kind = .array(a.enumerated().map { JSONValue(node: $1, file: file, path: "\(path)[\($0)]") })
        case .object(let pairs):
            kind = .object(pairs.map { k, v in (k, JSONValue(node: v, file: file, path: path.isEmpty ? k : "\(path).\(k)")) })
        }
    }

    // MARK: - Errors

    public func error(_ message: String) -> InputError {
        InputError(file: file, location: path.isEmpty ? .none : .path(path), message: message)
    }

    public func error(found: String, allowed: String) -> InputError {
        error("found \(InputError.cut(found)); allowed: \(allowed)")
    }

    /// A short rendering of this value for error messages.
    public var shortDescription: String {
        switch kind {
        case .null: return "null"
        case .bool(let b): return String(b)
        case .number(let n): return n == n.rounded() && abs(n) < 1e15 ? String(Int64(n)) : String(n)
        case .string(let s): return "\"\(s.count > 60 ? String(s.prefix(60)) + "..." : s)\""
        case .array(let a): return "an array of \(a.count)"
        case .object: return "an object"
        }
    }

    // MARK: - Typed access

    public var isNull: Bool { if case .null = kind { return true } else { return false } }

    public func object() throws -> [(String, JSONValue)] {
        guard case .object(let o) = kind else { throw error(found: shortDescription, allowed: "an object") }
        return o
    }

    public func array() throws -> [JSONValue] {
        guard case .array(let a) = kind else { throw error(found: shortDescription, allowed: "an array") }
        return a
    }

    public func string() throws -> String {
        guard case .string(let s) = kind else { throw error(found: shortDescription, allowed: "a string") }
        return s
    }

    public func bool() throws -> Bool {
        guard case .bool(let b) = kind else { throw error(found: shortDescription, allowed: "true or false") }
        return b
    }

    public func double() throws -> Double {
        guard case .number(let n) = kind else { throw error(found: shortDescription, allowed: "a number") }
        return n
    }

    /// An integer within `range`.
    public func int(in range: ClosedRange<Int>) throws -> Int {
        guard case .number(let n) = kind, n == n.rounded(), abs(n) < 9e15 else {
            throw error(found: shortDescription, allowed: "an integer in \(range.lowerBound)...\(range.upperBound)")
        }
        let i = Int(n)
        guard range.contains(i) else { throw error("\(i) is out of range \(range.lowerBound)...\(range.upperBound)") }
        return i
    }

    public func double(in range: ClosedRange<Double>) throws -> Double {
        let d = try double()
        guard range.contains(d) else { throw error("\(shortDescription) is out of range \(range.lowerBound)...\(range.upperBound)") }
        return d
    }

    /// A string that must be one of `allowed` (exact spelling, as the API requires).
    public func oneOf(_ allowed: [String]) throws -> String {
        let s = try string()
        guard allowed.contains(s) else { throw error(found: "\"\(s)\"", allowed: allowed.joined(separator: ", ")) }
        return s
    }

    /// A timestamp in either form the AWS CLI prints: ISO 8601 (with an offset and a
    /// fraction, or `Z`) or epoch seconds (a number, possibly with a fraction).
    public func timestamp() throws -> Instant {
        if case .number(let n) = kind {
            guard n.isFinite, n >= 0, n < 32_503_680_000 else {
                throw error(found: shortDescription, allowed: "epoch seconds from 1970 to 2999, or an ISO-8601 instant")
            }
            return Instant(secondsSinceEpoch: Int64(n))
        }
        return try instant()
    }

    /// A file path a scenario names, resolved against `base` (the folder of the file that
    /// names it) unless absolute. Empty, or holding a NUL, is an error about this key.
    public func filePath(relativeTo base: String) throws -> String {
        let p = try string()
        guard !p.isEmpty else { throw error(found: "an empty path", allowed: "a file or folder name, relative to \(base.isEmpty ? "." : base) or absolute") }
        guard !p.contains("\u{0}") else { throw error(found: "a path with a NUL character", allowed: "a file or folder name") }
        return p.hasPrefix("/") ? p : ((base.isEmpty ? "." : base) as NSString).appendingPathComponent(p)
    }

    /// An ISO-8601 instant.
    public func instant() throws -> Instant {
        let s = try string()
        guard let t = Instant(iso8601: s) else {
            throw error(found: "\"\(s)\"", allowed: "an ISO-8601 instant such as 2026-01-20T04:30:00Z, \(Instant.supportedYears)")
        }
        return t
    }

    /// A member of an object; nil when absent (or null).
    /// This object with `other`'s members laid over it and the `dropping` keys left out:
    /// an update request applied to a stored definition ("fields not given are left
    /// unchanged"). Each member keeps the file and path it came from, for errors.
    public func overlaid(with other: JSONValue, dropping: Set<String> = []) -> JSONValue {
        var members: [(String, JSONValue)] = []
        let given = (try? other.object()) ?? []
        let givenKeys = Set(given.map(\.0))
        for (k, v) in (try? object()) ?? [] where !givenKeys.contains(k) && !dropping.contains(k) { members.append((k, v)) }
        for (k, v) in given where !dropping.contains(k) { members.append((k, v)) }
        return JSONValue(kind: .object(members), file: file, path: path)
    }

    /// This object without the `keys` members.
    public func without(_ keys: Set<String>) -> JSONValue { overlaid(with: self, dropping: keys) }

    /// A value built from parts (a scenario assembled from several files): each member keeps
    /// the file and path it came from.
    public init(kind: Kind, file: String, path: String) {
        self.kind = kind
        self.file = file
        self.path = path
    }

    public subscript(_ key: String) -> JSONValue? {
        guard case .object(let o) = kind else { return nil }
        guard let v = o.first(where: { $0.0 == key })?.1, !v.isNull else { return nil }
        return v
    }

    /// A member that must be present.
    public func required(_ key: String) throws -> JSONValue {
        _ = try object()
        guard let v = self[key] else {
            throw InputError(file: file, location: .path(path.isEmpty ? key : "\(path).\(key)"), message: "missing; it is required")
        }
        return v
    }

    /// Rejects keys outside `known`: a misspelt key is an error, not silently ignored.
    public func checkKeys(_ known: Set<String>) throws {
        for (k, v) in try object() where !known.contains(k) {
            throw v.error("unknown key '\(InputError.cut(k))'; allowed keys: \(known.sorted().joined(separator: ", "))")
        }
    }
}
