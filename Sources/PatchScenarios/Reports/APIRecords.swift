import PatchBaselines
import PatchModel
import PatchScheduling
import PatchWorld

/// The run's records in the SSM API's output shapes ([16]): member names, types and enum
/// spellings exactly as `describe-instance-patch-states`, `describe-instance-patches`,
/// `describe-maintenance-windows`, `describe-maintenance-window-executions` (and their
/// `-tasks`, `-task-invocations`), `list-commands`, `list-command-invocations` and
/// `describe-patch-group-state` print them, so a user can diff them against their
/// account's. Timestamps are ISO 8601 strings, as the CLI prints them by default.
///
/// Use (AMBIGUOUS, the service's wording of some details is undocumented): a window
/// execution's StatusDetails is the service's sentence for FAILED and absent for SUCCESS;
/// a task's is absent when it succeeded; an invocation's is its command's StatusDetails.
public enum APIRecords {
    /// `describe-instance-patches` for at most this many nodes when none are named.
    public static let patchesListedUpTo = 100
    /// `list-command-invocations` lists at most this many invocations per command.
    public static let invocationsPerCommand = 1_000

    static func time(_ t: Instant, _ ms: Int = 0) -> JSONOutput { .string(t.iso8601(milliseconds: ms)) }

    /// `InstancePatchState`, every member the model has that the run knows.
    static func instancePatchState(_ s: InstancePatchState, _ r: ScenarioRun) -> JSONOutput {
        let origin = r.fleet.compliance.origin(s.instanceId)
        var fields: [(String, JSONOutput)] = [
            ("InstanceId", .string(s.instanceId)), ("PatchGroup", .string(s.patchGroup)), ("BaselineId", .string(s.baselineId)),
        ]
        if let id = origin?.snapshotId { fields.append(("SnapshotId", .string(id))) }
        if let list = origin?.installOverrideList { fields.append(("InstallOverrideList", .string(list))) }
        fields += [
            ("OwnerInformation", .string("")),
            ("InstalledCount", .int(s.installedCount)), ("InstalledOtherCount", .int(s.installedOtherCount)),
            ("InstalledPendingRebootCount", .int(s.installedPendingRebootCount)), ("InstalledRejectedCount", .int(s.installedRejectedCount)),
            ("MissingCount", .int(s.missingCount)), ("FailedCount", .int(s.failedCount)),
            ("UnreportedNotApplicableCount", .int(s.unreportedNotApplicableCount)), ("NotApplicableCount", .int(s.notApplicableCount)),
            ("AvailableSecurityUpdateCount", .int(s.availableSecurityUpdateCount)),
            ("OperationStartTime", time(s.operationStartTime)), ("OperationEndTime", time(s.operationEndTime)), ("Operation", .string(s.operation)),
        ]
        if let t = r.fleet.instances[s.instanceId]?.record.lastNoRebootInstallOperationTime { fields.append(("LastNoRebootInstallOperationTime", time(t))) }
        if let reboot = origin?.rebootOption { fields.append(("RebootOption", .string(reboot.rawValue))) }
        fields += [
            ("CriticalNonCompliantCount", .int(s.criticalNonCompliantCount)), ("SecurityNonCompliantCount", .int(s.securityNonCompliantCount)),
            ("OtherNonCompliantCount", .int(s.otherNonCompliantCount)),
        ]
        return .object(fields)
    }

    /// `PatchComplianceData`, as `describe-instance-patches` lists it.
    static func patch(_ p: PatchComplianceRecord) -> JSONOutput {
        var fields: [(String, JSONOutput)] = [
            ("Title", .string(p.title)), ("KBId", .string(p.kbId)), ("Classification", .string(p.classification)),
            ("Severity", .string(p.severity)), ("State", .string(p.state.rawValue)),
        ]
        // A required member: the service prints the epoch for a patch not installed.
        fields.append(("InstalledTime", time(p.installedTime ?? .epoch)))
        if !p.cveIds.isEmpty { fields.append(("CVEIds", .string(p.cveIds.joined(separator: ",")))) }
        return .object(fields)
    }

