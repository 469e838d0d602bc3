import PatchModel
import PatchScheduling
import PatchWorld

/// A maintenance window in the SSM API's shapes: `CreateMaintenanceWindow` fields, plus
/// `Targets` (each a `RegisterTargetWithMaintenanceWindow` input with its
/// `WindowTargetId`) and `Tasks` (`RegisterTaskWithMaintenanceWindow` inputs).
enum WindowDecoder {
    static func decode(_ v: JSONValue, created: Instant) throws -> MaintenanceWindow {
        try v.checkKeys(["WindowId", "Name", "Description", "Schedule", "ScheduleTimezone", "ScheduleOffset", "StartDate", "EndDate",
                         "Duration", "Cutoff", "AllowUnassociatedTargets", "Enabled", "Targets", "Tasks", "Tags", "CreatedDate"])
        func wrap<T>(_ at: JSONValue, _ body: () throws -> T) throws -> T {
            do { return try body() } catch let e as ScheduleError { throw at.error(e.description) }
        }
        let scheduleV = try v.required("Schedule")
        let expression = try wrap(scheduleV) { try ScheduleExpression(parsing: try scheduleV.string()) }
        let zone = try v["ScheduleTimezone"].map { z in try wrap(z) { try ScheduleTimeZone(identifier: try z.string()) } } ?? .utc
        let createdAt = try v["CreatedDate"]?.instant() ?? created
        let schedule = try wrap(v) {
            try MaintenanceWindowSchedule(expression: expression, timeZone: zone, offsetDays: try v["ScheduleOffset"]?.int(in: -1_000...1_000),
                                          startDate: try v["StartDate"]?.instant(), endDate: try v["EndDate"]?.instant(), created: createdAt)
        }
        let durationV = try v.required("Duration"), cutoffV = try v.required("Cutoff")
        var window = try wrap(v) {
            try MaintenanceWindow(windowId: try v.required("WindowId").string(), name: try v.required("Name").string(), schedule: schedule,
                                  durationHours: try durationV.int(in: 1...24), cutoffHours: try cutoffV.int(in: 0...23),
                                  allowUnassociatedTargets: try v.required("AllowUnassociatedTargets").bool())
        }
        window.enabled = try v["Enabled"]?.bool() ?? true
        for t in try v["Targets"]?.array() ?? [] {
            try t.checkKeys(["WindowTargetId", "ResourceType", "Targets", "OwnerInformation", "Name", "Description"])
            let entries = try t.required("Targets").array().map { e -> (key: String, values: [String]) in
                try e.checkKeys(["Key", "Values"])
                return (try e.required("Key").string(), try e.required("Values").array().map { try $0.string() })
            }
            window.targets.append(try wrap(t) {
                try WindowTarget(windowTargetId: try t.required("WindowTargetId").string(), targets: entries,
                                 ownerInformation: try t["OwnerInformation"]?.string())
            })
        }
        for t in try v["Tasks"]?.array() ?? [] {
            let task = try decodeTask(t)
            try wrap(t) { try window.register(task) }
        }
        return window
    }

    static func decodeTask(_ t: JSONValue) throws -> WindowTask {
        try t.checkKeys(["WindowTaskId", "TaskArn", "TaskType", "Targets", "Priority", "MaxConcurrency", "MaxErrors", "CutoffBehavior",
                         "TaskInvocationParameters", "Name", "Description", "ServiceRoleArn"])
        if let type = t["TaskType"] { _ = try type.oneOf(["RUN_COMMAND"]) }  // the patch documents run through Run Command
        let arnV = t["TaskArn"]
        let arn = try arnV?.oneOf(["AWS-RunPatchBaseline"]) ?? "AWS-RunPatchBaseline"
        var targetIds: [String] = [], instanceIds: [String] = []
        for e in try t.required("Targets").array() {
            try e.checkKeys(["Key", "Values"])
            let values = try e.required("Values").array().map { try $0.string() }
            switch try e.required("Key").oneOf(["WindowTargetIds", "InstanceIds"]) {
            case "WindowTargetIds": targetIds += values
            default: instanceIds += values
            }
        }
        var parameters = RunPatchBaselineParameters(operation: .Scan)
        if let p = t["TaskInvocationParameters"] {
            try p.checkKeys(["RunCommand"])
            if let rc = p["RunCommand"] {
                try rc.checkKeys(["Parameters", "TimeoutSeconds", "Comment", "DocumentVersion"])
                if let params = rc["Parameters"] { parameters = try runPatchBaselineParameters(params) }
            }
        }
        let cutoff = try t["CutoffBehavior"].map { WindowTask.CutoffBehavior(rawValue: try $0.oneOf(["CONTINUE_TASK", "CANCEL_TASK"])) ?? .CONTINUE_TASK } ?? .CONTINUE_TASK
        do {
            return try WindowTask(windowTaskId: try t.required("WindowTaskId").string(), taskArn: arn, windowTargetIds: targetIds,
                                  instanceIds: instanceIds, priority: try t["Priority"]?.int(in: 0...Int(Int32.max)) ?? WindowTask.defaultPriority,
                                  maxConcurrency: try t.required("MaxConcurrency").string(), maxErrors: try t.required("MaxErrors").string(),
                                  cutoffBehavior: cutoff, parameters: parameters)
        } catch let e as ScheduleError {
            throw t.error(e.description)
        }
    }

    /// AWS-RunPatchBaseline's `Parameters` as Run Command takes them: each a list of one string.
    static func runPatchBaselineParameters(_ params: JSONValue) throws -> RunPatchBaselineParameters {
        try params.checkKeys(["Operation", "RebootOption", "SnapshotId"])
        func single(_ key: String, _ allowed: [String]?) throws -> String? {
            guard let list = params[key] else { return nil }
            let items = try list.array()
            guard items.count == 1 else { throw list.error(found: "\(items.count) values", allowed: "one value") }
            return try allowed.map { try items[0].oneOf($0) } ?? items[0].string()
        }
        return RunPatchBaselineParameters(
            operation: try single("Operation", ["Scan", "Install"]).flatMap { .init(rawValue: $0) } ?? .Scan,
            rebootOption: try single("RebootOption", ["RebootIfNeeded", "NoReboot"]).flatMap { .init(rawValue: $0) } ?? .RebootIfNeeded,
            snapshotId: try single("SnapshotId", nil))
    }
}
