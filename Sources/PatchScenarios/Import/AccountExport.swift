import Foundation
import PatchBaselines
import PatchModel

/// An account export as the export script writes it ([17]), read into what the import
/// needs. Every file is the AWS CLI's `--output json` of one call; a mistake in one is a
/// located error naming the file and JSON path. A file that is missing (a per-instance
/// call that failed, an optional part) is noted in `skipped` and the rest is read.
public struct AccountExport: Sendable {
    public struct PatchRecord: Sendable {
        public var title: String
        public var kbId: String
        public var classification: String
        public var severity: String
        public var state: PatchComplianceState
        public var installedTime: Instant?
        public var cveIds: [String]
    }

    /// One `AWS:Application` inventory entry.
    public struct Application: Sendable {
        public var name: String
        public var version: String
        public var release: String?
        public var epoch: String?
        public var architecture: String?
        public var installedTime: Instant?
    }

    public struct Node: Sendable {
        public var instanceId: String
        /// `DescribeInstanceInformation`'s entry.
        public var platformType: String
        public var platformName: String
        public var platformVersion: String
        public var agentVersion: String?
        public var resourceType: String
        public var ipAddress: String?
        public var computerName: String?
        public var pingStatus: String?
        /// Tags in the order the service listed them (EC2 or ListTagsForResource).
        public var tags: [(key: String, value: String)] = []
        /// The stored `InstancePatchState`, as `describe-instance-patch-states` printed it.
        public var patchState: JSONValue?
        public var patches: [PatchRecord]?
        public var applications: [Application]?
        public var hotFixIds: [String]?
        /// EC2 facts the scenario keeps for the record.
        public var ec2: JSONValue?
    }

    public var directory: String
    public var exportTime: Instant
    public var region: String
    public var accountId: String
    public var cliVersion: String
    public var nodes: [Node] = []
    public var baselines: [JSONValue] = []
    /// `describe-patch-baselines`' BaselineIdentities (predefined ones included).
    public var baselineIdentities: [JSONValue] = []
    public var patchGroups: [JSONValue] = []
    public var defaultBaselines: [JSONValue] = []
    public var windows: [JSONValue] = []
    public var windowTargets: [JSONValue] = []
    public var windowTasks: [JSONValue] = []
    public var associations: [JSONValue] = []
    public var availablePatches: [JSONValue] = []
    /// What the export lacks, one line each ("describe-instance-patches/i-0abc.json: missing").
    public var skipped: [String] = []

    public static func read(_ directory: String) throws -> AccountExport {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw InputError(file: directory, message: "not a folder; give the folder the export script wrote")
        }
        func path(_ parts: String...) -> String { parts.reduce(directory) { ($0 as NSString).appendingPathComponent($1) } }
        func exists(_ p: String) -> Bool { FileManager.default.fileExists(atPath: p) }
        func load(_ p: String) throws -> JSONValue {
            let value = try JSONValue.parse(contentsOf: p)
            guard case .object = value.kind else { throw value.error(found: value.shortDescription, allowed: "the JSON object the AWS CLI prints") }
            return value
        }

        let manifestPath = path(ExportLayout.manifest)
        guard exists(manifestPath) else {
            throw InputError(file: manifestPath, message: "missing; the export script writes it first (ExportTime, Region, AccountId, AwsCliVersion)")
        }
        let manifest = try load(manifestPath)
        try manifest.checkKeys(["ExportTime", "Region", "AccountId", "AwsCliVersion", "InstanceFilter"])
        var export = AccountExport(directory: directory, exportTime: try manifest.required("ExportTime").timestamp(),
                                   region: try manifest["Region"]?.string() ?? "", accountId: try manifest["AccountId"]?.string() ?? "",
                                   cliVersion: try manifest["AwsCliVersion"]?.string() ?? "")

