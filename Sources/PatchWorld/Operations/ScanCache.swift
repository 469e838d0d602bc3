import PatchBaselines
import PatchModel
import Synchronization

/// Memoised scans: nodes with the same installed software (image + own changes), the same
/// repository state, the same baseline, the same UTC day and the same node-local record
/// get the same answer, so it is computed once ([APR-9] makes the day the finest time
/// unit a decision depends on under the default granularity). Shared by every run of a
/// fleet; safe across threads.
public final class ScanCache: @unchecked Sendable {
    private let table = Mutex<[Key: Entry]>([:])
    /// An answer, and whether a run has asked for it (answers computed ahead of dispatch
    /// may never be; the evaluations a run performed are those asked, whatever the threads).
    struct Entry {
        var result: ScanResult
        var asked: Bool
    }
    private let askedCount = Mutex(0)

    /// [18] Distinct scans runs asked for: the full evaluations the run performed (the
    /// same for any thread count and with or without outcome memoisation).
    public var evaluations: Int { askedCount.withLock { $0 } }
    private let counters = Mutex<(hits: Int, misses: Int)>((0, 0))
    /// Baseline fingerprints by id, recomputed only when the baseline's value changes.
    private let baselineKeys = Mutex<[String: (PatchBaseline, String)]>([:])

    /// [18] Per-package decisions per context (everything but the node's software and record).
    private let unitCaches = Mutex<[ContextKey: UnitVerdictCache]>([:])
    private let sharing = Mutex(true)

    public init() {}

    public var counts: (hits: Int, misses: Int) { counters.withLock { $0 } }

    /// Whether scans share per-package decisions across nodes (on by default; off, every
    /// scan decides every package afresh: the straightforward path tests compare with).
    public var sharesUnitVerdicts: Bool {
        get { sharing.withLock { $0 } }
        set { sharing.withLock { $0 = newValue } }
    }

    /// Per-package decisions taken so far, shared (hits) and computed (misses).
    public var unitCounts: (hits: Int, misses: Int) {
        let live = unitCaches.withLock { $0.values.reduce((0, 0)) { ($0.0 + $1.counts.hits, $0.1 + $1.counts.misses) } }
        let retired = retiredUnitCounts.withLock { $0 }
        return (live.0 + retired.0, live.1 + retired.1)
    }
    private let retiredUnitCounts = Mutex<(Int, Int)>((0, 0))

    /// What a per-package decision depends on besides the package version itself.
    struct ContextKey: Hashable {
        var day: Int64
        var contentKey: String
        var baseline: String
        var time: Int64
        var profile: EvaluationProfile
        var product: String
    }

    /// Everything a scan's answer depends on besides the node's identity. Windows KBs
    /// are part of the inventory key (the image and the digest of the node's changes).
    struct Key: Hashable {
        var day: Int64
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
    public func scan(_ scanner: NodeScanner, _ node: NodeState, _ content: AvailableContent, inventoryKey: String, contentKey: String,
                     ahead: Bool = false) -> ScanResult {
        // Exact-timestamp approval depends on the instant, not the day: no sharing then.
        let exact = scanner.profile.approvalGranularity != .utcDay
        evict(before: scanner.now.utcDay - 1)
        let key = Key(day: scanner.now.utcDay, inventoryKey: inventoryKey, contentKey: contentKey, baseline: baselineKey(scanner.baseline),
                      time: exact ? scanner.now.secondsSinceEpoch : scanner.now.utcDay, profile: scanner.profile,
                      livePatchedKernelIsInstalled: scanner.livePatchedKernelIsInstalled,
                      product: node.product, pendingReboot: node.pendingReboot, failed: node.failed)
        if var hit = table.withLock({ t -> ScanResult? in
            guard let e = t[key] else { return nil }
            if !ahead && !e.asked { t[key]?.asked = true; askedCount.withLock { $0 += 1 } }
            return e.result
        }) {
            counters.withLock { $0.hits += 1 }
            hit.summary.instanceId = node.instanceId
            hit.summary.patchGroup = node.patchGroup
            return hit
        }
        counters.withLock { $0.misses += 1 }
        var scanner = scanner
        if sharesUnitVerdicts {
            let context = ContextKey(day: scanner.now.utcDay, contentKey: contentKey, baseline: key.baseline, time: key.time, profile: scanner.profile, product: node.product)
            scanner.unitCache = unitCaches.withLock { caches in
                if let known = caches[context] { return known }
                let fresh = UnitVerdictCache()
                caches[context] = fresh
                return fresh
            }
        }
        let result = scanner.scan(node, content)
        table.withLock { t in
            if t[key] == nil && !ahead { askedCount.withLock { $0 += 1 } }
            let asked = !ahead || t[key]?.asked == true
            t[key] = Entry(result: result, asked: asked)
        }
        return result
    }

    /// The newest UTC day scanned so far; answers for days before the one preceding it are
    /// dropped, as the clock only moves forward (a command spanning midnight still finds
    /// the previous day's).
    private let newestDay = Mutex<Int64>(.min)

    private func evict(before day: Int64) {
        let advanced = newestDay.withLock { newest -> Bool in
            guard day + 1 > newest else { return false }
            newest = day + 1
            return true
        }
        guard advanced else { return }
        table.withLock { t in t = t.filter { $0.key.day >= day } }
        let retired = unitCaches.withLock { c -> (Int, Int) in
            let old = c.filter { $0.key.day < day }.values.reduce((0, 0)) { ($0.0 + $1.counts.hits, $0.1 + $1.counts.misses) }
            c = c.filter { $0.key.day >= day }
            return old
        }
        retiredUnitCounts.withLock { $0 = ($0.0 + retired.0, $0.1 + retired.1) }
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

