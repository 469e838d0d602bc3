import PatchBaselines
import PatchModel
import PatchScheduling
import PatchWorld

/// [20] `patchsim explain`: for a node inside a run, which baseline governed its stored
/// report and why, the decision chain for one patch, which operations wrote the report
/// and which overwrote it; for a window, each execution's dispatch order, each
/// invocation's outcome and the moment a threshold or the cutoff stopped it.
public struct RunExplanation: Sendable {
    public var scenario: String
    public var at: Instant
    public var profile: String
    public var node: NodePart?
    public var window: WindowPart?

    public struct NodePart: Sendable {
        public var instanceId: String
        public var operatingSystem: String
        public var product: String
        public var imageId: String
        public var patchGroup: String
        public var tags: [String: String]
        /// The stored report at `at`, and who wrote it.
        public var stored: ComplianceStore.ReportWrite?
        public var baselineName: String?
        /// [BL-4]: why that baseline.
        public var baselineReason: String?
        /// Every write of the stored report, in order (the last one is `stored`).
        public var writes: [ComplianceStore.ReportWrite]
        /// Every invocation the node got (windows, policies, associations, commands).
        public var runs: [Run]
        public var patch: PatchPart?
    }

    public struct Run: Sendable {
        public var start: Instant?
        public var end: Instant?
        public var kind: String
        public var name: String
        public var details: String
        public var reason: String?
    }

    public struct PatchPart: Sendable {
        public var name: String
        /// The stored report's records for it (one per architecture).
        public var records: [PatchComplianceRecord]
        /// What the chain explains: the baseline, instant and software it evaluates.
        public var evaluated: String
        public var chain: [String]
    }

    public struct WindowPart: Sendable {
        public var windowId: String
        public var name: String
        public var durationHours: Int
        public var cutoffHours: Int
        public var executions: [Execution]
    }

    public struct Execution: Sendable {
        public var number: Int
        public var windowExecutionId: String
        public var start: Instant
        public var end: Instant
        public var cutoff: Instant
        public var status: String
        public var statusDetails: String
        public var tasks: [Task]
    }

    public struct Task: Sendable {
        public var windowTaskId: String
        public var priority: Int
        public var status: String
        public var maxConcurrency: String
        public var maxErrors: String
        public var cutoffBehavior: String
        public var invocations: [Invocation]
    }

    public struct Invocation: Sendable {
        public var windowTargetId: String?
        public var start: Instant
        public var status: String
        public var commandStatus: String
        public var targetCount: Int
        public var errorCount: Int
        public var allowedErrors: Int
        public var maxInFlight: Int
        /// Per node in dispatch order (by start, then id); successes only on fleets that keep them.
        public var dispatch: [CommandInvocation]
        /// What stopped dispatch, in words, if something did.
        public var stoppedBy: String?
    }

    // MARK: - Building

    public static func explain(_ r: ScenarioRun, at: Instant, instanceId: String?, patch: String?, windowId: String?) -> RunExplanation {
        var out = RunExplanation(scenario: r.scenario.name, at: at, profile: r.scenario.profile.name)
        var fleet = r.fleet
        if let id = instanceId, let node = fleet.instances[id] {
            out.node = nodePart(r, node: node, fleet: &fleet, patch: patch)
        }
        if let w = windowId, let window = r.scenario.windows.first(where: { $0.windowId == w }) {
            out.window = windowPart(r, window)
        }
        return out
    }

