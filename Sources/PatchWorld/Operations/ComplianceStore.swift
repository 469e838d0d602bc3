import PatchBaselines
import PatchModel

/// Stored patch compliance per node ([CMP-7], [OP-8]): the last completed
/// `AWS-RunPatchBaseline` report replaces the previous one whole, whichever baseline
/// produced either; failed runs leave it unchanged (except the Windows search failure);
/// plain BaselineOverride runs do not write. Association results are kept apart, per
/// association.
///
/// Sized for a million nodes: per node only the current report (whose patch rows are
/// shared with every node that got the same answer) and its write time; the history over
/// time is kept as per-patch-group counts, one entry per UTC day.
public struct ComplianceStore: Sendable {
    public private(set) var patchCompliance = StoredReports()
    /// `Association` compliance: node → association id → COMPLIANT / NON_COMPLIANT.
    public private(set) var associationCompliance: [String: [String: String]] = [:]
    /// Reports replaced by another source's with another baseline or operation ([20]).
    public private(set) var overwrites = SourceOverwrites()
    /// Nodes whose every stored-report write is kept (`patchsim explain`), and those writes.
    public var watched: Set<String> = []
    public private(set) var writes: [String: [ReportWrite]] = [:]

    /// One write of a watched node's stored report.
    public struct ReportWrite: Sendable {
        public var start: Instant
        public var end: Instant
        public var source: ComplianceSource?
        public var executionType: RunPatchBaselineParameters.ExecutionType
        public var summary: InstancePatchState
    }
    /// Per patch group ("" for none): reporting and compliant counts over time.
    public private(set) var series: [String: GroupSeries] = [:]

    public struct DailyCounts: Equatable, Sendable {
        public var utcDay: Int64
        public var reporting: Int
        public var compliant: Int
    }

    /// One patch group's counts now, and after the last write of each UTC day on which
    /// they changed, in day order.
    public struct GroupSeries: Sendable {
        public private(set) var reporting = 0
        public private(set) var compliant = 0
        public private(set) var days: [DailyCounts] = []

        mutating func change(reporting dr: Int, compliant dc: Int, at t: Instant) {
            reporting += dr
            compliant += dc
            let entry = DailyCounts(utcDay: t.utcDay, reporting: reporting, compliant: compliant)
            if let last = days.last, last.utcDay == entry.utcDay { days[days.count - 1] = entry } else { days.append(entry) }
        }
    }

    public init() {}

    /// When a node's stored report was written (its OperationEndTime), if it has one.
    public func lastWrite(_ instanceId: String) -> Instant? { patchCompliance.lastWrite(instanceId) }

    /// Applies a run's outcome; returns whether the stored record changed.
    @discardableResult
    public mutating func record(_ result: OperationResult, instanceId: String,
                                origin: RunPatchBaselineParameters.ReportOrigin = .init(), hint: Int? = nil) -> Bool {
        guard result.writesCompliance, var report = result.report else { return false }
        // The stored report carries the run's times, whichever path produced it.
        report.summary.operationStartTime = result.startTime
        report.summary.operationEndTime = result.endTime
        store(report, shared: result.sharedReport, instanceId: instanceId, origin: origin, at: result.endTime, hint: hint)
        return true
    }

    /// The stored report's compliance `ExecutionType` ([OP-8]), if the node has one.
    public func executionType(_ instanceId: String) -> RunPatchBaselineParameters.ExecutionType? {
        patchCompliance.origin(instanceId)?.executionType
    }

    /// What the run that wrote the node's stored report was given (SnapshotId, InstallOverrideList, RebootOption).
    public func origin(_ instanceId: String) -> RunPatchBaselineParameters.ReportOrigin? { patchCompliance.origin(instanceId) }

    /// The RebootOption of the run that wrote the node's stored report, if it has one.
    public func rebootOption(_ instanceId: String) -> RunPatchBaselineParameters.RebootOption? {
        patchCompliance.origin(instanceId)?.rebootOption
    }

    mutating func store(_ report: ScanResult, shared: SharedReport?, instanceId: String,
                        origin: RunPatchBaselineParameters.ReportOrigin, at t: Instant, hint: Int? = nil) {
        let group = report.summary.patchGroup
        let compliant = report.summary.complianceStatus == "COMPLIANT"
        let newShared = shared ?? SharedReport(report)
        if !watched.isEmpty { watch(instanceId, newShared, patchGroup: group, start: report.summary.operationStartTime, end: report.summary.operationEndTime, origin: origin) }
        if let previous = patchCompliance.update(shared: newShared, instanceId: instanceId, patchGroup: group, start: report.summary.operationStartTime,
                                                 end: report.summary.operationEndTime, compliant: compliant, origin: origin, hint: hint) {
            noteOverwrite(previous, by: newShared, origin: origin, instanceId: instanceId, at: t)
            let wasCompliant = previous.compliant
            // The common case, the same group and status, changes no count.
            if previous.patchGroup == group && wasCompliant == compliant { return }
            series[previous.patchGroup, default: GroupSeries()].change(reporting: -1, compliant: wasCompliant ? -1 : 0, at: t)
        }
        series[group, default: GroupSeries()].change(reporting: 1, compliant: compliant ? 1 : 0, at: t)
    }