    /// `MaintenanceWindowIdentity` with its `NextExecutionTime` at the scenario's end, in
    /// the window's zone offset ([SCH-10]); absent when disabled or nothing remains.
    static func windowIdentity(_ w: MaintenanceWindow, _ r: ScenarioRun) -> JSONOutput {
        var fields: [(String, JSONOutput)] = [("WindowId", .string(w.windowId)), ("Name", .string(w.name)), ("Enabled", .bool(w.enabled)),
                                              ("Duration", .int(w.durationHours)), ("Cutoff", .int(w.cutoffHours)), ("Schedule", .string(w.scheduleText))]
        if w.schedule.timeZone.identifier != "UTC" { fields.append(("ScheduleTimezone", .string(w.schedule.timeZone.identifier))) }
        if let o = w.schedule.offsetDays { fields.append(("ScheduleOffset", .int(o))) }
        if let e = w.schedule.endDate { fields.append(("EndDate", .string(e.iso8601))) }
        if let s = w.schedule.startDate { fields.append(("StartDate", .string(s.iso8601))) }
        var after = w.schedule
        after.created = max(after.created, r.scenario.end)
        if w.enabled, let next = after.nextRuns(count: 1).first {
            fields.append(("NextExecutionTime", .string(w.schedule.timeZone.rendered(next, milliseconds: w.schedule.runMilliseconds))))
        }
        return .object(fields)
    }

    static func windowStatusDetails(_ e: WindowExecutionRecord) -> String? {
        switch e.status {
        case .SUCCESS: return e.statusDetails == "No tasks to execute." ? e.statusDetails : nil
        case .FAILED: return e.statusDetails.hasPrefix("The following SSM parameters") ? e.statusDetails : "One or more tasks in the orchestration failed."
        case .TIMED_OUT: return "One or more tasks in the orchestration timed out."
        case .CANCELLED: return "The maintenance window execution was cancelled."
        case .SKIPPED_OVERLAPPING: return "The maintenance window execution was skipped: the previous execution was still running."
        default: return nil
        }
    }

    /// `MaintenanceWindowExecution`.
    static func windowExecution(_ e: WindowExecutionRecord) -> JSONOutput {
        var fields: [(String, JSONOutput)] = [("WindowId", .string(e.windowId)), ("WindowExecutionId", .string(e.windowExecutionId)),
                                              ("Status", .string(e.status.rawValue))]
        if let d = windowStatusDetails(e) { fields.append(("StatusDetails", .string(d))) }
        fields += [("StartTime", time(e.start, e.milliseconds)), ("EndTime", time(e.end, e.milliseconds))]
        return .object(fields)
    }

    static func taskExecutionId(_ e: WindowExecutionRecord, _ t: TaskExecutionRecord, seed: UInt64) -> String {
        WindowExecutor.taskExecutionId(seed: seed, windowExecutionId: e.windowExecutionId, windowTaskId: t.windowTaskId)
    }

    /// `MaintenanceWindowExecutionTaskIdentity`.
    static func taskIdentity(_ e: WindowExecutionRecord, _ t: TaskExecutionRecord, seed: UInt64) -> JSONOutput {
        var fields: [(String, JSONOutput)] = [("WindowExecutionId", .string(e.windowExecutionId)),
                                              ("TaskExecutionId", .string(taskExecutionId(e, t, seed: seed))), ("Status", .string(t.status.rawValue))]
        switch t.status {
        case .FAILED: fields.append(("StatusDetails", .string("One or more invocations of the task failed.")))
        case .TIMED_OUT: fields.append(("StatusDetails", .string("The task timed out.")))
        default: break
        }
        if let s = t.start { fields.append(("StartTime", time(s, e.milliseconds))) }
        if let x = t.end { fields.append(("EndTime", time(x, e.milliseconds))) }
        fields += [("TaskArn", .string(t.taskArn)), ("TaskType", .string(t.taskType))]
        return .object(fields)
    }

