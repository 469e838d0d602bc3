import PatchBaselines
import PatchModel

/// Stored patch compliance per node ([CMP-7], [OP-8]): the last completed
/// `AWS-RunPatchBaseline` report replaces the previous one whole, whichever baseline
/// produced either; failed runs leave it unchanged (except the Windows search failure);
/// plain BaselineOverride runs do not write. Association results are kept apart, per
/// association.
public struct ComplianceStore: Sendable {
    public private(set) var patchCompliance: [String: ScanResult] = [:]
    /// `Association` compliance: node → association id → COMPLIANT / NON_COMPLIANT.
    public private(set) var associationCompliance: [String: [String: String]] = [:]
    public private(set) var history: [String: [Instant]] = [:]
    /// Each node's compliance status after every write, in time order (for reports over time).
    public private(set) var statusHistory: [String: [(time: Instant, status: String)]] = [:]

    public init() {}

    /// Applies a run's outcome; returns whether the stored record changed.
    @discardableResult
    public mutating func record(_ result: OperationResult, instanceId: String) -> Bool {
        guard result.writesCompliance, let report = result.report else { return false }
        patchCompliance[instanceId] = report
        history[instanceId, default: []].append(result.endTime)
        statusHistory[instanceId, default: []].append((result.endTime, report.summary.complianceStatus))
        return true
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

    private var snapshots: [String: (baseline: PatchBaseline, created: Instant)] = [:]

    public init() {}

    public mutating func baseline(snapshotId: String, patchGroup: String = "", current: PatchBaseline, at t: Instant) -> PatchBaseline {
        let key = "\(snapshotId)|\(current.operatingSystem.rawValue)|\(patchGroup)"
        if let s = snapshots[key], t.secondsSinceEpoch - s.created.secondsSinceEpoch <= Self.reuseSeconds {
            return s.baseline
        }
        snapshots[key] = (current, t)
        return current
    }
}
