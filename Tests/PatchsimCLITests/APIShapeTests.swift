import Foundation
import Testing
@testable import PatchsimCLI
import PatchModel

/// [16] The report's `api` records against the model's output shapes: every member a record
/// has is a member of its shape, with the shape's type (timestamps as ISO 8601 strings, as
/// the CLI prints them), enum values among the shape's, and every required member present.
/// The shapes come from botocore's SSM model, held as a fixture (`Fixtures/ssm-output-shapes.json`,
/// the few shapes the records follow). A per-call entry (patches of one node, the state of
/// one patch group, the effective patches of one baseline) is the request's members plus
/// the result's.
@Suite("API records have the model's output shapes")
struct APIShapeTests {
    /// A shape of the fixture: a type, and its enum, members, list member or map value.
    indirect enum Shape: Sendable {
        case scalar(String, enumValues: [String]?)
        case list(Shape)
        case map(Shape)
        /// nil members: the fixture expands structures no deeper.
        case structure(members: [String: Shape]?, required: [String])
    }

    static func shape(_ v: JSONValue) -> Shape {
        let fields = Dictionary((try? v.object()) ?? [], uniquingKeysWith: { a, _ in a })
        let type = (try? fields["type"]?.string()) ?? ""
        switch type {
        case "list": return .list(fields["member"].map(shape) ?? .scalar("?", enumValues: nil))
        case "map": return .map(fields["value"].map(shape) ?? .scalar("?", enumValues: nil))
        case "structure":
            let members = (try? fields["members"]?.object()).map { pairs in Dictionary(pairs.map { ($0.0, shape($0.1)) }, uniquingKeysWith: { a, _ in a }) }
            return .structure(members: members, required: ((try? fields["required"]?.array()) ?? []).compactMap { try? $0.string() })
        default:
            return .scalar(type, enumValues: (try? fields["enum"]?.array())?.compactMap { try? $0.string() })
        }
    }

    static let shapes: [String: Shape] = {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/ssm-output-shapes.json").path
        guard let doc = try? JSONValue.parse(contentsOf: path), let pairs = try? doc.required("shapes").object() else { return [:] }
        return Dictionary(pairs.map { ($0.0, shape($0.1)) }, uniquingKeysWith: { a, _ in a })
    }()

    /// Each list of the `api` section and the shapes of its entries.
    static let lists: [(key: String, shape: [String])] = [
        ("WindowIdentities", ["MaintenanceWindowIdentity"]),
        ("WindowExecutions", ["MaintenanceWindowExecution"]),
        ("WindowExecutionTaskIdentities", ["MaintenanceWindowExecutionTaskIdentity"]),
        ("WindowExecutionTaskInvocationIdentities", ["MaintenanceWindowExecutionTaskInvocationIdentity"]),
        ("Commands", ["Command"]),
        ("CommandInvocations", ["CommandInvocation"]),
        ("InstancePatchStates", ["InstancePatchState"]),
        ("InstancePatches", ["DescribeInstancePatchesRequest", "DescribeInstancePatchesResult"]),
        ("PatchGroupStates", ["DescribePatchGroupStateRequest", "DescribePatchGroupStateResult"]),
        ("EffectivePatches", ["DescribeEffectivePatchesForPatchBaselineRequest", "DescribeEffectivePatchesForPatchBaselineResult"]),
    ]

    static func isTimestamp(_ s: String) -> Bool {
        let f = ISO8601DateFormatter()
        if f.date(from: s) != nil { return true }
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.date(from: s) != nil
    }

