import PatchModel
import PatchScheduling
import PatchWorld

/// Maintenance windows, their targets and tasks in the SSM API's shapes ([16]), as the
/// CLI sends or prints them: a `CreateMaintenanceWindow` request (no `WindowId`: the
/// service assigns one, here from the seed) or a `GetMaintenanceWindow` /
/// `DescribeMaintenanceWindows` entry (its id, dates and `NextExecutionTime` accepted and
/// type-checked; the next execution is ours to compute). Targets: a
/// `RegisterTargetWithMaintenanceWindow` request or a `DescribeMaintenanceWindowTargets`
/// entry; tasks: a `RegisterTaskWithMaintenanceWindow` request or a
/// `GetMaintenanceWindowTask` / `DescribeMaintenanceWindowTasks` entry (which says
/// `Type`). Nested in a window (`Targets`, `Tasks`: patchsim's form) their `WindowId` is
/// the window's; at the top level (`windowTargets`, `windowTasks`) it names the window.
/// A request meets every constraint of its model shape; an output's service-assigned ids
/// are taken as they are.
struct WindowDecoder {
    var seed: UInt64 = 0
    var documents = DocumentParameters()
    var resourceGroups: [String: ResourceGroup] = [:]

    static let windowKeys: Set<String> = ["WindowId", "Name", "Description", "Schedule", "ScheduleTimezone", "ScheduleOffset", "StartDate",
                                          "EndDate", "Duration", "Cutoff", "AllowUnassociatedTargets", "Enabled", "Targets", "Tasks", "Tags",
                                          "CreatedDate", "ModifiedDate", "NextExecutionTime", "ClientToken"]
    static let targetKeys: Set<String> = ["WindowId", "WindowTargetId", "ResourceType", "Targets", "OwnerInformation", "Name", "Description", "ClientToken"]
    static let taskKeys: Set<String> = ["WindowId", "WindowTaskId", "TaskArn", "TaskType", "Type", "Targets", "Priority", "MaxConcurrency",
                                        "MaxErrors", "CutoffBehavior", "TaskInvocationParameters", "TaskParameters", "Name", "Description",
                                        "ServiceRoleArn", "LoggingInfo", "AlarmConfiguration", "ClientToken"]
    /// Members only outputs carry (or patchsim's additions), checked for type.
    static let windowOutputMembers: [JSONShape.Member] = [
        .init("WindowId", .string(length: 1...20)), .init("Enabled", .boolean), .init("CreatedDate", .timestamp),
        .init("ModifiedDate", .timestamp), .init("NextExecutionTime", .string()), .init("Targets", .list(.any)), .init("Tasks", .list(.any)),
    ]

