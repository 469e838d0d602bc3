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
    private let judgements = Mutex<[Spelling: UnitJudgement]>([:])
    private let outcomes = Mutex<[Spelling: UnitOutcome]>([:])

    /// A version as spelt, hashed on every part: `PackageIdentity` hashes versions by epoch
    /// alone (equal versions may be spelt apart), which chains every version of a unit
    /// into one bucket. Two spellings of one version are two entries here, computed alike.
    struct Spelling: Hashable {
        let identity: PackageIdentity
        init(_ identity: PackageIdentity) { self.identity = identity }
        func hash(into h: inout Hasher) {
            h.combine(identity.name)
            h.combine(identity.arch)
            switch identity.version {
            case .rpm(let v): h.combine(v.epoch); h.combine(v.version); h.combine(v.release)
            case .deb(let v): h.combine(v.epoch); h.combine(v.upstream); h.combine(v.revision)
            case .macOS(let v): h.combine(v.description)
            }
        }
        static func == (a: Spelling, b: Spelling) -> Bool {
            guard a.identity.name == b.identity.name, a.identity.arch == b.identity.arch else { return false }
            switch (a.identity.version, b.identity.version) {
            case let (.rpm(x), .rpm(y)): return x.epoch == y.epoch && x.version == y.version && x.release == y.release
            case let (.deb(x), .deb(y)): return x.epoch == y.epoch && x.upstream == y.upstream && x.revision == y.revision
            case let (.macOS(x), .macOS(y)): return x.description == y.description
            default: return false
            }
        }
    }
    private let approved = Mutex<Set<String>?>(nil)

    /// A scan of an inventory base alone, as if no record of a node's touched it: what a
    /// node with that base starts its answer from ([18]). Holds the base, so its identity
    /// cannot be reused while the answer is kept.
    final class BaseAnswer: Sendable {
        let base: LayeredList<InstalledPackage>.Base
        let records: PatchRecords
        let approvedInstalled: Int
        let targets: MissingTargets
        let tally: RecordTally
        init(base: LayeredList<InstalledPackage>.Base, records: PatchRecords, approvedInstalled: Int, targets: MissingTargets, tally: RecordTally) {
            (self.base, self.records, self.approvedInstalled, self.targets, self.tally) = (base, records, approvedInstalled, targets, tally)
        }
    }
    private let baseAnswers = Mutex<[ObjectIdentifier: BaseAnswer]>([:])

    /// Records a derived scan took from its base's answer unchanged: decisions shared too.
    func noteReused(_ records: Int) { counters.withLock { $0.hits += records } }

    func baseAnswer(_ base: LayeredList<InstalledPackage>.Base, _ compute: () -> BaseAnswer) -> BaseAnswer {
        let key = ObjectIdentifier(base)
        if let known = baseAnswers.withLock({ $0[key] }) { return known }
        let a = compute()
        return baseAnswers.withLock { table in
            if let raced = table[key] { return raced }
            table[key] = a
            return a
        }
    }
    private let counters = Mutex<(hits: Int, misses: Int)>((0, 0))

    public init() {}

    public var counts: (hits: Int, misses: Int) { counters.withLock { $0 } }

    func judgement(_ identity: PackageIdentity, _ compute: () -> UnitJudgement) -> UnitJudgement {
        let key = Spelling(identity)
        if let known = judgements.withLock({ $0[key] }) {
            counters.withLock { $0.hits += 1 }
            return known
        }
        let j = compute()
        counters.withLock { $0.misses += 1 }
        judgements.withLock { $0[key] = j }
        return j
    }

    /// The outcome of a version on a node whose own record does not touch it.
    func outcome(_ identity: PackageIdentity, _ compute: () -> UnitOutcome) -> UnitOutcome {
        let key = Spelling(identity)
        if let known = outcomes.withLock({ $0[key] }) {
            counters.withLock { $0.hits += 1 }
            return known
        }
        let o = compute()
        outcomes.withLock { $0[key] = o }
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