    /// `MaintenanceWindowExecutionTaskInvocationIdentity`: one per window target (the
    /// command it sent); `Parameters` is the JSON string the service stores.
    static func invocationIdentity(_ e: WindowExecutionRecord, _ t: TaskExecutionRecord, _ i: TaskInvocationRecord, window: MaintenanceWindow?,
                                   seed: UInt64) -> JSONOutput {
        let taskId = taskExecutionId(e, t, seed: seed)
        var parameters: [(String, JSONOutput)] = [("documentName", .string(t.taskArn))]
        if let target = i.windowTargetId.flatMap({ id in window?.targets.first { $0.windowTargetId == id } }) {
            parameters.append(("targets", .array(target.targets.map { .object([("key", .string($0.key)), ("values", .array($0.values.map { .string($0) }))]) })))
        }
        if let p = t.parameters {
            var doc: [(String, JSONOutput)] = [("Operation", .array([.string(p.operation.rawValue)])), ("RebootOption", .array([.string(p.rebootOption.rawValue)]))]
            if let s = p.snapshotId { doc.append(("SnapshotId", .array([.string(s)]))) }
            parameters.append(("parameters", .object(doc)))
        }
        parameters += [("maxConcurrency", .string(t.maxConcurrency)), ("maxErrors", .string(t.maxErrors)), ("timeoutSeconds", .int(Int(t.timeoutSeconds)))]
        var fields: [(String, JSONOutput)] = [
            ("WindowExecutionId", .string(e.windowExecutionId)), ("TaskExecutionId", .string(taskId)),
            ("InvocationId", .string(WindowExecutor.uuid(seed: seed, "invocation:\(taskId):\(i.windowTargetId ?? "")"))),
        ]
        if let c = i.commandId { fields.append(("ExecutionId", .string(c))) }
        fields += [("TaskType", .string(t.taskType)), ("Parameters", .string(JSONOutput.object(parameters).compact())),
                   ("Status", .string(i.status.rawValue)), ("StatusDetails", .string(i.command.statusDetails)),
                   ("StartTime", time(i.start, e.milliseconds)), ("EndTime", time(i.command.end, e.milliseconds))]
        if let target = i.windowTargetId {
            if let owner = window?.targets.first(where: { $0.windowTargetId == target })?.ownerInformation { fields.append(("OwnerInformation", .string(owner))) }
            fields.append(("WindowTargetId", .string(target)))
        }
        return .object(fields)
    }

    /// One command any sender sent, gathered: its id, document, parameters, rate control.
    struct SentCommand {
        var commandId: String
        var documentName: String
        var requested: Instant
        var parameters: RunPatchBaselineParameters?
        var maxConcurrency: String
        var maxErrors: String
        var timeoutSeconds: Int64
        var result: CommandResult
        var comment: String
        /// Request members the record repeats (output bucket, role, notifications), in order.
        var echoed: [(String, JSONOutput)] = []
    }

    /// Every command of the run in the order they were sent: windows' (by execution),
    /// policies' and associations', then events'.
    static func commands(_ r: ScenarioRun) -> [SentCommand] {
        var out: [SentCommand] = []
        for e in r.executions {
            for t in e.tasks where t.taskType == "RUN_COMMAND" {
                for i in t.invocations {
                    guard let id = i.commandId else { continue }
                    out.append(SentCommand(commandId: id, documentName: t.taskArn, requested: i.start, parameters: t.parameters,
                                           maxConcurrency: t.maxConcurrency, maxErrors: t.maxErrors, timeoutSeconds: t.timeoutSeconds,
                                           result: i.command, comment: "Maintenance window \(e.windowId) task \(t.windowTaskId)"))
                }
            }
        }
        for a in r.history.associationExecutions {
            out.append(SentCommand(commandId: WindowExecutor.uuid(seed: r.fleet.seed, "association-command:\(a.executionId)"), documentName: a.documentName,
                                   requested: a.start, parameters: RunPatchBaselineParameters(operation: a.operation, rebootOption: a.rebootOption),
                                   maxConcurrency: a.rateControl.maxConcurrencyText, maxErrors: a.rateControl.maxErrorsText,
                                   timeoutSeconds: PatchCommand.defaultTimeoutSeconds, result: a.command, comment: "Association \(a.associationId)"))
        }
        for c in r.history.commands {
            let echoed = r.scenario.events.first { $0.name == c.name }?.echoed ?? []
            out.append(SentCommand(commandId: c.commandId, documentName: c.documentName, requested: c.requestedDateTime,
                                   parameters: RunPatchBaselineParameters(operation: c.operation, rebootOption: c.rebootOption),
                                   maxConcurrency: c.rateControl.maxConcurrencyText, maxErrors: c.rateControl.maxErrorsText,
                                   timeoutSeconds: c.timeoutSeconds, result: c.result,
                                   comment: echoed.first { $0.0 == "Comment" }?.1.stringValue ?? c.name, echoed: echoed.filter { $0.0 != "Comment" }))
        }
        return out
    }

    static func isPatchDocument(_ name: String) -> Bool {
        [CommandDocument.runPatchBaselineName, CommandDocument.withHooksName, CommandDocument.associationName].contains(name)
    }

