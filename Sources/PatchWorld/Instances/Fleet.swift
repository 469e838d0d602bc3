import PatchBaselines
import PatchModel

/// How much of the per-node event log a fleet keeps. A million-node month would hold
/// tens of millions of events; invariants never need them (see `FleetAudit`).
public enum EventLog: String, Sendable {
    /// Every event, package installs included.
    case all
    /// Operation, failure and reboot events; no per-package installs.
    case operations
    /// None.
    case none
}

/// Facts the invariants need, gathered as runs happen so no event log is required.
public struct FleetAudit: Sendable {
    /// Nodes a Patch Manager reboot happened on outside the window that ran it: the
    /// smallest ids, sorted (so the lists of fleet shards merge into the whole fleet's).
    public var rebootsOutsideWindow: [String] = []
    public var rebootsOutsideWindowCount = 0
    /// Nodes on which Patch Manager installed a package the baseline rejects with BLOCK.
    public var blockedInstalls: [String] = []
    public var blockedInstallsCount = 0
    /// How many node ids each list keeps (the counts are exact).
    public static let keptIds = 100
    /// Patches Patch Manager installed, over every operation of the run (the terminal summary).
    public var patchesInstalled = 0

    mutating func note(rebootOutsideWindow id: String) {
        rebootsOutsideWindowCount += 1
        Self.keepSmallest(&rebootsOutsideWindow, id)
    }

    mutating func note(blockedInstall id: String) {
        blockedInstallsCount += 1
        Self.keepSmallest(&blockedInstalls, id)
    }

    static func keepSmallest(_ list: inout [String], _ id: String) {
        var lo = 0, hi = list.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if list[mid] < id { lo = mid + 1 } else { hi = mid }
        }
        guard lo == list.count || list[lo] != id, lo < Self.keptIds else { return }
        list.insert(id, at: lo)
        if list.count > Self.keptIds { list.removeLast() }
    }
}

/// The simulated world a scheduler acts on: managed nodes, the repositories each product
/// reads, the account's baselines, and the stored compliance. Deterministic: every random
/// draw comes from the seed and a stream named after what draws it.
public struct Fleet: Sendable {
    public var instances = InstanceTable()
    public var repositories: [Repository] = [] {
        didSet {
            contentCache = [:]; defaultRepositories = [:]; anyOutages = repositories.contains { !$0.outages.isEmpty }
            anyImageScoped = repositories.contains { !$0.imageIds.isEmpty }
        }
    }
    private var anyOutages = false
    public var registry = BaselineRegistry()
    /// The account's baselines as scheduled edits will leave them, each from its instant on,
    /// ascending. A command is computed whole when it starts, so a node it reaches after an
    /// edit must see the edited baselines (case 68); before the first entry, `registry`.
    public var registryTimeline: [(at: Instant, registry: BaselineRegistry)] = []
    public var compliance = ComplianceStore()
    public var events: [PatchEvent] = []
    public var eventLog = EventLog.all
    public var audit = FleetAudit()
    public let seed: UInt64
    /// How every run in this fleet evaluates and installs ([AGT-0]).
    public var profile = EvaluationProfile.standard
    /// Memoised scans shared by every run in this fleet.
    public let scanCache = ScanCache()
    /// Snapshots keyed by which repositories a node reads and their revisions: nodes that
    /// read the same repositories in the same state share one.
    private var contentCache: [UInt64: ContentEntry] = [:]
    private var defaultRepositories: [ProductKey: [Int]] = [:]
    /// Whether some repository serves some images only (then the cache is per image).
    private var anyImageScoped = false
    /// One inventory per distinct installed-software key, shared by the nodes that reach
    /// it; holds one UTC day (alike nodes are patched together), so past states are freed.
    private var inventories: [String: Inventory] = [:]
    private var inventoriesDay: Int64 = .min
    /// Nodes built with a diversity change set, by image and changes (`add(_:version:versionInstalls:drift:key:at:)`).
    var diversityTemplates: [String: ManagedInstance] = [:]
    /// Whole operation outcomes by everything they depend on (see `OutcomeKey`): a node
    /// like one already run replays that run with its own clock draws. Holds one UTC day.
    private var outcomes: [OutcomeKey: OutcomeTemplate] = [:]
    private var outcomesDay: Int64 = .min
    private var baselineNumbers: [String: Int] = [:]
    public private(set) var outcomeCounts = (hits: 0, misses: 0)
    /// Off: every run is computed in full (tests compare the two).
    public var memoiseOutcomes = true
    /// [18] Cores a command may use to compute its targets' scans ahead of dispatch.
    public var prefetchThreads = 1

