import PatchModel

/// Who sent the AWS-RunPatchBaseline run that wrote a node's stored report ([OP-8], [20]):
/// a patch policy, a maintenance window task, a State Manager association, a SendCommand or
/// Patch now. Two sources writing one node's record with different baselines or operations
/// is the overwrite pitfall the compliance-data-overwrites page warns about.
public struct ComplianceSource: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        case PatchPolicy, MaintenanceWindow, Association, SendCommand, PatchNow
    }
    public var kind: Kind
    /// The policy or association name, `WindowId/WindowTaskId`, or the event's name.
    public var name: String

    public init(_ kind: Kind, _ name: String) {
        self.kind = kind
        self.name = name
    }

    public var description: String { "\(kind.rawValue) \(name)" }
}

/// A stored report replaced by one from another source with another baseline or operation.
public struct SourceOverwrite: Sendable {
    public var instanceId: String
    public var at: Instant
    public var previousSource: ComplianceSource?
    public var previousBaselineId: String
    public var previousOperation: String
    public var previousWrittenAt: Instant
    public var source: ComplianceSource?
    public var baselineId: String
    public var operation: String
    /// Whether what the node reports changed (status or any count), not just who wrote it.
    public var stateChanged: Bool
}

/// Every source overwrite of a run: counted in full; kept whole, the `keptLimit` first by
/// (instant, node, source), so the parts of a sharded run merge into exactly the whole's.
public struct SourceOverwrites: Sendable {
    public static let keptLimit = 1_000
    public private(set) var count = 0
    public private(set) var kept: [SourceOverwrite] = []
    /// Nodes with at least one overwrite, so the invariant can name them.
    public private(set) var nodes: Set<String> = []

    /// By time, node and source. Field by field: the sources' descriptions are built only
    /// on a tie (every Scan after an Install is an overwrite, so this runs per node).
    public static func precedes(_ a: SourceOverwrite, _ b: SourceOverwrite) -> Bool {
        if a.at != b.at { return a.at < b.at }
        if a.instanceId != b.instanceId { return a.instanceId < b.instanceId }
        return (a.source?.description ?? "") < (b.source?.description ?? "")
    }

    mutating func add(_ o: SourceOverwrite) {
        count += 1
        nodes.insert(o.instanceId)
        if kept.count == Self.keptLimit, let last = kept.last, !Self.precedes(o, last) { return }
        var lo = 0, hi = kept.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if Self.precedes(kept[mid], o) { lo = mid + 1 } else { hi = mid }
        }
        kept.insert(o, at: lo)
        if kept.count > Self.keptLimit { kept.removeLast() }
    }
}