    /// `Command`, as `list-commands` prints it.
    static func command(_ c: SentCommand) -> JSONOutput {
        let r = c.result
        var parameters: [(String, JSONOutput)] = []
        if let p = c.parameters, isPatchDocument(c.documentName) {
            parameters = [("Operation", .array([.string(p.operation.rawValue)])), ("RebootOption", .array([.string(p.rebootOption.rawValue)]))]
        }
        let completed = r.targetCount - (r.invocations.filter { $0.end == nil && $0.start != nil }.count)
        func echoed(_ key: String) -> JSONOutput? { c.echoed.first { $0.0 == key }?.1 }
        let s3 = c.echoed.filter { $0.0.hasPrefix("OutputS3") }
        let rest = c.echoed.filter { !$0.0.hasPrefix("OutputS3") && $0.0 != "InstanceIds" && $0.0 != "Targets" }
        return .object([
            ("CommandId", .string(c.commandId)), ("DocumentName", .string(c.documentName)), ("DocumentVersion", .string("$DEFAULT")),
            ("Comment", .string(String(c.comment.prefix(100)))),
            ("ExpiresAfter", time(r.expiresAfter ?? PatchCommand.expiry(requested: c.requested, timeoutSeconds: c.timeoutSeconds))),
            ("Parameters", .object(parameters)), ("InstanceIds", echoed("InstanceIds") ?? .array([])), ("Targets", echoed("Targets") ?? .array([])),
            ("RequestedDateTime", time(c.requested)), ("Status", .string(r.status)), ("StatusDetails", .string(r.statusDetails)),
        ] + s3 + [
            ("MaxConcurrency", .string(c.maxConcurrency)), ("MaxErrors", .string(c.maxErrors)),
            ("TargetCount", .int(r.targetCount)), ("CompletedCount", .int(completed)), ("ErrorCount", .int(r.errorCount)),
            ("DeliveryTimedOutCount", .int(r.count(.deliveryTimedOut))),
        ] + rest + [("TimeoutSeconds", .int(Int(c.timeoutSeconds)))])
    }

    /// `CommandInvocation`s of one command, as `list-command-invocations` prints them (a
    /// large fleet keeps only the ones that did not succeed).
    static func commandInvocations(_ c: SentCommand) -> [JSONOutput] {
        c.result.invocations.sorted { $0.instanceId < $1.instanceId }.prefix(invocationsPerCommand).map { i in
            .object([
                ("CommandId", .string(c.commandId)), ("InstanceId", .string(i.instanceId)), ("Comment", .string(String(c.comment.prefix(100)))),
                ("DocumentName", .string(c.documentName)), ("DocumentVersion", .string("$DEFAULT")), ("RequestedDateTime", time(c.requested)),
                ("Status", .string(i.details.status)), ("StatusDetails", .string(i.details.rawValue)),
            ])
        }
    }

    /// `DescribePatchGroupState` for each patch group (the nodes' current ones).
    static func patchGroupStates(_ r: ScenarioRun) -> JSONOutput {
        let stored = r.fleet.compliance.patchCompliance
        var rows: [String: [Int]] = [:]
        for node in r.fleet.instances.values {
            var row = rows[node.patchGroup] ?? Array(repeating: 0, count: patchGroupStateCounts.count)
            row[0] += 1
            if let s = stored[node.instanceId]?.summary {
                let flags = [s.installedCount, s.installedOtherCount, s.installedPendingRebootCount, s.installedRejectedCount, s.missingCount,
                             s.failedCount, s.notApplicableCount, s.unreportedNotApplicableCount, s.criticalNonCompliantCount,
                             s.securityNonCompliantCount, s.otherNonCompliantCount, s.availableSecurityUpdateCount]
                for (k, n) in flags.enumerated() where n > 0 { row[k + 1] += 1 }
            }
            rows[node.patchGroup] = row
        }
        return .array(rows.keys.sorted().map { g in
            .object([("PatchGroup", .string(g))] + zip(patchGroupStateCounts, rows[g] ?? []).map { ($0, .int($1)) })
        })
    }

    /// The `DescribePatchGroupState` counts, in the model's order (they add up across shards).
    public static let patchGroupStateCounts = [
        "Instances", "InstancesWithInstalledPatches", "InstancesWithInstalledOtherPatches", "InstancesWithInstalledPendingRebootPatches",
        "InstancesWithInstalledRejectedPatches", "InstancesWithMissingPatches", "InstancesWithFailedPatches", "InstancesWithNotApplicablePatches",
        "InstancesWithUnreportedNotApplicablePatches", "InstancesWithCriticalNonCompliantPatches", "InstancesWithSecurityNonCompliantPatches",
        "InstancesWithOtherNonCompliantPatches", "InstancesWithAvailableSecurityUpdates",
    ]