        // The nodes.
        let infoPath = path(ExportLayout.instanceInformation)
        guard exists(infoPath) else { throw InputError(file: infoPath, message: "missing; without it there are no nodes to import") }
        let info = try load(infoPath)
        var ec2: [String: JSONValue] = [:]
        if exists(path(ExportLayout.ec2Instances)) {
            for r in try load(path(ExportLayout.ec2Instances))["Reservations"]?.array() ?? [] {
                for i in try r["Instances"]?.array() ?? [] { ec2[try i.required("InstanceId").string()] = i }
            }
        } else {
            export.skipped.append("\(ExportLayout.ec2Instances): missing (EC2 tags unknown)")
        }
        var states: [String: JSONValue] = [:]
        if exists(path(ExportLayout.patchStates)) {
            for s in try load(path(ExportLayout.patchStates))["InstancePatchStates"]?.array() ?? [] {
                states[try s.required("InstanceId").string()] = s
            }
        } else {
            export.skipped.append("\(ExportLayout.patchStates): missing (no node's summary to reproduce)")
        }
        for entry in try info.required("InstanceInformationList").array() {
            let id = try entry.required("InstanceId").string()
            guard InstanceIdentity.isInstanceId(id) else {
                throw try entry.required("InstanceId").error(found: "\"\(id)\"", allowed: "an instance id (i- or mi- and hex digits)")
            }
            var node = Node(instanceId: id, platformType: try entry["PlatformType"]?.string() ?? "",
                            platformName: try entry["PlatformName"]?.string() ?? "", platformVersion: try entry["PlatformVersion"]?.string() ?? "",
                            agentVersion: try entry["AgentVersion"]?.string(), resourceType: try entry["ResourceType"]?.string() ?? "EC2Instance",
                            ipAddress: try entry["IPAddress"]?.string(), computerName: try entry["ComputerName"]?.string(),
                            pingStatus: try entry["PingStatus"]?.string())
            if let i = ec2[id] {
                node.ec2 = i
                for t in try i["Tags"]?.array() ?? [] { node.tags.append((try t.required("Key").string(), try t["Value"]?.string() ?? "")) }
            } else if id.hasPrefix("mi-") {
                let p = path(ExportLayout.hybridTags, id + ".json")
                if exists(p) {
                    for t in try load(p)["TagList"]?.array() ?? [] { node.tags.append((try t.required("Key").string(), try t["Value"]?.string() ?? "")) }
                } else {
                    export.skipped.append("\(ExportLayout.hybridTags)/\(id).json: missing (its tags unknown)")
                }
            } else if exists(path(ExportLayout.ec2Instances)) {
                export.skipped.append("\(id): not in \(ExportLayout.ec2Instances) (its tags unknown)")
            }
            node.patchState = states[id]
            let patchesPath = path(ExportLayout.instancePatches, id + ".json")
            if exists(patchesPath) {
                node.patches = try load(patchesPath).required("Patches").array().map(patchRecord)
            } else if states[id] != nil {
                export.skipped.append("\(ExportLayout.instancePatches)/\(id).json: missing (its patches cannot be reproduced)")
            }
            let appsPath = path(ExportLayout.inventory, ExportLayout.applicationType, id + ".json")
            if exists(appsPath) {
                node.applications = try load(appsPath).required("Entries").array().map(application)
            }
            let kbPath = path(ExportLayout.inventory, ExportLayout.windowsUpdateType, id + ".json")
            if exists(kbPath) {
                node.hotFixIds = try load(kbPath).required("Entries").array().compactMap { try $0["HotFixId"]?.string() }
            }
            export.nodes.append(node)
        }
        export.nodes.sort { $0.instanceId < $1.instanceId }

        // Baselines, patch groups and defaults.
        let baselineDir = path(ExportLayout.baseline)
        for name in try files(in: baselineDir) { export.baselines.append(try load((baselineDir as NSString).appendingPathComponent(name))) }
        if exists(path(ExportLayout.baselines)) {
            export.baselineIdentities = try load(path(ExportLayout.baselines))["BaselineIdentities"]?.array() ?? []
        }
        if exists(path(ExportLayout.patchGroups)) {
            export.patchGroups = try load(path(ExportLayout.patchGroups))["Mappings"]?.array() ?? []
        }
        let defaultsDir = path(ExportLayout.defaultBaseline)
        for name in try files(in: defaultsDir) { export.defaultBaselines.append(try load((defaultsDir as NSString).appendingPathComponent(name))) }