    static func nodePart(_ r: ScenarioRun, node: ManagedInstance, fleet: inout Fleet, patch: String?) -> NodePart {
        let id = node.instanceId
        let writes = fleet.compliance.writes[id] ?? []
        var part = NodePart(instanceId: id, operatingSystem: node.os.rawValue, product: node.product, imageId: node.image.imageId,
                            patchGroup: node.patchGroup, tags: node.tags, stored: writes.last, writes: writes, runs: runs(of: id, r.history, policies: Set(r.scenario.policies.map(\.name))))
        var governing: PatchBaseline? = nil
        if let w = writes.last {
            (governing, part.baselineReason) = baselineReason(w, node: node, fleet: fleet, policies: r.scenario.policies)
            part.baselineName = governing?.name
        }
        if let name = patch {
            let records = fleet.compliance.patchCompliance[id]?.records.filter { Self.names($0.kbId, name) } ?? []
            var chain: [String] = []
            var evaluated = "no stored report: nothing to explain the record of"
            if let w = writes.last, let b = governing {
                evaluated = "\(b.name) (\(b.baselineId)) evaluated as a Scan at \(w.start.iso8601), when the stored report's run began, "
                    + "on the node's software at \(r.scenario.end.iso8601), profile \(r.scenario.profile.name)"
                chain = fleet.explainPatch(name, instanceId: id, baseline: b, at: w.start) ?? []
            }
            part.patch = PatchPart(name: name, records: records, evaluated: evaluated, chain: chain)
        }
        return part
    }

    /// `openssl` names `openssl.x86_64` and `openssl.i686`; an exact KBId names itself.
    static func names(_ kbId: String, _ name: String) -> Bool {
        kbId == name || kbId.hasPrefix(name + ".") && !kbId.dropFirst(name.count + 1).contains(".")
    }

