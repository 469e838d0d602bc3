import PatchBaselines
import PatchModel

/// An edit of a scenario's document before it is loaded: `--set JSON.PATH=VALUE` (the path
/// written as error messages write it, `maintenanceWindows[0].Tasks[0].MaxConcurrency`;
/// the value as JSON, a bare word being a string), or one baseline put in place of another.
public struct ScenarioEdit: Sendable {
    public var path: [Step]
    public var value: JSONValue
    public var text: String
    /// The value as typed, kept where the document holds a string there (`MaxErrors=5`).
    public var typed: String

    public enum Step: Sendable, Equatable {
        case member(String)
        case index(Int)
    }

    /// `PATH=VALUE` as typed; `origin` names where it was typed (`--set`, `--vary`).
    public static func parse(_ text: String, origin: String) throws -> ScenarioEdit {
        guard let eq = text.firstIndex(of: "="), eq != text.startIndex else {
            throw InputError(file: origin, message: "found '\(InputError.cut(text))'; allowed: JSON.PATH=VALUE, e.g. maintenanceWindows[0].Tasks[0].MaxConcurrency=25%")
        }
        let pathText = String(text[..<eq]), valueText = String(text[text.index(after: eq)...])
        return ScenarioEdit(path: try steps(pathText, origin: origin), value: value(valueText, origin: origin, path: pathText), text: text, typed: valueText)
    }

    /// A value as JSON when it parses as JSON, else the bare word as a string.
    public static func value(_ text: String, origin: String, path: String) -> JSONValue {
        (try? JSONValue.parse(embedded: text, file: origin, at: path)) ?? JSONValue(kind: .string(text), file: origin, path: path)
    }

    /// `a.b[2].c` → member a, member b, index 2, member c.
    static func steps(_ path: String, origin: String) throws -> [Step] {
        var out: [Step] = []
        var name = ""
        var chars = Array(path)[...]
        func bad(_ why: String) -> InputError {
            InputError(file: origin, message: "path '\(InputError.cut(path))': \(why); allowed: members and [N] indices, e.g. maintenanceWindows[0].Tasks[0].MaxConcurrency")
        }
        func flush() { if !name.isEmpty { out.append(.member(name)); name = "" } }
        while let c = chars.first {
            chars = chars.dropFirst()
            switch c {
            case ".":
                guard !name.isEmpty || out.last.map({ if case .index = $0 { return true } else { return false } }) == true else { throw bad("an empty member name") }
                flush()
            case "[":
                flush()
                guard let close = chars.firstIndex(of: "]"), let n = Int(String(chars[..<close])), n >= 0 else { throw bad("an index that is not [N] with N ≥ 0") }
                out.append(.index(n))
                chars = chars[chars.index(after: close)...]
            default:
                name.append(c)
            }
        }
        flush()
        guard !out.isEmpty else { throw bad("nothing to set") }
        return out
    }

    /// The document with this edit made; the member is added when its object lacks it.
    public func applied(to doc: JSONValue) throws -> JSONValue {
        try Self.set(value, at: path[...], in: doc, origin: text, typed: typed)
    }

    static func set(_ value: JSONValue, at path: ArraySlice<Step>, in doc: JSONValue, origin: String, typed: String? = nil) throws -> JSONValue {
        guard let step = path.first else {
            // A number or boolean typed where the document has a string stays the text typed:
            // MaxErrors=5 means "5", as the API spells every rate-control value.
            if case .string = doc.kind, let typed {
                switch value.kind {
                case .number, .bool: return JSONValue(kind: .string(typed), file: value.file, path: doc.path)
                default: break
                }
            }
            return JSONValue(kind: value.kind, file: value.file, path: doc.path)
        }
        let rest = path.dropFirst()
        switch (step, doc.kind) {
        case let (.member(name), .object(members)):
            var copy = members
            if let k = copy.firstIndex(where: { $0.0 == name }) {
                copy[k].1 = try set(value, at: rest, in: copy[k].1, origin: origin, typed: typed)
            } else {
                guard rest.isEmpty else { throw doc.error("--set \(InputError.cut(origin)): no member \"\(name)\" here to go into; allowed: \(members.map(\.0).joined(separator: ", "))") }
                copy.append((name, JSONValue(kind: value.kind, file: value.file, path: doc.path.isEmpty ? name : "\(doc.path).\(name)")))
            }
            return JSONValue(kind: .object(copy), file: doc.file, path: doc.path)
        case let (.index(n), .array(items)):
            guard n < items.count else { throw doc.error("--set \(InputError.cut(origin)): index [\(n)] is past the end; allowed: 0...\(items.count - 1)") }
            var copy = items
            copy[n] = try set(value, at: rest, in: items[n], origin: origin, typed: typed)
            return JSONValue(kind: .array(copy), file: doc.file, path: doc.path)
        case (.member(let name), _):
            throw doc.error("--set \(InputError.cut(origin)): found \(doc.shortDescription) where member \"\(name)\" was to be; allowed: an object")
        case (.index(let n), _):
            throw doc.error("--set \(InputError.cut(origin)): found \(doc.shortDescription) where index [\(n)] was to be; allowed: a list")
        }
    }

