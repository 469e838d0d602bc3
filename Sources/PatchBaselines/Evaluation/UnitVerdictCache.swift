import PatchModel
import Synchronization

/// [18] Per-package decisions shared by every node evaluated in one context — one content
/// (repository state), one baseline, one instant (or UTC day), one profile and product —
/// so a node that differs from an evaluated one by k packages costs k decisions plus a
/// lookup per package, not a full evaluation. The scanner asks it only where a decision
/// depends on nothing of the node's (not while tracing, not for DNF's BLOCK closure);
/// the node's own record (failed installs, pending reboots, live patches) is applied
/// after. Safe across threads.
public final class UnitVerdictCache: @unchecked Sendable {
    private let judgements = Mutex<[PackageIdentity: UnitJudgement]>([:])
    private let outcomes = Mutex<[PackageIdentity: UnitOutcome]>([:])
    private let approved = Mutex<Set<String>?>(nil)
    private let counters = Mutex<(hits: Int, misses: Int)>((0, 0))

    public init() {}

    public var counts: (hits: Int, misses: Int) { counters.withLock { $0 } }

    func judgement(_ identity: PackageIdentity, _ compute: () -> UnitJudgement) -> UnitJudgement {
        if let known = judgements.withLock({ $0[identity] }) {
            counters.withLock { $0.hits += 1 }
            return known
        }
        let j = compute()
        counters.withLock { $0.misses += 1 }
        judgements.withLock { $0[identity] = j }
        return j
    }

    /// The outcome of a version on a node whose own record does not touch it.
    func outcome(_ identity: PackageIdentity, _ compute: () -> UnitOutcome) -> UnitOutcome {
        if let known = outcomes.withLock({ $0[identity] }) {
            counters.withLock { $0.hits += 1 }
            return known
        }
        let o = compute()
        outcomes.withLock { $0[identity] = o }
        return o
    }

    /// The units some version of which the baseline approves ([CMP-6]), computed once.
    func approvedUnits(_ compute: () -> Set<String>) -> Set<String> {
        if let known = approved.withLock({ $0 }) { return known }
        let set = compute()
        approved.withLock { $0 = set }
        return set
    }
}
