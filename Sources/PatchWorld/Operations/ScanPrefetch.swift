import Dispatch
import PatchBaselines
import PatchModel

extension Fleet {
    /// [18] `--threads`: the first scan of a command's targets, computed ahead on `threads`
    /// cores into the scan cache before dispatch runs in order. A scan is a pure function
    /// of what the cache keys it by, so a prefetched answer is the answer the run would
    /// compute, and one the run does not ask for (its node starts on another day, or the
    /// repositories changed by then) is simply not used: the reports are the same bytes
    /// for any thread count. The baselines are the account's at the command's instant,
    /// which a window's snapshot freezes at its first node. Skipped where the key is the
    /// exact instant (agent-1.80's exact-timestamp approval: few nodes start at the
    /// command's instant).
    public mutating func prefetchScans(_ ids: [String], parameters: RunPatchBaselineParameters, at t: Instant, threads: Int) {
        guard threads > 1, ids.count > 1, profile.approvalGranularity == .utcDay else { return }
        let registry = registry(at: t)
        let context = BaselineRegistry.OperationContext(policyBaselines: parameters.policyBaselines, baselineOverride: parameters.baselineOverride)
        var jobs: [ScanJob] = []
        var seen: Set<String> = []
        // Nodes alike (same software, patch group and pending list) need one look: a uniform
        // fleet's command costs one hash per node here, not a resolution.
        var alike: Set<AlikeKey> = []
        var previous = -1
        for id in ids {
            // By position and field, as dispatch reads nodes: no node is copied until it counts.
            guard let k = instances.position(of: id, guess: previous + 1) else { continue }
            previous = k
            guard instances.values[k].managed, instances.values[k].online else { continue }
            let software = instances.values[k].softwareIdentity
            guard alike.insert(AlikeKey(image: software.0, changes: software.1, patchGroup: instances.values[k].patchGroup,
                                        pendingReboot: instances.values[k].record.pendingReboot)).inserted else { continue }
            let node = instances.values[k]
            guard let baseline = try? registry.resolve(os: node.os, patchGroup: node.patchGroup, context: context) else { continue }
            let (content, contentKey, _) = content(for: node, at: t, baseline: baseline)
            let state = RunPatchBaseline.state(node)
            let key = "\(node.inventoryKey)|\(contentKey)|\(baseline.baselineId)|\(node.product)|\(state.pendingReboot.sorted())"
            guard seen.insert(key).inserted else { continue }
            var scanner = NodeScanner(baseline: baseline, at: t, profile: profile)
            scanner.livePatchedKernelIsInstalled = !(parameters.operation == .Install && parameters.rebootOption == .RebootIfNeeded)
            jobs.append(ScanJob(scanner: scanner, state: state, content: content, inventoryKey: node.inventoryKey, contentKey: contentKey))
        }
        guard jobs.count > 1 else { return }
        let cache = scanCache, work = jobs
        DispatchQueue.concurrentPerform(iterations: min(threads, work.count)) { lane in
            var k = lane
            while k < work.count {
                let j = work[k]
                _ = cache.scan(j.scanner, j.state, j.content, inventoryKey: j.inventoryKey, contentKey: j.contentKey, ahead: true)
                k += threads
            }
        }
    }

    struct AlikeKey: Hashable {
        var image: ObjectIdentifier
        var changes: UInt64
        var patchGroup: String
        var pendingReboot: Set<String>
    }

    struct ScanJob: @unchecked Sendable {
        var scanner: NodeScanner
        var state: NodeState
        var content: AvailableContent
        var inventoryKey: String
        var contentKey: String
    }
}
