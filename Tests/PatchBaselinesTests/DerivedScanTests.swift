import Testing
@testable import PatchBaselines
@testable import PatchModel

/// [18] A scan derived from its inventory base's answer (the units the node changes, or
/// its own record flags, redone) gives what a scan of every package afresh gives.
@Suite("Derived scans equal full scans")
struct DerivedScanTests {
    struct Case: Sendable, CustomStringConvertible {
        var os: OperatingSystem
        var product: String
        var baselineName: String
        var description: String { baselineName }
    }

    static let cases = [
        Case(os: .amazonLinux2, product: "AmazonLinux2", baselineName: "AWS-AmazonLinux2DefaultPatchBaseline"),
        Case(os: .redhatEnterpriseLinux, product: "RedhatEnterpriseLinux8.6", baselineName: "AWS-RedHatDefaultPatchBaseline"),
        Case(os: .ubuntu, product: "Ubuntu22.04", baselineName: "AWS-UbuntuDefaultPatchBaseline"),
    ]

    static func version(_ c: Case, _ n: Int) -> PackageVersion {
        c.os == .ubuntu ? .deb(DebianVersion(lenient: "1.0-\(n)") ?? DebianVersion(upstream: "0")) : .rpm(RPMVersion(version: "1.0", release: "\(n).el8"))
    }

    /// 30 units offered at releases 1..3 (the apt ones from the security pocket every third
    /// unit), rpm notices of mixed classification on release 3; the base has units 0..24.
    static func scene(_ c: Case) -> (content: AvailableContent, base: [InstalledPackage], offered: [PackageIdentity]) {
        let arch = c.os == .ubuntu ? "amd64" : "x86_64"
        var packages: [AvailablePackage] = [], notices: [UpdateNotice] = []
        for k in 0..<30 {
            for n in 1...3 {
                let id = PackageIdentity(name: "u\(k)", arch: arch, version: version(c, n))
                let pocket = k % 3 == 0 && n == 3 ? "jammy-security" : "jammy-updates"
                packages.append(c.os == .ubuntu
                    ? AvailablePackage(identity: id, repository: pocket, debian: DebianPackageFields(priority: "optional", section: "libs", archive: pocket))
                    : AvailablePackage(identity: id, repository: "repo"))
                if c.os != .ubuntu && n == 3 && k % 4 != 3 {
                    notices.append(UpdateNotice(id: "N-\(k)", classification: k % 4 == 2 ? "Bugfix" : "Security", severity: k % 2 == 0 ? "Important" : "Medium",
                                                issued: Instant(secondsSinceEpoch: 1_700_000_000), updated: Instant(secondsSinceEpoch: 1_700_000_000),
                                                cveIds: ["CVE-2026-\(1000 + k)"], bugzillaIds: [], packages: [id]))
                }
            }
        }
        let base = (0..<25).map { k in InstalledPackage(identity: PackageIdentity(name: "u\(k)", arch: arch, version: version(c, 1 + k % 2)),
                                                        installedAt: Instant(secondsSinceEpoch: 1_690_000_000 + Int64(k))) }
        return (AvailableContent(packages: packages, notices: notices), base, packages.map(\.identity))
    }

    @Test("random drift over a base, failed and pending units: same records, summary and targets", arguments: cases)
    func drifted(_ c: Case) throws {
        let b = try #require(PredefinedBaselines.named(c.baselineName))
        let (content, baseList, offered) = Self.scene(c)
        let image = Inventory(baseList)
        let now = Instant(secondsSinceEpoch: 1_800_000_000)
        var shared = NodeScanner(baseline: b, at: now)
        shared.unitCache = UnitVerdictCache()
        let fresh = NodeScanner(baseline: b, at: now)
        var derivedRedone = 0
        for seed in UInt64(1)...60 {
            var rng = SeededGenerator(seed: seed, stream: "derived-scan")
            var inventory = image
            for _ in 0..<rng.below(6) {
                let p = offered[rng.below(offered.count)]
                if rng.unit() < 0.25 { inventory.remove(named: p.name, arch: p.arch) } else { inventory.upsert(InstalledPackage(identity: p)) }
            }
            let units = inventory.packages.map(\.identity.unitKey)
            let failed = Set(units.filter { _ in rng.unit() < 0.05 }), pending = Set(units.filter { _ in rng.unit() < 0.05 })
            let node = NodeState(os: c.os, product: c.product, inventory: inventory, pendingReboot: pending, failed: failed)
            let a = shared.scan(node, content), e = fresh.scan(node, content)
            #expect(Array(a.records) == Array(e.records), "seed \(seed)")
            #expect(a.summary == e.summary, "seed \(seed)")
            #expect(a.targets.all == e.targets.all, "seed \(seed)")
            derivedRedone += inventory.packages.changeCount
        }
        // The shared scanner decided each package version once, not once per node.
        let counts = try #require(shared.unitCache).counts
        #expect(derivedRedone > 0 && counts.misses < offered.count && counts.hits > counts.misses)
    }
}
