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
    /// Decisions by package name, then by arch and exact spelling of the version: one
    /// string hashed per lookup, the rest compared (strings a node shares with its image
    /// compare by reference). `PackageIdentity`'s own hash is not used: it hashes versions
    /// by epoch alone (equal versions may be spelt apart), chaining every version of a
    /// unit into one bucket. Two spellings of one version are two entries, computed alike.
    private let judgements = Mutex<[String: [(PackageIdentity, UnitJudgement)]]>([:])
    private let outcomes = Mutex<[String: [(PackageIdentity, UnitOutcome)]]>([:])
    private let approved = Mutex<Set<String>?>(nil)
    private let counters = Mutex<(hits: Int, misses: Int)>((0, 0))

    public init() {}

    public var counts: (hits: Int, misses: Int) { counters.withLock { $0 } }

    static func sameSpelling(_ a: PackageIdentity, _ b: PackageIdentity) -> Bool {
        guard a.arch == b.arch else { return false }
        switch (a.version, b.version) {
        case let (.rpm(x), .rpm(y)): return x.version == y.version && x.release == y.release && x.epoch == y.epoch
        case let (.deb(x), .deb(y)): return x.upstream == y.upstream && x.revision == y.revision && x.epoch == y.epoch
        case let (.macOS(x), .macOS(y)): return x.description == y.description
        default: return false
        }
    }

    private static func find<T: Sendable>(_ table: borrowing Mutex<[String: [(PackageIdentity, T)]]>, _ identity: PackageIdentity) -> T? {
        table.withLock { t in t[identity.name]?.first { sameSpelling($0.0, identity) }?.1 }
    }

    private static func store<T: Sendable>(_ table: borrowing Mutex<[String: [(PackageIdentity, T)]]>, _ identity: PackageIdentity, _ value: T) {
        table.withLock { t in t[identity.name, default: []].append((identity, value)) }
    }

    func judgement(_ identity: PackageIdentity, _ compute: () -> UnitJudgement) -> UnitJudgement {
        if let known = Self.find(judgements, identity) {
            counters.withLock { $0.hits += 1 }
            return known
        }
        let j = compute()
        counters.withLock { $0.misses += 1 }
        Self.store(judgements, identity, j)
        return j
    }

    /// The outcome of a version on a node whose own record does not touch it.
    func outcome(_ identity: PackageIdentity, _ compute: () -> UnitOutcome) -> UnitOutcome {
        if let known = Self.find(outcomes, identity) {
            counters.withLock { $0.hits += 1 }
            return known
        }
        let o = compute()
        Self.store(outcomes, identity, o)
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