    /// Stores a replayed run's report: the shared answer with this node's id, patch group
    /// and times (what `record` does, without materialising the report).
    mutating func store(shared: SharedReport, instanceId: String, patchGroup: String, start: Instant, end: Instant,
                        origin: RunPatchBaselineParameters.ReportOrigin, hint: Int) {
        let compliant = shared.compliant
        if !watched.isEmpty { watch(instanceId, shared, patchGroup: patchGroup, start: start, end: end, origin: origin) }
        if let previous = patchCompliance.update(shared: shared, instanceId: instanceId, patchGroup: patchGroup, start: start, end: end,
                                                 compliant: compliant, origin: origin, hint: hint) {
            noteOverwrite(previous, by: shared, origin: origin, instanceId: instanceId, at: end)
            if previous.patchGroup == patchGroup && previous.compliant == compliant { return }
            series[previous.patchGroup, default: GroupSeries()].change(reporting: -1, compliant: previous.compliant ? -1 : 0, at: end)
        }
        series[patchGroup, default: GroupSeries()].change(reporting: 1, compliant: compliant ? 1 : 0, at: end)
    }

    private mutating func watch(_ id: String, _ shared: SharedReport, patchGroup: String, start: Instant, end: Instant,
                                origin: RunPatchBaselineParameters.ReportOrigin) {
        guard watched.contains(id) else { return }
        var summary = shared.report.summary
        (summary.instanceId, summary.patchGroup, summary.operationStartTime, summary.operationEndTime) = (id, patchGroup, start, end)
        writes[id, default: []].append(ReportWrite(start: start, end: end, source: origin.source, executionType: origin.executionType, summary: summary))
    }

    /// [20] A report from another known source with another baseline or operation.
    private mutating func noteOverwrite(_ previous: StoredReports.Entry, by shared: SharedReport, origin: RunPatchBaselineParameters.ReportOrigin,
                                        instanceId: String, at t: Instant) {
        guard let before = previous.origin.source, let now = origin.source, before != now else { return }
        let a = previous.shared.report.summary, b = shared.report.summary
        guard a.baselineId != b.baselineId || a.operation != b.operation else { return }
        let sameState = a.complianceStatus == b.complianceStatus && a.installedCount == b.installedCount && a.installedOtherCount == b.installedOtherCount
            && a.installedPendingRebootCount == b.installedPendingRebootCount && a.installedRejectedCount == b.installedRejectedCount
            && a.missingCount == b.missingCount && a.failedCount == b.failedCount && a.notApplicableCount == b.notApplicableCount
        overwrites.add(SourceOverwrite(instanceId: instanceId, at: t, previousSource: before, previousBaselineId: a.baselineId,
                                       previousOperation: a.operation, previousWrittenAt: previous.end, source: now,
                                       baselineId: b.baselineId, operation: b.operation, stateChanged: !sameState))
    }

    /// (reporting, compliant) for a patch group as it stood when day `utcDay` began.
    public func counts(patchGroup: String, beforeDay utcDay: Int64) -> (reporting: Int, compliant: Int)? {
        guard let last = series[patchGroup]?.days.last(where: { $0.utcDay < utcDay }) else { return nil }
        return (last.reporting, last.compliant)
    }

    public mutating func recordAssociation(_ result: OperationResult, instanceId: String, associationId: String) {
        guard let report = result.report else { return }
        associationCompliance[instanceId, default: [:]][associationId] = report.summary.complianceStatus
    }
}

/// A report many nodes share: everything but the node's id, patch group and times.
public final class SharedReport: Sendable {
    let report: ScanResult
    let compliant: Bool
    init(_ report: ScanResult) {
        self.report = report
        compliant = report.summary.complianceStatus == "COMPLIANT"
    }
}

/// The stored report per node, read like a dictionary of `ScanResult`s. Nodes that got
/// the same answer share one copy of it; each keeps only what is its own (id, patch
/// group, operation times).
public struct StoredReports: Sendable, Sequence {
    struct Entry: Sendable {
        var shared: SharedReport
        var patchGroup: String
        var start: Instant
        var end: Instant
        /// The compliance status, kept here so series updates need not materialise.
        var compliant: Bool
        var origin: RunPatchBaselineParameters.ReportOrigin
    }

