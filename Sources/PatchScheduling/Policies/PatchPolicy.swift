import PatchBaselines
import PatchModel
import PatchWorld

/// A Quick Setup patch policy ([OP-5]): State Manager associations that run
/// `AWS-RunPatchBaseline` on a schedule, Scan, or Scan plus Install, with one baseline per
/// OS delivered next to the policy's `AssociationId` (so patch groups and registered
/// defaults are not consulted, [BL-4] step 1) and compliance written as `PatchPolicy`.
public struct PatchPolicy: Sendable {
    public enum PatchOperation: String, Sendable { case Scan, ScanAndInstall }

    /// Who the policy patches ([OP-5] Targets).
    public enum Targets: Sendable, Equatable {
        case allManagedNodes
        case tag(key: String, value: String)
        case resourceGroup(ResourceGroup)
        case instanceIds([String])
    }

    public var name: String
    public var created: Instant
    public var operation: PatchOperation
    public var scan: AssociationSchedule
    public var install: AssociationSchedule?
    public var rebootOption: RunPatchBaselineParameters.RebootOption
    public var rateControl: RateControl
    public var targets: Targets
    /// The baseline the policy names per OS (custom ids or predefined names).
    public var baselineIds: [OperatingSystem: String]
    /// The policy's copies, as of its last sync: custom baselines are synced hourly, so an
    /// edit takes effect at the next whole hour (Use, [OP-5]); a deleted one is missing,
    /// and operations on that OS fail (FLT-17).
    public private(set) var baselines: [OperatingSystem: PatchBaseline] = [:]
    public let scanAssociationId: String
    public let installAssociationId: String

    public init(name: String, created: Instant, operation: PatchOperation, scan: AssociationSchedule, install: AssociationSchedule?,
                rebootOption: RunPatchBaselineParameters.RebootOption, rateControl: RateControl, targets: Targets,
                baselineIds: [OperatingSystem: String], seed: UInt64) {
        self.name = name
        self.created = created
        self.operation = operation
        self.scan = scan
        self.install = install
        self.rebootOption = rebootOption
        self.rateControl = rateControl
        self.targets = targets
        self.baselineIds = baselineIds
        scanAssociationId = WindowExecutor.uuid(seed: seed, "association:\(name):scan")
        installAssociationId = WindowExecutor.uuid(seed: seed, "association:\(name):install")
    }

    /// Copies the named baselines' current definitions from the account.
    public mutating func sync(from registry: BaselineRegistry) {
        baselines = [:]
        for (os, id) in baselineIds {
            if let b = registry.baseline(id) { baselines[os] = b }
        }
    }

    /// The instant a baseline edit at `t` reaches the policy: the next whole hour after it.
    public static func syncInstant(afterEditAt t: Instant) -> Instant {
        let s = t.secondsSinceEpoch
        return Instant(secondsSinceEpoch: (s - (s % 3600 + 3600) % 3600) + 3600)
    }

    /// Whether a node is one of the policy's targets (managed nodes only).
    public func matches(_ node: ManagedInstance) -> Bool {
        guard node.managed else { return false }
        switch targets {
        case .allManagedNodes: return true
        case let .tag(key, value): return node.tags[key] == value
        case .resourceGroup(let group): return group.contains(node)
        case .instanceIds(let ids): return ids.contains(node.instanceId)
        }
    }
}