    /// The `api` section of a scenario's report. `listed`: the nodes whose
    /// `InstancePatchState` is listed; `patchesFor`: those whose patches are.
    /// `DescribeEffectivePatchesForPatchBaseline` at the end of the run, for each Windows
    /// baseline the scenario creates or registers or a node reported against (the service answers it for Windows only),
    /// over every Windows repository's catalogue.
    static func effectivePatches(_ r: ScenarioRun) -> JSONOutput {
        let registry = r.fleet.registry
        var ids = Set(registry.baselines.keys)
        ids.formUnion(registry.defaults.values)
        for g in registry.patchGroups.values { ids.formUnion(g.values) }
        for (_, c) in r.fleet.compliance.patchCompliance { ids.insert(c.summary.baselineId) }
        let windows = ids.sorted().compactMap(registry.baseline).filter { $0.operatingSystem == .windows }
        let catalogue = r.fleet.repositories.filter { $0.os == .windows }.flatMap { $0.snapshot(at: r.scenario.end).windowsUpdates }
        guard !windows.isEmpty, !catalogue.isEmpty else { return .array([]) }
        return .array(windows.map { b in
            let patches = NodeScanner(baseline: b, at: r.scenario.end, profile: r.scenario.profile).effectivePatches(catalogue)
            return .object([("BaselineId", .string(b.baselineId)), ("EffectivePatches", .array(patches.map(effectivePatch)))])
        })
    }

    /// `EffectivePatch`: the catalogue's `Patch` and the baseline's `PatchStatus`.
    static func effectivePatch(_ e: EffectivePatch) -> JSONOutput {
        let u = e.update
        var patch: [(String, JSONOutput)] = [
            ("Id", .string(u.id)), ("ReleaseDate", time(u.releaseDate)), ("Title", .string(u.title)),
            ("ContentUrl", .string("https://support.microsoft.com/kb/\(u.kb.number)")), ("Vendor", .string("Microsoft")),
            ("ProductFamily", .string(u.productFamily)), ("Product", .string(u.product)), ("Classification", .string(u.classification)),
            ("MsrcSeverity", .string(u.msrcSeverity)), ("KbNumber", .string(u.kb.description)),
        ]
        if let m = u.msrcNumber { patch.append(("MsrcNumber", .string(m.description))) }
        patch.append(("Language", .string("All")))
        if !u.cveIds.isEmpty { patch.append(("CVEIds", .array(u.cveIds.map { .string($0) }))) }
        var status: [(String, JSONOutput)] = [("DeploymentStatus", .string(e.deploymentStatus.rawValue)),
                                              ("ComplianceLevel", .string(e.complianceLevel.rawValue))]
        if let d = e.approvalDate { status.append(("ApprovalDate", time(d))) }
        return .object([("Patch", .object(patch)), ("PatchStatus", .object(status))])
    }

    static func section(_ r: ScenarioRun, listed: [String], patchesFor: [String]) -> JSONOutput {
        let stored = r.fleet.compliance.patchCompliance
        let seed = r.fleet.seed
        var tasks: [JSONOutput] = [], invocations: [JSONOutput] = []
        for e in r.executions {
            let window = r.scenario.windows.first { $0.windowId == e.windowId }
            for t in e.tasks {
                tasks.append(taskIdentity(e, t, seed: seed))
                for i in t.invocations { invocations.append(invocationIdentity(e, t, i, window: window, seed: seed)) }
            }
        }
        let sent = commands(r)
        return .object([
            ("WindowIdentities", .array(r.scenario.windows.sorted { $0.windowId < $1.windowId }.map { windowIdentity($0, r) })),
            ("WindowExecutions", .array(r.executions.map(windowExecution))),
            ("WindowExecutionTaskIdentities", .array(tasks)),
            ("WindowExecutionTaskInvocationIdentities", .array(invocations)),
            ("Commands", .array(sent.map(command))),
            ("CommandInvocations", .array(sent.flatMap(commandInvocations))),
            ("InstancePatchStates", .array(listed.compactMap { id in stored[id].map { instancePatchState($0.summary, r) } })),
            ("InstancePatches", .array(patchesFor.compactMap { id in
                stored[id].map { .object([("InstanceId", .string(id)), ("Patches", .array($0.records.map(patch)))]) }
            })),
            ("PatchGroupStates", patchGroupStates(r)),
            ("EffectivePatches", effectivePatches(r)),
        ])
    }
}