    /// Entries in first-write order, found by id through `index`, or on the hot path by
    /// the writer's position hint (a node's place in the fleet) without hashing the id.
    private var slots: [(id: String, entry: Entry)] = []
    private var index: [String: Int] = [:]
    private var slotOfHint: [Int32] = []

    public init() {}

    public var count: Int { slots.count }
    public var isEmpty: Bool { slots.isEmpty }
    public var keys: [String] { slots.map(\.id) }
    public var values: [ScanResult] { slots.map { Self.materialise($0.id, $0.entry) } }

    public subscript(id: String) -> ScanResult? { entry(id).map { Self.materialise(id, $0) } }

    func entry(_ id: String) -> Entry? { index[id].map { slots[$0].entry } }

    /// Whether a node's stored report is COMPLIANT (nil: no report), without building it.
    public func isCompliant(_ id: String) -> Bool? { entry(id)?.compliant }

    static func materialise(_ id: String, _ e: Entry) -> ScanResult {
        var r = e.shared.report
        r.summary.instanceId = id
        r.summary.patchGroup = e.patchGroup
        r.summary.operationStartTime = e.start
        r.summary.operationEndTime = e.end
        return r
    }

    /// Stores a node's report; returns the one it replaces. `hint`: a number stable for this
    /// node (its position in the fleet), to skip the id lookup.
    mutating func update(shared: SharedReport, instanceId: String, patchGroup: String, start: Instant, end: Instant, compliant: Bool,
                         origin: RunPatchBaselineParameters.ReportOrigin, hint: Int?) -> Entry? {
        let entry = Entry(shared: shared, patchGroup: patchGroup, start: start, end: end, compliant: compliant, origin: origin)
        var slot: Int? = nil
        if let hint, hint < slotOfHint.count, slotOfHint[hint] >= 0, slots[Int(slotOfHint[hint])].id == instanceId {
            slot = Int(slotOfHint[hint])
        } else {
            slot = index[instanceId]
        }
        if let slot {
            let previous = slots[slot].entry
            slots[slot].entry = entry
            remember(hint, slot)
            return previous
        }
        index[instanceId] = slots.count
        slots.append((instanceId, entry))
        remember(hint, slots.count - 1)
        return nil
    }

    private mutating func remember(_ hint: Int?, _ slot: Int) {
        guard let hint, hint >= 0, hint < Int(Int32.max) else { return }
        if hint >= slotOfHint.count { slotOfHint += Array(repeating: -1, count: Swift.max(hint + 1 - slotOfHint.count, slotOfHint.count)) }
        slotOfHint[hint] = Int32(slot)
    }

    func lastWrite(_ id: String) -> Instant? { entry(id)?.end }
    func origin(_ id: String) -> RunPatchBaselineParameters.ReportOrigin? { entry(id)?.origin }

    public func makeIterator() -> AnyIterator<(key: String, value: ScanResult)> {
        var inner = slots.makeIterator()
        return AnyIterator { inner.next().map { (key: $0.id, value: Self.materialise($0.id, $0.entry)) } }
    }
}

/// Baseline snapshots ([SNP-1]): specific to patch group, OS and `SnapshotId`; the first
/// use freezes the baseline definition; the same key within 3 days returns it, later a
/// fresh one is built.
public struct SnapshotStore: Sendable {
    public static let reuseSeconds: Int64 = 3 * 86_400

    private var snapshots: [Key: (baseline: PatchBaseline, created: Instant)] = [:]

    struct Key: Hashable {
        var snapshotId: String
        var os: OperatingSystem
        var patchGroup: String
    }

    public init() {}

    public mutating func baseline(snapshotId: String, patchGroup: String = "", current: PatchBaseline, at t: Instant) -> PatchBaseline {
        frozen(snapshotId: snapshotId, patchGroup: patchGroup, current: current, at: t).baseline
    }

    /// The same, with the instant the snapshot was taken (until 3 days after it, asking
    /// again gives the same answer and changes nothing).
    public mutating func frozen(snapshotId: String, patchGroup: String, current: PatchBaseline, at t: Instant) -> (baseline: PatchBaseline, created: Instant) {
        let key = Key(snapshotId: snapshotId, os: current.operatingSystem, patchGroup: patchGroup)
        if let s = snapshots[key], t.secondsSinceEpoch - s.created.secondsSinceEpoch <= Self.reuseSeconds {
            return s
        }
        snapshots[key] = (current, t)
        return (current, t)
    }
}
