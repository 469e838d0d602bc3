import PatchBaselines
import PatchModel
import PatchScheduling
import PatchWorld

/// The run's event log as JSON lines, each an EventBridge event in the shape Systems
/// Manager emits ([RPT-5]): `version`, `id`, `detail-type`, `source`, `account`, `time`,
/// `region`, `resources`, `detail`. One event per status transition: window, task and
/// target-invocation executions; Run Command commands and their per-node invocations
/// (window tasks, patch policies' associations, SendCommand and Patch now); a node's
/// patch compliance when its status changes; a window enabled or disabled.
///
/// What a node does inside an operation (started, patch installed or failed, rebooted,
/// finished) has no EventBridge event in AWS; it is listed with source `patchsim` and
/// detail-type `Patch Operation Step`, in the same envelope, so one file tells the story.
///
/// Events are in time order; at one instant, starts go outermost first (window, task,
/// command, node) and ends innermost first. Ids are drawn from the seed, so the same
/// scenario and seed give the same bytes. Above `ScenarioLoader.fullEventLogLimit`
/// nodes a run keeps no per-node log: only window, task, command and failed-invocation
/// events are listed.
public enum EventsReport {
    public static func render(_ run: ScenarioRun) -> String {
        var log = Log(seed: run.fleet.seed, isHybrid: { id in run.fleet.instances[id].map { $0.platform != .ec2 } ?? false },
                      ownerInformation: { windowId, targetId in
                          run.scenario.windows.first { $0.windowId == windowId }?.targets.first { $0.windowTargetId == targetId }?.ownerInformation
                      })
        for e in run.executions { log.window(e) }
        for a in run.history.associationExecutions {
            log.command(id: WindowExecutor.uuid(seed: run.fleet.seed, "association-command:\(a.executionId)"), requested: a.start,
                        operation: a.operation, rebootOption: a.rebootOption, result: a.command)
        }
        for c in run.history.commands {
            log.command(id: c.commandId, requested: c.requestedDateTime, operation: c.operation, rebootOption: c.rebootOption, result: c.result)
        }
        for a in run.history.actions where !a.failed && a.action == "UpdateMaintenanceWindow" {
            // Which window, from the scenario's event of that name and instant.
            for case let .setWindowEnabled(windowId, enabled) in run.scenario.events.filter({ $0.name == a.name && $0.at == a.at }).map(\.action) {
                log.add("Maintenance Window State-change Notification", a.at, .windowEnd, resources: [log.windowArn(windowId)],
                        [("window-id", .string(windowId)), ("status", .string(enabled ? "ENABLED" : "DISABLED"))])
            }
        }
        for p in run.fleet.events { log.node(p) }
        return log.rendered()
    }

    /// Where an event sits among others at the same instant.
    enum Rank: Int, Comparable {
        case windowStart, taskStart, targetStart, commandStart, invocationStart, nodeStep, compliance
        case invocationEnd, commandEnd, targetEnd, taskEnd, windowEnd
        static func < (a: Rank, b: Rank) -> Bool { a.rawValue < b.rawValue }
    }

    struct Log {
        struct Event {
            var time: Instant
            var rank: Rank
            var type: String
            var source: String
            var resources: [String]
            var detail: [(String, JSONOutput)]
        }
        let seed: UInt64
        let isHybrid: (String) -> Bool
        /// A window target's `OwnerInformation`, which its invocations' events carry.
        let ownerInformation: (_ windowId: String, _ windowTargetId: String) -> String?
        var events: [Event] = []

        static let region = SimulatedAccount.region
        static let account = SimulatedAccount.accountId

        func windowArn(_ id: String) -> String { "arn:aws:ssm:\(Self.region):\(Self.account):maintenancewindow/\(id)" }
        func nodeArn(_ id: String) -> String {
            isHybrid(id) ? "arn:aws:ssm:\(Self.region):\(Self.account):managed-instance/\(id)" : "arn:aws:ec2:\(Self.region):\(Self.account):instance/\(id)"
        }
        /// `start-time`/`end-time` carry milliseconds ([RPT-5] Use); the simulation runs on seconds.
        static func stamp(_ t: Instant, _ milliseconds: Int = 0) -> JSONOutput {
            .string(String(t.iso8601.dropLast()) + "." + String(String(milliseconds + 1000).dropFirst()) + "Z")
        }

