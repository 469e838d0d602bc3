import Foundation
import Testing
@testable import PatchModel
@testable import PatchsimCLI

/// [16] Validation parity with the service model: for every request shape patchsim
/// reads, every constrained member gets a value just inside and just outside each of its
/// constraints (length, value range, list size, enum, pattern, required), placed in the
/// scenario slot for that request, and `check` must accept the inside value and refuse
/// the outside one. The constraints come from botocore's SSM model, held as a fixture
/// (`Fixtures/ssm-request-constraints.json`, the seven shapes only); the product ships
/// its own hand-written shapes (`SSMRequestShapes`).
@Suite("Request shapes: just inside and just outside every model constraint")
struct ModelBoundaryTests {
    struct Constraint {
        var path: String, type: String, required: Bool
        var min: Int?, max: Int?, pattern: String?, values: [String]?
    }

    static let constraints: [String: [Constraint]] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/ssm-request-constraints.json")
        guard let data = try? Data(contentsOf: url), let doc = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let ops = doc["operations"] as? [String: [[String: Any]]] else { return [:] }
        return ops.mapValues { entries in
            entries.map { e in
                Constraint(path: e["path"] as? String ?? "", type: e["type"] as? String ?? "", required: e["required"] as? Bool ?? false,
                           min: (e["min"] as? NSNumber)?.intValue, max: (e["max"] as? NSNumber)?.intValue, pattern: e["pattern"] as? String,
                           values: e["enum"] as? [String])
            }
        }
    }()

    /// Each request's minimal valid form and where it goes. Other documents than the patch
    /// documents take any parameters, so the generic members are tested on AWS-RunShellScript.
    static func base(_ op: String) -> [String: Any] {
        switch op {
        case "CreatePatchBaseline": return ["Name": "base-2", "OperatingSystem": "AMAZON_LINUX_2"]
        case "UpdatePatchBaseline": return ["BaselineId": "pb-0000000000000000001"]
        case "CreateMaintenanceWindow": return ["Name": "win-2", "Schedule": "cron(0 2 ? * TUE *)", "Duration": 24, "Cutoff": 0, "AllowUnassociatedTargets": true]
        case "RegisterTargetWithMaintenanceWindow":
            return ["WindowId": "mw-00000000000000001", "ResourceType": "INSTANCE", "Targets": [["Key": "InstanceIds", "Values": ["i-0s000000000000000"]]]]
        case "RegisterTaskWithMaintenanceWindow":
            return ["WindowId": "mw-00000000000000001", "TaskArn": "AWS-RunShellScript", "TaskType": "RUN_COMMAND",
                    "Targets": [["Key": "WindowTargetIds", "Values": ["t1"]]], "MaxConcurrency": "1", "MaxErrors": "0"]
        case "CreateAssociation": return ["Name": "AWS-RunShellScript", "Targets": [["Key": "InstanceIds", "Values": ["*"]]]]
        default: return ["DocumentName": "AWS-RunShellScript", "InstanceIds": ["i-0s000000000000000"]]
        }
    }

    static func scenario(_ op: String, _ request: [String: Any]) throws -> String {
        guard var doc = try JSONSerialization.jsonObject(with: Data(smallScenario.utf8)) as? [String: Any] else { return "" }
        switch op {
        case "CreatePatchBaseline": doc["baselines"] = (doc["baselines"] as? [Any] ?? []) + [request]
        case "UpdatePatchBaseline": doc["events"] = [["at": "2026-11-02T00:00:00Z", "action": "UpdatePatchBaseline"].merging(request) { a, _ in a }]
        case "CreateMaintenanceWindow": doc["maintenanceWindows"] = (doc["maintenanceWindows"] as? [Any] ?? []) + [request]
        case "RegisterTargetWithMaintenanceWindow": doc["windowTargets"] = [request]
        case "RegisterTaskWithMaintenanceWindow": doc["windowTasks"] = [request]
        case "CreateAssociation": doc["associations"] = [request]
        default: doc["events"] = [["at": "2026-11-02T00:00:00Z", "action": "SendCommand"].merging(request) { a, _ in a }]
        }
        return String(decoding: try JSONSerialization.data(withJSONObject: doc, options: [.sortedKeys]), as: UTF8.self)
    }

    /// A string of length n meeting the pattern, made of one repeated character (or nil).
    static func string(length n: Int, pattern: String?) -> String? {
        for c in ["a", "1", "A", "abc", "x1"] {
            let s = String(String(repeating: c, count: n).prefix(n))
            if s.count == n, pattern.map({ s.range(of: $0, options: .regularExpression) != nil }) ?? true { return s }
        }
        return nil
    }

    /// Values for a member at a path, known to be semantically valid where the model's
    /// shape alone would not say (a filter key valid for the OS, a real date, ...).
    static func semanticInside(_ path: String, op: String) -> Any? {
        switch path {
        case "GlobalFilters.PatchFilters[].Key", "ApprovalRules.PatchRules[].PatchFilterGroup.PatchFilters[].Key": return "PRODUCT"
        case "ApprovalRules.PatchRules[].ApproveUntilDate": return "2026-11-01"
        case "Sources[].Name": return "src"
        case "InstanceIds[]": return "i-0s000000000000000"
        case "Targets[]":
            return op == "RegisterTaskWithMaintenanceWindow" ? ["Key": "WindowTargetIds", "Values": ["t1"]] as [String: Any]
                : ["Key": "InstanceIds", "Values": ["i-0s000000000000000"]] as [String: Any]
        case "TargetMaps[]": return ["k": ["v"]]
        case "Targets[].Values[]" where op == "RegisterTaskWithMaintenanceWindow": return "t1"
        default: return nil
        }
    }

    /// Members whose inside boundary the service refuses for another reason (a schedule that
    /// must parse, a target key that must name something, a baseline that must exist): only
    /// their outside values are checked.
    static let insideIsSemantic: Set<String> = [
        "CreatePatchBaseline.ApprovalRules.PatchRules[].ApproveUntilDate", "UpdatePatchBaseline.ApprovalRules.PatchRules[].ApproveUntilDate",
        "UpdatePatchBaseline.BaselineId", "CreateMaintenanceWindow.Schedule", "CreateAssociation.ScheduleExpression",
        "RegisterTargetWithMaintenanceWindow.Targets[].Key", "RegisterTaskWithMaintenanceWindow.Targets[].Key",
        "RegisterTargetWithMaintenanceWindow.WindowId", "RegisterTaskWithMaintenanceWindow.WindowId", "CreateAssociation.Targets[].Key",
        "SendCommand.Targets[].Key", "CreatePatchBaseline.GlobalFilters.PatchFilters", "UpdatePatchBaseline.GlobalFilters.PatchFilters",
        "CreatePatchBaseline.ApprovalRules.PatchRules[].PatchFilterGroup.PatchFilters", "UpdatePatchBaseline.ApprovalRules.PatchRules[].PatchFilterGroup.PatchFilters",
        "CreatePatchBaseline.Sources", "UpdatePatchBaseline.Sources", "CreateMaintenanceWindow.ScheduleOffset",
        // [FLT-2]: each OS accepts some filter keys only; a RESOURCE_GROUP target must name a group.
        "CreatePatchBaseline.GlobalFilters.PatchFilters[].Key", "UpdatePatchBaseline.GlobalFilters.PatchFilters[].Key",
        "CreatePatchBaseline.ApprovalRules.PatchRules[].PatchFilterGroup.PatchFilters[].Key",
        "UpdatePatchBaseline.ApprovalRules.PatchRules[].PatchFilterGroup.PatchFilters[].Key",
        "RegisterTargetWithMaintenanceWindow.ResourceType",
    ]

    /// Sets `value` at `path` (components split at `.`; `[]` an element, `{}` a map key,
    /// `{*}` a map value) in `doc`, creating the minimal valid containers on the way.
    static func set(_ value: Any?, at path: [String], in doc: inout [String: Any], op: String, prefix: String) {
        guard let first = path.first else { return }
        let isList = first.hasSuffix("[]"), isMapKey = first.hasSuffix("{}"), isMapValue = first.hasSuffix("{*}")
        let name = isList ? String(first.dropLast(2)) : isMapKey ? String(first.dropLast(2)) : isMapValue ? String(first.dropLast(3)) : first
        let here = prefix.isEmpty ? name : "\(prefix).\(name)"
        if path.count == 1 && !isList && !isMapKey && !isMapValue {
            if let value { doc[name] = value } else { doc[name] = nil }
            return
        }
        if isMapKey || isMapValue {
            var map: [String: Any] = [:]
            if isMapKey, path.count == 1 { if let key = value as? String { map[key] = Self.minimal(here + "{*}", op: op) } }
            else if path.count == 1 { map["k"] = value }
            doc[name] = map
            return
        }
        if isList {
            var element: Any = Self.minimal(here + "[]", op: op)
            if path.count == 1 { element = value as Any }
            else if var object = element as? [String: Any] {
                set(value, at: Array(path.dropFirst()), in: &object, op: op, prefix: here + "[]")
                element = object
            }
            doc[name] = [element]
            return
        }
        var object = (doc[name] as? [String: Any]) ?? (Self.minimal(here, op: op) as? [String: Any] ?? [:])
        set(value, at: Array(path.dropFirst()), in: &object, op: op, prefix: here)
        doc[name] = object
    }

    /// The smallest valid value for the member at `path` of `op` (a structure gets its
    /// required members).
    static func minimal(_ path: String, op: String) -> Any {
        if let known = semanticInside(path, op: op) { return known }
        let all = constraints[op] ?? []
        guard let c = all.first(where: { $0.path == path }) else { return "x" }
        switch c.type {
        case "structure":
            var o: [String: Any] = [:]
            for m in all where m.required && m.path.hasPrefix(path + ".") && !m.path.dropFirst(path.count + 1).contains(".") {
                o[String(m.path.dropFirst(path.count + 1))] = minimal(m.path, op: op)
            }
            // A patch rule needs its date clause.
            if path.hasSuffix("PatchRules[]") { o["ApproveAfterDays"] = 0 }
            return o
        case "list": return (0..<(c.min ?? 0)).map { _ in minimal(path + "[]", op: op) }
        case "map": return [String: Any]()
        case "integer": return c.min ?? 0
        case "boolean": return false
        case "blob": return "x"
        default:
            if let values = c.values { return values[0] }
            return string(length: max(c.min ?? 1, path.hasSuffix("Name") && c.pattern == nil ? 3 : 1), pattern: c.pattern) ?? "x"
        }
    }

    /// The cases for one constrained member: (what, value or nil for "left out", accepted?).
    static func cases(_ c: Constraint, op: String) -> [(String, Any?, Bool)] {
        var out: [(String, Any?, Bool)] = []
        let inside = !insideIsSemantic.contains("\(op).\(c.path)")
        if c.required && !c.path.contains("[]") && !c.path.contains(".") { out.append(("left out", nil, false)) }
        switch c.type {
        case "string":
            if let values = c.values {
                if inside { out.append(("enum \(values.last ?? "")", values.last, true)) }
                out.append(("not in the enum", "NOT_A_VALUE", false))
                break
            }
            if let lo = c.min {
                if inside, let s = string(length: lo, pattern: c.pattern) { out.append(("length \(lo)", s, true)) }
                if lo > 0 { out.append(("length \(lo - 1)", String(repeating: "a", count: lo - 1), false)) }
            }
            if let hi = c.max, hi < 5000 {
                if inside, let s = string(length: hi, pattern: c.pattern) { out.append(("length \(hi)", s, true)) }
                out.append(("length \(hi + 1)", String(repeating: "a", count: hi + 1), false))
            }
            if let p = c.pattern {
                let n = max(c.min ?? 1, 3)
                for bad in ["#", "!", " ", "\u{1}"] {
                    let s = String(repeating: bad, count: n)
                    if s.range(of: p, options: .regularExpression) == nil, n <= (c.max ?? Int.max) { out.append(("not matching \(p)", s, false)); break }
                }
            }
        case "integer":
            if let lo = c.min {
                if inside { out.append(("value \(lo)", lo, true)) }
                out.append(("value \(lo - 1)", lo - 1, false))
            }
            if let hi = c.max {
                if inside { out.append(("value \(hi)", hi, true)) }
                out.append(("value \(hi + 1)", hi + 1, false))
            }
        case "list":
            let element = minimal(c.path + "[]", op: op)
            if let lo = c.min, lo > 0 { out.append(("\(lo - 1) items", [Any](repeating: element, count: lo - 1), false)) }
            if let hi = c.max, hi <= 1000 {
                if inside { out.append(("\(hi) items", [Any](repeating: element, count: hi), true)) }
                out.append(("\(hi + 1) items", [Any](repeating: element, count: hi + 1), false))
            }
        default: break
        }
        return out
    }

    @Test("every constrained member of the seven request shapes", arguments: ["CreatePatchBaseline", "UpdatePatchBaseline", "CreateMaintenanceWindow",
                                                                               "RegisterTargetWithMaintenanceWindow", "RegisterTaskWithMaintenanceWindow",
                                                                               "CreateAssociation", "SendCommand"])
    func boundaries(_ op: String) throws {
        let all = try #require(Self.constraints[op])
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("s.json").path
        // The base request itself is valid.
        try Self.scenario(op, Self.base(op)).write(toFile: file, atomically: true, encoding: .utf8)
        let (baseCode, _, baseErr) = runPatchsim(["check", file])
        #expect(baseCode == 0, "\(op) base: \(baseErr)")
        var checked = 0
        for c in all where !c.path.contains("{") {
            // Members under another task type's block need that type.
            var request = Self.base(op)
            // SendCommand takes InstanceIds or Targets, not both.
            if op == "SendCommand", c.path.hasPrefix("Targets") { request["InstanceIds"] = nil }
            if op == "RegisterTaskWithMaintenanceWindow", c.path.hasPrefix("TaskInvocationParameters."), !c.path.hasPrefix("TaskInvocationParameters.RunCommand") {
                let block = String(c.path.split(separator: ".")[1])
                request["TaskType"] = ["Automation": "AUTOMATION", "Lambda": "LAMBDA", "StepFunctions": "STEP_FUNCTIONS"][block] ?? "RUN_COMMAND"
                request["TaskArn"] = block == "Automation" ? "AWS-RestartEC2Instance" : "arn:aws:lambda:us-east-1:111122223333:function:f"
            }
            for (what, value, accepted) in Self.cases(c, op: op) {
                var r = request
                Self.set(value, at: c.path.split(separator: ".").map(String.init), in: &r, op: op, prefix: "")
                try Self.scenario(op, r).write(toFile: file, atomically: true, encoding: .utf8)
                let (code, _, err) = runPatchsim(["check", file])
                checked += 1
                if accepted {
                    #expect(code == 0, "\(op).\(c.path) \(what) must be accepted: \(err.prefix(400))")
                } else {
                    #expect(code == 2, "\(op).\(c.path) \(what) must be refused")
                }
            }
        }
        #expect(checked > 10)
    }
}
