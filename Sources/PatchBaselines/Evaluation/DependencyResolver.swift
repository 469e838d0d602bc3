import PatchModel

/// What installing one package version brings along, as the native package manager
/// resolves it ([LNX-1] step 9, [LST-9]): every requirement not met by the node's
/// packages (as they will be after the transaction) gets the newest offered version that
/// satisfies it, by package name or by a provided capability, transitively; of an APT
/// clause `a | b` the first satisfiable alternative is taken. The evaluator asks it for
/// DNF's rejected-closure check ([AGT-4]) and Install for the transaction.
public struct DependencyResolver {
    public let inventory: Inventory
    public let content: AvailableContent

    public init(inventory: Inventory, content: AvailableContent) {
        self.inventory = inventory
        self.content = content
    }

    public struct Closure: Sendable {
        /// Offered versions the transaction installs besides the targets, in the order found.
        public var pulled: [AvailablePackage] = []
        /// Installed packages that meet a requirement of the transaction (DNF's check looks
        /// at them too).
        public var reliedOn: [PackageIdentity] = []
    }

    public enum Outcome: Sendable {
        case resolved(Closure)
        /// A requirement nothing satisfies (or only what `excluded` forbids); the reason.
        case unsatisfiable(String)
    }

    /// Bounds the walk on hostile metadata (cycles are cut by the visited set already).
    public static let maxPackagesPerTransaction = 10_000

    /// Resolves installing `targets` together. `excluded` versions are never chosen (BLOCK's
    /// rejected packages, YUM's `exclude`, SUSE's locks); a requirement only they could meet
    /// is unsatisfiable, naming the version that was excluded.
    public func resolve(_ targets: [AvailablePackage], excluded: (AvailablePackage) -> Bool = { _ in false }) -> Outcome {
        var chosen: [String: AvailablePackage] = [:]  // by unit key: the state after the transaction
        for t in targets { chosen[t.identity.unitKey] = t }
        var queue = targets
        var closure = Closure()
        var relied: Set<PackageIdentity> = []
        let index = content.index
        while let p = queue.popLast() {
            for requirement in p.requires {
                if let met = satisfied(requirement, chosen: chosen) {
                    if case .installed(let i) = met, relied.insert(i).inserted { closure.reliedOn.append(i) }
                    continue
                }
                var pick: AvailablePackage? = nil
                var blockedBy: AvailablePackage? = nil
                for alternative in requirement.alternatives {
                    let offered = providers(alternative, index: index)
                    let allowed = offered.filter { !excluded($0) }
                    if let best = allowed.max(by: { $0.version < $1.version }) { pick = best; break }
                    if blockedBy == nil { blockedBy = offered.max(by: { $0.version < $1.version }) }
                }
                guard let pick else {
                    if let blockedBy { return .unsatisfiable("\(p.identity.title) needs \(requirement), only \(blockedBy.identity.title) provides it and it is excluded") }
                    return .unsatisfiable("nothing provides \(requirement) needed by \(p.identity.title)")
                }
                chosen[pick.identity.unitKey] = pick
                closure.pulled.append(pick)
                guard closure.pulled.count <= Self.maxPackagesPerTransaction else {
                    return .unsatisfiable("more than \(Self.maxPackagesPerTransaction) packages in one transaction")
                }
                queue.append(pick)
            }
        }
        return .resolved(closure)
    }

    enum Met { case installed(PackageIdentity), chosen }

    /// A requirement met by the packages as they will be: those the transaction installs,
    /// else those installed (a unit the transaction replaces counts at its new version).
    func satisfied(_ r: PackageRequirement, chosen: [String: AvailablePackage]) -> Met? {
        for a in r.alternatives {
            if chosen.values.contains(where: { ($0.name == a.name && a.accepts($0.version)) || capabilityMeets($0.provides, a) }) {
                return .chosen
            }
            for i in inventory.packages(named: a.name) where chosen[i.identity.unitKey] == nil && a.accepts(i.version) {
                return .installed(i.identity)
            }
            for provider in content.index.byCapability[a.name] ?? [] where capabilityMeets(provider.provides, a) {
                if let i = inventory.package(named: provider.name, arch: provider.arch), i.version == provider.version,
                   chosen[i.identity.unitKey] == nil {
                    return .installed(i.identity)
                }
            }
        }
        return nil
    }

    func capabilityMeets(_ provides: [PackageCapability], _ a: PackageRequirement.Alternative) -> Bool {
        provides.contains { capabilityMeets($0, a) }
    }

    func capabilityMeets(_ c: PackageCapability, _ a: PackageRequirement.Alternative) -> Bool {
        guard c.name == a.name else { return false }
        guard a.relation != nil else { return true }
        // An unversioned provide meets no versioned requirement (dpkg's and rpm's rule).
        return c.version.map { a.accepts($0) } ?? false
    }

    /// Offered versions that meet one alternative, by name or by capability.
    func providers(_ a: PackageRequirement.Alternative, index: AvailableContent.Index) -> [AvailablePackage] {
        var found = (index.byName[a.name] ?? []).filter { a.accepts($0.version) }
        for p in index.byCapability[a.name] ?? [] where capabilityMeets(p.provides, a) { found.append(p) }
        return found
    }
}

extension DependencyResolver {
    /// The first installed package whose dependencies the new versions would no longer
    /// meet (apt refuses such an upgrade, [AGT-5]); its requirements are read from the
    /// repository's record of its installed version.
    public func breaks(_ installing: [AvailablePackage]) -> PackageIdentity? {
        var after: [String: AvailablePackage] = [:]
        for p in installing { after[p.identity.unitKey] = p }
        // Only requirements that name a replaced package can break: found through the
        // content's reverse index, then checked in inventory order (the first broken
        // package is the one apt names), requirement by requirement.
        let requiredBy = content.requiredBy
        var candidates: [(unit: UnitName, requirement: Int, package: Int, installed: PackageIdentity)] = []
        for name in Set(installing.map(\.name)) {
            for (k, r) in requiredBy[name] ?? [] {
                let record = content.packages[k]
                guard after[record.identity.unitKey] == nil,
                      let installed = inventory.package(named: record.name, arch: record.arch), installed.version == record.version else { continue }
                candidates.append((UnitName(name: record.name, arch: record.arch), r, k, installed.identity))
            }
        }
        candidates.sort { $0.unit != $1.unit ? $0.unit < $1.unit : $0.requirement < $1.requirement }
        var previous: (UnitName, Int)? = nil
        for c in candidates {
            if let p = previous, p.0 == c.unit && p.1 == c.requirement { continue }
            previous = (c.unit, c.requirement)
            let record = content.packages[c.package]
            let r = record.requires[c.requirement]
            if satisfied(r, chosen: [:]) != nil && satisfied(r, chosen: after) == nil { return c.installed }
        }
        return nil
    }
}
