import PatchBaselines
import PatchModel
import PatchScheduling
import PatchWorld

/// Two runs of variants of one world on the same seed, compared record by record ([20]
/// `patchsim diff`): the nodes and patches whose state changes, counts per patch group and
/// operating system, the compliant share per day for both, and the window executions whose
/// status, times or invocation counts change.
public struct ScenarioDiff: Sendable {
    /// What each side is (`--baseline X`, `--set ...`, a file, a profile), as the user wrote it.
    public var from: String
    public var to: String
    public var nodes: [NodeChange] = []
    /// How many nodes changed in all (`nodes` lists at most `listedNodesLimit`).
    public var changedNodeCount = 0
    public var byPatchGroup: [GroupCounts] = []
    public var byOperatingSystem: [GroupCounts] = []
    public var complianceOverTime: [DayCounts] = []
    public var windowExecutions: [ExecutionChange] = []

    /// Above this many changed nodes, the rest are counted, not listed.
    public static let listedNodesLimit = 1_000

    public var isEmpty: Bool { changedNodeCount == 0 && windowExecutions.isEmpty }

    /// A node's stored summary on one side.
    public struct NodeSummary: Equatable, Sendable {
        public var complianceStatus: String
        public var baselineId: String
        public var operation: String
        public var operationEndTime: Instant
        public var counts: [Int]
        /// The summary's counts, in `InstancePatchState`'s member order.
        public static let countNames = ["InstalledCount", "InstalledOtherCount", "InstalledPendingRebootCount", "InstalledRejectedCount",
                                        "MissingCount", "FailedCount", "NotApplicableCount"]
        init(_ s: InstancePatchState) {
            complianceStatus = s.complianceStatus
            baselineId = s.baselineId
            operation = s.operation
            operationEndTime = s.operationEndTime
            counts = [s.installedCount, s.installedOtherCount, s.installedPendingRebootCount, s.installedRejectedCount,
                      s.missingCount, s.failedCount, s.notApplicableCount]
        }
        /// The same state, whenever it was written.
        func sameState(_ o: NodeSummary) -> Bool {
            complianceStatus == o.complianceStatus && baselineId == o.baselineId && operation == o.operation && counts == o.counts
        }
    }

    /// One patch whose record differs: its state, or the version it names (Title).
    public struct PatchChange: Equatable, Sendable {
        public var kbId: String
        public var fromState: String?
        public var toState: String?
        public var fromTitle: String?
        public var toTitle: String?
    }

    public struct NodeChange: Sendable {
        public var instanceId: String
        public var patchGroup: String
        public var operatingSystem: String
        public var from: NodeSummary?
        public var to: NodeSummary?
        /// The instant from which the node's ComplianceStatus differs between the two runs
        /// to the end (nil when it ends alike, or when the fleet is too large to keep events).
        public var statusDivergedAt: Instant?
        public var patches: [PatchChange]
        /// Where only one side has a report: how many patch records it holds (not listed).
        public var recordsOnOneSide = 0
    }

    public struct GroupCounts: Equatable, Sendable {
        public var key: String
        public var instances = 0
        public var changedNodes = 0
        public var changedPatches = 0
        public var compliantFrom = 0
        public var compliantTo = 0
    }

    /// Reporting and compliant nodes after the last write of a UTC day, on each side.
    public struct DayCounts: Equatable, Sendable {
        public var day: Instant
        public var reportingFrom: Int
        public var compliantFrom: Int
        public var reportingTo: Int
        public var compliantTo: Int
    }

    /// A window execution as compared: its status, times, and invocations per status.
    public struct ExecutionSummary: Equatable, Sendable {
        public var windowExecutionId: String
        public var status: String
        public var start: Instant
        public var end: Instant
        public var targets: Int
        public var invocations: [String: Int]
        init(_ e: WindowExecutionRecord) {
            windowExecutionId = e.windowExecutionId
            status = e.status.rawValue
            start = e.start
            end = e.end
            var counts: [String: Int] = [:]
            var targets = 0
            for t in e.tasks {
                for i in t.invocations {
                    targets += i.command.targetCount
                    for d in InvocationStatusDetails.allCases where i.command.count(d) > 0 { counts[d.rawValue, default: 0] += i.command.count(d) }
                }
            }
            self.targets = targets
            invocations = counts
        }
        func same(_ o: ExecutionSummary) -> Bool { status == o.status && start == o.start && end == o.end && targets == o.targets && invocations == o.invocations }
    }