    /// The document with baseline `replacing` (a BaselineId or Name of the scenario's
    /// `baselines`, or a predefined baseline's name) governed by `replacement` instead (a
    /// CreatePatchBaseline / GetPatchBaseline document). A scenario baseline keeps its
    /// BaselineId, so patch groups, defaults and policies still name it; a predefined one
    /// is replaced where the scenario names it (patch groups, defaults), and, being an
    /// OS's AWS default, registered as that OS's default in its place.
    public static func replacingBaseline(_ replacing: String, with replacement: JSONValue, in doc: JSONValue) throws -> JSONValue {
        var members = try doc.object()
        var baselines = try doc["baselines"]?.array() ?? []
        if let k = try baselines.firstIndex(where: { try $0["BaselineId"]?.string() == replacing || $0["Name"]?.string() == replacing }) {
            let id = baselines[k]["BaselineId"]
            var fields = try replacement.object().filter { $0.0 != "BaselineId" }
            if let id { fields.insert(("BaselineId", id), at: 0) }
            baselines[k] = JSONValue(kind: .object(fields), file: replacement.file, path: baselines[k].path)
            set(&members, "baselines", .array(baselines), doc)
            return JSONValue(kind: .object(members), file: doc.file, path: doc.path)
        }
        guard let predefined = PredefinedBaselines.named(replacing) else {
            let names = try baselines.map { try $0["Name"]?.string() ?? $0["BaselineId"]?.string() ?? "?" }
            throw InputError(file: "--baseline", message: "found '\(InputError.cut(replacing))'; allowed: a BaselineId or Name of the scenario's baselines (\(names.joined(separator: ", "))) or a predefined baseline's name")
        }
        // A new custom baseline, with an id of its own, where the predefined one was named.
        let newId = "pb-0d1ff0000000000000"
        var fields = try replacement.object().filter { $0.0 != "BaselineId" }
        fields.insert(("BaselineId", JSONValue(kind: .string(newId), file: replacement.file, path: "BaselineId")), at: 0)
        baselines.append(JSONValue(kind: .object(fields), file: replacement.file, path: "baselines[\(baselines.count)]"))
        set(&members, "baselines", .array(baselines), doc)
        func names(_ v: String) -> Bool { PredefinedBaselines.named(v)?.baselineId == predefined.baselineId }
        var groups = try doc["patchGroups"]?.array() ?? []
        for (k, g) in groups.enumerated() {
            if let id = try g["BaselineId"]?.string(), names(id) {
                groups[k] = JSONValue(kind: .object(try g.object().map { $0.0 == "BaselineId" ? ($0.0, JSONValue(kind: .string(newId), file: g.file, path: $0.1.path)) : $0 }),
                                      file: g.file, path: g.path)
            }
        }
        set(&members, "patchGroups", .array(groups), doc)
        var defaults = try doc["defaultBaselines"]?.array() ?? []
        defaults = try defaults.filter { d in
            let id = try (d["BaselineId"] ?? d).string()
            return !names(id)
        }
        defaults.append(JSONValue(kind: .string(newId), file: replacement.file, path: "defaultBaselines[\(defaults.count)]"))
        set(&members, "defaultBaselines", .array(defaults), doc)
        return JSONValue(kind: .object(members), file: doc.file, path: doc.path)
    }

    private static func set(_ members: inout [(String, JSONValue)], _ key: String, _ kind: JSONValue.Kind, _ doc: JSONValue) {
        let v = JSONValue(kind: kind, file: doc.file, path: key)
        if let k = members.firstIndex(where: { $0.0 == key }) { members[k].1 = v } else { members.append((key, v)) }
    }

    /// A baseline given on the command line: a JSON file (CreatePatchBaseline's request or
    /// GetPatchBaseline's output), or a predefined baseline's name.
    public static func baselineDocument(_ given: String) throws -> JSONValue {
        if let text = PredefinedBaselines.document(named: given) {
            return try JSONValue.parse(embedded: text, file: given, at: "")
        }
        return try JSONValue.parse(contentsOf: given)
    }
}
