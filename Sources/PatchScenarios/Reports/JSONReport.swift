import Foundation
import PatchBaselines
import PatchModel
import PatchScheduling
import PatchWorld

/// The full report: stable key order, rows sorted, so two runs compare byte for byte.
public enum JSONReport {
    /// `invalid`: the scenario files that could not be loaded (only with --junit, when the
    /// valid ones still run), each with its error; the member is absent when there are none.
    public static func render(_ runs: [ScenarioRun], invalid: [(file: String, error: String)] = [], patchesFor: [String] = []) -> String {
        var members: [(String, JSONOutput)] = [("scenarios", .array(runs.map { scenario($0, patchesFor: patchesFor) }))]
        if !invalid.isEmpty {
            members.append(("invalidScenarios", .array(invalid.map { .object([("file", .string($0.file)), ("error", .string($0.error))]) })))
        }
        return JSONOutput.object(members).rendered()
    }

    /// Above `ScenarioLoader.fullEventLogLimit` instances in the whole fleet, the report
    /// lists the summary rows of this many reporting instances (the smallest ids: a sample
    /// that shards' parts merge into exactly) and aggregates everything per patch group.
    public static let listedInstancesLimit = 1_000

    static func scenario(_ r: ScenarioRun, patchesFor: [String] = []) -> JSONOutput {
        let stored = r.fleet.compliance.patchCompliance
        let ids = r.fleet.instances.keys.sorted()
        let wholeFleet = r.shard?.partition.shardOfInstance.count ?? ids.count
        let sampled = wholeFleet > ScenarioLoader.fullEventLogLimit
        let listed = sampled ? Array(ids.lazy.filter { stored.isCompliant($0) != nil }.prefix(listedInstancesLimit)) : ids
        let expectations: [JSONOutput] = zip(r.outcomes, r.scenario.expectations).map { o, e in
            var fields = outcome(o).objectPairs
            // A shard's part says which shard decides the expectation, or what it counted.
            if let shard = r.shard {
                if let t = o.tally { fields.append(("Tally", tally(t))) } else { fields.append(("Owner", .int(shard.partition.owner(of: e) ?? 0))) }
            }
            return .object(fields)
        }
        let associations: [JSONOutput] = r.history.associationExecutions.map { a in
            .object([("PatchPolicyName", .string(a.policyName)), ("AssociationId", .string(a.associationId)),
                     ("ExecutionId", .string(a.executionId)), ("Operation", .string(a.operation.rawValue)),
                     ("CreatedTime", .string(a.start.iso8601)), ("EndTime", .string(a.end.iso8601)), ("Status", .string(a.status)),
                     ("Command", command(a.command))])
        }
        let commands: [JSONOutput] = r.history.commands.map { c in
            .object([("Name", .string(c.name)), ("Origin", .string(c.origin)), ("CommandId", .string(c.commandId)),
                     ("RequestedDateTime", .string(c.requestedDateTime.iso8601)), ("Operation", .string(c.operation.rawValue)),
                     ("Command", command(c.result))])
        }
        var fields: [(String, JSONOutput)] = [
            ("name", .string(r.scenario.name)), ("file", .string(r.scenario.file)), ("seed", .string(String(r.scenario.seed))),
            ("evaluationProfile", .string(r.scenario.profile.name)),
            ("start", .string(r.scenario.start.iso8601)), ("end", .string(r.scenario.end.iso8601)),
            ("passed", .bool(r.passed)),
            ("fleet", .object(RunSummary(r).fleetFields)),
        ]
        fields.append(("patchGroups", patchGroups(r)))
        fields.append(("instancePatchStatesListed", .string(sampled ? "the \(listedInstancesLimit) reporting instances with the smallest InstanceIds" : "all")))
        fields.append(("expectations", .array(expectations)))
        fields.append(("windowExecutions", .array(r.executions.map(windowExecution))))
        fields.append(("associationExecutions", .array(associations)))
        fields.append(("commands", .array(commands)))
        fields.append(("events", .array(r.history.actions.map { action($0, shard: r.shard != nil) })))
        fields.append(("complianceSourceOverwrites", sourceOverwrites(r.fleet.compliance.overwrites)))
        fields.append(("instancePatchStates", .array(listed.compactMap { id in stored[id].map { row(id, $0.summary, r) } })))
        // [16] The same run in the API's record shapes; patches for the nodes named with
        // --patches-for, or for every node of a fleet of at most APIRecords.patchesListedUpTo.
        let small = wholeFleet <= APIRecords.patchesListedUpTo
        let patchNodes = patchesFor.isEmpty ? (small ? ids : []) : patchesFor.filter { r.fleet.instances[$0] != nil }.sorted()
        fields.append(("api", APIRecords.section(r, listed: listed, patchesFor: patchNodes)))
        if let shard = r.shard { fields.append(("Shard", shardSection(shard))) }
        return .object(fields)
    }

