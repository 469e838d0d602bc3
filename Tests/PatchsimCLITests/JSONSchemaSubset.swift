import Foundation
import PatchModel

/// The part of JSON Schema 2020-12 that `Scenarios/scenario.schema.json` uses, to check
/// documents against it inside the test suite (the CI also runs Python's `jsonschema`):
/// type, properties, additionalProperties, required, items, minItems, maxItems, enum,
/// const, minimum, maximum, pattern, maxLength, maxProperties, oneOf, $ref to $defs.
/// Any other keyword in the schema is a test failure, so the subset cannot silently lag.
struct JSONSchemaSubset {
    let root: JSONValue
    static let known: Set<String> = ["$schema", "$id", "title", "description", "type", "properties", "additionalProperties", "required",
                                     "items", "minItems", "maxItems", "enum", "const", "minimum", "maximum", "pattern", "maxLength",
                                     "maxProperties", "oneOf", "$ref", "$defs"]

    /// Keywords the schema uses that this subset does not know.
    func unknownKeywords(_ s: JSONValue? = nil) -> Set<String> {
        let s = s ?? root
        var out: Set<String> = []
        guard case .object(let members) = s.kind else { return out }
        for (k, v) in members {
            if !Self.known.contains(k) { out.insert(k) }
            switch k {
            case "properties", "$defs":
                for (_, sub) in (try? v.object()) ?? [] { out.formUnion(unknownKeywords(sub)) }
            case "items", "additionalProperties":
                out.formUnion(unknownKeywords(v))
            case "oneOf":
                for sub in (try? v.array()) ?? [] { out.formUnion(unknownKeywords(sub)) }
            default: break
            }
        }
        return out
    }

    /// The first few violations, each with its JSON path.
    func errors(_ value: JSONValue) -> [String] {
        var out: [String] = []
        check(value, root, "$", &out)
        return out
    }

    func resolve(_ s: JSONValue) -> JSONValue {
        guard let ref = s["$ref"]?.stringValueOrNil, ref.hasPrefix("#/$defs/") else { return s }
        return root["$defs"]?[String(ref.dropFirst("#/$defs/".count))] ?? s
    }

    func check(_ v: JSONValue, _ schema: JSONValue, _ path: String, _ out: inout [String]) {
        let s = resolve(schema)
        if case .bool(let allowed) = s.kind { if !allowed { out.append("\(path): not allowed") }; return }
        if let t = s["type"]?.stringValueOrNil, !Self.isType(v, t) { out.append("\(path): not a \(t)"); return }
        if let e = s["enum"], case .array(let options) = e.kind, !options.contains(where: { Self.equal($0, v) }) { out.append("\(path): not one of the enum") }
        if let c = s["const"], !Self.equal(c, v) { out.append("\(path): not the const") }
        if case .number(let n) = v.kind {
            if case .number(let lo)? = s["minimum"]?.kind, n < lo { out.append("\(path): below \(lo)") }
            if case .number(let hi)? = s["maximum"]?.kind, n > hi { out.append("\(path): above \(hi)") }
        }
        if case .string(let text) = v.kind {
            if let p = s["pattern"]?.stringValueOrNil, text.range(of: p, options: .regularExpression) == nil { out.append("\(path): does not match \(p)") }
            if case .number(let m)? = s["maxLength"]?.kind, Double(text.count) > m { out.append("\(path): longer than \(m)") }
        }
        if case .array(let items) = v.kind {
            if case .number(let m)? = s["minItems"]?.kind, Double(items.count) < m { out.append("\(path): fewer than \(m) items") }
            if case .number(let m)? = s["maxItems"]?.kind, Double(items.count) > m { out.append("\(path): more than \(m) items") }
            if let itemSchema = s["items"] { for (k, item) in items.enumerated() { check(item, itemSchema, "\(path)[\(k)]", &out) } }
        }
        if case .object(let members) = v.kind {
            for r in (try? s["required"]?.array()) ?? [] {
                if let key = r.stringValueOrNil, !members.contains(where: { $0.0 == key }) { out.append("\(path): missing \(key)") }
            }
            if case .number(let m)? = s["maxProperties"]?.kind, Double(members.count) > m { out.append("\(path): more than \(m) members") }
            let properties = s["properties"]
            for (key, value) in members {
                if let p = properties?[key] { check(value, p, "\(path).\(key)", &out); continue }
                if let extra = s["additionalProperties"] { check(value, extra, "\(path).\(key)", &out) }
            }
        }
        if let alternatives = try? s["oneOf"]?.array() {
            let passing = alternatives.filter { alt in var e: [String] = []; check(v, alt, path, &e); return e.isEmpty }.count
            if passing != 1 { out.append("\(path): matches \(passing) of the oneOf alternatives, not exactly one") }
        }
    }

    static func isType(_ v: JSONValue, _ t: String) -> Bool {
        switch (t, v.kind) {
        case ("object", .object), ("array", .array), ("string", .string), ("boolean", .bool), ("null", .null), ("number", .number): return true
        case ("integer", .number(let n)): return n == n.rounded()
        default: return false
        }
    }

    static func equal(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a.kind, b.kind) {
        case (.string(let x), .string(let y)): return x == y
        case (.number(let x), .number(let y)): return x == y
        case (.bool(let x), .bool(let y)): return x == y
        case (.null, .null): return true
        default: return false
        }
    }
}

extension JSONValue {
    var stringValueOrNil: String? { if case .string(let s) = kind { return s } else { return nil } }
}
