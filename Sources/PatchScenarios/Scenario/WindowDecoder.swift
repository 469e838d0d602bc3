import PatchModel
import PatchScheduling
import PatchWorld

/// A maintenance window in the SSM API's shapes: `CreateMaintenanceWindow` fields, plus
/// `Targets` (each a `RegisterTargetWithMaintenanceWindow` input with its
/// `WindowTargetId`) and `Tasks` (`RegisterTaskWithMaintenanceWindow` inputs).
enum WindowDecoder {
    /// `createdMilliseconds`: the scenario start's (a rate keeps its anchor's, [SCH-6]).
    static func decode(_ v: JSONValue, created: Instant, createdMilliseconds: Int = 0) throws -> MaintenanceWindow {
        try v.checkKeys(["WindowId", "Name", "Description", "Schedule", "ScheduleTimezone", "ScheduleOffset", "StartDate", "EndDate",
                         "Duration", "Cutoff", "AllowUnassociatedTargets", "Enabled", "Targets", "Tasks", "Tags", "CreatedDate"])
        func wrap<T>(_ at: JSONValue, _ body: () throws -> T) throws -> T {
            do { return try body() } catch let e as ScheduleError { throw at.error(e.description) }
        }
        let scheduleV = try v.required("Schedule")
        let expression = try wrap(scheduleV) { try ScheduleExpression(parsing: try scheduleV.string()) }
        let zone = try v["ScheduleTimezone"].map { z in try wrap(z) { try ScheduleTimeZone(identifier: try z.string()) } } ?? .utc
        let createdAt = try v["CreatedDate"]?.instant() ?? created
        var schedule = try wrap(v) {
            try MaintenanceWindowSchedule(expression: expression, timeZone: zone, offsetDays: try v["ScheduleOffset"]?.int(in: -1_000...1_000),
                                          startDate: try v["StartDate"]?.instant(), endDate: try v["EndDate"]?.instant(), created: createdAt)
        }
        // [SCH-6], [SCH-10]: the anchor's milliseconds survive into the run times.
        func milliseconds(_ key: String) -> Int? {
            guard case .string(let text)? = v[key]?.kind else { return nil }
            return Instant.milliseconds(inISO8601: text)
        }
        schedule.createdMilliseconds = v["CreatedDate"] == nil ? createdMilliseconds : (milliseconds("CreatedDate") ?? 0)
        schedule.startDateMilliseconds = milliseconds("StartDate") ?? 0
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
        let type = try t["TaskType"].map { WindowTask.TaskType(rawValue: try $0.oneOf(WindowTask.TaskType.allCases.map(\.rawValue))) ?? .RUN_COMMAND } ?? .RUN_COMMAND
        let arn: String
        if type == .RUN_COMMAND {
            arn = try t["TaskArn"]?.oneOf(["AWS-RunPatchBaseline"]) ?? "AWS-RunPatchBaseline"  // the patch document runs through Run Command
        } else {
            let arnV = try t.required("TaskArn")
            arn = try arnV.string()
            guard (1...1600).contains(arn.count) else { throw arnV.error(found: "\(arn.count) characters", allowed: "1-1600") }
        }
        var targetIds: [String] = [], instanceIds: [String] = []
        let targets = try t["Targets"]?.array() ?? []
        if targets.count > 5, let v = t["Targets"] { throw v.error(found: "\(targets.count) entries", allowed: "at most 5") }
        for e in targets {
            try e.checkKeys(["Key", "Values"])
            let values = try e.required("Values").array().map { try $0.string() }
            switch try e.required("Key").oneOf(["WindowTargetIds", "InstanceIds"]) {
            case "WindowTargetIds": targetIds += values
            default: instanceIds += values
            }
        }
        var parameters = RunPatchBaselineParameters(operation: .Scan)
        var template: TaskParameters? = nil
        var timeoutSeconds: Int64? = nil
        if let p = t["TaskInvocationParameters"] {
            // [MW-3]: one block, the task type's own.
            let block = ["RUN_COMMAND": "RunCommand", "AUTOMATION": "Automation", "LAMBDA": "Lambda", "STEP_FUNCTIONS": "StepFunctions"][type.rawValue] ?? "RunCommand"
            try p.checkKeys([block])
            if let rc = p["RunCommand"] {
                try rc.checkKeys(["Parameters", "TimeoutSeconds", "Comment", "DocumentVersion", "DocumentHash", "DocumentHashType",
                                  "NotificationConfig", "OutputS3BucketName", "OutputS3KeyPrefix", "ServiceRoleArn", "CloudWatchOutputConfig"])
                if let c = rc["Comment"], try c.string().count > 100 { throw c.error(found: "\(try c.string().count) characters", allowed: "at most 100") }
                timeoutSeconds = try rc["TimeoutSeconds"].map { Int64(try $0.int(in: 30...2_592_000)) }
                if let params = rc["Parameters"] {
                    let entries = try taskParameters(params)
                    // References resolve when an execution starts; names are checked now.
                    if entries.needsResolution { template = entries } else { parameters = try runPatchBaselineParameters(params) }
                }
            }
            if let a = p["Automation"] {
                try a.checkKeys(["DocumentVersion", "Parameters"])
                if let params = a["Parameters"], !(1...200).contains(try params.object().count) {
                    throw params.error(found: "\(try params.object().count) keys", allowed: "1-200")
                }
            }
            if let l = p["Lambda"] {
                try l.checkKeys(["ClientContext", "Qualifier", "Payload"])
                try limit(l["ClientContext"], 8000); try limit(l["Payload"], 4096)
            }
            if let f = p["StepFunctions"] {
                try f.checkKeys(["Input", "Name"])
                try limit(f["Input"], 4096)
                if let n = f["Name"], !(1...80).contains(try n.string().count) { throw n.error(found: "\(try n.string().count) characters", allowed: "1-80") }
            }
        }
        let cutoff = try t["CutoffBehavior"].map { WindowTask.CutoffBehavior(rawValue: try $0.oneOf(["CONTINUE_TASK", "CANCEL_TASK"])) ?? .CONTINUE_TASK } ?? .CONTINUE_TASK
        do {
            var task = try WindowTask(windowTaskId: try t.required("WindowTaskId").string(), taskType: type, taskArn: arn, windowTargetIds: targetIds,
                                  instanceIds: instanceIds, priority: try t["Priority"]?.int(in: 0...Int(Int32.max)) ?? WindowTask.defaultPriority,
                                  maxConcurrency: try t["MaxConcurrency"]?.string(), maxErrors: try t["MaxErrors"]?.string(),
                                  cutoffBehavior: cutoff, parameters: parameters, parameterTemplate: template)
            if let timeoutSeconds { task.timeoutSeconds = timeoutSeconds }
            return task
        } catch let e as ScheduleError {
            let at = e.field == "MaxConcurrency" ? t["MaxConcurrency"] : e.field == "MaxErrors" ? t["MaxErrors"] : nil
            throw (at ?? t).error(e.description)
        }
    }

    /// A string field's length limit, in bytes as the API counts them.
    static func limit(_ v: JSONValue?, _ maximum: Int) throws {
        guard let v else { return }
        let n = try v.string().utf8.count
        guard n <= maximum else { throw v.error(found: "\(n) bytes", allowed: "at most \(maximum)") }
    }

    /// Run Command's `Parameters` (name → list of strings), names checked against the document.
    static func taskParameters(_ params: JSONValue) throws -> TaskParameters {
        try params.checkKeys(TaskParameters.documentParameters)
        return TaskParameters(try params.object().map { (name: $0.0, values: try $0.1.array().map { try $0.string() }) })
    }

    /// AWS-RunPatchBaseline's `Parameters` as Run Command takes them: each a list of one
    /// string, read by the rule executions use; a refusal names the parameter's JSON path.
    static func runPatchBaselineParameters(_ params: JSONValue) throws -> RunPatchBaselineParameters {
        do {
            return try taskParameters(params).runPatchBaselineParameters()
        } catch let e as ScheduleError {
            let name = e.field.hasPrefix("Parameters.") ? String(e.field.dropFirst("Parameters.".count)) : ""
            throw (params[name] ?? params).error(e.message)
        }
    }
}
