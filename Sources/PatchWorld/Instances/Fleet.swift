import PatchBaselines
import PatchModel

/// The simulated world a scheduler acts on: managed nodes, the repositories each product
/// reads, the account's baselines, and the stored compliance. Deterministic: every random
/// draw comes from the seed and a stream named after what draws it.
public struct Fleet: Sendable {
    public var instances: [String: ManagedInstance] = [:]
    public var repositories: [Repository] = []
    public var registry = BaselineRegistry()
    public var compliance = ComplianceStore()
    public var events: [PatchEvent] = []
    public let seed: UInt64
    /// Snapshots keyed by the repositories and their revisions: nodes that read the same
    /// repositories in the same state share one (the state changes only when a repository does).
    private var contentCache: [String: AvailableContent] = [:]
    /// Memoised scans shared by every run in this fleet.
    public let scanCache = ScanCache()
    /// One inventory per distinct installed-software key, shared by the nodes that have it.
    private var inventories: [String: Inventory] = [:]
    /// Keep per-package install events in `events` (large fleets turn this off; operation,
    /// failure and reboot events are always kept).
    public var keepPackageEvents = true

    public init(seed: UInt64) { self.seed = seed }

    public mutating func add(_ instance: ManagedInstance) { instances[instance.instanceId] = instance }

    /// What a node's repositories offer at `t` (products it is listed for; Windows: the
    /// catalogue of its product).
    mutating func contentAndKey(for node: ManagedInstance, at t: Instant, baseline: PatchBaseline) -> (content: AvailableContent, key: String) {
        let defaults = repositories.filter { $0.os == node.os && ($0.products.isEmpty || $0.products.contains(node.product)) }
        let effective = AlternativeSources.effective(baseline: baseline, product: node.product, defaults: defaults, all: repositories)
        let key = "repos:" + effective.map { "\($0.name)@\($0.revision(at: t))" }.joined(separator: ",")
        if let cached = contentCache[key] { return (cached, key) }
        var c = AvailableContent()
        for r in effective {
            let s = r.snapshot(at: t)
            c.packages += s.packages
            c.notices += s.notices
            c.windowsUpdates += s.windowsUpdates
        }
        contentCache[key] = c
        return (c, key)
    }

    /// Runs AWS-RunPatchBaseline on one node, resolving its baseline ([BL-4]), storing
    /// compliance ([CMP-7]) and logging events. Returns the Run Command view of it.
    public mutating func runPatchBaseline(_ instanceId: String, parameters: RunPatchBaselineParameters, at t: Instant,
                                          snapshots: inout SnapshotStore) -> (end: Instant, succeeded: Bool, output: String)? {
        guard var node = instances[instanceId] else { return nil }
        let baseline: PatchBaseline
        do {
            baseline = try registry.resolve(os: node.os, tags: node.tags,
                                            context: BaselineRegistry.OperationContext(baselineOverride: parameters.baselineOverride)).0
        } catch {
            return (t, false, "\(error)")
        }
        let frozen = parameters.snapshotId.map { snapshots.baseline(snapshotId: $0, patchGroup: node.patchGroup, current: baseline, at: t) } ?? baseline
        var rng = SeededGenerator(seed: seed, stream: "run:\(instanceId):\(t.secondsSinceEpoch)")
        let (content, contentKey) = contentAndKey(for: node, at: t, baseline: frozen)
        let result = RunPatchBaseline(baseline: frozen, parameters: parameters)
            .run(on: &node, content: content, at: t, rng: &rng, cache: scanCache, contentKey: contentKey)
        compliance.record(result, instanceId: instanceId)
        events += keepPackageEvents ? result.events : result.events.filter { $0.kind != "PatchInstalled" }
        if let shared = inventories[node.inventoryKey] { node.share(shared) } else { inventories[node.inventoryKey] = node.inventory }
        instances[instanceId] = node
        return (result.endTime, result.status == .Success, result.output)
    }
}