    /// [20] Stored reports replaced by another source's with another baseline or operation:
    /// how many, on how many nodes, and the first of them (by instant, node, source).
    static func sourceOverwrites(_ o: SourceOverwrites) -> JSONOutput {
        .object([("Count", .int(o.count)), ("Instances", .int(o.nodes.count)), ("Listed", .array(o.kept.map(sourceOverwrite)))])
    }

    public static func sourceOverwrite(_ o: SourceOverwrite) -> JSONOutput {
        func side(_ source: ComplianceSource?, _ baseline: String, _ operation: String) -> [(String, JSONOutput)] {
            [("Source", .string(source?.kind.rawValue ?? "")), ("SourceName", .string(source?.name ?? "")),
             ("BaselineId", .string(baseline)), ("Operation", .string(operation))]
        }
        return .object([("InstanceId", .string(o.instanceId)), ("At", .string(o.at.iso8601)),
                        ("Previous", .object(side(o.previousSource, o.previousBaselineId, o.previousOperation) + [("OperationEndTime", .string(o.previousWrittenAt.iso8601))])),
                        ("New", .object(side(o.source, o.baselineId, o.operation))),
                        ("StateChanged", .bool(o.stateChanged))])
    }

    /// One window execution with its tasks and their invocations.
    static func windowExecution(_ e: WindowExecutionRecord) -> JSONOutput {
        func invocation(_ i: TaskInvocationRecord) -> JSONOutput {
            let c = i.command
            return .object([("WindowTargetId", i.windowTargetId.map { .string($0) } ?? .null),
                            ("Status", .string(i.status.rawValue)), ("CommandStatus", .string(c.status)),
                            ("StatusDetails", .string(c.statusDetails)), ("TargetCount", .int(c.targetCount)),
                            ("ErrorCount", .int(c.errorCount)), ("Terminated", .int(c.count(.Terminated)))])
        }
        let tasks: [JSONOutput] = e.tasks.map { t in
            .object([("WindowTaskId", .string(t.windowTaskId)), ("Priority", .int(t.priority)), ("Status", .string(t.status.rawValue)),
                     ("Invocations", .array(t.invocations.map(invocation)))])
        }
        return .object([("WindowId", .string(e.windowId)), ("WindowExecutionId", .string(e.windowExecutionId)),
                        ("StartTime", .string(e.start.iso8601(milliseconds: e.milliseconds))),
                        ("EndTime", .string(e.end.iso8601(milliseconds: e.milliseconds))), ("Status", .string(e.status.rawValue)),
                        ("StatusDetails", .string(e.statusDetails)), ("Tasks", .array(tasks))])
    }

    /// One instance's `InstancePatchState` row.
    static func row(_ id: String, _ s: InstancePatchState, _ r: ScenarioRun) -> JSONOutput {
        return .object([
            ("InstanceId", .string(id)), ("PatchGroup", .string(s.patchGroup)), ("BaselineId", .string(s.baselineId)),
            ("Operation", .string(s.operation)), ("OperationEndTime", .string(s.operationEndTime.iso8601)),
            ("InstalledCount", .int(s.installedCount)), ("InstalledOtherCount", .int(s.installedOtherCount)),
            ("InstalledPendingRebootCount", .int(s.installedPendingRebootCount)),
            ("InstalledRejectedCount", .int(s.installedRejectedCount)), ("MissingCount", .int(s.missingCount)),
            ("FailedCount", .int(s.failedCount)), ("NotApplicableCount", .int(s.notApplicableCount)),
            ("CriticalNonCompliantCount", .int(s.criticalNonCompliantCount)),
            ("SecurityNonCompliantCount", .int(s.securityNonCompliantCount)),
            ("OtherNonCompliantCount", .int(s.otherNonCompliantCount)),
            ("ComplianceStatus", .string(s.complianceStatus)),
            ("ExecutionType", .string(r.fleet.compliance.executionType(id)?.rawValue ?? "Command")),
        ])
    }

