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
                                executionType: RunPatchBaselineParameters.ExecutionType = .Command) -> Bool {
        guard result.writesCompliance, var report = result.report else { return false }
        // The stored report carries the run's times, whichever path produced it.
        report.summary.operationStartTime = result.startTime
        report.summary.operationEndTime = result.endTime
        store(report, shared: result.sharedReport, instanceId: instanceId, executionType: executionType, at: result.endTime)
        return true
    }

    /// The stored report's compliance `ExecutionType` ([OP-8]), if the node has one.
    public func executionType(_ instanceId: String) -> RunPatchBaselineParameters.ExecutionType? {
        patchCompliance.executionType(instanceId)
    }

    mutating func store(_ report: ScanResult, shared: SharedReport?, instanceId: String,
                        executionType: RunPatchBaselineParameters.ExecutionType, at t: Instant) {
        let group = report.summary.patchGroup
        let compliant = report.summary.complianceStatus == "COMPLIANT"
        if let previous = patchCompliance.update(report, shared: shared, instanceId: instanceId, executionType: executionType) {
            let wasCompliant = previous.compliant
            // The common case, the same group and status, changes no count.
            if previous.patchGroup == group && wasCompliant == compliant { return }
            series[previous.patchGroup, default: GroupSeries()].change(reporting: -1, compliant: wasCompliant ? -1 : 0, at: t)
        }
        series[group, default: GroupSeries()].change(reporting: 1, compliant: compliant ? 1 : 0, at: t)
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
    init(_ report: ScanResult) { self.report = report }
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
        var executionType: RunPatchBaselineParameters.ExecutionType
    }

    private var entries: [String: Entry] = [:]

    public init() {}

    public var count: Int { entries.count }
    public var isEmpty: Bool { entries.isEmpty }
    public var keys: [String] { Array(entries.keys) }
    public var values: [ScanResult] { entries.map { Self.materialise($0.key, $0.value) } }

    public subscript(id: String) -> ScanResult? { entries[id].map { Self.materialise(id, $0) } }

    static func materialise(_ id: String, _ e: Entry) -> ScanResult {
        var r = e.shared.report
        r.summary.instanceId = id
        r.summary.patchGroup = e.patchGroup
        r.summary.operationStartTime = e.start
        r.summary.operationEndTime = e.end
        return r
    }

    /// Stores a node's report; returns the previous one's patch group and status.
    mutating func update(_ report: ScanResult, shared: SharedReport?, instanceId: String,
                         executionType: RunPatchBaselineParameters.ExecutionType) -> (patchGroup: String, compliant: Bool)? {
        let s = report.summary
        let entry = Entry(shared: shared ?? SharedReport(report), patchGroup: s.patchGroup, start: s.operationStartTime,
                          end: s.operationEndTime, compliant: s.complianceStatus == "COMPLIANT", executionType: executionType)
        return entries.updateValue(entry, forKey: instanceId).map { ($0.patchGroup, $0.compliant) }
    }

    func lastWrite(_ id: String) -> Instant? { entries[id]?.end }
    func executionType(_ id: String) -> RunPatchBaselineParameters.ExecutionType? { entries[id]?.executionType }

    public func makeIterator() -> AnyIterator<(key: String, value: ScanResult)> {
        var inner = entries.makeIterator()
        return AnyIterator { inner.next().map { (key: $0.key, value: Self.materialise($0.key, $0.value)) } }
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
        let key = Key(snapshotId: snapshotId, os: current.operatingSystem, patchGroup: patchGroup)
        if let s = snapshots[key], t.secondsSinceEpoch - s.created.secondsSinceEpoch <= Self.reuseSeconds {
            return s.baseline
        }
        snapshots[key] = (current, t)
        return current
    }
}
