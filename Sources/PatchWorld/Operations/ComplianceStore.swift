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
    public private(set) var patchCompliance: [String: ScanResult] = [:]
    /// `Association` compliance: node → association id → COMPLIANT / NON_COMPLIANT.
    public private(set) var associationCompliance: [String: [String: String]] = [:]
    /// When each node's stored report was last written.
    public private(set) var lastWrite: [String: Instant] = [:]
    /// Per patch group ("" for none): reporting and compliant node counts after the last
    /// write of each UTC day on which a write happened, in day order.
    public private(set) var timeline: [String: [DailyCounts]] = [:]
    private var current: [String: (reporting: Int, compliant: Int)] = [:]

    public struct DailyCounts: Equatable, Sendable {
        public var utcDay: Int64
        public var reporting: Int
        public var compliant: Int
    }

    public init() {}

    /// Applies a run's outcome; returns whether the stored record changed.
    @discardableResult
    public mutating func record(_ result: OperationResult, instanceId: String) -> Bool {
        guard result.writesCompliance, let report = result.report else { return false }
        store(report, instanceId: instanceId, at: result.endTime)
        return true
    }

    mutating func store(_ report: ScanResult, instanceId: String, at t: Instant) {
        let group = report.summary.patchGroup
        var counts = current[group] ?? (0, 0)
        if let previous = patchCompliance.updateValue(report, forKey: instanceId) {
            // A node changing patch group between writes moves its count with it.
            let old = previous.summary.patchGroup
            if old == group {
                if previous.summary.complianceStatus == "COMPLIANT" { counts.compliant -= 1 }
                counts.reporting -= 1
            } else {
                var o = current[old] ?? (0, 0)
                o.reporting -= 1
                if previous.summary.complianceStatus == "COMPLIANT" { o.compliant -= 1 }
                current[old] = o
                note(old, o, t)
            }
        }
        counts.reporting += 1
        if report.summary.complianceStatus == "COMPLIANT" { counts.compliant += 1 }
        current[group] = counts
        note(group, counts, t)
        lastWrite[instanceId] = t
    }

    private mutating func note(_ group: String, _ counts: (reporting: Int, compliant: Int), _ t: Instant) {
        let entry = DailyCounts(utcDay: t.utcDay, reporting: counts.reporting, compliant: counts.compliant)
        if let last = timeline[group]?.last, last.utcDay == entry.utcDay {
            timeline[group]![timeline[group]!.count - 1] = entry
        } else {
            timeline[group, default: []].append(entry)
        }
    }

    /// (reporting, compliant) for a patch group as it stood when day `utcDay` began.
    public func counts(patchGroup: String, beforeDay utcDay: Int64) -> (reporting: Int, compliant: Int)? {
        guard let last = timeline[patchGroup]?.last(where: { $0.utcDay < utcDay }) else { return nil }
        return (last.reporting, last.compliant)
    }

    public mutating func recordAssociation(_ result: OperationResult, instanceId: String, associationId: String) {
        guard let report = result.report else { return }
        associationCompliance[instanceId, default: [:]][associationId] = report.summary.complianceStatus
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