        // Maintenance windows, their targets and tasks.
        let windowDir = path(ExportLayout.window)
        var windowIds: [String] = []
        if exists(path(ExportLayout.windows)) {
            windowIds = try (load(path(ExportLayout.windows))["WindowIdentities"]?.array() ?? []).map { try $0.required("WindowId").string() }
        }
        for name in try files(in: windowDir) where !windowIds.contains(String(name.dropLast(5))) { windowIds.append(String(name.dropLast(5))) }
        for id in windowIds.sorted() {
            let p = path(ExportLayout.window, id + ".json")
            guard exists(p) else { export.skipped.append("\(ExportLayout.window)/\(id).json: missing (window \(id) not imported)"); continue }
            export.windows.append(try load(p))
            let targets = path(ExportLayout.windowTargets, id + ".json")
            if exists(targets) { export.windowTargets += try load(targets)["Targets"]?.array() ?? [] }
            else { export.skipped.append("\(ExportLayout.windowTargets)/\(id).json: missing (window \(id) has no targets)") }
            let tasks = path(ExportLayout.windowTasks, id + ".json")
            let listed = exists(tasks) ? try load(tasks)["Tasks"]?.array() ?? [] : []
            if !exists(tasks) { export.skipped.append("\(ExportLayout.windowTasks)/\(id).json: missing (window \(id) has no tasks)") }
            for t in listed {
                let taskId = try t.required("WindowTaskId").string()
                // The Get output has the task's invocation parameters; the Describe entry does not.
                let full = path(ExportLayout.windowTask, "\(id)_\(taskId).json")
                if exists(full) { export.windowTasks.append(try load(full)) }
                else {
                    export.skipped.append("\(ExportLayout.windowTask)/\(id)_\(taskId).json: missing (task \(taskId) imported without its parameters)")
                    export.windowTasks.append(t)
                }
            }
        }

        // Associations (State Manager, patch policies' own).
        let associationDir = path(ExportLayout.association)
        var associationIds: [String] = []
        if exists(path(ExportLayout.associations)) {
            associationIds = try (load(path(ExportLayout.associations))["Associations"]?.array() ?? []).map { try $0.required("AssociationId").string() }
        }
        for name in try files(in: associationDir) where !associationIds.contains(String(name.dropLast(5))) { associationIds.append(String(name.dropLast(5))) }
        for id in associationIds.sorted() {
            let p = path(ExportLayout.association, id + ".json")
            guard exists(p) else { export.skipped.append("\(ExportLayout.association)/\(id).json: missing (association \(id) not imported)"); continue }
            export.associations.append(try load(p).required("AssociationDescription"))
        }
        if exists(path(ExportLayout.availablePatches)) {
            export.availablePatches = try load(path(ExportLayout.availablePatches))["Patches"]?.array() ?? []
        }
        return export
    }

    /// The `*.json` files of a folder, sorted; none when it does not exist.
    static func files(in dir: String) throws -> [String] {
        guard FileManager.default.fileExists(atPath: dir) else { return [] }
        return (try FileManager.default.contentsOfDirectory(atPath: dir)).filter { $0.hasSuffix(".json") }.sorted()
    }

    /// One `PatchComplianceData` entry; `State` in the enum's spelling or the CLI
    /// examples' (`Installed`, `InstalledOther`).
    static func patchRecord(_ v: JSONValue) throws -> PatchRecord {
        let stateV = try v.required("State")
        let raw = try stateV.string()
        let folded = raw.replacingOccurrences(of: "_", with: "").uppercased()
        guard let state = PatchComplianceState.allCases.first(where: { $0.rawValue.replacingOccurrences(of: "_", with: "") == folded }) else {
            throw stateV.error(found: "\"\(raw)\"", allowed: PatchComplianceState.allCases.map(\.rawValue).joined(separator: ", "))
        }
        let time = try v["InstalledTime"]?.timestamp()
        return PatchRecord(title: try v.required("Title").string(), kbId: try v.required("KBId").string(),
                           classification: try v.required("Classification").string(), severity: try v.required("Severity").string(),
                           state: state, installedTime: time == .epoch ? nil : time,
                           cveIds: (try v["CVEIds"]?.string() ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
    }

    static func application(_ v: JSONValue) throws -> Application {
        func text(_ key: String) throws -> String? {
            guard let s = try v[key]?.string(), !s.isEmpty, s != "(none)" else { return nil }
            return s
        }
        return Application(name: try v.required("Name").string(), version: try v.required("Version").string(),
                           release: try text("Release"), epoch: try text("Epoch"), architecture: try text("Architecture"),
                           installedTime: v["InstalledTime"].flatMap { try? $0.timestamp() })
    }
}
