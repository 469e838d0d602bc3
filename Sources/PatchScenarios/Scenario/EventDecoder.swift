import PatchBaselines
import PatchModel
import PatchScheduling
import PatchWorld

/// The scenario's `events`: what happens at an instant, each shaped as the API call that
/// would do it, with `at` (an instant), `action` (the call's name) and an optional `name`.
///
///     { "at": "2026-11-10T12:00:00Z", "action": "CreateTags", "Resources": ["i-0web0000000000000"],
///       "Tags": [ { "Key": "PatchGroup", "Value": "prod" } ] }
///
/// Repository outages and notice withdrawals become part of the repository's timeline;
/// everything else is played by the simulation when the clock reaches it.
enum EventDecoder {
    static let actions = ["CreateTags", "DeleteTags", "StopInstances", "StartInstances", "RebootInstances", "UpdatePatchBaseline", "DeletePatchBaseline",
                          "RegisterPatchBaselineForPatchGroup", "DeregisterPatchBaselineForPatchGroup", "RegisterDefaultPatchBaseline",
                          "UpdateMaintenanceWindow", "CancelMaintenanceWindowExecution", "PutParameter", "DeleteParameter", "SendCommand", "PatchNow", "RepositoryOffline", "RepositoryOnline", "PublishNotice", "WithdrawNotice"]

    /// A `PutParameter` request: `Name` (1-2048 characters), `Value` (1-4096), `Type`
    /// String | StringList | SecureString (a StringList's value is its comma-joined text).
    static func putParameter(_ v: JSONValue, extraKeys: Set<String>) throws -> (String, String) {
        try v.checkKeys(extraKeys.union(["Name", "Value", "Type", "Description", "Overwrite", "Tier", "DataType"]))
        let nameV = try v.required("Name"), valueV = try v.required("Value")
        let name = try nameV.string(), value = try valueV.string()
        guard (1...2048).contains(name.count), !name.contains("{{"), !name.contains("}}") else {
            throw nameV.error(found: nameV.shortDescription, allowed: "1-2048 characters without braces")
        }
        guard (1...4096).contains(value.utf8.count) else { throw valueV.error(found: "\(value.utf8.count) bytes", allowed: "1-4096") }
        _ = try v["Type"]?.oneOf(["String", "StringList", "SecureString"])
        return (name, value)
    }

    struct Context {
        var start: Instant
        var end: Instant
        var windows: [MaintenanceWindow]
        /// The definitions as written, by BaselineId, so an update can lay its fields over them.
        var baselineDocuments: [String: JSONValue]
        /// Whether an instance id is in the fleet: an EC2 call naming another fails to load
        /// (`InvalidInstanceID.NotFound`), where an SSM command would list it Undeliverable.
        var isInstance: (String) -> Bool = { _ in true }
        /// How Command documents' parameters are read (durations of other documents, paths).
        var documents = DocumentParameters()
        var resourceGroups: [String: ResourceGroup] = [:]
    }

    /// `Command` members a ListCommands / SendCommand output carries beside the request's:
    /// accepted and type-checked; the run computes its own.
    static let commandOutputMembers: [JSONShape.Member] = [
        .init("CommandId", .string(length: 36...36)), .init("RequestedDateTime", .timestamp), .init("ExpiresAfter", .timestamp),
        .init("Status", .string()), .init("StatusDetails", .string()), .init("TargetCount", .integer()), .init("CompletedCount", .integer()),
        .init("ErrorCount", .integer()), .init("DeliveryTimedOutCount", .integer()), .init("ServiceRole", .string()),
        .init("TriggeredAlarms", .list(.any)),
    ]

    /// An event's instant: `at`, or a pasted Command's `RequestedDateTime`.
    static func instant(_ v: JSONValue) throws -> Instant {
        if v["at"] == nil, let requested = v["RequestedDateTime"] { return try requested.timestamp() }
        return try v.required("at").instant()
    }

