import PatchModel

/// Seeded fault probabilities for a group of instances: each instance draws its own
/// faults from its own stream (`faults:<instance id>`), so adding instances never changes
/// what the others drew.
public struct FaultProfile: Sendable, Equatable {
    public var repositoriesUnreachable = 0.0
    public var s3Unreachable = 0.0
    public var windowsUpdateUnreachable = 0.0
    public var varFull = 0.0
    public var noexecMount = 0.0
    public var trackingFileLost = 0.0
    public var rebootNeverCompletes = 0.0
    /// FLT-20: packages (by name) or KBs whose install fails on every node of the group.
    public var installFailures: [String] = []

    public init() {}

    public func draw(instanceId: String, seed: UInt64) -> Set<InjectedFault> {
        var rng = SeededGenerator(seed: seed, stream: "faults:\(instanceId)")
        var faults: Set<InjectedFault> = []
        let table: [(Double, InjectedFault)] = [
            (repositoriesUnreachable, .repositoriesUnreachable), (s3Unreachable, .s3Unreachable),
            (windowsUpdateUnreachable, .windowsUpdateUnreachable), (varFull, .varFull), (noexecMount, .noexecMount),
            (trackingFileLost, .trackingFileLost), (rebootNeverCompletes, .rebootNeverCompletes),  // new entries go last
        ]
        // Always one draw per entry, so one probability never shifts another's draws.
        for (p, fault) in table where rng.unit() < p { faults.insert(fault) }
        for name in installFailures { faults.insert(.installFailure(name)) }
        return faults
    }
}
