import PatchModel
import PatchScheduling
import PatchWorld

/// What happened in a run, in the few numbers an operator asks first ([19]): nodes and
/// how many are compliant at the end, patches installed, reboots, invocations that failed
/// or were never delivered, window executions by status. The counts are per node, so the
/// parts of a sharded run add up to the whole (`fleet` in the JSON report carries them;
/// `patchsim merge` sums them); the executions come from the window records merge keeps.
public struct RunSummary: Sendable, Equatable {
    public var instances = 0
    public var reporting = 0
    public var compliant = 0
    public var patchesInstalled = 0
    public var reboots = 0
    public var invocationsFailed = 0
    public var invocationsUndelivered = 0
    /// Invocations cancelled or terminated (a window's cutoff, MaxErrors reached, a cancel).
    public var invocationsCancelled = 0
    /// Window executions by status, in status order.
    public var executionsByStatus: [(status: String, count: Int)] = []

    public static func == (a: RunSummary, b: RunSummary) -> Bool {
        a.fleetFields.map(\.0) == b.fleetFields.map(\.0) && a.line == b.line
    }

    public init() {}

    /// From a finished run (or one shard of it).
    public init(_ run: ScenarioRun) {
        let stored = run.fleet.compliance.patchCompliance
        instances = run.fleet.instances.count
        reporting = stored.count
        compliant = run.fleet.instances.keys.filter { stored.isCompliant($0) == true }.count
        patchesInstalled = run.fleet.audit.patchesInstalled
        reboots = run.fleet.instances.values.reduce(0) { $0 + $1.reboots }
        var commands = run.executions.flatMap { $0.tasks.flatMap { $0.invocations.map(\.command) } }
        commands += run.history.associationExecutions.map(\.command) + run.history.commands.map(\.result)
        for c in commands {
            invocationsUndelivered += c.count(.Undeliverable) + c.count(.deliveryTimedOut)
            invocationsFailed += c.count(.Failed) + c.count(.executionTimedOut) + c.count(.invalidPlatform)
            invocationsCancelled += c.count(.Cancelled) + c.count(.Terminated)
        }
        executionsByStatus = Self.byStatus(run.executions.map(\.status.rawValue))
    }

    /// From a report's scenario object (a merged one): `fleet` and `windowExecutions`.
    public init(report scenario: JSONOutput) {
        let f = scenario["fleet"]
        func n(_ key: String) -> Int { f?[key]?.intValue ?? 0 }
        instances = n("instances"); reporting = n("reporting"); compliant = n("compliant")
        patchesInstalled = n("patchesInstalled"); reboots = n("reboots")
        invocationsFailed = n("invocationsFailed"); invocationsUndelivered = n("invocationsUndelivered")
        invocationsCancelled = n("invocationsCancelled")
        executionsByStatus = Self.byStatus((scenario["windowExecutions"]?.arrayValue ?? []).compactMap { $0["Status"]?.stringValue })
    }

    static func byStatus(_ statuses: [String]) -> [(status: String, count: Int)] {
        var counts: [String: Int] = [:]
        for s in statuses { counts[s, default: 0] += 1 }
        return counts.keys.sorted().map { ($0, counts[$0] ?? 0) }
    }

    /// The additive counts, as the report's `fleet` object holds them.
    public var fleetFields: [(String, JSONOutput)] {
        [("instances", .int(instances)), ("reporting", .int(reporting)), ("compliant", .int(compliant)),
         ("patchesInstalled", .int(patchesInstalled)), ("reboots", .int(reboots)),
         ("invocationsFailed", .int(invocationsFailed)), ("invocationsUndelivered", .int(invocationsUndelivered)),
         ("invocationsCancelled", .int(invocationsCancelled))]
    }

    /// One line: "40 nodes, 38 compliant at the end (95%), 212 patches installed, 40 reboots,
    /// 2 invocations failed, 0 undelivered, 0 cancelled; window executions: 4 SUCCESS, 1 FAILED".
    public var line: String {
        var parts = [Wording.count(instances, "node")]
        let share = reporting == 0 ? " (none reporting)" : " (\(Wording.percent(Double(compliant) / Double(reporting))) of \(reporting) reporting)"
        parts.append("\(compliant) compliant at the end\(share)")
        parts.append("\(Wording.count(patchesInstalled, "patch", "patches")) installed")
        parts.append(Wording.count(reboots, "reboot"))
        parts.append("\(Wording.count(invocationsFailed, "invocation")) failed, \(invocationsUndelivered) undelivered, \(invocationsCancelled) cancelled")
        let executions = executionsByStatus.isEmpty ? "none" : executionsByStatus.map { "\($0.count) \($0.status)" }.joined(separator: ", ")
        return parts.joined(separator: ", ") + "; window executions: " + executions
    }
}