        mutating func add(_ type: String, _ time: Instant, _ rank: Rank, source: String = "aws.ssm", resources: [String] = [],
                          _ detail: [(String, JSONOutput)]) {
            events.append(Event(time: time, rank: rank, type: type, source: source, resources: resources, detail: detail))
        }

        mutating func window(_ e: WindowExecutionRecord) {
            let ids: [(String, JSONOutput)] = [("window-id", .string(e.windowId)), ("window-execution-id", .string(e.windowExecutionId))]
            let arn = [windowArn(e.windowId)]
            let ms = e.milliseconds
            let type = "Maintenance Window Execution State-change Notification"
            if e.status != .SKIPPED_OVERLAPPING {
                add(type, e.start, .windowStart, resources: arn,
                    [("start-time", Self.stamp(e.start, ms)), ("end-time", Self.stamp(e.start, ms))] + ids + [("status", .string("IN_PROGRESS"))])
            }
            for t in e.tasks {
                let taskId = WindowExecutor.taskExecutionId(seed: seed, windowExecutionId: e.windowExecutionId, windowTaskId: t.windowTaskId)
                let taskIds = ids + [("task-execution-id", .string(taskId))]
                let start = t.start ?? e.start, end = t.end ?? t.start ?? e.end
                let taskType = "Maintenance Window Task Execution State-change Notification"
                if t.start != nil {
                    add(taskType, start, .taskStart, resources: arn,
                        [("start-time", Self.stamp(start, ms)), ("end-time", Self.stamp(start, ms))] + taskIds + [("status", .string("IN_PROGRESS"))])
                }
                for inv in t.invocations {
                    let targetType = "Maintenance Window Task Target Invocation State-change Notification"
                    let invEnd = inv.command.end
                    var targetIds = taskIds
                    targetIds.append(("window-target-id", .string(inv.windowTargetId ?? "")))
                    let owner = JSONOutput.string(inv.windowTargetId.flatMap { ownerInformation(e.windowId, $0) } ?? "")
                    var resources = arn
                    if let target = inv.windowTargetId { resources.append("arn:aws:ssm:\(Self.region):\(Self.account):windowtarget/\(target)") }
                    add(targetType, inv.start, .targetStart, resources: resources,
                        [("start-time", Self.stamp(inv.start, ms)), ("end-time", Self.stamp(inv.start, ms))] + targetIds
                            + [("status", .string("IN_PROGRESS")), ("owner-information", owner)])
                    if let commandId = inv.commandId, let p = t.parameters {
                        command(id: commandId, requested: inv.start, operation: p.operation, rebootOption: p.rebootOption, result: inv.command)
                    }
                    add(targetType, invEnd, .targetEnd, resources: resources,
                        [("start-time", Self.stamp(inv.start, ms)), ("end-time", Self.stamp(invEnd, ms))] + targetIds
                            + [("status", .string(inv.status.rawValue)), ("owner-information", owner)])
                }
                add(taskType, end, .taskEnd, resources: arn,
                    [("start-time", Self.stamp(start, ms)), ("end-time", Self.stamp(end, ms))] + taskIds + [("status", .string(t.status.rawValue))])
            }
            add(type, e.end, .windowEnd, resources: arn,
                [("start-time", Self.stamp(e.start, ms)), ("end-time", Self.stamp(e.end, ms))] + ids + [("status", .string(e.status.rawValue))])
        }

