import Foundation
import Testing
@testable import PatchsimCLI

/// [16] The account's service quotas at their defaults and raised, and tag-based resource
/// groups: their shapes, their errors, and who they reach.
@Suite("Service quotas and resource groups")
struct QuotasAndResourceGroupsTests {
    /// The small scenario with `edit` applied to its JSON object.
    static func scenario(_ edit: (inout [String: Any]) -> Void) throws -> String {
        guard var doc = try JSONSerialization.jsonObject(with: Data(smallScenario.utf8)) as? [String: Any] else { return "" }
        edit(&doc)
        return String(decoding: try JSONSerialization.data(withJSONObject: doc, options: [.sortedKeys]), as: UTF8.self)
    }

    static func check(_ text: String) throws -> (Int32, String) {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("q.json").path
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        let (code, _, err) = runPatchsim(["check", file])
        return (code, err)
    }

    static func window(_ k: Int) -> [String: Any] {
        ["WindowId": String(format: "mw-%017x", 0x100 + k), "Name": "win-q\(k)", "Schedule": "cron(0 2 ? * TUE *)", "Duration": 3, "Cutoff": 1,
         "AllowUnassociatedTargets": true]
    }

    static func target(_ k: Int, window: String = "mw-00000000000000001") -> [String: Any] {
        ["WindowId": window, "WindowTargetId": "q\(k)", "ResourceType": "INSTANCE", "Targets": [["Key": "tag:PatchGroup", "Values": ["g"]]]]
    }

    static func task(_ k: Int, targets: [String] = ["t1"]) -> [String: Any] {
        ["WindowId": "mw-00000000000000001", "WindowTaskId": "qk\(k)", "TaskArn": "AWS-RunPatchBaseline", "TaskType": "RUN_COMMAND",
         "Targets": [["Key": "WindowTargetIds", "Values": targets]], "MaxConcurrency": "1", "MaxErrors": "0", "Priority": 2]
    }

    static func baseline(_ k: Int) -> [String: Any] {
        ["Name": "quota-\(k)", "OperatingSystem": "AMAZON_LINUX_2"]
    }

    /// Each quota at its default limit (accepted), one beyond (refused, naming the quota),
    /// and one beyond with the quota raised (accepted).
    @Test("each default quota: at the limit accepted, beyond refused as ResourceLimitExceededException, beyond with serviceQuotas raised accepted",
          arguments: ["MaintenanceWindows", "TargetsPerMaintenanceWindow", "TasksPerMaintenanceWindow", "TargetsPerTask", "PatchBaselines",
                      "PatchGroupsPerPatchBaseline"])
    func quota(_ name: String) throws {
        // The limit and how to build a scenario with n of the thing.
        let (limit, build): (Int, (Int, inout [String: Any]) -> Void) = {
            switch name {
            case "MaintenanceWindows": return (50, { n, doc in doc["maintenanceWindows"] = (doc["maintenanceWindows"] as? [Any] ?? []) + (1..<n).map(Self.window) })
            case "TargetsPerMaintenanceWindow": return (100, { n, doc in doc["windowTargets"] = (1..<n).map { Self.target($0) } })
            case "TasksPerMaintenanceWindow": return (20, { n, doc in doc["windowTasks"] = (1..<n).map { Self.task($0) } })
            case "TargetsPerTask":
                return (10, { n, doc in
                    doc["windowTargets"] = (1..<n).map { Self.target($0) }
                    doc["windowTasks"] = [Self.task(1, targets: ["t1"] + (1..<n).map { "q\($0)" })]
                })
            case "PatchBaselines": return (50, { n, doc in doc["baselines"] = (doc["baselines"] as? [Any] ?? []) + (1..<n).map(Self.baseline) })
            default:
                return (25, { n, doc in
                    doc["patchGroups"] = (doc["patchGroups"] as? [Any] ?? []) + (1..<n).map { ["PatchGroup": "g\($0)", "BaselineId": "pb-0000000000000000001"] }
                })
            }
        }()
        let (atLimit, atErr) = try Self.check(try Self.scenario { build(limit, &$0) })
        #expect(atLimit == 0, "\(name) at \(limit): \(atErr)")
        let (beyond, err) = try Self.check(try Self.scenario { build(limit + 1, &$0) })
        #expect(beyond == 2 && err.contains("ResourceLimitExceededException") && err.contains("\(name) quota of \(limit)"), "\(err)")
        let (raised, raisedErr) = try Self.check(try Self.scenario { build(limit + 1, &$0); $0["serviceQuotas"] = [name: limit + 1] })
        #expect(raised == 0, "\(name) raised: \(raisedErr)")
    }

    @Test("serviceQuotas: an unknown quota or a value out of range is a located error")
    func quotaMistakes() throws {
        let (c1, e1) = try Self.check(try Self.scenario { $0["serviceQuotas"] = ["Windows": 60] })
        #expect(c1 == 2 && e1.contains("serviceQuotas") && e1.contains("Windows"), "\(e1)")
        let (c2, e2) = try Self.check(try Self.scenario { $0["serviceQuotas"] = ["PatchBaselines": 0] })
        #expect(c2 == 2 && e2.contains("serviceQuotas.PatchBaselines"), "\(e2)")
    }