    /// The n-th execution (from 1) of a window on each side, where they differ.
    public struct ExecutionChange: Sendable {
        public var windowId: String
        public var execution: Int
        public var from: ExecutionSummary?
        public var to: ExecutionSummary?
    }

    /// Compares two finished runs.
    public static func compare(_ a: ScenarioRun, _ b: ScenarioRun, from: String, to: String) -> ScenarioDiff {
        var diff = ScenarioDiff(from: from, to: to)
        let storeA = a.fleet.compliance.patchCompliance, storeB = b.fleet.compliance.patchCompliance
        let ids = Set(a.fleet.instances.keys).union(b.fleet.instances.keys).sorted()
        let timelinesA = statusTimelines(a), timelinesB = statusTimelines(b)
        let detailed = ids.count <= ScenarioLoader.fullEventLogLimit
        var groups: [String: GroupCounts] = [:], systems: [String: GroupCounts] = [:]
        for id in ids {
            let nodeA = a.fleet.instances[id], nodeB = b.fleet.instances[id]
            guard let node = nodeB ?? nodeA else { continue }
            let reportA = storeA[id], reportB = storeB[id]
            let sa = reportA.map { NodeSummary($0.summary) }, sb = reportB.map { NodeSummary($0.summary) }
            var patches: [PatchChange] = []
            let summaryChanged = (sa == nil) != (sb == nil) || (sa.map { s in sb.map { !s.sameState($0) } ?? true } ?? false)
            // A report on one side only: its records are not changes one by one, only counted.
            let oneSided = (reportA == nil) != (reportB == nil)
            if !oneSided && (detailed || summaryChanged) { patches = patchChanges(reportA.map { Array($0.records) } ?? [], reportB.map { Array($0.records) } ?? []) }
            let changed = summaryChanged || !patches.isEmpty || (nodeA == nil) != (nodeB == nil)
            func tally(_ rows: inout [String: GroupCounts], _ key: String) {
                var row = rows[key] ?? GroupCounts(key: key)
                row.instances += 1
                if changed { row.changedNodes += 1; row.changedPatches += patches.count }
                if sa?.complianceStatus == "COMPLIANT" { row.compliantFrom += 1 }
                if sb?.complianceStatus == "COMPLIANT" { row.compliantTo += 1 }
                rows[key] = row
            }
            tally(&groups, node.patchGroup)
            tally(&systems, node.os.rawValue)
            guard changed else { continue }
            diff.changedNodeCount += 1
            guard diff.nodes.count < listedNodesLimit else { continue }
            diff.nodes.append(NodeChange(instanceId: id, patchGroup: node.patchGroup, operatingSystem: node.os.rawValue, from: sa, to: sb,
                                         statusDivergedAt: divergence(timelinesA[id] ?? [], timelinesB[id] ?? []), patches: patches,
                                         recordsOnOneSide: oneSided ? (reportA ?? reportB)?.records.count ?? 0 : 0))
        }
        diff.byPatchGroup = groups.keys.sorted().compactMap { groups[$0] }
        diff.byOperatingSystem = systems.keys.sorted().compactMap { systems[$0] }
        diff.complianceOverTime = dailyCounts(a, b)
        diff.windowExecutions = executionChanges(a.executions, b.executions)
        return diff
    }