    public init(seed: UInt64) { self.seed = seed }

    public mutating func add(_ instance: ManagedInstance) {
        instances[instance.instanceId] = instance
        membershipRevision += 1
    }

    /// Keeps only the given nodes, in their order (one shard of a partitioned fleet, cut
    /// before the run starts); repositories, baselines and caches stay as they are.
    public mutating func keepOnly(_ ids: Set<String>) {
        var table = InstanceTable()
        table.reserveCapacity(ids.count)
        for node in instances.values where ids.contains(node.instanceId) { table[node.instanceId] = node }
        instances = table
        membershipRevision += 1
    }

    /// Changes a node's tags (and so its patch group and the window targets it matches).
    public mutating func retag(_ instanceId: String, tags: [String: String]) {
        instances[instanceId]?.tags = tags
        membershipRevision += 1
    }

    /// Bumped whenever the set of nodes or their tags change through `add` or `retag`.
    public private(set) var membershipRevision = 0
    private var targetCache: [String: (revision: Int, ids: [String])] = [:]

    /// The ids of the nodes `matches` selects, sorted; remembered under `cacheKey` until
    /// the membership changes, so a million-node window target is not re-resolved on every
    /// execution.
    public mutating func resolveTargets(cacheKey: String, _ matches: (ManagedInstance) -> Bool) -> [String] {
        if let known = targetCache[cacheKey], known.revision == membershipRevision { return known.ids }
        let ids = instances.values.filter(matches).map(\.instanceId).sorted()
        targetCache[cacheKey] = (membershipRevision, ids)
        return ids
    }

    /// Points a node that changed its software at the copy alike nodes already hold.
    mutating func shareInventory(_ node: inout ManagedInstance, at t: Instant) {
        if t.utcDay != inventoriesDay { inventories = [:]; inventoriesDay = t.utcDay }
        if let shared = inventories[node.inventoryKey] { node.share(shared) } else { inventories[node.inventoryKey] = node.inventory }
    }

    struct ProductKey: Hashable { var os: OperatingSystem; var product: String; var imageId: String }

    /// Which repositories a node reads under a baseline: its product's, or the baseline's
    /// alternative sources ([SRC-1]).
    mutating func repositoryIndices(for node: ManagedInstance, baseline: PatchBaseline) -> [Int] {
        let product = ProductKey(os: node.os, product: node.product, imageId: anyImageScoped ? node.image.imageId : "")
        if baseline.sources.isEmpty, let known = defaultRepositories[product] { return known }
        let defaults = repositories.indices.filter {
            repositories[$0].os == node.os && (repositories[$0].products.isEmpty || repositories[$0].products.contains(node.product))
                && (repositories[$0].imageIds.isEmpty || repositories[$0].imageIds.contains(node.image.imageId))
        }
        let names = Set(AlternativeSources.effective(baseline: baseline, product: node.product, defaults: defaults.map { repositories[$0] }, all: repositories).map(\.name))
        let indices = baseline.sources.isEmpty ? defaults : repositories.indices.filter { names.contains(repositories[$0].name) }
        if baseline.sources.isEmpty { defaultRepositories[product] = indices }
        return indices
    }

    struct ContentEntry {
        var revisions: [Int]
        var content: AvailableContent
        var key: String
    }