    /// Decodes the list in time order (ties in file order). Returns the simulation's events;
    /// repository events are applied to `repositories`.
    static func decode(_ list: JSONValue, context: Context, repositories: inout [Repository]) throws -> [TimedEvent] {
        var documents = context.baselineDocuments
        // `{"at": ..., "action": "SendCommand", "Command": {...}}`: a pasted send-command or
        // list-commands entry, its members read as the request's.
        let items = try list.array().enumerated().map { (k, raw) -> (Int, JSONValue, Instant) in
            var v = raw
            if let command = raw["Command"], case .object = command.kind {
                v = raw.without(["Command"]).overlaid(with: command)
                if v["action"] == nil { v = v.overlaid(with: JSONValue(kind: .object([("action", JSONValue(kind: .string("SendCommand"), file: raw.file, path: raw.path + ".action"))]), file: raw.file, path: raw.path)) }
            }
            return (k, v, try instant(v))
        }
        var events: [TimedEvent] = []
        for (k, v, at) in items.sorted(by: { ($0.2, $0.0) < ($1.2, $1.0) }) {
            let atV = v["at"] ?? v["RequestedDateTime"] ?? v
            guard at >= context.start, at <= context.end else {
                throw atV.error(found: at.iso8601, allowed: "an instant from the scenario's start \(context.start.iso8601) to its end \(context.end.iso8601)")
            }
            let actionV = try v.required("action")
            let action = try actionV.oneOf(actions)
            let name = try v["name"]?.string() ?? "\(action)#\(k)"
            func keys(_ extra: Set<String>) throws { try v.checkKeys(extra.union(["at", "action", "name"])) }
            func repository() throws -> Int {
                let r = try v.required("Repository")
                let n = try r.string()
                guard let index = repositories.firstIndex(where: { $0.name == n }) else {
                    throw r.error(found: r.shortDescription, allowed: "a repository name: \(repositories.map(\.name).joined(separator: ", "))")
                }
                return index
            }
            func sendCommandSelector() throws -> NodeSelector {
                let selector = try selectorOf(v, idsKey: "InstanceIds", managedOnly: true, resourceGroups: context.resourceGroups)
                guard selector.target != nil else { throw v.error("SendCommand needs InstanceIds or Targets") }
                return selector
            }
            /// AWS-ConfigureKernelLivePatching's one parameter, `EnableOrDisable` (default Enable).
            func kernelLivePatchingEnable() throws -> Bool {
                guard let p = v["Parameters"] else { return true }
                try p.checkKeys(["EnableOrDisable"])
                guard let list = p["EnableOrDisable"] else { return true }
                let values = try list.array()
                guard values.count == 1 else { throw list.error(found: "\(values.count) values", allowed: "one of Enable, Disable") }
                return try values[0].oneOf(["Enable", "Disable"]) == "Enable"
            }
            let timed: TimedAction
            switch action {
            case "CreateTags", "DeleteTags":
                try keys(["Resources", "Targets", "Tags"])
                let selector = try selectorOf(v, idsKey: "Resources", managedOnly: false, isInstance: context.isInstance)
                let tags = try v.required("Tags").array()
                if action == "CreateTags" {
                    var map: [String: String] = [:]
                    for t in tags { try t.checkKeys(["Key", "Value"]); map[try t.required("Key").string()] = try t.required("Value").string() }
                    timed = .createTags(selector, map)
                } else {
                    timed = .deleteTags(selector, try tags.map { t in
                        try t.checkKeys(["Key", "Value"])
                        return (try t.required("Key").string(), try t["Value"]?.string())
                    })
                }
            case "StopInstances", "StartInstances":
                try keys(["InstanceIds", "Targets"])
                timed = .setRunning(try selectorOf(v, idsKey: "InstanceIds", managedOnly: false, isInstance: context.isInstance),
                                    action == "StartInstances")
            case "RebootInstances":
                try keys(["InstanceIds", "Targets"])
                timed = .rebootInstances(try selectorOf(v, idsKey: "InstanceIds", managedOnly: false, isInstance: context.isInstance))
            case "UpdatePatchBaseline":
                let idV = try v.required("BaselineId")
                let id = try idV.string()
                guard let stored = documents[id] else {
                    throw idV.error(found: idV.shortDescription, allowed: "a BaselineId of this file's baselines (predefined baselines cannot be updated)")
                }
                let request = v.without(["at", "action", "name", "Replace"])
                let replace = try v["Replace"]?.bool() ?? false
                // Replace: optional fields the request leaves out become null (API); else they keep their value.
                let kept = replace ? stored.without(Set((try stored.object()).map(\.0)).subtracting(["BaselineId", "OperatingSystem"])) : stored
                var merged = kept.overlaid(with: request)
                if replace && request["Name"] == nil { throw v.error("Replace: true needs every field CreatePatchBaseline requires (Name)") }
                merged = merged.without(["CreatedDate", "ModifiedDate", "PatchGroups"])
                documents[id] = merged
                timed = .updateBaseline(try BaselineDecoder.decode(merged))
            case "DeletePatchBaseline":
                try keys(["BaselineId"])
                timed = .deleteBaseline(try v.required("BaselineId").string())
            case "RegisterPatchBaselineForPatchGroup", "DeregisterPatchBaselineForPatchGroup":
                try keys(["BaselineId", "PatchGroup"])
                let group = try v.required("PatchGroup").string(), id = try v.required("BaselineId").string()
                timed = action.hasPrefix("Register") ? .registerPatchGroup(patchGroup: group, baselineId: id)
                                                     : .deregisterPatchGroup(patchGroup: group, baselineId: id)
            case "RegisterDefaultPatchBaseline":
                try keys(["BaselineId"])
                timed = .registerDefaultBaseline(try v.required("BaselineId").string())
            case "UpdateMaintenanceWindow":
                try keys(["WindowId", "Enabled", "Schedule", "ScheduleTimezone", "ScheduleOffset"])
                let w = try v.required("WindowId")
                guard context.windows.contains(where: { $0.windowId == (try? w.string()) }) else {
                    throw w.error(found: w.shortDescription, allowed: "a WindowId of maintenanceWindows: \(context.windows.map(\.windowId).joined(separator: ", "))")
                }
                if let schedule = v["Schedule"] {
                    guard v["Enabled"] == nil else { throw v.error("give Enabled and Schedule in separate UpdateMaintenanceWindow events") }
                    timed = .updateWindowSchedule(windowId: try w.string(), schedule: try schedule.string(),
                                                  timeZone: try v["ScheduleTimezone"]?.string(), offsetDays: try v["ScheduleOffset"]?.int(in: -1_000...1_000))
                } else {
                    timed = .setWindowEnabled(windowId: try w.string(), try v.required("Enabled").bool())
                }
            case "CancelMaintenanceWindowExecution":
                // The API names the execution (WindowExecutionId, optional here: ids come from
                // the run); WindowId is required: that window's execution running then.
                try keys(["WindowExecutionId", "WindowId"])
                let w = try v.required("WindowId")
                guard context.windows.contains(where: { $0.windowId == (try? w.string()) }) else {
                    throw w.error(found: w.shortDescription, allowed: "a WindowId of maintenanceWindows: \(context.windows.map(\.windowId).joined(separator: ", "))")
                }
                timed = .cancelWindowExecution(windowId: try w.string(), windowExecutionId: try v["WindowExecutionId"]?.string())
            case "PutParameter":
                let (name, value) = try putParameter(v, extraKeys: ["at", "action", "name"])
                timed = .putParameter(name: name, value: value)
            case "DeleteParameter":
                try keys(["Name"])
                timed = .deleteParameter(name: try v.required("Name").string())
            case "SendCommand":
                // The SendCommand request (every model constraint), or a pasted Command output.
                let shape = SSMRequestShapes.sendCommand.adding(commandOutputMembers)
                try keys(Set(shape.memberNames))
                // A pasted Command (it has its CommandId) is an output: types only.
                try (v["CommandId"] == nil ? shape : shape.relaxed).validate(v)
                let documentName = try v.required("DocumentName").string()
                // The service: InstanceIds or Targets, not both (an empty list is neither).
                if let ids = v["InstanceIds"], let targets = v["Targets"], !(try ids.array()).isEmpty, !(try targets.array()).isEmpty {
                    throw targets.error("give InstanceIds or Targets, not both (SendCommand)")
                }
                if documentName == "AWS-ConfigureKernelLivePatching" {
                    timed = .configureKernelLivePatching(try sendCommandSelector(), enable: try kernelLivePatchingEnable())
                    break
                }
                let (document, parameters) = try context.documents.read(document: documentName, v["Parameters"])
                // SendCommand's defaults: MaxConcurrency 50, MaxErrors 0.
                let rateControl: RateControl
                do { rateControl = try RateControl(maxConcurrency: try v["MaxConcurrency"]?.string() ?? "50", maxErrors: try v["MaxErrors"]?.string() ?? "0") }
                catch let e as ScheduleError { throw v.error(e.description) }
                let timeout = try v["TimeoutSeconds"].map { Int64(try $0.int(in: 30...2_592_000)) } ?? PatchCommand.defaultTimeoutSeconds
                timed = .sendCommand(try sendCommandSelector(), parameters, rateControl, timeoutSeconds: timeout, document: document)
            case "PatchNow":
                try keys(["Operation", "RebootOption", "Targets"])
                let op = try v.required("Operation").oneOf(["Scan", "ScanAndInstall"])
                let reboot = try v["RebootOption"]?.oneOf(["RebootIfNeeded", "NoReboot"]) ?? "RebootIfNeeded"
                timed = .patchNow(try selectorOf(v, idsKey: nil, managedOnly: true, resourceGroups: context.resourceGroups), op == "Scan" ? .Scan : .Install,
                                  RunPatchBaselineParameters.RebootOption(rawValue: reboot) ?? .RebootIfNeeded)
            case "RepositoryOffline", "RepositoryOnline":
                try keys(["Repository"])
                repositories[try repository()].setReachable(action == "RepositoryOnline", at: at)
                continue
            case "PublishNotice":
                // An updateinfo notice, or a re-issue of one with the same id ([APR-5]).
                try keys(["Repository", "NoticeId", "Type", "Severity", "Title", "Issued", "Updated", "Packages"])
                let r = try repository()
                guard repositories[r].os.family.versionScheme == .rpm else {
                    throw try v.required("Repository").error(found: "a \(repositories[r].os.rawValue) repository", allowed: "a YUM, DNF or Zypper repository (update notices are theirs)")
                }
                let packages = try v.required("Packages").array().map { p -> PackageIdentity in
                    try p.checkKeys(["name", "epoch", "version", "release", "arch"])
                    let version = RPMVersion(epoch: try p["epoch"]?.string(), version: try p.required("version").string(), release: try p["release"]?.string())
                    return PackageIdentity(name: try p.required("name").string(), arch: try p["arch"]?.string() ?? "noarch", version: .rpm(version))
                }
                repositories[r].publish(UpdateNotice(id: try v.required("NoticeId").string(), classification: try v["Type"]?.string() ?? "Security",
                                                     severity: try v["Severity"]?.string(), title: try v["Title"]?.string() ?? "",
                                                     issued: try v["Issued"]?.instant() ?? at, updated: try v["Updated"]?.instant() ?? at,
                                                     packages: packages), at: at)
                continue
            default:  // WithdrawNotice
                try keys(["Repository", "NoticeId"])
                let r = try repository()
                let noticeV = try v.required("NoticeId")
                guard repositories[r].withdrawNotice(id: try noticeV.string(), at: at) else {
                    throw noticeV.error(found: noticeV.shortDescription, allowed: "the id of a notice published in \(repositories[r].name) by \(at.iso8601)")
                }
                continue
            }
            var event = TimedEvent(at: at, name: name, action: timed)
            if case .sendCommand = timed {
                // ServiceRoleArn is what the Command record calls ServiceRole.
                event.echoed = [("InstanceIds", "InstanceIds"), ("Targets", "Targets"), ("Comment", "Comment"), ("OutputS3Region", "OutputS3Region"), ("OutputS3BucketName", "OutputS3BucketName"),
                                ("OutputS3KeyPrefix", "OutputS3KeyPrefix"), ("ServiceRoleArn", "ServiceRole"), ("NotificationConfig", "NotificationConfig"),
                                ("CloudWatchOutputConfig", "CloudWatchOutputConfig")].compactMap { from, to in v[from].map { (to, JSONOutput($0)) } }
            }
            events.append(event)
        }
        var seen: Set<String> = []
        for e in events where !seen.insert(e.name).inserted {
            throw list.error("two events are named '\(e.name)'; names identify commands in expectations")
        }
        return events
    }

