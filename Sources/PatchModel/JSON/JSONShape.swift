import Foundation

/// A request shape of an AWS API as its service model states it: required members,
/// string lengths and patterns, integer ranges, list and map sizes, enums. Hand-written
/// per operation beside the decoder that reads it (patchsim ships no copy of the model);
/// `validate` enforces every constraint and names the one broken, with the JSON path:
/// `maintenanceWindows[0].Name: found "ab"; allowed: 3 to 128 characters (CreateMaintenanceWindow.Name)`.
///
/// Structures are open: members the shape does not list are left to the decoder, which
/// knows patchsim's additions and the output-only members it accepts.
public indirect enum JSONShape: Sendable {
    /// Lengths count Unicode scalars, as the service counts characters. Patterns follow
    /// the model's (Smithy's) semantics: not implicitly anchored.
    case string(length: ClosedRange<Int>? = nil, pattern: String? = nil)
    case enumeration([String])
    /// A 32-bit integer, as the model's `integer`, optionally in a range.
    case integer(ClosedRange<Int>? = nil)
    case boolean
    /// ISO 8601 or epoch seconds, as the CLI prints either.
    case timestamp
    /// A blob sent as a string (Lambda `Payload`), at most `maxBytes`.
    case blob(maxBytes: Int)
    case list(JSONShape, count: ClosedRange<Int>? = nil)
    case map(key: JSONShape, value: JSONShape, count: ClosedRange<Int>? = nil)
    case structure(String, [Member])
    /// Any JSON value (a document-defined parameter block).
    case any

    public struct Member: Sendable {
        public var name: String
        public var shape: JSONShape
        public var required: Bool
        public init(_ name: String, _ shape: JSONShape, required: Bool = false) {
            self.name = name
            self.shape = shape
            self.required = required
        }
    }

    /// Checks `v` and everything under it; `at` names the constraint's owner for messages
    /// (`CreateMaintenanceWindow.Name`).
    public func validate(_ v: JSONValue, at owner: String = "") throws {
        func allowed(_ text: String) -> String { owner.isEmpty ? text : "\(text) (\(owner))" }
        switch self {
        case .any:
            return
        case let .string(length, pattern):
            let s = try v.string()
            let n = s.unicodeScalars.count
            if let length, !length.contains(n) {
                throw v.error(found: "\(v.shortDescription) (\(n) characters)", allowed: allowed(Self.describe(length, "character")))
            }
            if let pattern, s.range(of: pattern, options: .regularExpression) == nil {
                throw v.error(found: v.shortDescription, allowed: allowed("a value matching \(pattern)"))
            }
        case .enumeration(let values):
            let s = try v.string()
            guard values.contains(s) else { throw v.error(found: v.shortDescription, allowed: allowed("one of \(values.joined(separator: ", "))")) }
        case .integer(let range):
            guard case .number(let x) = v.kind, x == x.rounded(), x >= -2_147_483_648, x <= 2_147_483_647 else {
                throw v.error(found: v.shortDescription, allowed: allowed("an integer"))
            }
            if let range, !range.contains(Int(x)) {
                throw v.error(found: v.shortDescription, allowed: allowed(range.upperBound == Int(Int32.max) ? "an integer of at least \(range.lowerBound)" : "an integer from \(range.lowerBound) to \(range.upperBound)"))
            }
        case .boolean:
            _ = try v.bool()
        case .timestamp:
            _ = try v.timestamp()
        case .blob(let maxBytes):
            let s = try v.string()
            guard s.utf8.count <= maxBytes else { throw v.error(found: "\(s.utf8.count) bytes", allowed: allowed("at most \(maxBytes) bytes")) }
        case let .list(item, count):
            let items = try v.array()
            if let count, !count.contains(items.count) {
                throw v.error(found: "\(items.count) items", allowed: allowed(Self.describe(count, "item")))
            }
            for i in items { try item.validate(i, at: owner.isEmpty ? "" : owner + "[]") }
        case let .map(key, value, count):
            let members = try v.object()
            if let count, !count.contains(members.count) {
                throw v.error(found: "\(members.count) entries", allowed: allowed(Self.describe(count, "entry", "entries")))
            }
            for (k, x) in members {
                try key.validate(JSONValue(kind: .string(k), file: x.file, path: x.path), at: owner.isEmpty ? "" : owner + " key")
                try value.validate(x, at: owner.isEmpty ? "" : owner + "." + k)
            }
        case let .structure(name, members):
            let present = try v.object()
            let label = owner.isEmpty ? name : owner
            for m in members {
                guard let x = present.first(where: { $0.0 == m.name })?.1 else {
                    if m.required { throw v.error("\(m.name) is missing; \(label) requires it") }
                    continue
                }
                if case .null = x.kind {
                    if m.required { throw x.error(found: "null", allowed: "a value (\(label).\(m.name) is required)") }
                    continue
                }
                try m.shape.validate(x, at: "\(label).\(m.name)")
            }
        }
    }

    static func describe(_ r: ClosedRange<Int>, _ unit: String, _ plural: String? = nil) -> String {
        let many = plural ?? unit + "s"
        if r.lowerBound == r.upperBound { return "exactly \(r.lowerBound) \(r.lowerBound == 1 ? unit : many)" }
        if r.upperBound == Int.max { return "at least \(r.lowerBound) \(r.lowerBound == 1 ? unit : many)" }
        if r.lowerBound == 0 { return "at most \(r.upperBound) \(r.upperBound == 1 ? unit : many)" }
        return "\(r.lowerBound) to \(r.upperBound) \(many)"
    }

    /// The members of a structure shape (for decoders that list the keys they accept).
    public var memberNames: [String] {
        if case .structure(_, let members) = self { return members.map(\.name) }
        return []
    }

    /// This structure with more members (output-only members a decoder accepts).
    public func adding(_ extra: [Member]) -> JSONShape {
        if case .structure(let name, let members) = self { return .structure(name, members + extra) }
        return self
    }

    /// The same shape checking types only: what an output the service printed must meet
    /// (outputs hold values no request may send, such as an empty `DocumentVersion`).
    public var relaxed: JSONShape {
        switch self {
        case .string, .enumeration, .blob: return .string()
        case .integer: return .integer()
        case .boolean, .timestamp, .any: return self
        case .list(let item, _): return .list(item.relaxed)
        case .map(let key, let value, _): return .map(key: key.relaxed, value: value.relaxed)
        case .structure(let name, let members): return .structure(name, members.map { Member($0.name, $0.shape.relaxed, required: $0.required) })
        }
    }

    /// This structure with some members made optional (ids the scenario may leave to the seed).
    public func making(optional names: Set<String>) -> JSONShape {
        guard case .structure(let name, let members) = self else { return self }
        return .structure(name, members.map { m in var m = m; if names.contains(m.name) { m.required = false }; return m })
    }
}