    static var webGroup: [String: Any] { [
        "Name": "web", "ResourceQuery": ["Type": "TAG_FILTERS_1_0",
                                         "Query": "{\"ResourceTypeFilters\":[\"AWS::EC2::Instance\"],\"TagFilters\":[{\"Key\":\"PatchGroup\",\"Values\":[\"g\"]}]}"]] }

    /// The small scenario's window targeting a resource group instead of the tag.
    static func grouped(_ groups: [[String: Any]], target: [[String: Any]] = [["Key": "resource-groups:Name", "Values": ["web"]]]) throws -> String {
        try scenario { doc in
            doc["resourceGroups"] = groups
            guard var windows = doc["maintenanceWindows"] as? [[String: Any]], var targets = windows[0]["Targets"] as? [[String: Any]] else { return }
            targets[0]["Targets"] = target
            targets[0]["ResourceType"] = "RESOURCE_GROUP"
            windows[0]["Targets"] = targets
            doc["maintenanceWindows"] = windows
        }
    }

    @Test("resource group mistakes: each refused with its JSON path and what is allowed", arguments: [
        ("unknown group", "resource group 'web'; allowed: a group of the scenario's resourceGroups (none declared)"),
        ("stack query", "resourceGroups[0].ResourceQuery.Type: found \"CLOUDFORMATION_STACK_1_0\"; allowed: TAG_FILTERS_1_0"),
        ("query not JSON", "resourceGroups[0].ResourceQuery.Query: the query string is not JSON"),
        ("no tag filters", "resourceGroups[0].ResourceQuery.Query"),
        ("reserved characters", "resourceGroups[0].Name"),
        ("filters without name", "Targets[0].Targets: found no resource-groups:Name entry; allowed: a RESOURCE_GROUP target names its group"),
        ("twice", "resourceGroups[1]: the resource group name web is used twice"),
    ])
    func groupMistakes(_ c: (String, String)) throws {
        var groups = [Self.webGroup]
        var target: [[String: Any]] = [["Key": "resource-groups:Name", "Values": ["web"]]]
        switch c.0 {
        case "unknown group": groups = []
        case "stack query": groups[0]["ResourceQuery"] = ["Type": "CLOUDFORMATION_STACK_1_0", "Query": "{\"StackIdentifier\":\"arn:aws:cloudformation:us-east-1:111122223333:stack/s/1\"}"]
        case "query not JSON": groups[0]["ResourceQuery"] = ["Type": "TAG_FILTERS_1_0", "Query": "{ResourceTypeFilters"]
        case "no tag filters": groups[0]["ResourceQuery"] = ["Type": "TAG_FILTERS_1_0", "Query": "{\"ResourceTypeFilters\":[\"AWS::EC2::Instance\"],\"TagFilters\":[]}"]
        case "reserved characters": groups[0]["Name"] = "web servers!"
        case "filters without name": target = [["Key": "resource-groups:ResourceTypeFilters", "Values": ["AWS::EC2::Instance"]]]
        default: groups.append(Self.webGroup)
        }
        let (code, err) = try Self.check(try Self.grouped(groups, target: target))
        #expect(code == 2 && err.contains(c.1), "\(err)")
    }

    @Test("a resource group reaches its members: by tag, and by type (create-group and get-group-query outputs load)")
    func groupMembers() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        // As get-group-query prints it, with the query inline as an object.
        let printed: [String: Any] = ["GroupQuery": ["GroupName": "web", "ResourceQuery": [
            "Type": "TAG_FILTERS_1_0", "Query": ["ResourceTypeFilters": ["AWS::AllSupported"], "TagFilters": [["Key": "PatchGroup"]]]]]]
        for (groups, compliant) in [([Self.webGroup], true), ([printed], true),
                                    ([["Group": ["GroupArn": "arn:aws:resource-groups:us-east-1:111122223333:group/web", "Name": "web"],
                                       "ResourceQuery": ["Type": "TAG_FILTERS_1_0",
                                                         "Query": "{\"ResourceTypeFilters\":[\"AWS::SSM::ManagedInstance\"],\"TagFilters\":[{\"Key\":\"PatchGroup\",\"Values\":[]}]}"]]], false)] {
            let file = dir.appendingPathComponent("g.json").path
            try Self.grouped(groups).write(toFile: file, atomically: true, encoding: .utf8)
            let (code, out, err) = runPatchsim(["run", file, "--quiet"])
            // A group of managed instances (mi-) reaches none of these EC2 nodes: no report, so
            // the compliant share has no reporting node and the expectation fails.
            #expect(code == (compliant ? 0 : 1), "\(groups): \(out)\(err)")
        }
    }
}