    /// What a node's repositories offer at `t` (products it is listed for; Windows: the
    /// catalogue of its product), and a number identifying that state.
    mutating func content(for node: ManagedInstance, at t: Instant, baseline: PatchBaseline) -> (content: AvailableContent, key: String, id: UInt64) {
        let indices = repositoryIndices(for: node, baseline: baseline)
        let id = contentId(indices, at: t)
        if let cached = contentCache[id], cached.revisions.count == indices.count * 2,
           indices.indices.allSatisfy({ j in cached.revisions[2 * j] == indices[j] && cached.revisions[2 * j + 1] == repositories[indices[j]].revision(at: t) }) {
            return (cached.content, cached.key, id)
        }
        let revisions = indices.flatMap { [$0, repositories[$0].revision(at: t)] }
        var c = AvailableContent()
        for k in indices {
            let s = repositories[k].snapshot(at: t)
            c.packages += s.packages
            c.notices += s.notices
            c.windowsUpdates += s.windowsUpdates
        }
        let key = "repos:" + indices.map { "\(repositories[$0].name)@\(repositories[$0].revision(at: t))" }.joined(separator: ",")
        // A hash collision with another state only loses the caching, never the answer.
        if contentCache[id] == nil { contentCache[id] = ContentEntry(revisions: revisions, content: c, key: key) }
        return (c, key, id)
    }

    /// A number for the state of these repositories at `t` (their revisions).
    func contentId(_ indices: [Int], at t: Instant) -> UInt64 {
        var id: UInt64 = 0xcbf2_9ce4_8422_2325
        for k in indices {
            id = (id ^ UInt64(k)) &* 0x100_0000_01b3
            id = (id ^ UInt64(repositories[k].revision(at: t))) &* 0x100_0000_01b3
        }
        return id
    }

    /// A repository the node reads that is offline at `t` (a timed event) fails the run as
    /// an unreachable repository does: FLT-8 on Linux and macOS, FLT-12 (Windows Update
    /// out of reach) on Windows.
    mutating func outageFailure(_ operation: RunPatchBaseline, node: ManagedInstance, at t: Instant, baseline: PatchBaseline) -> OperationResult? {
        let reads = repositoryIndices(for: node, baseline: baseline)
        guard reads.contains(where: { !repositories[$0].isReachable(at: t) }) else { return nil }
        var probe = node
        probe.faults.insert(node.os == .windows ? .windowsUpdateUnreachable : .repositoriesUnreachable)
        return operation.preflight(probe, at: t)
    }

    /// Everything a run past its prerequisites depends on besides the node's identity and
    /// the instant: the installed software, the node-local record, the faults, the frozen
    /// baseline, the repository state, the UTC day ([APR-9]) and the parameters.
    struct OutcomeKey: Hashable {
        var image: ObjectIdentifier
        var changes: UInt64
        var pendingReboot: Set<String>
        var faults: Set<InjectedFault>
        var baseline: Int
        var content: UInt64
        var day: Int64
        var operation: RunPatchBaselineParameters.Operation
        var rebootOption: RunPatchBaselineParameters.RebootOption
        var installOverrideList: [InstallOverrideEntry]?
        var writes: Bool
        /// [KLP-1]: after a kernel reboot the live-patch plugin installs the new kernel's base package.
        var livePatching: Bool
    }

    /// A run to replay: its result (times relative to its steps) and the node after it.
    /// A class, so a lookup costs one retain rather than a copy of both.
    final class OutcomeTemplate: Sendable {
        let result: OperationResult
        let node: ManagedInstance
        let setsNoRebootTime: Bool

        init(result: OperationResult, node: ManagedInstance, setsNoRebootTime: Bool) {
            self.result = result
            self.node = node
            self.setsNoRebootTime = setsNoRebootTime
        }
    }

    /// Runs AWS-RunPatchBaseline on one node, resolving its baseline ([BL-4]), storing
    /// compliance ([CMP-7]) and logging events. `window`: the span of the maintenance
    /// window running it, for the reboot audit. Returns the Run Command view of it.
    public mutating func runPatchBaseline(_ instanceId: String, parameters: RunPatchBaselineParameters, at t: Instant,
                                          snapshots: inout SnapshotStore, window: ClosedRange<Instant>? = nil) -> (end: Instant, status: OperationResult.Status, output: String)? {
        guard let position = instances.position(of: instanceId) else { return nil }
        return runPatchBaseline(position: position, parameters: parameters, at: t, snapshots: &snapshots, window: window)
    }