    /// [BL-4] The baseline behind a write and the step that chose it.
    static func baselineReason(_ w: ComplianceStore.ReportWrite, node: ManagedInstance, fleet: Fleet, policies: [PatchPolicy]) -> (PatchBaseline?, String) {
        let id = w.summary.baselineId
        let registry = fleet.registry(at: w.start)
        if w.executionType == .PatchPolicy {
            // The policy as loaded; the run syncs its baselines from the account when it runs.
            let policy = policies.first { $0.name == w.source?.name }
            let b = policy?.baselines[node.os] ?? policy?.baselineIds[node.os].flatMap { registry.baseline($0) ?? PredefinedBaselines.named($0) }
            return (b, "[BL-4] step 1: patch policy \(w.source?.name ?? "?") delivers \(b?.name ?? id) for \(node.os.rawValue) with its association; patch groups and defaults are not consulted")
        }
        let stored = registry.baseline(id) ?? PredefinedBaselines.named(id)
        guard let (b, why) = try? registry.resolve(os: node.os, tags: node.tags), b.baselineId == id || PredefinedBaselines.shortId(b.baselineId) == PredefinedBaselines.shortId(id) else {
            return (stored, "the run named \(stored?.name ?? id) itself (an association's BaselineTags, or the node's tags or the account's registrations were different when it ran)")
        }
        if why.hasPrefix("patch group") {
            let key = node.tags["Patch Group"] != nil ? "Patch Group" : "PatchGroup"
            return (b, "[BL-4] the node's tag \(key)=\(node.patchGroup) puts it in patch group '\(node.patchGroup)', registered to \(b.name) (\(b.baselineId)) for \(node.os.rawValue)")
        }
        let registered = registry.defaults[node.os] != nil
        return (b, "[BL-4] " + (node.patchGroup.isEmpty ? "the node has no Patch Group tag" : "patch group '\(node.patchGroup)' has no baseline for \(node.os.rawValue)")
                + ", so the default baseline for \(node.os.rawValue): \(b.name) (\(registered ? "registered as the default" : "AWS's default"))")
    }

    /// Every invocation the node got, in time order.
    static func runs(of id: String, _ h: SimulationHistory, policies: Set<String>) -> [Run] {
        var out: [Run] = []
        for e in h.windowExecutions {
            for t in e.tasks {
                for i in t.invocations {
                    for inv in i.command.invocations where inv.instanceId == id {
                        out.append(Run(start: inv.start, end: inv.end, kind: "MaintenanceWindow", name: "\(e.windowId)/\(t.windowTaskId) (\(e.windowExecutionId))",
                                       details: inv.details.rawValue, reason: inv.reason))
                    }
                }
            }
        }
        for a in h.associationExecutions {
            for inv in a.command.invocations where inv.instanceId == id {
                out.append(Run(start: inv.start, end: inv.end, kind: policies.contains(a.policyName) ? "PatchPolicy" : "Association",
                               name: "\(a.policyName) \(a.operation.rawValue)", details: inv.details.rawValue, reason: inv.reason))
            }
        }
        for c in h.commands {
            for inv in c.result.invocations where inv.instanceId == id {
                out.append(Run(start: inv.start, end: inv.end, kind: c.origin, name: c.name, details: inv.details.rawValue, reason: inv.reason))
            }
        }
        return out.sorted { ($0.start ?? .epoch, $0.name) < ($1.start ?? .epoch, $1.name) }
    }

    static func windowPart(_ r: ScenarioRun, _ w: MaintenanceWindow) -> WindowPart {
        var part = WindowPart(windowId: w.windowId, name: w.name, durationHours: w.durationHours, cutoffHours: w.cutoffHours, executions: [])
        for (k, e) in r.executions.filter({ $0.windowId == w.windowId }).enumerated() {
            let cutoff = e.start.adding(seconds: Int64(w.durationHours - w.cutoffHours) * 3600)
            let tasks: [Task] = e.tasks.map { t in
                let task = w.tasks.first { $0.windowTaskId == t.windowTaskId }
                let invocations: [Invocation] = t.invocations.map { i in
                    let c = i.command
                    let allowed = task?.rateControl.allowedErrors(targets: c.targetCount) ?? 0
                    // Dispatched ones by start, then those never started, each by id.
                    let never = Instant(secondsSinceEpoch: .max)
                    let order = c.invocations.sorted { ($0.start ?? never, $0.instanceId) < ($1.start ?? never, $1.instanceId) }
                    return Invocation(windowTargetId: i.windowTargetId, start: i.start, status: i.status.rawValue, commandStatus: c.status,
                                      targetCount: c.targetCount, errorCount: c.errorCount, allowedErrors: allowed, maxInFlight: c.maxInFlight,
                                      dispatch: order, stoppedBy: stop(c, allowed: allowed, maxErrors: task?.maxErrors ?? "?", cutoff: cutoff))
                }
                return Task(windowTaskId: t.windowTaskId, priority: t.priority, status: t.status.rawValue, maxConcurrency: task?.maxConcurrency ?? "",
                            maxErrors: task?.maxErrors ?? "", cutoffBehavior: task.map { "\($0.cutoffBehavior)" } ?? "", invocations: invocations)
            }
            part.executions.append(Execution(number: k + 1, windowExecutionId: e.windowExecutionId, start: e.start, end: e.end, cutoff: cutoff,
                                             status: e.status.rawValue, statusDetails: e.statusDetails, tasks: tasks))
        }
        return part
    }

    /// [RC-3] the error that passed MaxErrors, or [SCH-9] the cutoff, as the moment dispatch stopped.
    static func stop(_ c: CommandResult, allowed: Int, maxErrors: String, cutoff: Instant) -> String? {
        let notStarted = c.count(.Terminated) + c.invocations.filter { $0.details == .Cancelled && $0.start == nil }.count
        let errors = c.invocations.filter { $0.details.countsAsError }.sorted { ($0.end ?? .epoch, $0.instanceId) < ($1.end ?? .epoch, $1.instanceId) }
        if errors.count > allowed, allowed < errors.count {
            let e = errors[allowed]
            return "[RC-3] error \(allowed + 1) (\(e.instanceId) \(e.details.rawValue) at \(e.end?.iso8601 ?? "?")) passed MaxErrors \(maxErrors) "
                + "(\(allowed) allowed of \(c.targetCount) targets): dispatch stopped then; \(Wording.count(notStarted, "target")) never started (Terminated)"
        }
        if c.invocations.contains(where: { $0.reason?.contains("cutoff") == true }) {
            let cut = c.invocations.filter { $0.reason?.contains("cutoff") == true }.count
            return "[SCH-9] the cutoff \(cutoff.iso8601) stopped dispatch: \(Wording.count(cut, "target")) not started"
        }
        return nil
    }
}