        /// A Run Command command: Pending then InProgress when sent, its final status when
        /// done; each node's invocation InProgress when it starts, its status when it ends.
        mutating func command(id: String, requested: Instant, operation: RunPatchBaselineParameters.Operation,
                              rebootOption: RunPatchBaselineParameters.RebootOption, result: CommandResult) {
            let nodes = result.invocations.map { nodeArn($0.instanceId) }
            let expires = result.expiresAfter ?? PatchCommand.expiry(requested: requested, timeoutSeconds: PatchCommand.defaultTimeoutSeconds)
            let parameters = JSONOutput.object([("Operation", .array([.string(operation.rawValue)])),
                                                ("RebootOption", .array([.string(rebootOption.rawValue)]))])
            func commandEvent(_ status: String, _ at: Instant, _ rank: Rank) {
                add("EC2 Command Status-change Notification", at, rank, resources: nodes,
                    [("command-id", .string(id)), ("document-name", .string("AWS-RunPatchBaseline")), ("expire-after", Self.stamp(expires)),
                     ("parameters", parameters), ("requested-date-time", Self.stamp(requested)), ("status", .string(status))])
            }
            commandEvent("Pending", requested, .commandStart)
            if result.targetCount > 0 { commandEvent("InProgress", requested, .commandStart) }
            for node in result.invocations {
                func invocationEvent(_ status: String, _ at: Instant, _ rank: Rank) {
                    add("EC2 Command Invocation Status-change Notification", at, rank, resources: [nodeArn(node.instanceId)],
                        [("command-id", .string(id)), ("document-name", .string("AWS-RunPatchBaseline")),
                         ("instance-id", .string(node.instanceId)), ("requested-date-time", Self.stamp(requested)), ("status", .string(status))])
                }
                if let start = node.start { invocationEvent("InProgress", start, .invocationStart) }
                invocationEvent(node.details.status, node.end ?? node.start ?? requested, .invocationEnd)
            }
            commandEvent(result.status, result.end, .commandEnd)
        }

        mutating func node(_ p: PatchEvent) {
            let arn = "arn:aws:ssm:\(Self.region):\(Self.account):managed-instance/\(p.instanceId)"
            if p.kind == "ComplianceChanged" {
                add("Configuration Compliance State Change", p.time, .compliance, resources: [arn], [
                    ("resource-type", .string("managed-instance")), ("resource-id", .string(p.instanceId)),
                    ("compliance-status", .string(p.detail == "COMPLIANT" ? "compliant" : "non_compliant")),
                    ("compliance-type", .string("Patch")), ("patch-baseline-id", .string(p.baselineId ?? "")),
                    ("severity", .string((p.severity ?? .UNSPECIFIED).rawValue.lowercased())),
                ])
            } else {
                add("Patch Operation Step", p.time, .nodeStep, source: "patchsim", resources: [arn],
                    [("instance-id", .string(p.instanceId)), ("step", .string(p.kind)), ("detail", .string(p.detail))])
            }
        }

        /// EventBridge's limit on one entry (PutEvents: 256 KB). An event over it, a command
        /// with thousands of targets, is split into events that each carry a share of
        /// `resources` and the same detail, as consumers that fan out per resource expect.
        static let maxEventBytes = 262_144

        func rendered() -> String {
            // Stable: equal instants and ranks keep the order they were added in.
            let order = events.indices.sorted { a, b in
                let x = events[a], y = events[b]
                return (x.time, x.rank, a) < (y.time, y.rank, b)
            }
            var out = ""
            var n = 0
            func line(_ e: Event, _ resources: ArraySlice<String>) -> String {
                let json = JSONOutput.object([
                    ("version", .string("0")), ("id", .string(WindowExecutor.uuid(seed: seed, "event:\(n)"))),
                    ("detail-type", .string(e.type)), ("source", .string(e.source)), ("account", .string(Self.account)),
                    ("time", .string(e.time.iso8601)), ("region", .string(Self.region)),
                    ("resources", .array(resources.map { .string($0) })), ("detail", .object(e.detail)),
                ])
                n += 1
                return json.compact() + "\n"
            }
            for k in order {
                let e = events[k]
                let whole = line(e, e.resources[...])
                if whole.utf8.count <= Self.maxEventBytes || e.resources.count <= 1 { out += whole; continue }
                n -= 1
                // Greedy chunks: the envelope without resources, plus each ARN and its quotes and comma.
                let base = line(e, []).utf8.count
                n -= 1
                var start = 0
                while start < e.resources.count {
                    var size = base, end = start
                    while end < e.resources.count, size + e.resources[end].utf8.count + 3 <= Self.maxEventBytes || end == start {
                        size += e.resources[end].utf8.count + 3
                        end += 1
                    }
                    out += line(e, e.resources[start..<end])
                    start = end
                }
            }
            return out
        }
    }
}