    /// What one command's runs share per (OS, patch group): the resolved and frozen
    /// baseline, its cache key and the operation. Valid for one command only, while the
    /// registry cannot change (a command is computed whole at the instant it starts).
    public struct CommandMemo {
        struct Key: Hashable { var os: OperatingSystem; var patchGroup: String; var registryVersion: Int }
        /// A class: each run takes one reference, not a copy of the baseline.
        final class Entry {
            let operation: RunPatchBaseline
            /// The frozen baseline's cache key as a small number (cheap to hash).
            let baselineNumber: Int
            let snapshotCreated: Instant?
            init(operation: RunPatchBaseline, baselineNumber: Int, snapshotCreated: Instant?) {
                self.operation = operation
                self.baselineNumber = baselineNumber
                self.snapshotCreated = snapshotCreated
            }
        }
        var entries: [Key: Entry] = [:]
        /// The entry the previous node used.
        var last: (key: Key, entry: Entry)?
        /// The command's report origin, made once (its parameters do not change).
        var reportOrigin: RunPatchBaselineParameters.ReportOrigin?
        /// The repositories the last node read (nodes of one product read the same ones).
        var lastOS: OperatingSystem?
        var lastProduct: String?
        var lastIndices: [Int] = []
        public init() {}
    }

    /// The same for the node at `position` in `instances` (the dispatch hot path).
    public mutating func runPatchBaseline(position: Int, parameters: RunPatchBaselineParameters, at t: Instant,
                                          snapshots: inout SnapshotStore, window: ClosedRange<Instant>? = nil) -> (end: Instant, status: OperationResult.Status, output: String) {
        var memo = CommandMemo()
        return runPatchBaseline(position: position, parameters: parameters, at: t, snapshots: &snapshots, window: window, memo: &memo)
    }

