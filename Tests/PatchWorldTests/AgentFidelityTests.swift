import Foundation
import Testing
@testable import PatchBaselines
@testable import PatchModel
@testable import PatchWorld

/// agent.md: what the real Linux agent payload does, bullet by bullet ([AGT-0]..[AGT-6]),
/// on small hand-made inputs. Where the profiles differ the table gives both answers.

/// A package at a version on a repository (rpm unless `deb` is used).
private func pkg(_ name: String, _ evr: String, arch: String = "x86_64", repo: String = "repo", build: String? = nil,
                 requires: [PackageRequirement] = []) -> AvailablePackage {
    AvailablePackage(identity: PackageIdentity(name: name, arch: arch, version: .rpm(RPMVersion(parsing: evr) ?? RPMVersion(version: "0"))),
                     repository: repo, requires: requires, buildTime: build.map(ti))
}

private func debPkg(_ name: String, _ v: String, pocket: String, requires: [PackageRequirement] = []) -> AvailablePackage {
    AvailablePackage(identity: PackageIdentity(name: name, arch: "amd64", version: .deb(DebianVersion(lenient: v) ?? DebianVersion(upstream: "0"))),
                     repository: pocket, requires: requires, debian: DebianPackageFields(priority: "optional", section: "libs", archive: pocket))
}

private func note(_ id: String, _ type: String, _ severity: String?, issued: String? = "2025-11-01T00:00:00Z", updated: String? = nil,
                  cves: [String] = [], _ packages: [AvailablePackage]) -> UpdateNotice {
    UpdateNotice(id: id, classification: type, severity: severity, issued: issued.map(ti), updated: (updated ?? issued).map(ti),
                 cveIds: cves, packages: packages.map(\.identity), kind: .updateinfo)
}

/// A baseline from the API JSON (through validation).
private func bl(_ os: String, rules: [String] = [], extra: String = "") throws -> PatchBaseline {
    let r = rules.isEmpty ? "" : ", \"ApprovalRules\": {\"PatchRules\": [\(rules.joined(separator: ","))]}"
    return try BaselineDecoder.decode(try JSONValue.parse(Data("{\"Name\": \"agt\", \"OperatingSystem\": \"\(os)\"\(r)\(extra)}".utf8), file: "baseline.json"))
}

private func rule(_ filters: [(String, [String])], days: Int = 0, ens: Bool = false, level: String = "UNSPECIFIED") -> String {
    let f = filters.map { "{\"Key\": \"\($0.0)\", \"Values\": [\($0.1.map { "\"\($0)\"" }.joined(separator: ","))]}" }.joined(separator: ",")
    return "{\"PatchFilterGroup\": {\"PatchFilters\": [\(f)]}, \"ApproveAfterDays\": \(days), \"ComplianceLevel\": \"\(level)\", \"EnableNonSecurity\": \(ens)}"
}

/// One node, what it has and what it is offered.
private struct Scene {
    var os: OperatingSystem
    var product: String
    var installed: [AvailablePackage]
    var offered: [AvailablePackage]
    var notices: [UpdateNotice] = []
    var at = "2025-11-10T00:00:00Z"

    var content: AvailableContent { AvailableContent(packages: offered, notices: notices) }

    func scan(_ b: PatchBaseline, _ profile: EvaluationProfile, failed: Set<String> = []) -> ScanResult {
        let node = NodeState(os: os, product: product, inventory: Inventory(installed.map { InstalledPackage(identity: $0.identity, installedAt: ti("2025-01-01T00:00:00Z")) }),
                             failed: failed)
        return NodeScanner(baseline: b, at: ti(at), profile: profile).scan(node, content)
    }

    func state(_ b: PatchBaseline, _ profile: EvaluationProfile, _ unit: String) -> PatchComplianceState? {
        scan(b, profile).records.first { $0.kbId == unit }?.state
    }

    /// An operation on a fresh node; returns the result and the node after it.
    func run(_ b: PatchBaseline, _ profile: EvaluationProfile, _ op: RunPatchBaselineParameters.Operation = .Install,
             _ reboot: RunPatchBaselineParameters.RebootOption = .RebootIfNeeded, overrides: [InstallOverrideEntry]? = nil,
             faults: Set<InjectedFault> = []) -> (OperationResult, ManagedInstance) {
        let image = MachineImage(imageId: "ami-agt", os: os, product: product, inventory: Inventory(installed.map { InstalledPackage(identity: $0.identity) }))
        var node = ManagedInstance(instanceId: "i-0123456789abcdef0", image: image, faults: faults)
        var rng = SeededGenerator(seed: 1)
        let params = RunPatchBaselineParameters(operation: op, rebootOption: reboot, installOverrideList: overrides)
        let r = RunPatchBaseline(baseline: b, parameters: params, profile: profile).run(on: &node, content: content, at: ti(at), rng: &rng)
        return (r, node)
    }
}

private let both = EvaluationProfile.all
private let ug = EvaluationProfile.userGuide, agent = EvaluationProfile.agent180

@Suite("Agent payload fidelity ([AGT-0]..[AGT-6])")
struct AgentFidelityTests {
    // MARK: [AGT-0]

    @Test("[AGT-0] two named profiles; user-guide is the default; the old switches are profile fields")
    func profiles() {
        #expect(EvaluationProfile.names == ["user-guide", "agent-1.80"])
        #expect(EvaluationProfile.standard == ug && EvaluationProfile.named("agent-1.80") == agent && EvaluationProfile.named("agent") == nil)
        #expect(ug.approvalGranularity == .utcDay && agent.approvalGranularity == .exactTimestamp)
        // [AGT-3]: the bypass is void in both.
        #expect(!ug.unclassifiedBypassesClassSeverity && !agent.unclassifiedBypassesClassSeverity)
    }