    /// Per patch group (a node's current one; "" for none): how many nodes, how many
    /// report, are compliant, and have a MISSING, FAILED or pending-reboot patch.
    static func patchGroups(_ r: ScenarioRun) -> JSONOutput {
        var rows: [String: [Int]] = [:]
        let stored = r.fleet.compliance.patchCompliance
        for node in r.fleet.instances.values {
            var row = rows[node.patchGroup] ?? Array(repeating: 0, count: patchGroupCounts.count)
            row[0] += 1
            if let s = stored[node.instanceId]?.summary {
                row[1] += 1
                if s.complianceStatus == "COMPLIANT" { row[2] += 1 }
                if s.missingCount > 0 { row[3] += 1 }
                if s.failedCount > 0 { row[4] += 1 }
                if s.installedPendingRebootCount > 0 { row[5] += 1 }
            }
            rows[node.patchGroup] = row
        }
        return .array(rows.keys.sorted().map { group in
            .object([("PatchGroup", .string(group))] + zip(patchGroupCounts, rows[group] ?? []).map { ($0, .int($1)) })
        })
    }

    /// The counts of a `patchGroups` row, in order (they add up across shards).
    public static let patchGroupCounts = ["Instances", "Reporting", "Compliant", "WithMissing", "WithFailed", "WithPendingReboot"]

    /// A timed event's record; a shard's part adds what merging needs (how many nodes an
    /// EC2 call reached here, the window a call was about).
    static func action(_ a: ActionRecord, shard: Bool) -> JSONOutput {
        var fields: [(String, JSONOutput)] = [("At", .string(a.at.iso8601)), ("Name", .string(a.name)), ("Action", .string(a.action)),
                                              ("Outcome", .string(a.outcome)), ("Failed", .bool(a.failed))]
        if shard, let n = a.instanceCount { fields.append(("InstanceCount", .int(n))) }
        if shard, let w = a.windowId { fields.append(("WindowId", .string(w))) }
        return .object(fields)
    }

    /// One expectation's verdict, as the report and `patchsim merge` write it.
    public static func outcome(_ o: Expectation.Outcome) -> JSONOutput {
        .object([("name", .string(o.name)), ("rule", .string(o.rule)), ("passed", .bool(o.passed)),
                 ("expected", .string(o.expected)), ("found", .string(o.found)), ("examples", .array(o.examples.map { .string($0) }))])
    }

    /// Which shard owns each window, policy and command (identical in every part).
    static func shardSection(_ s: ShardAssignment) -> JSONOutput {
        func owners(_ m: [String: Int]) -> JSONOutput { .object(m.keys.sorted().map { ($0, .int(m[$0] ?? 0)) }) }
        let p = s.partition
        return .object([("Index", .int(s.index)), ("Count", .int(p.shardCount)), ("WindowOwners", owners(p.windowOwner)),
                        ("PolicyOwners", owners(p.policyOwner)), ("CommandOwners", owners(p.commandOwner))])
    }

    static func tally(_ t: Tally) -> JSONOutput {
        var fields: [(String, JSONOutput)] = []
        switch t.check {
        case let .compliantShare(lo, hi): fields = [("Check", .string("compliantShare")), ("Min", .double(lo)), ("Max", .double(hi))]
        case let .compliantInstances(lo, hi): fields = [("Check", .string("compliantInstances")), ("Min", .int(lo)), ("Max", .int(hi))]
        case let .instancesWithState(state, lo, hi):
            fields = [("Check", .string("instancesWithState")), ("State", .string(state.rawValue)), ("Min", .int(lo)), ("Max", .int(hi))]
        case .noRebootOutsideWindow: fields = [("Check", .string("noRebootOutsideWindow"))]
        case .concurrencyWithinMax: fields = [("Check", .string("concurrencyWithinMax"))]
        case .noBlockedPackageInstalled: fields = [("Check", .string("noBlockedPackageInstalled"))]
        case .noComplianceSourceConflict: fields = [("Check", .string("noComplianceSourceConflict"))]
        case .scannedWithin(let days): fields = [("Check", .string("scannedWithin")), ("Days", .int(days))]
        }
        return .object(fields + [("Counts", .array(t.counts.map { .int($0) })), ("Lists", .array(t.lists.map { .array($0.map { .string($0) }) }))])
    }
}

extension JSONReport {
    /// A command's outcome: status, counts per invocation status, and the nodes that did not succeed.
    static func command(_ c: CommandResult) -> JSONOutput {
        .object([("Status", .string(c.status)), ("StatusDetails", .string(c.statusDetails)), ("TargetCount", .int(c.targetCount)),
                 ("ErrorCount", .int(c.errorCount)), ("CompletedTime", .string(c.end.iso8601)),
                 ("Invocations", .object(InvocationStatusDetails.allCases.filter { c.count($0) > 0 }.map { ($0.rawValue, .int(c.count($0))) })),
                 ("Unsuccessful", .array(c.invocations.filter { $0.details != .Success }.prefix(100).map { .string("\($0.instanceId) \($0.details.rawValue)") }))])
    }
}