    /// Records by KBId on each side; a change is a different State or Title, or a record on one side only.
    static func patchChanges(_ a: [PatchComplianceRecord], _ b: [PatchComplianceRecord]) -> [PatchChange] {
        var byA: [String: PatchComplianceRecord] = [:], byB: [String: PatchComplianceRecord] = [:]
        for r in a { byA[r.kbId] = r }
        for r in b { byB[r.kbId] = r }
        var out: [PatchChange] = []
        for kb in Set(byA.keys).union(byB.keys).sorted() {
            let ra = byA[kb], rb = byB[kb]
            if ra?.state == rb?.state && ra?.title == rb?.title { continue }
            let titlesDiffer = ra?.title != rb?.title
            out.append(PatchChange(kbId: kb, fromState: ra?.state.rawValue, toState: rb?.state.rawValue,
                                   fromTitle: titlesDiffer ? ra?.title : nil, toTitle: titlesDiffer ? rb?.title : nil))
        }
        return out
    }

    /// Each node's ComplianceStatus changes in time order (the run's ComplianceChanged events).
    static func statusTimelines(_ r: ScenarioRun) -> [String: [(Instant, String)]] {
        var out: [String: [(Instant, String)]] = [:]
        for e in r.fleet.events where e.kind == "ComplianceChanged" { out[e.instanceId, default: []].append((e.time, e.detail)) }
        for k in out.keys { out[k]?.sort { $0.0 < $1.0 } }
        return out
    }

    /// The instant from which two step functions of status differ to the end (nil when
    /// they end alike: a node whose report came a few seconds later on one side differs
    /// only for those seconds, which is timing, not a change).
    static func divergence(_ a: [(Instant, String)], _ b: [(Instant, String)]) -> Instant? {
        let times = Set(a.map(\.0) + b.map(\.0)).sorted()
        var i = 0, j = 0
        var sa = "", sb = ""
        var since: Instant? = nil
        for t in times {
            while i < a.count, a[i].0 <= t { sa = a[i].1; i += 1 }
            while j < b.count, b[j].0 <= t { sb = b[j].1; j += 1 }
            if sa == sb { since = nil } else if since == nil { since = t }
        }
        return since
    }

    /// Per UTC day of the span, the counts after its last write, summed over patch groups.
    static func dailyCounts(_ a: ScenarioRun, _ b: ScenarioRun) -> [DayCounts] {
        func at(_ r: ScenarioRun, _ day: Int64) -> (Int, Int) {
            var reporting = 0, compliant = 0
            for s in r.fleet.compliance.series.values {
                if let last = s.days.last(where: { $0.utcDay <= day }) { reporting += last.reporting; compliant += last.compliant }
            }
            return (reporting, compliant)
        }
        let first = a.scenario.start.utcDay
        let last = max(first, max(a.scenario.end, b.scenario.end).adding(seconds: -1).utcDay)
        return (first...last).map { d in
            let (ra, ca) = at(a, d), (rb, cb) = at(b, d)
            return DayCounts(day: Instant(secondsSinceEpoch: d * Instant.secondsPerDay), reportingFrom: ra, compliantFrom: ca, reportingTo: rb, compliantTo: cb)
        }
    }

    /// Executions paired by window and ordinal; those whose outcome differs.
    static func executionChanges(_ a: [WindowExecutionRecord], _ b: [WindowExecutionRecord]) -> [ExecutionChange] {
        func byWindow(_ list: [WindowExecutionRecord]) -> [String: [ExecutionSummary]] {
            var out: [String: [ExecutionSummary]] = [:]
            for e in list { out[e.windowId, default: []].append(ExecutionSummary(e)) }
            return out
        }
        let wa = byWindow(a), wb = byWindow(b)
        var out: [ExecutionChange] = []
        for w in Set(wa.keys).union(wb.keys).sorted() {
            let la = wa[w] ?? [], lb = wb[w] ?? []
            for k in 0..<max(la.count, lb.count) {
                let ea = k < la.count ? la[k] : nil, eb = k < lb.count ? lb[k] : nil
                if let ea, let eb, ea.same(eb) { continue }
                out.append(ExecutionChange(windowId: w, execution: k + 1, from: ea, to: eb))
            }
        }
        return out.sorted { ($0.from ?? $0.to)?.start ?? .epoch < ($1.from ?? $1.to)?.start ?? .epoch }
    }
}