    /// `Targets` (SSM's Key/Values entries) or a list of ids under `idsKey`; neither: every
    /// managed node.
    static func selectorOf(_ v: JSONValue, idsKey: String?, managedOnly: Bool, isInstance: (String) -> Bool = { _ in true },
                           resourceGroups: [String: ResourceGroup] = [:]) throws -> NodeSelector {
        var entries: [(key: String, values: [String])] = []
        if let idsKey, let ids = v[idsKey] {
            entries.append(("InstanceIds", try ids.array().map { id in
                let text = try id.string()
                guard isInstance(text) else { throw id.error(found: id.shortDescription, allowed: "an instance id of the fleet (InvalidInstanceID.NotFound)") }
                return text
            }))
        }
        if let t = v["Targets"] {
            for e in try t.array() {
                try e.checkKeys(["Key", "Values"])
                entries.append((try e.required("Key").string(), try e.required("Values").array().map { try $0.string() }))
            }
        }
        guard !entries.isEmpty else { return NodeSelector(target: nil, managedOnly: managedOnly) }
        do { return NodeSelector(target: try WindowTarget(windowTargetId: "event", targets: entries, resourceGroups: resourceGroups), managedOnly: managedOnly) }
        catch let e as ScheduleError { throw v.error(e.description) }
    }
}