    /// Which `registryTimeline` entry is in force at `t` (-1: `registry`).
    func registryVersion(at t: Instant) -> Int {
        guard let first = registryTimeline.first, first.at <= t else { return -1 }
        var lo = 0, hi = registryTimeline.count  // the last entry at or before t
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if registryTimeline[mid].at <= t { lo = mid } else { hi = mid }
        }
        return lo
    }

    /// A number per distinct baseline cache key, given in first-use order.
    mutating func baselineNumber(_ key: String) -> Int {
        if let n = baselineNumbers[key] { return n }
        baselineNumbers[key] = baselineNumbers.count
        return baselineNumbers.count - 1
    }

    /// The baseline a node's run uses ([BL-4], frozen by its snapshot [SNP-1]) as the
    /// operation to run, from the command's memo when the snapshot cannot have expired.
    mutating func operation(for node: ManagedInstance, parameters: RunPatchBaselineParameters, at t: Instant,
                            snapshots: inout SnapshotStore, memo: inout CommandMemo) throws -> CommandMemo.Entry {
        let version = registryVersion(at: t)
        let key = CommandMemo.Key(os: node.os, patchGroup: node.patchGroup, registryVersion: version)
        // Consecutive targets mostly share OS and patch group: compared, not hashed.
        let known = memo.last.flatMap { $0.key == key ? $0.entry : nil } ?? memo.entries[key]
        if let known, known.snapshotCreated.map({ t.secondsSinceEpoch - $0.secondsSinceEpoch <= SnapshotStore.reuseSeconds }) ?? true {
            memo.last = (key, known)
            return known
        }
        let registry = version < 0 ? self.registry : registryTimeline[version].registry
        let baseline = try registry.resolve(os: node.os, patchGroup: node.patchGroup,
                                            context: BaselineRegistry.OperationContext(policyBaselines: parameters.policyBaselines,
                                                                                       baselineOverride: parameters.baselineOverride))
        var frozen = baseline, created: Instant? = nil
        if let id = parameters.snapshotId { (frozen, created) = snapshots.frozen(snapshotId: id, patchGroup: node.patchGroup, current: baseline, at: t) }
        let entry = CommandMemo.Entry(operation: RunPatchBaseline(baseline: frozen, parameters: parameters, profile: profile),
                                      baselineNumber: baselineNumber(scanCache.baselineKey(frozen)), snapshotCreated: created)
        memo.entries[key] = entry
        memo.last = (key, entry)
        return entry
    }

    /// The same, sharing `memo` with the other runs of one command.
    public mutating func runPatchBaseline(position: Int, parameters: RunPatchBaselineParameters, at t: Instant,
                                          snapshots: inout SnapshotStore, window: ClosedRange<Instant>? = nil,
                                          memo: inout CommandMemo) -> (end: Instant, status: OperationResult.Status, output: String) {
        var node = instances[position: position]
        let instanceId = node.instanceId
        let prepared: CommandMemo.Entry
        do {
            prepared = try operation(for: node, parameters: parameters, at: t, snapshots: &snapshots, memo: &memo)
        } catch {
            return (t, .Failed, "\(error)")
        }
        let operation = prepared.operation
        let frozen = operation.baseline
        let origin = memo.reportOrigin ?? parameters.reportOrigin
        memo.reportOrigin = origin
        let result: OperationResult
        var failure = operation.preflight(node, at: t)
        if failure == nil && anyOutages { failure = outageFailure(operation, node: node, at: t, baseline: frozen) }
        if let failure {
            result = failure
        } else {
            node.prerequisitesPass = true
            var stream = SeededGenerator.StreamName()  // "run:<id>:<seconds>"
            stream.append("run:")
            stream.append(instanceId)
            stream.append(":")
            stream.append(t.secondsSinceEpoch)
            var rng = SeededGenerator(seed: seed, stream: stream)
            // Without alternative sources or image-scoped repositories, the repositories
            // follow the node's OS and product only.
            let usual = frozen.sources.isEmpty && !anyImageScoped
            let indices = usual && memo.lastProduct == node.product && memo.lastOS == node.os ? memo.lastIndices : repositoryIndices(for: node, baseline: frozen)
            if usual { (memo.lastOS, memo.lastProduct, memo.lastIndices) = (node.os, node.product, indices) }
            let contentId = contentId(indices, at: t)
            let software = node.softwareIdentity
            let key = OutcomeKey(image: software.0, changes: software.1, pendingReboot: node.record.pendingReboot, faults: node.faults,
                                 baseline: prepared.baselineNumber, content: contentId, day: t.utcDay,
                                 operation: parameters.operation, rebootOption: parameters.rebootOption,
                                 installOverrideList: parameters.installOverrideList,
                                 writes: parameters.baselineOverride == nil || parameters.associationId != nil,
                                 livePatching: node.kernelLivePatching)
            if key.day != outcomesDay { outcomes = [:]; outcomesDay = key.day }
            if memoiseOutcomes, let template = outcomes[key] {
                outcomeCounts.hits += 1
                if eventLog == .none {
                    // A large fleet: no events to time, so the result is never materialised.
                    let end = replayClock(template, on: &node, at: t, rng: &rng)
                    let r = template.result
                    audit(r, end: end, node: node, parameters: parameters, baseline: frozen, at: t, window: window)
                    if r.writesCompliance, let shared = r.sharedReport {
                        compliance.store(shared: shared, instanceId: instanceId, patchGroup: node.patchGroup, start: t, end: end,
                                         origin: origin, hint: position)
                    }
                    instances[position: position] = node
                    return (end, r.status, r.output)
                }
                result = replay(template, on: &node, at: t, rng: &rng)
            } else {
                outcomeCounts.misses += 1
                let (content, contentKey, _) = content(for: node, at: t, baseline: frozen)
                let noRebootTimeBefore = node.record.lastNoRebootInstallOperationTime
                result = operation.main(on: &node, content: content, at: t, rng: &rng, cache: scanCache, contentKey: contentKey)
                shareInventory(&node, at: t)
                var shareable = result
                shareable.sharedReport = result.report.map { SharedReport($0) }
                outcomes[key] = OutcomeTemplate(result: shareable, node: node, 
                                                setsNoRebootTime: node.record.lastNoRebootInstallOperationTime != noRebootTimeBefore)
            }
            audit(result, end: result.endTime, node: node, parameters: parameters, baseline: frozen, at: t, window: window)
        }
        let wasCompliant = eventLog == .none ? nil : compliance.patchCompliance.isCompliant(instanceId)
        let wrote = compliance.record(result, instanceId: instanceId, origin: origin, hint: position)
        switch eventLog {
        case .all: events += result.events
        case .operations: events += result.events.filter { $0.kind != "PatchInstalled" }
        case .none: break
        }
        // [RPT-5] Use: a compliance event only when the node's status changes (a first
        // report counts as a change).
        if eventLog != .none, wrote, let summary = result.report?.summary,
           let now = compliance.patchCompliance.isCompliant(instanceId), now != wasCompliant {
            events.append(PatchEvent(time: result.endTime, instanceId: instanceId, kind: "ComplianceChanged",
                                     detail: summary.complianceStatus, baselineId: summary.baselineId, severity: summary.complianceSeverity))
        }
        instances[position: position] = node
        return (result.endTime, result.status, result.output)
    }

    /// Runs `document` on one node: AWS-RunPatchBaseline on the memoised path; the hook and
    /// association documents through their own lifecycles (each AWS-RunPatchBaseline step
    /// uploads as it ends, [OP-3], [OP-4]); any other Command document for its time.
    public mutating func runDocument(_ document: CommandDocument, position: Int, parameters: RunPatchBaselineParameters, at t: Instant,
                                     snapshots: inout SnapshotStore, window: ClosedRange<Instant>? = nil,
                                     memo: inout CommandMemo) -> (end: Instant, status: OperationResult.Status, output: String) {
        switch document {
        case .runPatchBaseline:
            return runPatchBaseline(position: position, parameters: parameters, at: t, snapshots: &snapshots, window: window, memo: &memo)
        case .other(let name, let seconds):
            let node = instances[position: position]
            // Use: a script document only needs a running agent on a node of its platform.
            if name == "AWS-RunPowerShellScript" && node.os != .windows {
                return (t, .Failed, "\(name) runs on Windows nodes only (Invalid Platform)")
            }
            if name == "AWS-RunShellScript" && node.os == .windows {
                return (t, .Failed, "\(name) runs on Linux and macOS nodes only (Invalid Platform)")
            }
            instances[position: position].busyUntil = t.adding(seconds: seconds)
            return (t.adding(seconds: seconds), .Success, "\(name) ran for \(seconds) s")
        case let .runPatchBaselineWithHooks(pre, post, onExit):
            var node = instances[position: position]
            let baseline: PatchBaseline
            do { baseline = try operation(for: node, parameters: parameters, at: t, snapshots: &snapshots, memo: &memo).operation.baseline }
            catch { return (t, .Failed, "\(error)") }
            var hooks = RunPatchBaselineWithHooks(baseline: baseline, operation: parameters.operation, rebootOption: parameters.rebootOption)
            (hooks.preInstallHook, hooks.postInstallHook, hooks.onExitHook) = (pre.document, post.document, onExit.document)
            var rng = SeededGenerator(seed: seed, stream: "hooks:\(node.instanceId):\(t.secondsSinceEpoch)")
            let (content, _, _) = content(for: node, at: t, baseline: baseline)
            let outcome = hooks.run(on: &node, content: content, at: t, rng: &rng)
            for r in outcome.runs {
                audit(r, end: r.endTime, node: node, parameters: parameters, baseline: baseline, at: r.startTime, window: window)
                compliance.record(r, instanceId: node.instanceId, origin: parameters.reportOrigin, hint: position)
            }
            shareInventory(&node, at: t)
            // The hooks' own time: each ran once if its step did.
            let ranHooks = outcome.steps.map(\.0)
            var end = outcome.runs.last?.endTime ?? t
            for (step, hook) in [("PreInstallHook", pre), ("PostInstallHook", post), ("OnExitHook", onExit)] where ranHooks.contains(step) {
                end = end.adding(seconds: hook.seconds)
            }
            node.busyUntil = end
            instances[position: position] = node
            let output = outcome.steps.map { "\($0.0): \($0.1)" }.joined(separator: "\n")
                + (outcome.runs.isEmpty ? "\nAWS-RunPatchBaselineWithHooks needs SSM Agent \(RunPatchBaselineWithHooks.minimumAgent) or later" : "")
            return (end, outcome.status, output)
        case .runPatchBaselineAssociation(let tag):
            var node = instances[position: position]
            let association = RunPatchBaselineAssociation(registry: registry(at: t), associationId: parameters.associationId ?? "",
                                                          operation: parameters.operation, baselineTags: tag.map { ($0.key, $0.values) })
            var rng = SeededGenerator(seed: seed, stream: "association:\(node.instanceId):\(t.secondsSinceEpoch)")
            let baseline = (try? registry(at: t).resolve(os: node.os, tags: node.tags, context: .init(baselineTags: tag.map { ($0.key, $0.values) })).0)
            let content = baseline.map { self.content(for: node, at: t, baseline: $0).content } ?? AvailableContent(packages: [])
            let r = association.run(on: &node, content: content, at: t, rng: &rng, store: &compliance)
            if let baseline { audit(r, end: r.endTime, node: node, parameters: parameters, baseline: baseline, at: t, window: window) }
            shareInventory(&node, at: t)
            node.busyUntil = r.endTime
            instances[position: position] = node
            return (r.endTime, r.status, r.output)
        }
    }

    /// The baselines as they stand at `t` (edits scheduled by events applied).
    public func registry(at t: Instant) -> BaselineRegistry {
        let version = registryVersion(at: t)
        return version < 0 ? registry : registryTimeline[version].registry
    }

    /// Applies a memoised run to another node: the same work and answer, this node's id,
    /// start instant and jitter draws (in the order the original run drew them).
    func replay(_ template: OutcomeTemplate, on node: inout ManagedInstance, at t: Instant, rng: inout SeededGenerator) -> OperationResult {
        var r = template.result
        let keepTimes = eventLog != .none
        var times: [Instant] = []
        if keepTimes { times.reserveCapacity(r.steps.count + 1); times.append(t) }
        let clock = replayClock(template, on: &node, at: t, rng: &rng) { if keepTimes { times.append($0) } }
        r.startTime = t
        r.endTime = clock
        if keepTimes {
            for k in r.events.indices {
                r.events[k].time = times[r.eventSteps[k]]
                r.events[k].instanceId = node.instanceId
            }
        } else {
            r.events = []
        }
        if var report = r.report {
            report.summary.instanceId = node.instanceId
            report.summary.patchGroup = node.patchGroup
            report.summary.operationStartTime = t
            report.summary.operationEndTime = clock
            r.report = report
        }
        return r
    }

    /// The node-side half of a replay: draws this node's step times (in the order the
    /// original run drew them), gives it the run's software and record, and returns the
    /// end. `step` hears each step's end.
    func replayClock(_ template: OutcomeTemplate, on node: inout ManagedInstance, at t: Instant, rng: inout SeededGenerator,
                     step: (Instant) -> Void = { _ in }) -> Instant {
        var clock = t
        var lastReboot: Instant?
        var reboots = 0
        for s in template.result.steps {
            clock = clock.adding(seconds: s.base + Int64(rng.below(s.jitter)))
            step(clock)
            if s.isReboot { lastReboot = clock; reboots += 1 }
        }
        node.adoptInstalledSoftware(of: template.node)
        node.record.pendingReboot = template.node.record.pendingReboot
        if !template.node.online { node.online = false }  // FLT-23: down for good
        if template.setsNoRebootTime { node.record.lastNoRebootInstallOperationTime = t }
        if let lastReboot {  // each reboot step is one reboot of the node
            node.reboots += reboots
            node.bootTime = lastReboot
        }
        node.busyUntil = clock
        return clock
    }

    /// Gathers the invariants' facts from what a run did. `noBlockedPackageInstalled` is
    /// judged here from the versions actually installed, asking the baseline's list
    /// directly, not from Install's own view of what it excluded ([LST-9]). An
    /// InstallOverrideList run that installs a rejected package (case 66, allowed by the
    /// service) is reported too: the invariant says what happened, the scenario decides.
    mutating func audit(_ r: OperationResult, end: Instant, node: ManagedInstance, parameters: RunPatchBaselineParameters,
                        baseline: PatchBaseline, at t: Instant, window: ClosedRange<Instant>?) {
        audit.patchesInstalled += r.installed.count
        if r.rebooted, let window, !(window.contains(end)) { audit.note(rebootOutsideWindow: node.instanceId) }
        guard baseline.rejectedPatchesAction == .BLOCK, !baseline.rejectedPatches.isEmpty, !r.installedPackages.isEmpty else { return }
        let offered = content(for: node, at: t, baseline: baseline).content
        let scanner = NodeScanner(baseline: baseline, at: t, profile: profile)
        if r.installedPackages.contains(where: { scanner.isRejected($0, os: node.os, product: node.product, content: offered) }) {
            audit.note(blockedInstall: node.instanceId)
        }
    }
}
