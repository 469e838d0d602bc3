import Foundation
import Testing
@testable import PatchModel
@testable import PatchScenarios
@testable import PatchsimCLI

/// [16] Every AWS CLI example output for the calls patchsim reads loads, pasted as the CLI
/// printed it into the scenario slot for its shape. What an example refers to but does not
/// define (the window a target names, the target a task names, the baseline a patch group
/// names) is added around it, as the rest of the account would hold it.
@Suite("AWS CLI examples load as printed")
struct CLIExamplesTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/awscli-examples")

    static func example(_ name: String) throws -> Any {
        try JSONSerialization.jsonObject(with: try Data(contentsOf: folder.appendingPathComponent(name + ".json")))
    }

    /// A scenario holding `extra` (top-level lists) around a one-node fleet.
    static func scenario(_ extra: [String: Any]) throws -> String {
        var doc: [String: Any] = [
            "name": "cli-example", "seed": 1, "start": "2026-11-01T00:00:00Z", "end": "2026-11-10T00:00:00Z",
            "repositories": [["generate": ["os": "AMAZON_LINUX_2", "product": "AmazonLinux2", "packageCount": 20]]],
            "images": [["ImageId": "ami-1", "OperatingSystem": "AMAZON_LINUX_2", "Product": "AmazonLinux2"]],
            "fleet": [["count": 1, "idPrefix": "i-0cb2b964d3e14fd9", "ImageId": "ami-1"]],
            "expectations": [["name": "loads", "invariant": "noRebootOutsideWindow"]],
        ]
        for (k, v) in extra {
            if let list = v as? [Any], let existing = doc[k] as? [Any] { doc[k] = existing + list } else { doc[k] = v }
        }
        return String(decoding: try JSONSerialization.data(withJSONObject: doc, options: [.sortedKeys]), as: UTF8.self)
    }

    static func window(_ id: String) -> [String: Any] {
        ["WindowId": id, "Name": "example-window", "Schedule": "cron(0 2 ? * TUE *)", "Duration": 3, "Cutoff": 1, "AllowUnassociatedTargets": true]
    }

    static func target(_ windowId: String, _ targetId: String) -> [String: Any] {
        ["WindowId": windowId, "WindowTargetId": targetId, "ResourceType": "INSTANCE",
         "Targets": [["Key": "InstanceIds", "Values": ["i-0cb2b964d3e14fd90"]]]]
    }

    static func baseline(_ id: String, _ os: String) -> [String: Any] {
        ["BaselineId": id, "Name": "example-baseline", "OperatingSystem": os,
         "ApprovalRules": ["PatchRules": [["PatchFilterGroup": ["PatchFilters": []], "ApproveAfterDays": 0]]]]
    }

    /// The windows and window targets an entry names without defining them.
    static func context(tasks: [[String: Any]] = [], targets: [[String: Any]] = []) -> [String: Any] {
        var windows: Set<String> = [], definedTargets: Set<String> = []
        var needed: [(String, String)] = []
        for t in targets {
            if let w = t["WindowId"] as? String { windows.insert(w) }
            if let id = t["WindowTargetId"] as? String { definedTargets.insert(id) }
        }
        for t in tasks {
            guard let w = t["WindowId"] as? String else { continue }
            windows.insert(w)
            for e in t["Targets"] as? [[String: Any]] ?? [] where e["Key"] as? String == "WindowTargetIds" {
                for id in e["Values"] as? [String] ?? [] where !definedTargets.contains(id) && !needed.contains(where: { $0 == (w, id) }) {
                    needed.append((w, id))
                }
            }
        }
        return ["maintenanceWindows": windows.sorted().map(window), "windowTargets": needed.map { target($0.0, $0.1) }]
    }

    func loads(_ text: String, _ what: String) throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("example.json").path
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        let (code, out, err) = runPatchsim(["check", file])
        #expect(code == 0, "\(what): \(out)\(err)")
    }

    @Test("baselines: get-patch-baseline and update-patch-baseline outputs")
    func baselines() throws {
        for name in ["get-patch-baseline-0", "update-patch-baseline-0"] {
            try loads(try Self.scenario(["baselines": [try Self.example(name)]]), name)
        }
    }

    @Test("default baselines and patch groups: get-default-patch-baseline, register-default-patch-baseline, register/get-patch-baseline(-for-patch-group)")
    func defaultsAndGroups() throws {
        for name in ["get-default-patch-baseline-0", "get-default-patch-baseline-1", "register-default-patch-baseline-0"] {
            let e = try #require(try Self.example(name) as? [String: Any])
            let id = try #require(e["BaselineId"] as? String)
            try loads(try Self.scenario(["baselines": [Self.baseline(id, e["OperatingSystem"] as? String ?? "WINDOWS")], "defaultBaselines": [e]]), name)
        }
        for name in ["register-patch-baseline-for-patch-group-0", "get-patch-baseline-for-patch-group-0"] {
            let e = try #require(try Self.example(name) as? [String: Any])
            let id = try #require(e["BaselineId"] as? String)
            try loads(try Self.scenario(["baselines": [Self.baseline(id, e["OperatingSystem"] as? String ?? "WINDOWS")], "patchGroups": [e]]), name)
        }
    }

    @Test("windows, targets and tasks: update-maintenance-window, describe/update-maintenance-window-target(s), get/update/describe-maintenance-window-task(s)")
    func windows() throws {
        try loads(try Self.scenario(["maintenanceWindows": [try Self.example("update-maintenance-window-0")]]), "update-maintenance-window-0")
        for name in ["describe-maintenance-window-targets-0", "describe-maintenance-window-targets-1"] {
            let targets = try #require((try Self.example(name) as? [String: Any])?["Targets"] as? [[String: Any]])
            try loads(try Self.scenario(Self.context(targets: targets).merging(["windowTargets": targets]) { a, b in (a as? [Any] ?? []) + (b as? [Any] ?? []) }), name)
        }
        let target = try #require(try Self.example("update-maintenance-window-target-0") as? [String: Any])
        try loads(try Self.scenario(Self.context(targets: [target]).merging(["windowTargets": [target]]) { a, b in (a as? [Any] ?? []) + (b as? [Any] ?? []) }),
                  "update-maintenance-window-target-0")
        for name in ["get-maintenance-window-task-0", "update-maintenance-window-task-0"] {
            let task = try #require(try Self.example(name) as? [String: Any])
            try loads(try Self.scenario(Self.context(tasks: [task]).merging(["windowTasks": [task]]) { a, _ in a }), name)
        }
        for name in ["describe-maintenance-window-tasks-0", "describe-maintenance-window-tasks-1", "describe-maintenance-window-tasks-2", "describe-maintenance-window-tasks-3"] {
            let tasks = try #require((try Self.example(name) as? [String: Any])?["Tasks"] as? [[String: Any]])
            try loads(try Self.scenario(Self.context(tasks: tasks).merging(["windowTasks": tasks]) { a, _ in a }), name)
        }
    }

    @Test("associations: create-association, describe-association, list-associations, update-association outputs, wrapped as printed")
    func associations() throws {
        for name in ["create-association-0", "create-association-1", "create-association-2", "describe-association-0", "describe-association-1",
                     "list-associations-0", "list-associations-1", "update-association-0", "update-association-1"] {
            try loads(try Self.scenario(["associations": [try Self.example(name)]]), name)
        }
    }

    @Test("commands: send-command's Command as a SendCommand event")
    func commands() throws {
        let output = try #require(try Self.example("send-command-0") as? [String: Any])
        try loads(try Self.scenario(["events": [["at": "2026-11-02T00:00:00Z", "name": "hello", "Command": output["Command"] ?? [:]]]]), "send-command-0")
    }
}
