import Testing
@testable import PatchBaselines
@testable import PatchModel

/// [AGT-5] apt refuses an upgrade that breaks an installed package. `breaks` finds the
/// candidates through the content's reverse index; here it is compared with the rule read
/// straight: every installed package in order, its record's requirements in order.
@Suite("[AGT-5] Upgrade breaks: the reverse index finds what the plain reading finds")
struct UpgradeBreaksTests {
    static func reference(_ resolver: DependencyResolver, _ installing: [AvailablePackage]) -> PackageIdentity? {
        var after: [String: AvailablePackage] = [:]
        for p in installing { after[p.identity.unitKey] = p }
        let replaced = Set(installing.map(\.name))
        for installed in resolver.inventory.packages where after[installed.identity.unitKey] == nil {
            guard let record = resolver.content.index.byUnit[installed.identity.unitKey]?.first(where: { $0.version == installed.version }) else { continue }
            for r in record.requires where r.alternatives.contains(where: { replaced.contains($0.name) }) {
                if resolver.satisfied(r, chosen: [:]) != nil && resolver.satisfied(r, chosen: after) == nil { return installed.identity }
            }
        }
        return nil
    }

    static func v(_ s: String) -> PackageVersion { .deb(DebianVersion(lenient: s) ?? DebianVersion(upstream: "0")) }

    @Test("random packages pinned to each other's versions: the same broken package, or none")
    func againstReference() {
        var found = 0
        for seed in UInt64(1)...80 {
            var rng = SeededGenerator(seed: seed, stream: "breaks")
            var packages: [AvailablePackage] = []
            for k in 0..<12 {
                for n in 1...3 {
                    var requires: [PackageRequirement] = []
                    for _ in 0..<rng.below(3) {
                        let other = rng.below(12), relation: PackageRequirement.Relation = rng.unit() < 0.5 ? .equal : .lessOrEqual
                        var alternatives = [PackageRequirement.Alternative(name: "p\(other)", relation: relation, version: Self.v("1.\(1 + rng.below(3))"))]
                        if rng.unit() < 0.3 { alternatives.append(.init(name: "p\(rng.below(12))")) }
                        requires.append(PackageRequirement(alternatives: alternatives))
                    }
                    packages.append(AvailablePackage(identity: PackageIdentity(name: "p\(k)", arch: "amd64", version: Self.v("1.\(n)")),
                                                     repository: "jammy-updates", requires: requires))
                }
            }
            let installed = (0..<12).filter { _ in rng.unit() < 0.8 }.map { k in
                InstalledPackage(identity: PackageIdentity(name: "p\(k)", arch: "amd64", version: Self.v("1.\(1 + rng.below(2))")))
            }
            let resolver = DependencyResolver(inventory: Inventory(installed), content: AvailableContent(packages: packages))
            for _ in 0..<10 {
                let installing = (0..<1 + rng.below(3)).map { _ in packages[rng.below(packages.count)] }
                let expected = Self.reference(resolver, installing)
                #expect(resolver.breaks(installing) == expected, "seed \(seed)")
                if expected != nil { found += 1 }
            }
        }
        #expect(found > 50)  // the cases do break packages, so agreement means something
    }
}