    /// The mismatches between a value and a shape, each with its path.
    static func problems(_ value: JSONValue, _ shape: Shape, _ path: String) -> [String] {
        switch (shape, value.kind) {
        case (.scalar("string", let values), .string(let s)):
            if let values, !values.contains(s) { return ["\(path): '\(s)' is not one of \(values)"] }
            return []
        case (.scalar("integer", _), .number(let n)), (.scalar("long", _), .number(let n)):
            return n == n.rounded() ? [] : ["\(path): \(n) is not an integer"]
        case (.scalar("boolean", _), .bool):
            return []
        case (.scalar("timestamp", _), .string(let s)):
            return isTimestamp(s) ? [] : ["\(path): '\(s)' is not an ISO 8601 timestamp"]
        case (.list(let member), .array(let a)):
            return a.enumerated().flatMap { problems($1, member, "\(path)[\($0)]") }
        case (.map(let v), .object(let pairs)):
            return pairs.flatMap { problems($0.1, v, "\(path).\($0.0)") }
        case (.structure(let members, let required), .object(let pairs)):
            guard let members else { return [] }
            var out: [String] = []
            for (key, v) in pairs {
                guard let m = members[key] else { out.append("\(path).\(key): not a member of the shape"); continue }
                out += problems(v, m, "\(path).\(key)")
            }
            for r in required where !pairs.contains(where: { $0.0 == r }) { out.append("\(path): required member \(r) missing") }
            return out
        default:
            return ["\(path): \(value.shortDescription) does not have the shape's type \(shape)"]
        }
    }

    /// A shape that is the union of several (request and result members).
    static func union(_ names: [String]) -> Shape {
        var members: [String: Shape] = [:], required: [String] = []
        for n in names {
            guard case .structure(let m, let r)? = shapes[n] else { continue }
            for (k, v) in m ?? [:] { members[k] = v }
            required += r
        }
        return .structure(members: members, required: required)
    }

    @Test("every bundled scenario's api records: member names, types, enum spellings and required members as the model has them")
    func bundled() throws {
        #expect(Self.shapes.count == 15, "the fixture holds the shapes")
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let report = dir.appendingPathComponent("r.json").path
        let (code, out, err) = runPatchsim(["run", scenariosFolder(), "--report", report, "--threads", "2", "--quiet"])
        #expect(code == 0, "\(out)\(err)")
        let scenarios = try JSONValue.parse(contentsOf: report).required("scenarios").array()
        #expect(scenarios.count > 30)
        var seen: [String: Int] = [:]
        var problems: [String] = []
        for (k, s) in scenarios.enumerated() {
            let api = try s.required("api").object()
            #expect(api.map(\.0) == Self.lists.map(\.key), "scenarios[\(k)].api lists")
            for (key, names) in Self.lists {
                let shape = Self.union(names)
                let entries = try api.first { $0.0 == key }?.1.array() ?? []
                seen[key, default: 0] += entries.count
                for (j, e) in entries.enumerated() { problems += Self.problems(e, shape, "scenarios[\(k)].api.\(key)[\(j)]") }
            }
        }
        #expect(problems.count == 0, "\(problems.prefix(20).joined(separator: "\n"))")
        // Every kind of record is exercised by some bundled scenario.
        for (key, _) in Self.lists { #expect((seen[key] ?? 0) > 0, "no bundled scenario has \(key)") }
    }

    @Test("the checker itself refuses a wrong type, an unknown member, a bad enum value and a missing required member")
    func checkerFails() throws {
        let shape = try #require(Self.shapes["InstancePatchState"])
        let good = try JSONValue.parse(Data(#"{"InstanceId": "i-1", "PatchGroup": "g", "BaselineId": "pb-1", "Operation": "Scan", "OperationStartTime": "2026-11-01T00:00:00Z", "OperationEndTime": "2026-11-01T00:00:05.120Z", "MissingCount": 2}"#.utf8), file: "good")
        #expect(Self.problems(good, shape, "r").isEmpty)
        let bad = try JSONValue.parse(Data(#"{"InstanceId": "i-1", "PatchGroup": "g", "Operation": "SCAN", "OperationStartTime": "2026-11-01T00:00:00Z", "OperationEndTime": 1700000000, "MissingCount": "2", "Status": "x"}"#.utf8), file: "bad")
        #expect(Self.problems(bad, shape, "r").count == 5)
    }
}