    @Test("[APR-11] the bypass switch, were it on, would let a notice-less package past CLASSIFICATION (a new field shows its difference)")
    func bypassSwitch() throws {
        let scene = Scene(os: .amazonLinux2, product: "AmazonLinux2", installed: [pkg("tool", "1.0-1")], offered: [pkg("tool", "1.0-1"), pkg("tool", "1.0-2")])
        let b = try bl("AMAZON_LINUX_2", rules: [rule([("CLASSIFICATION", ["Security"])], ens: true)])
        #expect(scene.state(b, ug, "tool.x86_64") == .INSTALLED_OTHER)
        #expect(scene.state(b, ug.with(\.unclassifiedBypassesClassSeverity, true), "tool.x86_64") == .MISSING)
    }

    // MARK: [AGT-2]

    @Test("[AGT-2] YUM/DNF entries match any spelling of a version, as a case-insensitive glob or exactly", arguments: [
        ("foo", true), ("foo.x86_64", true), ("FOO", true), ("foo-1.2", true), ("foo-1.2-3.amzn2", true), ("foo-1.2-3.amzn2.x86_64", true),
        ("0:foo-1.2-3.amzn2.x86_64", true), ("foo-0:1.2-3.amzn2.x86_64", true), ("foo-0:1.2-3.amzn2", true), ("1.2", true), ("1.2-3.amzn2", true),
        ("0:1.2-3.amzn2", true), ("foo.x86_64:0:1.2-3.amzn2", true), ("fo?", true), ("f[a-p]o", true), ("f[!o]o", false), ("foo-1.*", true),
        ("*.x86_64", true), ("foo.i686", false), ("bar", false), ("foo-1.3", false), ("foo-1.2-3", false), ("1:foo-1.2-3.amzn2.x86_64", false),
    ])
    func rpmSpellings(_ c: (String, Bool)) throws {
        let old = pkg("foo", "1.2-2.amzn2"), new = pkg("foo", "1.2-3.amzn2")
        for os in [("AMAZON_LINUX_2", OperatingSystem.amazonLinux2, "AmazonLinux2"), ("AMAZON_LINUX_2023", .amazonLinux2023, "AmazonLinux2023")] {
            let scene = Scene(os: os.1, product: os.2, installed: [old], offered: [old, new], notices: [note("N-1", "Security", "Critical", [new])])
            let b = try bl(os.0, extra: ", \"ApprovedPatches\": [\"\(c.0)\"]")
            for p in both { #expect((scene.state(b, p, "foo.x86_64") == .MISSING) == c.1, "\(c.0) on \(os.0) \(p)") }
        }
    }

    @Test("[AGT-2] advisory and CVE ids: approved by exact, case-sensitive membership; rejected ids reject under user-guide and are ignored on YUM and DNF under agent-1.80")
    func ids() throws {
        let old = pkg("foo", "1.0-1"), new = pkg("foo", "1.0-2")
        let scene = Scene(os: .amazonLinux2, product: "AmazonLinux2", installed: [old], offered: [old, new],
                          notices: [note("ALAS2-2025-0001", "Security", "Important", cves: ["CVE-2025-1111"], [new])])
        for (entry, hit) in [("ALAS2-2025-0001", true), ("alas2-2025-0001", false), ("CVE-2025-1111", true), ("cve-2025-1111", false), ("ALAS2-2025-*", false)] {
            let b = try bl("AMAZON_LINUX_2", extra: ", \"ApprovedPatches\": [\"\(entry)\"]")
            for p in both { #expect((scene.state(b, p, "foo.x86_64") == .MISSING) == hit, "\(entry) \(p)") }
        }
        let rejecting = try bl("AMAZON_LINUX_2", rules: [rule([("PRODUCT", ["*"])])], extra: ", \"RejectedPatches\": [\"CVE-2025-1111\"]")
        #expect(scene.state(rejecting, ug, "foo.x86_64") == .INSTALLED_OTHER)
        #expect(scene.state(rejecting, agent, "foo.x86_64") == .MISSING)
    }

    @Test("[AGT-2] APT entries match n, v, n.a, n-v, a:v or n.a:v", arguments: [
        ("libfoo", true), ("libfoo.amd64", true), ("libfoo-1.0-1+deb12u1", true), ("amd64:1.0-1+deb12u1", true),
        ("libfoo.amd64:1.0-1+deb12u1", true), ("1.0-1+deb12u1", true), ("libfoo.i386", false), ("libfoo-1.0-1", false), ("lib*", true),
    ])
    func aptSpellings(_ c: (String, Bool)) throws {
        let old = debPkg("libfoo", "1.0-1", pocket: "bookworm"), new = debPkg("libfoo", "1.0-1+deb12u1", pocket: "bookworm-security")
        let scene = Scene(os: .debian, product: "Debian12", installed: [old], offered: [old, new])
        let b = try bl("DEBIAN", extra: ", \"ApprovedPatches\": [\"\(c.0)\"]")
        for p in both { #expect((scene.state(b, p, "libfoo.amd64") == .MISSING) == c.1, "\(c.0) \(p)") }
    }

    @Test("[AGT-2] Zypper entries: a name pattern anchored at the start against n and n.a, case-sensitive, with version conditions; patch ids and .rpm names match no package", arguments: [
        ("baz", true), ("baz-devel", false), ("Baz", false), ("ba", true), ("baz*", true), ("baz > 1.0-1", true), ("baz > 1.1-1", false),
        ("baz = 1.1-1", true), ("baz < 1.1-1", false), ("baz != 1.0-1", true), ("SUSE-SLE-SERVER-15-SP3-2025-1", false),
        ("baz-1.1-1.x86_64.rpm", false), ("baz.x86_64", true),
    ])
    func zypperPatterns(_ c: (String, Bool)) throws {
        let old = pkg("baz", "1.0-1"), new = pkg("baz", "1.1-1")
        let patch = UpdateNotice(id: "SUSE-SLE-SERVER-15-SP3-2025-1", classification: "Security", severity: "Important",
                                 issued: ti("2025-11-01T00:00:00Z"), updated: ti("2025-11-01T00:00:00Z"), packages: [new.identity], kind: .susePatch)
        let scene = Scene(os: .suse, product: "Suse15.3", installed: [old], offered: [old, new], notices: [patch])
        // A rule that approves nothing on its own: only the list can approve.
        let b = try bl("SUSE", rules: [rule([("CLASSIFICATION", ["Feature"])])], extra: ", \"ApprovedPatches\": [\"\(c.0)\"]")
        for p in both { #expect((scene.state(b, p, "baz.x86_64") == .MISSING) == c.1, "\(c.0) \(p)") }
        // The anchored prefix: `baz` also names `baz-devel`.
        let devel = pkg("baz-devel", "1.0-1"), develNew = pkg("baz-devel", "1.1-1")
        let d = Scene(os: .suse, product: "Suse15.3", installed: [devel], offered: [devel, develNew])
        let bz = try bl("SUSE", extra: ", \"ApprovedPatches\": [\"baz\"]")
        #expect(d.state(bz, ug, "baz-devel.x86_64") == .MISSING)
    }

    @Test("[AGT-2] one matcher: under BLOCK an entry spelt name.arch rejects a dependency for the evaluator, Install and the audit alike")
    func oneMatcher() throws {
        let lib = pkg("libfoo", "2.0-1"), barOld = pkg("bar", "1.0-1"), barNew = pkg("bar", "2.0-1", requires: [PackageRequirement(name: "libfoo", minimumVersion: lib.version)])
        let scene = Scene(os: .amazonLinux2, product: "AmazonLinux2", installed: [barOld], offered: [barOld, barNew, lib],
                          notices: [note("N-1", "Security", "Critical", [barNew])])
        let b = try bl("AMAZON_LINUX_2", rules: [rule([("PRODUCT", ["*"])])], extra: ", \"RejectedPatches\": [\"LIBFOO.x86_64\"], \"RejectedPatchesAction\": \"BLOCK\"")
        for p in both {
            #expect(scene.state(b, p, "bar.x86_64") == .MISSING, "[LST-9] #46 Scan: MISSING (\(p))")
            let (r, node) = scene.run(b, p)
            #expect(r.failed == ["bar.x86_64"] && node.inventory.package(named: "libfoo", arch: "x86_64") == nil, "\(p): \(r.output)")
            #expect(r.installedPackages.isEmpty)
        }
    }

    // MARK: [AGT-3]

    @Test("[AGT-3] under EnableNonSecurity a notice-less version passes only rules whose CLASSIFICATION and SEVERITY are absent or *", arguments: [
        ([("PRODUCT", ["*"])], true), ([("CLASSIFICATION", ["*"])], true), ([("CLASSIFICATION", ["*"]), ("SEVERITY", ["*"])], true),
        ([("CLASSIFICATION", ["Security", "Bugfix"])], false), ([("SEVERITY", ["Critical"])], false),
    ])
    func noticeless(_ c: ([(String, [String])], Bool)) throws {
        let old = pkg("tool", "1.0-1"), new = pkg("tool", "1.0-2")
        for (os, product) in [(OperatingSystem.amazonLinux2, "AmazonLinux2"), (.redhatEnterpriseLinux, "RedhatEnterpriseLinux8.6")] {
            let scene = Scene(os: os, product: product, installed: [old], offered: [old, new])
            let b = try bl(os.rawValue, rules: [rule(c.0, ens: true)])
            for p in both { #expect((scene.state(b, p, "tool.x86_64") == .MISSING) == c.1, "\(os) \(p)") }
        }
    }

    @Test("[AGT-3] YUM judges each notice of a version on its own: a Low notice does not hide a Critical one", arguments: both)
    func eachNotice(_ p: EvaluationProfile) throws {
        let old = pkg("tool", "1.0-1"), new = pkg("tool", "1.0-2")
        let scene = Scene(os: .amazonLinux2, product: "AmazonLinux2", installed: [old], offered: [old, new],
                          notices: [note("ALAS2-2025-0001", "Security", "Low", [new]), note("ALAS2-2025-0002", "Security", "Critical", [new])])
        let b = try bl("AMAZON_LINUX_2", rules: [rule([("CLASSIFICATION", ["Security"]), ("SEVERITY", ["Critical"])], level: "HIGH")])
        let r = try #require(scene.scan(b, p).records.first)
        #expect(r.state == .MISSING && r.severity == "Critical" && r.complianceLevel == .HIGH)
    }

    @Test("[AGT-3] the clock: YUM from the updated date (a re-issue restarts it), DNF from the issued date (it does not)")
    func clocks() throws {
        let b = { (os: String) in try bl(os, rules: [rule([("PRODUCT", ["*"])], days: 7)]) }
        for p in both {
            for (os, product, expected) in [(OperatingSystem.amazonLinux2, "AmazonLinux2", PatchComplianceState.INSTALLED_OTHER),
                                            (.amazonLinux2023, "AmazonLinux2023", .MISSING), (.rockyLinux, "RockyLinux8.8", .MISSING)] {
                let old = pkg("tool", "1.0-1"), new = pkg("tool", "1.0-2")
                let scene = Scene(os: os, product: product, installed: [old], offered: [old, new],
                                  notices: [note("N-1", "Security", "Important", issued: "2025-11-01T00:00:00Z", updated: "2025-11-08T00:00:00Z", [new])])
                #expect(scene.state(try b(os.rawValue), p, "tool.x86_64") == expected, "\(os) \(p)")
            }
        }
    }

    @Test("[AGT-3] DNF: a package with no notice counts as 1970 (not its build time); a notice without a severity counts as no notice", arguments: both)
    func dnfNoticeless(_ p: EvaluationProfile) throws {
        let old = pkg("tool", "1.0-1"), new = pkg("tool", "1.0-2", build: "2025-11-09T00:00:00Z")
        let ens = try bl("REDHAT_ENTERPRISE_LINUX", rules: [rule([("PRODUCT", ["*"])], days: 30, ens: true)])
        #expect(Scene(os: .redhatEnterpriseLinux, product: "RedhatEnterpriseLinux8.6", installed: [old], offered: [old, new]).state(ens, p, "tool.x86_64") == .MISSING)
        #expect(Scene(os: .redhatEnterpriseLinux, product: "RedhatEnterpriseLinux7.9", installed: [old], offered: [old, new]).state(ens, p, "tool.x86_64") == .INSTALLED,
                "[APR-6] YUM: 30 days from the build time; the installed version is approved at once")
        let bugfix = try bl("REDHAT_ENTERPRISE_LINUX", rules: [rule([("CLASSIFICATION", ["Bugfix"])])])
        let notices = [note("RHBA-2025:0001", "bugfix", nil, [new])]
        #expect(Scene(os: .redhatEnterpriseLinux, product: "RedhatEnterpriseLinux8.6", installed: [old], offered: [old, new], notices: notices)
            .state(bugfix, p, "tool.x86_64") == .INSTALLED_OTHER)
        #expect(Scene(os: .redhatEnterpriseLinux, product: "RedhatEnterpriseLinux7.9", installed: [old], offered: [old, new], notices: notices)
            .state(bugfix, p, "tool.x86_64") == .MISSING)
    }

    @Test("[AGT-3] SUSE: a version no patch lists passes a rule without EnableNonSecurity when CLASSIFICATION and SEVERITY are absent or *", arguments: both)
    func suseNoticeless(_ p: EvaluationProfile) throws {
        let old = pkg("tool", "1.0-1"), new = pkg("tool", "1.0-2")
        let scene = Scene(os: .suse, product: "Suse15.3", installed: [old], offered: [old, new])
        #expect(scene.state(try bl("SUSE", rules: [rule([("PRODUCT", ["*"])], days: 360)]), p, "tool.x86_64") == .MISSING, "dated 1970")
        #expect(scene.state(try bl("SUSE", rules: [rule([("CLASSIFICATION", ["Security"])])]), p, "tool.x86_64") == .INSTALLED_OTHER)
    }

    // MARK: [AGT-4]

    @Test("[AGT-4] YUM: INSTALLED when the newest approved offer is at or below the installed version, even if that version is not approved", arguments: both)
    func yumInstalled(_ p: EvaluationProfile) throws {
        let v1 = pkg("tool", "1.0-1"), v2 = pkg("tool", "1.0-2"), v3 = pkg("tool", "1.0-3")
        let b = try bl("AMAZON_LINUX_2", rules: [rule([("CLASSIFICATION", ["Security"])])])
        let notices = [note("N-1", "Security", "Important", [v1])]
        #expect(Scene(os: .amazonLinux2, product: "AmazonLinux2", installed: [v2], offered: [v1, v2, v3], notices: notices).state(b, p, "tool.x86_64") == .INSTALLED)
        #expect(Scene(os: .amazonLinux2, product: "AmazonLinux2", installed: [v2], offered: [v2, v3], notices: []).state(b, p, "tool.x86_64") == .INSTALLED_OTHER)
        #expect(Scene(os: .amazonLinux2, product: "AmazonLinux2", installed: [v1], offered: [v1, v2], notices: [note("N-2", "Security", "Important", [v2])])
            .state(b, p, "tool.x86_64") == .MISSING)
    }

    @Test("[AGT-4] DNF: an up-to-date package is INSTALLED_OTHER unless a notice-free rule or a list entry approves it", arguments: both)
    func dnfInstalledOther(_ p: EvaluationProfile) throws {
        let v1 = pkg("tool", "1.0-1")
        let scene = Scene(os: .redhatEnterpriseLinux, product: "RedhatEnterpriseLinux8.6", installed: [v1], offered: [v1],
                          notices: [note("RHSA-2025:0001", "Security", "Important", [v1])])
        let security = try bl("REDHAT_ENTERPRISE_LINUX", rules: [rule([("CLASSIFICATION", ["Security"])])])
        #expect(scene.state(security, p, "tool.x86_64") == .INSTALLED_OTHER)
        let yum = Scene(os: .redhatEnterpriseLinux, product: "RedhatEnterpriseLinux7.9", installed: [v1], offered: [v1], notices: scene.notices)
        #expect(yum.state(security, p, "tool.x86_64") == .INSTALLED)
        #expect(scene.state(try bl("REDHAT_ENTERPRISE_LINUX", rules: [rule([("PRODUCT", ["*"])], ens: true)]), p, "tool.x86_64") == .INSTALLED)
        let listed = try bl("REDHAT_ENTERPRISE_LINUX", extra: ", \"ApprovedPatches\": [\"tool\"], \"ApprovedPatchesEnableNonSecurity\": true")
        #expect(scene.state(listed, p, "tool.x86_64") == .INSTALLED)
    }

    @Test("[AGT-4] an installed rejected package: INSTALLED_REJECTED on DNF and SUSE under both actions, on YUM and APT only under BLOCK", arguments: [
        (OperatingSystem.amazonLinux2, "AmazonLinux2", "ALLOW_AS_DEPENDENCY", PatchComplianceState.INSTALLED_OTHER),
        (.amazonLinux2, "AmazonLinux2", "BLOCK", .INSTALLED_REJECTED),
        (.amazonLinux2023, "AmazonLinux2023", "ALLOW_AS_DEPENDENCY", .INSTALLED_REJECTED),
        (.amazonLinux2023, "AmazonLinux2023", "BLOCK", .INSTALLED_REJECTED),
        (.suse, "Suse15.3", "ALLOW_AS_DEPENDENCY", .INSTALLED_REJECTED),
        (.suse, "Suse15.3", "BLOCK", .INSTALLED_REJECTED),
        (.debian, "Debian12", "ALLOW_AS_DEPENDENCY", .INSTALLED_OTHER),
        (.debian, "Debian12", "BLOCK", .INSTALLED_REJECTED),
    ])
    func installedRejected(_ c: (OperatingSystem, String, String, PatchComplianceState)) throws {
        let v = c.0 == .debian ? debPkg("tool", "1.0-1", pocket: "bookworm") : pkg("tool", "1.0-1")
        let scene = Scene(os: c.0, product: c.1, installed: [v], offered: [v])
        let b = try bl(c.0.rawValue, extra: ", \"RejectedPatches\": [\"tool\"], \"RejectedPatchesAction\": \"\(c.2)\"")
        let unit = v.identity.unitKey
        for p in both {
            let r = scene.scan(b, p)
            #expect(r.records.first { $0.kbId == unit }?.state == c.3, "\(c.0) \(c.2) \(p)")
            #expect((r.summary.installedRejectedCount == 1) == (c.3 == .INSTALLED_REJECTED))
        }
    }

    @Test("[AGT-4] DNF under BLOCK drops an update whose dependency closure, installed packages included, holds a rejected n-e:v-r.a; YUM reports it MISSING", arguments: both)
    func dnfClosure(_ p: EvaluationProfile) throws {
        let lib = pkg("libfoo", "2.0-1"), old = pkg("bar", "1.0-1"), new = pkg("bar", "2.0-1", requires: [PackageRequirement(name: "libfoo", minimumVersion: lib.version)])
        let notices = [note("N-1", "Security", "Critical", [new])]
        let b = try bl(OperatingSystem.amazonLinux2023.rawValue, rules: [rule([("PRODUCT", ["*"])])],
                       extra: ", \"RejectedPatches\": [\"libfoo-0:2.0-1.x86_64\"], \"RejectedPatchesAction\": \"BLOCK\"")
        let dnf = Scene(os: .amazonLinux2023, product: "AmazonLinux2023", installed: [old], offered: [old, new, lib], notices: notices)
        #expect(dnf.state(b, p, "bar.x86_64") == .INSTALLED_OTHER)
        #expect(dnf.scan(b, p).summary.missingCount == 0)
        // Already installed, the rejected dependency still drops the update.
        let installedDep = Scene(os: .amazonLinux2023, product: "AmazonLinux2023", installed: [old, lib], offered: [old, new, lib], notices: notices)
        #expect(installedDep.state(b, p, "bar.x86_64") == .INSTALLED_OTHER)
        // A bare name is not the n-e:v-r.a spelling DNF's exclude reads.
        let bare = try bl(OperatingSystem.amazonLinux2023.rawValue, rules: [rule([("PRODUCT", ["*"])])],
                          extra: ", \"RejectedPatches\": [\"libfoo-0:1.9-1.x86_64\"], \"RejectedPatchesAction\": \"BLOCK\"")
        #expect(dnf.state(bare, p, "bar.x86_64") == .MISSING)
        let yum = Scene(os: .amazonLinux2, product: "AmazonLinux2", installed: [old], offered: [old, new, lib], notices: notices)
        let yb = try bl("AMAZON_LINUX_2", rules: [rule([("PRODUCT", ["*"])])], extra: ", \"RejectedPatches\": [\"libfoo\"], \"RejectedPatchesAction\": \"BLOCK\"")
        #expect(yum.state(yb, p, "bar.x86_64") == .MISSING)
    }

    @Test("[AGT-4] node ComplianceSeverity: the highest level among non-compliant items, never below INFORMATIONAL", arguments: [
        ("UNSPECIFIED", ComplianceLevel.INFORMATIONAL), ("INFORMATIONAL", .INFORMATIONAL), ("LOW", .LOW), ("CRITICAL", .CRITICAL),
    ])
    func severityFloor(_ c: (String, ComplianceLevel)) throws {
        let old = pkg("tool", "1.0-1"), new = pkg("tool", "1.0-2")
        let scene = Scene(os: .amazonLinux2, product: "AmazonLinux2", installed: [old], offered: [old, new], notices: [note("N-1", "Security", "Low", [new])])
        let b = try bl("AMAZON_LINUX_2", rules: [rule([("PRODUCT", ["*"])], level: c.0)])
        for p in both {
            let r = scene.scan(b, p)
            #expect(r.summary.complianceSeverity == c.1 && r.records.first?.complianceLevel.rawValue == c.0)
        }
        #expect(Scene(os: .amazonLinux2, product: "AmazonLinux2", installed: [new], offered: [old, new]).scan(b, ug).summary.complianceSeverity == .UNSPECIFIED)
    }

    @Test("[AGT-4] MISSING and FAILED records carry the target version in their title and no InstalledTime", arguments: both)
    func targetTitles(_ p: EvaluationProfile) throws {
        let old = pkg("tool", "1.0-1"), new = pkg("tool", "1:1.1-2")
        let scene = Scene(os: .amazonLinux2, product: "AmazonLinux2", installed: [old], offered: [old, new], notices: [note("N-1", "Security", "Low", cves: ["CVE-1"], [new])])
        let b = try bl("AMAZON_LINUX_2", rules: [rule([("PRODUCT", ["*"])])])
        let missing = try #require(scene.scan(b, p).records.first)
        #expect(missing.state == .MISSING && missing.title == "tool.x86_64:1:1.1-2" && missing.installedTime == nil && missing.cveIds == ["CVE-1"])
        let failed = try #require(scene.scan(b, p, failed: ["tool.x86_64"]).records.first)
        #expect(failed.state == .FAILED && failed.title == "tool.x86_64:1:1.1-2" && failed.installedTime == nil)
        let installed = try #require(Scene(os: .amazonLinux2, product: "AmazonLinux2", installed: [new], offered: [old, new], notices: scene.notices).scan(b, p).records.first)
        #expect(installed.state == .INSTALLED && installed.installedTime != nil)
    }

    // MARK: [AGT-5]

    @Test("[AGT-5] Install takes the exact newest approved version, never update-minimal", arguments: both)
    func newestApproved(_ p: EvaluationProfile) throws {
        let v1 = pkg("tool", "1.0-1"), v2 = pkg("tool", "1.0-2"), v3 = pkg("tool", "1.0-3"), v4 = pkg("tool", "1.0-4")
        let scene = Scene(os: .amazonLinux2, product: "AmazonLinux2", installed: [v1], offered: [v1, v2, v3, v4],
                          notices: [note("N-2", "Security", "Critical", [v2]), note("N-3", "Security", "Important", [v3])])
        let b = try bl("AMAZON_LINUX_2", rules: [rule([("CLASSIFICATION", ["Security"])])])
        let (r, node) = scene.run(b, p)
        #expect(r.installed == ["tool.x86_64"] && node.inventory.package(named: "tool", arch: "x86_64")?.version == v3.version)
    }

    @Test("[AGT-5] InstallOverrideList: approved packages left out stay MISSING; only the list's own failures are FAILED; a title narrows the versions", arguments: both)
    func overrideList(_ p: EvaluationProfile) throws {
        let a1 = pkg("alpha", "1.0-1"), a2 = pkg("alpha", "1.0-2"), a3 = pkg("alpha", "1.0-3"), b1 = pkg("beta", "1.0-1"), b2 = pkg("beta", "1.0-2")
        let c1 = pkg("gamma", "1.0-1"), c2 = pkg("gamma", "1.0-2")
        let scene = Scene(os: .amazonLinux2, product: "AmazonLinux2", installed: [a1, b1, c1], offered: [a1, a2, a3, b1, b2, c1, c2],
                          notices: [note("N-1", "Security", "Critical", [a2, a3, b2, c2])])
        let b = try bl("AMAZON_LINUX_2", rules: [rule([("PRODUCT", ["*"])])])
        let list: [InstallOverrideEntry] = [InstallOverrideEntry(id: "alpha.x86_64", title: "*1.0-2"), "gamma*"]
        let (r, node) = scene.run(b, p, overrides: list, faults: [.installFailure("gamma")])
        #expect(node.inventory.package(named: "alpha", arch: "x86_64")?.version == a2.version, "the title picks 1.0-2")
        let states = Dictionary(uniqueKeysWithValues: (r.report.map { Array($0.records) } ?? []).map { ($0.kbId, $0.state) })
        #expect(states["alpha.x86_64"] == .MISSING, "1.0-3 is still approved and missing")
        #expect(states["beta.x86_64"] == .MISSING && states["gamma.x86_64"] == .FAILED && r.failed == ["gamma.x86_64"])
    }

    @Test("[AGT-5] BaselineOverride: none for the node's OS exits 163, two 165, with InstallOverrideList 167")
    func overrideExits() throws {
        let v = pkg("tool", "1.0-1")
        let scene = Scene(os: .amazonLinux2, product: "AmazonLinux2", installed: [v], offered: [v])
        let al2 = try bl("AMAZON_LINUX_2"), centos = try bl("CENTOS")
        var fleet = Fleet(seed: 1)
        fleet.add(ManagedInstance(instanceId: "i-0123456789abcdef0", image: MachineImage(imageId: "ami", os: .amazonLinux2, product: "AmazonLinux2", inventory: Inventory([]))))
        var snapshots = SnapshotStore()
        for (override, code) in [([centos], 163), ([al2, al2], 165)] {
            let r = fleet.runPatchBaseline("i-0123456789abcdef0", parameters: RunPatchBaselineParameters(operation: .Scan, baselineOverride: override),
                                           at: ti("2025-11-10T00:00:00Z"), snapshots: &snapshots)
            #expect(r?.status == .Failed && r?.output.contains("exit status \(code)") == true, "\(r?.output ?? "")")
        }
        let both = RunPatchBaselineParameters(operation: .Install, installOverrideList: ["tool"], baselineOverride: [al2])
        var node = ManagedInstance(instanceId: "i-0123456789abcdef0", image: MachineImage(imageId: "ami", os: .amazonLinux2, product: "AmazonLinux2", inventory: Inventory([])))
        var rng = SeededGenerator(seed: 1)
        let r = RunPatchBaseline(baseline: al2, parameters: both).run(on: &node, content: scene.content, at: ti(scene.at), rng: &rng)
        #expect(r.status == .Failed && r.exitCode == 167 && !r.writesCompliance && r.report == nil)
    }

    @Test("[AGT-5] Zypper: a dependency problem fails every target (rejected packages are locked under both actions); another failed commit uploads no report", arguments: both)
    func zypperTransactions(_ p: EvaluationProfile) throws {
        let lib = pkg("libz", "2.0-1"), a1 = pkg("a", "1.0-1"), a2 = pkg("a", "2.0-1", requires: [PackageRequirement(name: "libz", minimumVersion: lib.version)])
        let b1 = pkg("b", "1.0-1"), b2 = pkg("b", "2.0-1")
        let patch = UpdateNotice(id: "SUSE-SLE-SERVER-15-SP3-2025-1", classification: "Security", severity: "Important",
                                 issued: ti("2025-11-01T00:00:00Z"), updated: ti("2025-11-01T00:00:00Z"), packages: [a2.identity, b2.identity], kind: .susePatch)
        let scene = Scene(os: .suse, product: "Suse15.3", installed: [a1, b1], offered: [a1, a2, b1, b2, lib], notices: [patch])
        let rejecting = try bl("SUSE", rules: [rule([("PRODUCT", ["*"])])], extra: ", \"RejectedPatches\": [\"libz\"]")
        let (r, node) = scene.run(rejecting, p)
        #expect(Set(r.failed) == ["a.x86_64", "b.x86_64"] && r.installed.isEmpty && node.inventory.package(named: "b", arch: "x86_64")?.version == b1.version)
        #expect(r.report?.summary.failedCount == 2 && r.writesCompliance)
        let plain = try bl("SUSE", rules: [rule([("PRODUCT", ["*"])])])
        let (broken, _) = scene.run(plain, p, faults: [.installFailure("b")])
        #expect(broken.status == .Failed && broken.report == nil && !broken.writesCompliance)
    }

    @Test("[AGT-5] APT refuses an upgrade that would break an installed package: that package ends FAILED", arguments: both)
    func aptBreaks(_ p: EvaluationProfile) throws {
        let lib1 = debPkg("libfoo", "1.0-1", pocket: "bookworm"), lib2 = debPkg("libfoo", "1.0-1+deb12u1", pocket: "bookworm-security")
        let tool = debPkg("tool", "1.0-1", pocket: "bookworm", requires: [PackageRequirement(alternatives: [.init(name: "libfoo", relation: .equal, version: lib1.version)])])
        let scene = Scene(os: .debian, product: "Debian12", installed: [lib1, tool], offered: [lib1, lib2, tool])
        let b = try bl("DEBIAN", rules: [rule([("PRODUCT", ["*"])])])
        let (r, node) = scene.run(b, p)
        #expect(r.failed == ["libfoo.amd64"] && node.inventory.package(named: "libfoo", arch: "amd64")?.version == lib1.version, "\(r.output)")
    }

    @Test("[AGT-5] reboots: YUM whenever a transaction ran, DNF whenever an install was attempted (even if all failed), APT and Zypper only after a successful commit", arguments: [
        (OperatingSystem.amazonLinux2, "AmazonLinux2", true), (.amazonLinux2023, "AmazonLinux2023", true), (.suse, "Suse15.3", false), (.debian, "Debian12", false),
    ])
    func reboots(_ c: (OperatingSystem, String, Bool)) throws {
        let deb = c.0 == .debian
        let old = deb ? debPkg("tool", "1.0-1", pocket: "bookworm") : pkg("tool", "1.0-1")
        let new = deb ? debPkg("tool", "1.0-1+deb12u1", pocket: "bookworm-security") : pkg("tool", "1.0-2")
        let n = c.0 == .suse ? UpdateNotice(id: "SUSE-SLE-1", classification: "Security", severity: "Important", issued: ti("2025-11-01T00:00:00Z"),
                                            updated: ti("2025-11-01T00:00:00Z"), packages: [new.identity], kind: .susePatch)
                             : note("N-1", "Security", "Important", [new])
        let scene = Scene(os: c.0, product: c.1, installed: [old], offered: [old, new], notices: deb ? [] : [n])
        let b = try bl(c.0.rawValue, rules: [rule([("PRODUCT", ["*"])])])
        for p in both {
            let (failed, _) = scene.run(b, p, faults: [.installFailure("tool")])
            #expect(failed.rebooted == c.2 && failed.installed.isEmpty, "\(c.0) \(p)")
            let (ok, _) = scene.run(b, p)
            #expect(ok.rebooted && ok.installed == [new.identity.unitKey])
        }
    }

    @Test("[AGT-5] LastNoRebootInstallOperationTime is set by every Install with NoReboot, even one that installs nothing", arguments: both)
    func noRebootTime(_ p: EvaluationProfile) throws {
        let v = pkg("tool", "1.0-1")
        let (r, node) = Scene(os: .amazonLinux2, product: "AmazonLinux2", installed: [v], offered: [v]).run(try bl("AMAZON_LINUX_2"), p, .Install, .NoReboot)
        #expect(r.installed.isEmpty && node.record.lastNoRebootInstallOperationTime == ti("2025-11-10T00:00:00Z"))
        let (_, scanned) = Scene(os: .amazonLinux2, product: "AmazonLinux2", installed: [v], offered: [v]).run(try bl("AMAZON_LINUX_2"), p, .Scan, .NoReboot)
        #expect(scanned.record.lastNoRebootInstallOperationTime == nil)
    }

    // MARK: [AGT-6]

    @Test("[AGT-6] APT: the candidate alone under user-guide; every newer version by descending version string under agent-1.80")
    func aptVersionString() throws {
        let installed = debPkg("tool", "1.0-1ubuntu2.8", pocket: "focal")
        let security = debPkg("tool", "1.0-1ubuntu2.9", pocket: "focal-security"), updates = debPkg("tool", "1.0-1ubuntu2.10", pocket: "focal-updates")
        let scene = Scene(os: .ubuntu, product: "Ubuntu20.04", installed: [installed], offered: [installed, security, updates])
        let b = try bl("UBUNTU", rules: [rule([("PRODUCT", ["*"])])])
        #expect(scene.state(b, ug, "tool.amd64") == .INSTALLED_OTHER, "[APR-8] the candidate 2.10 is not in the security pocket")
        let r = try #require(scene.scan(b, agent).records.first)
        #expect(r.state == .MISSING && r.title == "tool.amd64:1.0-1ubuntu2.9", "'2.9' sorts above '2.10' as a string")
    }

    @Test("[AGT-6] YUM gets the rejected list as exclude under both actions: under ALLOW_AS_DEPENDENCY an update needing a rejected package fails every target")
    func yumExclude() throws {
        let lib = pkg("libfoo", "2.0-1"), barOld = pkg("bar", "1.0-1"), barNew = pkg("bar", "2.0-1", requires: [PackageRequirement(name: "libfoo", minimumVersion: lib.version)])
        let zOld = pkg("zed", "1.0-1"), zNew = pkg("zed", "1.0-2")
        let scene = Scene(os: .amazonLinux2, product: "AmazonLinux2", installed: [barOld, zOld], offered: [barOld, barNew, lib, zOld, zNew],
                          notices: [note("N-1", "Security", "Critical", [barNew, zNew])])
        let b = try bl("AMAZON_LINUX_2", rules: [rule([("PRODUCT", ["*"])])], extra: ", \"RejectedPatches\": [\"libfoo*\"]")
        let (u, un) = scene.run(b, ug)
        #expect(u.failed.isEmpty && un.inventory.package(named: "libfoo", arch: "x86_64") != nil, "[LST-9] #45: installed as a dependency")
        let (a, an) = scene.run(b, agent)
        #expect(Set(a.failed) == ["bar.x86_64", "zed.x86_64"] && an.inventory.package(named: "zed", arch: "x86_64")?.version == zOld.version)
    }

    @Test("[AGT-6] YUM compares filter values case-sensitively with the notice's title-cased value")
    func yumCase() throws {
        let old = pkg("tool", "1.0-1"), new = pkg("tool", "1.0-2")
        let scene = Scene(os: .amazonLinux2, product: "AmazonLinux2", installed: [old], offered: [old, new], notices: [note("N-1", "security", "important", [new])])
        for (values, ugHit, agentHit) in [(["Security"], true, true), (["SECURITY"], true, false), (["security"], true, false)] {
            let b = try bl("AMAZON_LINUX_2", rules: [rule([("CLASSIFICATION", values), ("SEVERITY", ["Important"])])])
            #expect((scene.state(b, ug, "tool.x86_64") == .MISSING) == ugHit && (scene.state(b, agent, "tool.x86_64") == .MISSING) == agentHit, "\(values)")
        }
        // DNF is not YUM: case-insensitive under both.
        let dnf = Scene(os: .amazonLinux2023, product: "AmazonLinux2023", installed: [old], offered: [old, new], notices: scene.notices)
        let upper = try bl("AMAZON_LINUX_2023", rules: [rule([("CLASSIFICATION", ["SECURITY"])])])
        #expect(dnf.state(upper, agent, "tool.x86_64") == .MISSING)
    }

    @Test("[AGT-6] DNF and zypper order versions by version-release without the epoch under agent-1.80")
    func epochs() throws {
        let installed = pkg("tool", "1:1.0-1"), offered = pkg("tool", "0:2.0-1")
        for (os, product) in [(OperatingSystem.amazonLinux2023, "AmazonLinux2023"), (.suse, "Suse15.3")] {
            let n = UpdateNotice(id: "N-1", classification: "Security", severity: "Important", issued: ti("2025-11-01T00:00:00Z"),
                                 updated: ti("2025-11-01T00:00:00Z"), packages: [offered.identity], kind: os == .suse ? .susePatch : .updateinfo)
            let scene = Scene(os: os, product: product, installed: [installed], offered: [installed, offered], notices: [n])
            let b = try bl(os.rawValue, rules: [rule([("PRODUCT", ["*"])])])
            #expect(scene.state(b, ug, "tool.x86_64") != .MISSING, "\(os): epoch 1 wins natively")
            #expect(scene.state(b, agent, "tool.x86_64") == .MISSING, "\(os): 2.0-1 > 1.0-1 without epochs")
        }
        let yum = Scene(os: .amazonLinux2, product: "AmazonLinux2", installed: [installed], offered: [installed, offered], notices: [note("N-1", "Security", "Important", [offered])])
        #expect(yum.state(try bl("AMAZON_LINUX_2", rules: [rule([("PRODUCT", ["*"])])]), agent, "tool.x86_64") != .MISSING)
    }
}
