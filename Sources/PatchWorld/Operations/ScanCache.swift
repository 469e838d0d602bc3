import PatchBaselines
import PatchModel
import Synchronization

/// Memoised scans: nodes with the same installed software (image + own changes), the same
/// repository state, the same baseline, the same UTC day and the same node-local record
/// get the same answer, so it is computed once ([APR-9] makes the day the finest time
/// unit a decision depends on under the default granularity). Shared by every run of a
/// fleet; safe across threads.
public final class ScanCache: @unchecked Sendable {
    private let table = Mutex<[Key: ScanResult]>([:])
    private let counters = Mutex<(hits: Int, misses: Int)>((0, 0))
    /// Baseline fingerprints by id, recomputed only when the baseline's value changes.
    private let baselineKeys = Mutex<[String: (PatchBaseline, String)]>([:])

    public init() {}

    public var counts: (hits: Int, misses: Int) { counters.withLock { $0 } }

    /// Everything a scan's answer depends on besides the node's identity. Windows KBs
    /// are part of the inventory key (the image and the digest of the node's changes).
    struct Key: Hashable {
        var inventoryKey: String
        var contentKey: String
        var baseline: String
        /// The UTC day, or the second under exact-timestamp approval.
        var time: Int64
        var profile: EvaluationProfile
        var livePatchedKernelIsInstalled: Bool
        var product: String
        var pendingReboot: Set<String>
        var failed: Set<String>
    }

    /// The scan of `node` under `scanner`, from the cache when its inputs were seen before.
    public func scan(_ scanner: NodeScanner, _ node: NodeState, _ content: AvailableContent, inventoryKey: String, contentKey: String) -> ScanResult {
        // Exact-timestamp approval depends on the instant, not the day: no sharing then.
        let exact = scanner.profile.approvalGranularity != .utcDay
        let key = Key(inventoryKey: inventoryKey, contentKey: contentKey, baseline: baselineKey(scanner.baseline),
                      time: exact ? scanner.now.secondsSinceEpoch : scanner.now.utcDay, profile: scanner.profile,
                      livePatchedKernelIsInstalled: scanner.livePatchedKernelIsInstalled,
                      product: node.product, pendingReboot: node.pendingReboot, failed: node.failed)
        if var hit = table.withLock({ $0[key] }) {
            counters.withLock { $0.hits += 1 }
            hit.summary.instanceId = node.instanceId
            hit.summary.patchGroup = node.patchGroup
            return hit
        }
        counters.withLock { $0.misses += 1 }
        let result = scanner.scan(node, content)
        table.withLock { $0[key] = result }
        return result
    }

    func baselineKey(_ b: PatchBaseline) -> String {
        if let known = baselineKeys.withLock({ $0[b.baselineId] }), known.0 == b { return known.1 }
        let key = "\(b.baselineId)#\(Self.stableHash(String(describing: b)))"
        baselineKeys.withLock { $0[b.baselineId] = (b, key) }
        return key
    }

    /// FNV-1a: stable across runs and machines (Swift's Hasher is seeded per process).
    static func stableHash(_ s: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in s.utf8 { h ^= UInt64(b); h = h &* 0x100_0000_01b3 }
        return h
    }
}

