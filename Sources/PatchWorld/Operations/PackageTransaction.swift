import PatchBaselines
import PatchModel

/// Install's package step, as each package manager performs it ([LNX-1] step 9,
/// [LST-9], [OVR-1], [AGT-5]):
/// - the exact newest approved version of each MISSING package (never `update-minimal`),
///   or the `InstallOverrideList`'s versions instead (rules and lists not applied);
/// - dependencies resolved transitively (`DependencyResolver`); a version the baseline
///   forbids is never chosen: the rejected list under BLOCK, YUM's `exclude` under both
///   actions in the payload ([AGT-6]), SUSE's locks under both ([AGT-4]);
/// - Zypper and the payload's YUM run one transaction: a dependency problem fails every
///   target; a Zypper commit failing otherwise uploads no report. DNF and APT install
///   package by package; APT refuses an upgrade that breaks an installed package.
struct PackageTransaction {
    let run: RunPatchBaseline
    let scanner: NodeScanner
    let content: AvailableContent

    struct Outcome {
        /// Unit keys (or KB ids) installed, in order.
        var installed: [String] = []
        var installedPackages: [PackageIdentity] = []
        var failed: Set<String> = []
        /// Whether the package manager was asked to install anything ([AGT-5] reboots).
        var attempted = false
        /// Set when the run uploads no report, with the reason.
        var noReport: String? = nil
    }

    /// Hears each package installed or failed; returns the instant its install began.
    typealias Step = (_ what: String, _ installed: Bool, _ reason: String?) -> Instant

    func install(_ before: ScanResult, on node: inout ManagedInstance, step: Step) -> Outcome {
        var outcome = Outcome()
        let manager = PackageManager.of(os: node.os, product: node.product)
        if manager == .windowsUpdate {
            let kbs: [WindowsKB]
            if let list = run.parameters.installOverrideList {
                kbs = list.compactMap { WindowsKB($0.id) }
            } else {
                kbs = before.records.filter { $0.state == .MISSING }.compactMap { WindowsKB($0.kbId) }
            }
            outcome.attempted = !kbs.isEmpty
            for kb in kbs {
                if node.faults.contains(.installFailure(kb.description)) {
                    outcome.failed.insert(kb.description)
                    _ = step(kb.description, false, nil)
                    continue
                }
                node.install(kb)
                outcome.installed.append(kb.description)
                _ = step(kb.description, true, nil)
            }
            return outcome
        }

        let plan = run.parameters.installOverrideList.map { overridePlan($0, node: node, manager: manager) } ?? baselinePlan(before)
        outcome.attempted = !plan.isEmpty
        guard !plan.isEmpty else { return outcome }
        let (os, product) = (node.os, node.product)
        let honourLists = run.parameters.installOverrideList == nil  // [OVR-1]: lists not applied
        let block = run.baseline.rejectedPatchesAction == .BLOCK
        let yumExclude = manager == .yum && run.profile.yumRejectedAsExclude
        let hasRejections = !run.baseline.rejectedPatches.isEmpty
        let excluded: (AvailablePackage) -> Bool = { p in
            guard hasRejections, honourLists || manager == .zypper else { return false }
            guard block || yumExclude || manager == .zypper else { return false }
            return scanner.isRejected(p.identity, os: os, product: product, content: content)
        }
        let resolver = DependencyResolver(inventory: node.inventory, content: content)

        func commit(_ packages: [AvailablePackage]) {
            for p in packages {
                let at = step(p.identity.title, true, nil)
                node.install(p.identity, at: at)
                outcome.installed.append(p.identity.unitKey)
                outcome.installedPackages.append(p.identity)
            }
        }

        if manager == .zypper || yumExclude {
            // One transaction for every target.
            switch resolver.resolve(plan.map(\.target), excluded: excluded) {
            case .unsatisfiable(let why):
                for p in plan {
                    outcome.failed.insert(p.unit)
                    _ = step(p.target.identity.title, false, "the transaction failed: \(why)\(manager == .zypper ? " (zypper exit 4)" : "")")
                }
            case .resolved(let closure):
                let failing = plan.filter { node.faults.contains(.installFailure($0.target.name)) }
                if manager == .zypper, let f = failing.first {
                    outcome.noReport = "zypper failed to commit the transaction (\(f.target.identity.title)); no report was uploaded"
                    return outcome
                }
                for f in failing {
                    outcome.failed.insert(f.unit)
                    _ = step(f.target.identity.title, false, "the package manager failed")
                }
                let failed = Set(failing.map(\.unit))
                commit(closure.pulled + plan.filter { !failed.contains($0.unit) }.map(\.target))
            }
            return outcome
        }

        for p in plan {
            switch DependencyResolver(inventory: node.inventory, content: content).resolve([p.target], excluded: excluded) {
            case .unsatisfiable(let why):
                outcome.failed.insert(p.unit)
                _ = step(p.target.identity.title, false, why)
            case .resolved(let closure):
                if manager == .apt, let broken = DependencyResolver(inventory: node.inventory, content: content)
                    .breaks(closure.pulled + [p.target]) {
                    // [AGT-5]: apt refuses an upgrade that breaks an installed package.
                    outcome.failed.insert(p.unit)
                    _ = step(p.target.identity.title, false, "the upgrade would break \(broken.title)")
                    continue
                }
                if node.faults.contains(.installFailure(p.target.name)) {
                    outcome.failed.insert(p.unit)
                    _ = step(p.target.identity.title, false, "the package manager failed")
                    continue
                }
                commit(closure.pulled + [p.target])
            }
        }
        return outcome
    }

    /// Each MISSING record's target version, as the scan chose it.
    func baselinePlan(_ before: ScanResult) -> [(unit: String, target: AvailablePackage)] {
        before.records.filter { $0.state == .MISSING }.compactMap { r in
            guard let v = before.targets[r.kbId],
                  let offer = content.index.byUnit[r.kbId]?.first(where: { $0.version.description == v }) else { return nil }
            return (r.kbId, offer)
        }
    }

    /// [OVR-1], [AGT-5]: for each installed package, the newest offered version an entry
    /// names (id, and title when given), when it is newer than the installed one.
    func overridePlan(_ list: [InstallOverrideEntry], node: ManagedInstance, manager: PackageManager) -> [(unit: String, target: AvailablePackage)] {
        var plan: [(unit: String, target: AvailablePackage)] = []
        for p in node.inventory.packages {
            let offers = (content.index.byUnit[p.identity.unitKey] ?? []).filter { o in
                list.contains { $0.matches(o.identity, manager: manager) }
            }
            guard let newest = offers.max(by: { $0.version < $1.version }), newest.version > p.version else { continue }
            plan.append((p.identity.unitKey, newest))
        }
        return plan
    }
}
