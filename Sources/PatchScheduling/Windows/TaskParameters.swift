import Foundation
import PatchModel
import PatchWorld

/// A Run Command task's `Parameters` as registered: each name with its list of strings,
/// where values may hold Parameter Store references `{{ssm:name}}` and the pseudo
/// parameters (`{{WINDOW_ID}}`, `{{WINDOW_EXECUTION_ID}}`, ...), both resolved when the
/// window execution starts ([MW-3]).
public struct TaskParameters: Sendable {
    public var entries: [(name: String, values: [String])]

    public init(_ entries: [(name: String, values: [String])]) { self.entries = entries }

    /// AWS-RunPatchBaseline's parameters that a task's `Parameters` may set.
    public static let documentParameters: Set<String> = ["Operation", "RebootOption", "SnapshotId"]

    /// The Parameter Store names referenced, sorted, once each.
    public var parameterStoreReferences: [String] {
        Set(entries.flatMap { $0.values.flatMap(Self.references) }).sorted()
    }

    /// Whether anything needs resolving at execution time.
    public var needsResolution: Bool { entries.contains { $0.values.contains { $0.contains("{{") } } }

    static func references(in value: String) -> [String] {
        var names: [String] = []
        var rest = Substring(value)
        while let open = rest.range(of: "{{ssm:") {
            guard let close = rest[open.upperBound...].range(of: "}}") else { break }
            names.append(rest[open.upperBound..<close.lowerBound].trimmingSpaces)
            rest = rest[close.upperBound...]
        }
        return names
    }

    /// The values with every reference replaced: Parameter Store names from `store`, pseudo
    /// parameters from `pseudo` (keyed without braces, e.g. `WINDOW_EXECUTION_ID`).
    public func substituted(store: [String: String], pseudo: [String: String]) -> TaskParameters {
        TaskParameters(entries.map { entry in
            (entry.name, entry.values.map { value in
                var v = value
                for name in Self.references(in: value) { v = v.replacingAll("{{ssm:\(name)}}", with: store[name] ?? "") }
                for (key, replacement) in pseudo { v = v.replacingAll("{{\(key)}}", with: replacement) }
                return v
            })
        })
    }

    /// The document's parameters; a value the document does not allow is an error naming it.
    public func runPatchBaselineParameters() throws -> RunPatchBaselineParameters {
        func single(_ key: String, _ allowed: [String]?) throws -> String? {
            guard let entry = entries.first(where: { $0.name == key }) else { return nil }
            guard entry.values.count == 1 else { throw ScheduleError(field: "Parameters.\(key)", "\(entry.values.count) values; allowed: one value") }
            let v = entry.values[0]
            if let allowed, !allowed.contains(v) {
                throw ScheduleError(field: "Parameters.\(key)", "'\(v)'; allowed: \(allowed.joined(separator: ", "))")
            }
            return v
        }
        for entry in entries where !Self.documentParameters.contains(entry.name) {
            throw ScheduleError(field: "Parameters", "'\(entry.name)'; allowed: \(Self.documentParameters.sorted().joined(separator: ", "))")
        }
        return RunPatchBaselineParameters(
            operation: try single("Operation", ["Scan", "Install"]).flatMap { .init(rawValue: $0) } ?? .Scan,
            rebootOption: try single("RebootOption", ["RebootIfNeeded", "NoReboot"]).flatMap { .init(rawValue: $0) } ?? .RebootIfNeeded,
            snapshotId: try single("SnapshotId", nil))
    }
}

extension StringProtocol {
    var trimmingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }

    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return String(self) }
        var out = "", rest = Substring(self)
        while let r = rest.range(of: target) {
            out += rest[..<r.lowerBound]
            out += replacement
            rest = rest[r.upperBound...]
        }
        return out + rest
    }
}