    /// `created`: the scenario start, unless the entry says when it was created.
    func decode(_ v: JSONValue, index: Int, created: Instant, createdMilliseconds: Int = 0) throws -> MaintenanceWindow {
        try v.checkKeys(Self.windowKeys)
        // A request has no WindowId and meets the model exactly; an output may lack
        // AllowUnassociatedTargets (DescribeMaintenanceWindows does): then false.
        let isRequest = v["WindowId"] == nil
        let shape = SSMRequestShapes.createMaintenanceWindow.adding(Self.windowOutputMembers)
        try (isRequest ? shape : shape.making(optional: ["AllowUnassociatedTargets"])).validate(v)
        func wrap<T>(_ at: JSONValue, _ body: () throws -> T) throws -> T {
            do { return try body() } catch let e as ScheduleError { throw at.error(e.description) }
        }
        let windowId = try v["WindowId"]?.string() ?? AssignedIds.shortId(prefix: "mw", seed: seed, "maintenanceWindows[\(index)]")
        let scheduleV = try v.required("Schedule")
        let expression = try wrap(scheduleV) { try ScheduleExpression(parsing: try scheduleV.string()) }
        let zone = try v["ScheduleTimezone"].map { z in try wrap(z) { try ScheduleTimeZone(identifier: try z.string()) } } ?? .utc
        let createdAt = try v["CreatedDate"]?.timestamp() ?? created
        var schedule = try wrap(v) {
            try MaintenanceWindowSchedule(expression: expression, timeZone: zone, offsetDays: try v["ScheduleOffset"]?.int(in: -1_000...1_000),
                                          startDate: try v["StartDate"]?.instant(), endDate: try v["EndDate"]?.instant(), created: createdAt)
        }
        // [SCH-6], [SCH-10]: the anchor's milliseconds survive into the run times.
        func milliseconds(_ key: String) -> Int? {
            switch v[key]?.kind {
            case .string(let text)?: return Instant.milliseconds(inISO8601: text)
            case .number(let n)?: return Int(((n - n.rounded(.down)) * 1000).rounded())
            default: return nil
            }
        }
        schedule.createdMilliseconds = v["CreatedDate"] == nil ? createdMilliseconds : (milliseconds("CreatedDate") ?? 0)
        schedule.startDateMilliseconds = milliseconds("StartDate") ?? 0
        let durationV = try v.required("Duration"), cutoffV = try v.required("Cutoff")
        var window = try wrap(v) {
            try MaintenanceWindow(windowId: windowId, name: try v.required("Name").string(), schedule: schedule,
                                  durationHours: try durationV.int(in: 1...24), cutoffHours: try cutoffV.int(in: 0...23),
                                  allowUnassociatedTargets: try v["AllowUnassociatedTargets"]?.bool() ?? false)
        }
        window.enabled = try v["Enabled"]?.bool() ?? true
        window.scheduleText = try scheduleV.string()
        for (k, t) in (try v["Targets"]?.array() ?? []).enumerated() { try add(target: t, to: &window, index: k, nested: true) }
        for (k, t) in (try v["Tasks"]?.array() ?? []).enumerated() { try add(task: t, to: &window, index: k, nested: true) }
        return window
    }

    /// A target registered with `window` (nested in it, or a top-level entry naming it).
    func add(target t: JSONValue, to window: inout MaintenanceWindow, index: Int, nested: Bool) throws {
        try t.checkKeys(Self.targetKeys)
        let isRequest = t["WindowTargetId"] == nil
        var shape = SSMRequestShapes.registerTargetWithMaintenanceWindow.adding([.init("WindowTargetId", .string())])
        // Nested: the window is the enclosing one; an output's WindowId is taken as it is.
        // Nested: the window is the enclosing one. An output (UpdateMaintenanceWindowTarget's
        // prints no ResourceType) may leave it out: INSTANCE, or RESOURCE_GROUP by its keys.
        if nested || !isRequest { shape = shape.making(optional: Set(["WindowId", "ResourceType"].filter { nested || $0 == "ResourceType" })) }
        // An output (it has its WindowTargetId) holds what no request may send (an empty
        // OwnerInformation): its members are type-checked only.
        try (isRequest ? shape : shape.relaxed).validate(t)
        if let w = t["WindowId"], try w.string() != window.windowId, nested {
            throw w.error(found: w.shortDescription, allowed: "the enclosing window's id \(window.windowId) (or none)")
        }
        let groupTargeted = try t.required("Targets").array().contains { try $0["Key"]?.string().hasPrefix("resource-groups:") == true }
        let resourceType = try t["ResourceType"]?.string() ?? (groupTargeted ? "RESOURCE_GROUP" : "INSTANCE")
        let entries = try t.required("Targets").array().map { e -> (key: String, values: [String]) in
            try e.checkKeys(["Key", "Values"])
            return (try e.required("Key").string(), try e.required("Values").array().map { try $0.string() })
        }
        // The service: a RESOURCE_GROUP target names its group; an INSTANCE target does not.
        let groupKeys = entries.filter { $0.key.hasPrefix("resource-groups:") }
        if resourceType == "RESOURCE_GROUP" && !groupKeys.contains(where: { $0.key == "resource-groups:Name" }) {
            throw try t.required("Targets").error(found: "no resource-groups:Name entry", allowed: "a RESOURCE_GROUP target names its group (Key resource-groups:Name)")
        }
        if resourceType == "INSTANCE" && !groupKeys.isEmpty {
            throw try t.required("ResourceType").error(found: "\"INSTANCE\" with resource-groups keys", allowed: "RESOURCE_GROUP for resource-groups:Name targets")
        }
        let id = try t["WindowTargetId"]?.string() ?? AssignedIds.uuid(seed: seed, "window-target:\(window.windowId):\(index)")
        let target = try wrapping(t) {
            try WindowTarget(windowTargetId: id, targets: entries, ownerInformation: try t["OwnerInformation"]?.string(),
                             resourceGroups: resourceGroups)
        }
        guard !window.targets.contains(where: { $0.windowTargetId == id }) else { throw t.error("WindowTargetId \(id) is registered twice") }
        window.targets.append(target)
    }

    /// A task registered with `window`.
    func add(task t: JSONValue, to window: inout MaintenanceWindow, index: Int, nested: Bool) throws {
        let task = try decodeTask(t, windowId: window.windowId, index: index, nested: nested)
        try wrapping(t) { try window.register(task) }
    }

    func decodeTask(_ t: JSONValue, windowId: String, index: Int, nested: Bool) throws -> WindowTask {
        try t.checkKeys(Self.taskKeys)
        let isRequest = t["WindowTaskId"] == nil
        var shape = SSMRequestShapes.registerTaskWithMaintenanceWindow.adding([
            .init("WindowTaskId", .string()), .init("Type", .enumeration(WindowTask.TaskType.allCases.map(\.rawValue))),
        ])
        // patchsim's nested form may leave TaskType (RUN_COMMAND) and TaskArn (AWS-RunPatchBaseline)
        // out; DescribeMaintenanceWindowTasks says Type instead of TaskType.
        var optional: Set<String> = nested ? ["WindowId", "TaskArn", "TaskType"] : []
        // An output may say Type (DescribeMaintenanceWindowTasks) or neither (UpdateMaintenanceWindowTask).
        if t["Type"] != nil || !isRequest { optional.insert("TaskType") }
        shape = shape.making(optional: optional)
        try (isRequest ? shape : shape.relaxed).validate(t)
        if let w = t["WindowId"], try w.string() != windowId, nested {
            throw w.error(found: w.shortDescription, allowed: "the enclosing window's id \(windowId) (or none)")
        }
        if let a = t["TaskType"], let b = t["Type"], try a.string() != b.string() { throw b.error("TaskType and Type differ") }
        // What the task does is read from its type: checked even in an output.
        let type = WindowTask.TaskType(rawValue: try (t["TaskType"] ?? t["Type"])?.oneOf(WindowTask.TaskType.allCases.map(\.rawValue)) ?? "RUN_COMMAND") ?? .RUN_COMMAND
        let arn = try t["TaskArn"]?.string() ?? CommandDocument.runPatchBaselineName
        var targetIds: [String] = [], instanceIds: [String] = []
        for e in try t["Targets"]?.array() ?? [] {
            try e.checkKeys(["Key", "Values"])
            let values = try e.required("Values").array().map { try $0.string() }
            switch try e.required("Key").oneOf(["WindowTargetIds", "InstanceIds"]) {
            case "WindowTargetIds": targetIds += values
            default: instanceIds += values
            }
        }
        var document = CommandDocument.runPatchBaseline
        var parameters = RunPatchBaselineParameters(operation: .Scan)
        var template: TaskParameters? = nil
        var timeoutSeconds: Int64? = nil
        let invocation = t["TaskInvocationParameters"]
        if let p = invocation {
            // [MW-3]: one block, the task type's own.
            let block = ["RUN_COMMAND": "RunCommand", "AUTOMATION": "Automation", "LAMBDA": "Lambda", "STEP_FUNCTIONS": "StepFunctions"][type.rawValue] ?? "RunCommand"
            try p.checkKeys([block])
            if let rc = p["RunCommand"] {
                try rc.checkKeys(["Parameters", "TimeoutSeconds", "Comment", "DocumentVersion", "DocumentHash", "DocumentHashType",
                                  "NotificationConfig", "OutputS3BucketName", "OutputS3KeyPrefix", "ServiceRoleArn", "CloudWatchOutputConfig"])
                timeoutSeconds = try rc["TimeoutSeconds"].map { Int64(try $0.int(in: 30...2_592_000)) }
            }
            if let a = p["Automation"] { try a.checkKeys(["DocumentVersion", "Parameters"]) }
            if let l = p["Lambda"] { try l.checkKeys(["ClientContext", "Qualifier", "Payload"]) }
            if let f = p["StepFunctions"] { try f.checkKeys(["Input", "Name"]) }
        }
        if type == .RUN_COMMAND {
            // Parameters from TaskInvocationParameters, else the deprecated TaskParameters map.
            var params = invocation?["RunCommand"]?["Parameters"]
            if params == nil, let legacy = t["TaskParameters"], !(try legacy.object()).isEmpty {
                params = JSONValue(kind: .object(try legacy.object().map { ($0.0, $0.1["Values"] ?? JSONValue(kind: .array([]), file: $0.1.file, path: $0.1.path)) }),
                                   file: legacy.file, path: legacy.path)
            }
            if let params, CommandDocument.runPatchBaselineName == arn, try Self.needsResolution(params) {
                // References resolve when an execution starts ([MW-3]); names are checked now.
                template = try Self.taskParameters(params)
            } else {
                (document, parameters) = try documents.read(document: arn, params)
            }
        }
        let cutoff = try t["CutoffBehavior"].map { WindowTask.CutoffBehavior(rawValue: try $0.oneOf(["CONTINUE_TASK", "CANCEL_TASK"])) ?? .CONTINUE_TASK } ?? .CONTINUE_TASK
        let id = try t["WindowTaskId"]?.string() ?? AssignedIds.uuid(seed: seed, "window-task:\(windowId):\(index)")
        do {
            var task = try WindowTask(windowTaskId: id, taskType: type, taskArn: arn, windowTargetIds: targetIds,
                                      instanceIds: instanceIds, priority: try t["Priority"]?.int(in: 0...Int(Int32.max)) ?? WindowTask.defaultPriority,
                                      maxConcurrency: try t["MaxConcurrency"]?.string(), maxErrors: try t["MaxErrors"]?.string(),
                                      cutoffBehavior: cutoff, parameters: parameters, parameterTemplate: template)
            task.document = document
            if let timeoutSeconds { task.timeoutSeconds = timeoutSeconds }
            return task
        } catch let e as ScheduleError {
            let at = e.field == "MaxConcurrency" ? t["MaxConcurrency"] : e.field == "MaxErrors" ? t["MaxErrors"] : nil
            throw (at ?? t).error(e.description)
        }
    }

    func wrapping<T>(_ at: JSONValue, _ body: () throws -> T) throws -> T {
        do { return try body() } catch let e as ScheduleError { throw at.error(e.description) }
    }

    static func needsResolution(_ params: JSONValue) throws -> Bool {
        try params.object().contains { (_, v) in try v.array().contains { try $0.string().contains("{{") } }
    }

    /// Run Command's `Parameters` (name → list of strings), names checked against the document.
    static func taskParameters(_ params: JSONValue) throws -> TaskParameters {
        try params.checkKeys(TaskParameters.documentParameters)
        return TaskParameters(try params.object().map { (name: $0.0, values: try $0.1.array().map { try $0.string() }) })
    }
}

extension JSONShape {
    /// This structure with one member's shape replaced (an output's id, taken as it is).
    func replacingMember(_ name: String, with shape: JSONShape) -> JSONShape {
        guard case .structure(let n, let members) = self else { return self }
        return .structure(n, members.map { m in m.name == name ? JSONShape.Member(m.name, shape, required: m.required) : m })
    }
}
