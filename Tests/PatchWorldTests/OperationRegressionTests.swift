import Testing
@testable import PatchBaselines
@testable import PatchModel
@testable import PatchWorld

func ti(_ s: String) -> Instant { Instant(iso8601: s) ?? .epoch }

func rpmP(_ name: String, _ evr: String, requires: [PackageRequirement] = []) -> AvailablePackage {
    AvailablePackage(identity: PackageIdentity(name: name, arch: "x86_64", version: .rpm(RPMVersion(parsing: evr) ?? RPMVersion(version: "0"))),
                     repository: "amzn2-core", requires: requires)
}

func debP(_ name: String, _ v: String, pocket: String) -> AvailablePackage {
    AvailablePackage(identity: PackageIdentity(name: name, arch: "amd64", version: .deb(DebianVersion(lenient: v) ?? DebianVersion(upstream: "0"))),
                     repository: pocket, debian: DebianPackageFields(priority: "optional", section: "python", archive: pocket))
}

func securityNotice(_ id: String, _ pkgs: [AvailablePackage], updated: String = "2025-11-01T00:00:00Z") -> UpdateNotice {
    UpdateNotice(id: id, classification: "Security", severity: "Critical", issued: ti(updated), updated: ti(updated), packages: pkgs.map(\.identity))
}

/// An Amazon Linux 2 node with `installed`, offered `available`, under an "approve all
/// security at once" baseline (or `baseline`).
struct AL2World {
    var node: ManagedInstance
    var content: AvailableContent
    var baseline: PatchBaseline
    var rng = SeededGenerator(seed: 1)
    var store = ComplianceStore()

    init(installed: [AvailablePackage], available: [AvailablePackage], notices: [UpdateNotice],
         rejected: [String] = [], action: RejectedPatchesAction = .ALLOW_AS_DEPENDENCY, faults: Set<InjectedFault> = []) {
        let image = MachineImage(imageId: "ami-al2", os: .amazonLinux2, product: "AmazonLinux2",
                                 inventory: Inventory(installed.map { InstalledPackage(identity: $0.identity) }))
        node = ManagedInstance(instanceId: "i-0123456789abcdef0", image: image, faults: faults)
        content = AvailableContent(packages: installed + available, notices: notices)
        baseline = PatchBaseline(baselineId: "pb-all-security-000000", name: "all-security", operatingSystem: .amazonLinux2,
                                 approvalRules: [PatchRule(PatchFilterGroup([PatchFilter(key: .PRODUCT, values: ["*"])]), approveAfterDays: 0)],
                                 rejectedPatches: rejected.map { .package($0) }, rejectedPatchesAction: action)
    }

    mutating func run(_ op: RunPatchBaselineParameters.Operation, _ reboot: RunPatchBaselineParameters.RebootOption = .RebootIfNeeded,
                      at: String = "2025-11-10T00:00:00Z", overrideList: [InstallOverrideEntry]? = nil, baselineOverride: [PatchBaseline]? = nil) -> OperationResult {
        let params = RunPatchBaselineParameters(operation: op, rebootOption: reboot, installOverrideList: overrideList, baselineOverride: baselineOverride)
        let r = RunPatchBaseline(baseline: baselineOverride?.first ?? baseline, parameters: params).run(on: &node, content: content, at: ti(at), rng: &rng)
        store.record(r, instanceId: node.instanceId)
        return r
    }

    func state(_ r: OperationResult, _ unit: String) -> PatchComplianceState? {
        r.report?.records.first { $0.kbId == unit }?.state
    }
}

@Suite("Regression cases decided by operations (baselines.md §10)")
struct OperationRegressionTests {
    @Test("#44 [LNX-1 step 8] versions 1.1 and 1.2 approved, 1.0 installed: Install goes to 1.2")
    func case44() {
        let v10 = rpmP("foo", "1.0-1"), v11 = rpmP("foo", "1.1-1"), v12 = rpmP("foo", "1.2-1")
        var w = AL2World(installed: [v10], available: [v11, v12], notices: [securityNotice("N1", [v11]), securityNotice("N2", [v12])])
        let r = w.run(.Install)
        #expect(r.status == .Success && w.node.inventory.package(named: "foo", arch: "x86_64")?.version == v12.version)
        #expect(w.state(r, "foo.x86_64") == .INSTALLED)
    }

    func dependencyWorld(_ action: RejectedPatchesAction, libfooInstalled: Bool = false) -> AL2World {
        let libOld = rpmP("libfoo", "1.0-1"), libNew = rpmP("libfoo", "2.0-1")
        let barOld = rpmP("bar", "1.0-1"), barNew = rpmP("bar", "2.0-1", requires: [PackageRequirement(name: "libfoo", minimumVersion: libNew.version)])
        return AL2World(installed: [barOld] + (libfooInstalled ? [libOld] : []), available: [barNew, libNew],
                        notices: [securityNotice("N1", [barNew])], rejected: ["libfoo-*"], action: action)
    }

    @Test("#45 [LST-9] ALLOW_AS_DEPENDENCY: bar and the rejected libfoo are installed; libfoo INSTALLED_OTHER")
    func case45() {
        var w = dependencyWorld(.ALLOW_AS_DEPENDENCY)
        let r = w.run(.Install)
        #expect(r.installed.sorted() == ["bar.x86_64", "libfoo.x86_64"])
        #expect(w.state(r, "bar.x86_64") == .INSTALLED && w.state(r, "libfoo.x86_64") == .INSTALLED_OTHER)
        #expect(r.report?.summary.installedRejectedCount == 0 && r.report?.summary.complianceStatus == "COMPLIANT")
    }

    @Test("#46 [LST-9] BLOCK: Scan says bar MISSING; Install fails bar and never installs libfoo")
    func case46() {
        var w = dependencyWorld(.BLOCK)
        #expect(w.state(w.run(.Scan), "bar.x86_64") == .MISSING)
        let r = w.run(.Install, at: "2025-11-10T01:00:00Z")
        #expect(r.status == .Failed && r.exitCode != 0)
        #expect(w.state(r, "bar.x86_64") == .FAILED && w.node.inventory.packages(named: "libfoo").isEmpty)
        #expect(r.report?.records.contains { $0.state == .MISSING } == false)  // an Install report has no MISSING
    }

    @Test("#56 (scheduling.md §6 #67) [OVR-2] BaselineOverride with InstallOverrideList: the document fails, compliance unchanged")
    func case56() {
        var w = dependencyWorld(.ALLOW_AS_DEPENDENCY)
        _ = w.run(.Scan)
        let stored = w.store.patchCompliance[w.node.instanceId]?.summary
        let r = w.run(.Install, overrideList: ["bar.x86_64"], baselineOverride: [w.baseline])
        #expect(r.status == .Failed && r.report == nil && r.installed.isEmpty)
        #expect(w.store.patchCompliance[w.node.instanceId]?.summary == stored)
    }

    func threePatches() -> AL2World {
        let olds = ["a", "b", "c"].map { rpmP($0, "1-1") }, news = ["a", "b", "c"].map { rpmP($0, "1-2") }
        return AL2World(installed: olds, available: news, notices: [securityNotice("N", news)])
    }

    @Test("#58 (scheduling.md §6 #62) [RBT-1] NoReboot: 3 pending, NON_COMPLIANT until reboot + Scan")
    func case58() {
        var w = threePatches()
        let install = w.run(.Install, .NoReboot)
        #expect(install.report?.summary.installedPendingRebootCount == 3 && install.report?.summary.complianceStatus == "NON_COMPLIANT")
        #expect(w.node.record.lastNoRebootInstallOperationTime == ti("2025-11-10T00:00:00Z") && !install.rebooted)
        let scan = w.run(.Scan, at: "2025-11-10T01:00:00Z")
        #expect(scan.report?.summary.installedPendingRebootCount == 3 && scan.report?.summary.complianceStatus == "NON_COMPLIANT")
        w.node.reboot(at: ti("2025-11-10T02:00:00Z"))
        #expect(w.store.patchCompliance[w.node.instanceId]?.summary.complianceStatus == "NON_COMPLIANT")  // a reboot writes nothing
        let after = w.run(.Scan, at: "2025-11-10T03:00:00Z")
        #expect(after.report?.summary.installedCount == 3 && after.report?.summary.complianceStatus == "COMPLIANT")
    }

    @Test("#59 #60 (scheduling.md §6 #63) [RBT-1] RebootIfNeeded reboots for pending patches; with nothing installed or pending it does not")
    func cases59and60() {
        var w = threePatches()
        _ = w.run(.Install, .NoReboot)
        let again = w.run(.Install, at: "2025-11-11T00:00:00Z")
        #expect(again.installed.isEmpty && again.rebooted && again.report?.summary.installedCount == 3)
        let quiet = w.run(.Install, at: "2025-11-12T00:00:00Z")
        #expect(!quiet.rebooted && w.node.reboots == 1)
    }

    @Test("#61 [CMP-1] a patch installed by hand is INSTALLED, never pending reboot")
    func case61() {
        var w = threePatches()
        w.node.install(rpmP("a", "1-2").identity, at: ti("2025-11-09T00:00:00Z"))
        #expect(w.state(w.run(.Scan), "a.x86_64") == .INSTALLED)
    }

    @Test("#64 [CMP-7] the last scan wins, whichever baseline produced it")
    func case64() {
        var w = threePatches()
        _ = w.run(.Scan, at: "2025-11-10T02:00:00Z")
        let other = PatchBaseline(baselineId: "pb-nothing-approved-00", name: "nothing", operatingSystem: .amazonLinux2)
        let params = RunPatchBaselineParameters(operation: .Scan)
        let r = RunPatchBaseline(baseline: other, parameters: params).run(on: &w.node, content: w.content, at: ti("2025-11-10T04:00:00Z"), rng: &w.rng)
        w.store.record(r, instanceId: w.node.instanceId)
        #expect(w.store.patchCompliance[w.node.instanceId]?.summary.baselineId == "pb-nothing-approved-00")
        #expect(w.store.patchCompliance[w.node.instanceId]?.summary.missingCount == 0)
    }

    @Test("#65 #66 [OVR-1] override installs skip the baseline: unapproved glibc INSTALLED_OTHER; a BLOCKed package is installed and then INSTALLED_REJECTED")
    func cases65and66() {
        let old = rpmP("glibc", "2.26-1"), new = rpmP("glibc", "2.26-2")
        var w = AL2World(installed: [old], available: [new], notices: [])
        let r = w.run(.Install, overrideList: ["glibc*"])
        #expect(r.installed == ["glibc.x86_64"])
        #expect(w.state(w.run(.Scan, at: "2025-11-11T00:00:00Z"), "glibc.x86_64") == .INSTALLED_OTHER)
        var blocked = AL2World(installed: [old], available: [new], notices: [securityNotice("N", [new])], rejected: ["glibc-*"], action: .BLOCK)
        _ = blocked.run(.Install, overrideList: ["glibc.x86_64"])
        #expect(blocked.node.inventory.package(named: "glibc", arch: "x86_64")?.version == new.version)
        #expect(blocked.state(blocked.run(.Scan, at: "2025-11-11T00:00:00Z"), "glibc.x86_64") == .INSTALLED_REJECTED)
    }

    @Test("#70 #71 [SNP-1] a snapshot id freezes the baseline for 3 days, then a fresh one is built")
    func cases70and71() {
        var store = SnapshotStore()
        let v1 = PatchBaseline(baselineId: "pb-edited-0000000000", name: "v1", operatingSystem: .amazonLinux2)
        var v2 = v1
        v2.name = "v2"
        #expect(store.baseline(snapshotId: "9f8a7b6c-0000-4000-8000-000000000001", current: v1, at: ti("2025-11-10T00:00:00Z")).name == "v1")
        #expect(store.baseline(snapshotId: "9f8a7b6c-0000-4000-8000-000000000001", current: v2, at: ti("2025-11-12T00:00:00Z")).name == "v1")
        #expect(store.baseline(snapshotId: "9f8a7b6c-0000-4000-8000-000000000001", current: v2, at: ti("2025-11-14T00:00:01Z")).name == "v2")
    }

    @Test("#73 [LNX-1] yum.conf excludes are not honoured")
    func case73() {
        let old = rpmP("kernel", "4.14.1-1"), new = rpmP("kernel", "4.14.2-1")
        var w = AL2World(installed: [old], available: [new], notices: [securityNotice("N", [new])])
        w.node.yumExcludes = ["kernel*"]
        #expect(w.run(.Install).installed == ["kernel.x86_64"])
    }

    @Test("#74 [PRE-1] agent 2.0.833.0: fails, compliance unchanged")
    func case74() {
        var w = threePatches()
        w.node.agentVersion = "2.0.833.0"
        let r = w.run(.Scan)
        #expect(r.status == .Failed && w.store.patchCompliance.isEmpty)
    }

    @Test("#75 [PRE-4] Ubuntu without Python 3: exit 1 and the Apt message")
    func case75() {
        let image = MachineImage(imageId: "ami-ubuntu", os: .ubuntu, product: "Ubuntu20.04", inventory: Inventory([]))
        var node = ManagedInstance(instanceId: "i-ubuntu", image: image, pythonVersion: "2.7")
        var rng = SeededGenerator(seed: 1)
        let r = RunPatchBaseline(baseline: PredefinedBaselines.defaultBaseline(for: .ubuntu)!, parameters: RunPatchBaselineParameters(operation: .Scan))
            .run(on: &node, content: AvailableContent(), at: ti("2025-11-10T00:00:00Z"), rng: &rng)
        #expect(r.status == .Failed && r.exitCode == 1 && r.output.contains("Apt requires Python3 to be installed."))
    }

    @Test("#76 [PRE-8] Windows without Windows Update: all counts -1, exit 4294967295, stored")
    func case76() {
        let image = MachineImage(imageId: "ami-win", os: .windows, product: "WindowsServer2019", inventory: Inventory([]))
        var node = ManagedInstance(instanceId: "i-win", image: image, faults: [.windowsUpdateUnreachable])
        var rng = SeededGenerator(seed: 1)
        var store = ComplianceStore()
        let r = RunPatchBaseline(baseline: PredefinedBaselines.defaultBaseline(for: .windows)!, parameters: RunPatchBaselineParameters(operation: .Scan))
            .run(on: &node, content: AvailableContent(), at: ti("2025-11-10T00:00:00Z"), rng: &rng)
        #expect(r.exitCode == 4_294_967_295 && r.output.contains("0x80072EE2"))
        store.record(r, instanceId: node.instanceId)
        #expect(store.patchCompliance["i-win"]?.summary.missingCount == -1 && store.patchCompliance["i-win"]?.summary.installedCount == -1)
    }

    @Test("#79 [APR-4] a notice dated before its package reaches the repository: installed the day it arrives if the delay has passed")
    func case79() {
        let old = rpmP("foo", "1-1"), new = rpmP("foo", "1-2")
        var repo = Repository(name: "amzn2-core", os: .amazonLinux2)
        repo.publish(old, at: ti("2025-01-01T00:00:00Z"))
        repo.publish(new, at: ti("2025-07-13T00:00:00Z"))
        repo.publish(securityNotice("N", [new], updated: "2025-07-07T00:00:00Z"), at: ti("2025-07-07T00:00:00Z"))
        var w = AL2World(installed: [old], available: [], notices: [])
        w.baseline.approvalRules[0].approveAfterDays = 7
        for (day, expected) in [("2025-07-12T12:00:00Z", 0), ("2025-07-14T00:00:00Z", 1)] {
            let snap = repo.snapshot(at: ti(day))
            w.content = AvailableContent(packages: snap.packages, notices: snap.notices)
            #expect(w.run(.Install, at: day).installed.count == expected, "\(day)")
        }
    }

    @Test("#33 #80 [LNX-1] Ubuntu upgrades python3-apt first on every operation, Scan included; it reports INSTALLED_OTHER")
    func cases33and80() {
        let old = debP("python3-apt", "2.0.0", pocket: "focal"), new = debP("python3-apt", "2.0.1", pocket: "focal-updates")
        let image = MachineImage(imageId: "ami-ubuntu", os: .ubuntu, product: "Ubuntu20.04", inventory: Inventory([InstalledPackage(identity: old.identity)]))
        var node = ManagedInstance(instanceId: "i-ubuntu", image: image)
        var rng = SeededGenerator(seed: 1)
        let r = RunPatchBaseline(baseline: PredefinedBaselines.defaultBaseline(for: .ubuntu)!, parameters: RunPatchBaselineParameters(operation: .Scan))
            .run(on: &node, content: AvailableContent(packages: [old, new]), at: ti("2025-11-10T00:00:00Z"), rng: &rng)
        #expect(node.inventory.package(named: "python3-apt", arch: "amd64")?.version == new.version)
        #expect(r.report?.records.first?.state == .INSTALLED_OTHER && !r.rebooted)
    }

    @Test("FLT-20 an install failure: FAILED, invocation Failed, the rest installed")
    func installFailure() {
        var w = threePatches()
        w.node.faults = [.installFailure("b")]
        let r = w.run(.Install)
        #expect(r.status == .Failed && r.failed == ["b.x86_64"] && r.installed.sorted() == ["a.x86_64", "c.x86_64"])
        #expect(w.state(r, "b.x86_64") == .FAILED && r.report?.summary.failedCount == 1)
        // The next Scan reports it MISSING again (FAILED only describes the latest Install).
        #expect(w.state(w.run(.Scan, at: "2025-11-11T00:00:00Z"), "b.x86_64") == .MISSING)
    }

    @Test("prerequisite failures show their documented symptom and write nothing", arguments: [
        (InjectedFault.s3Unreachable, Int64(156), "Unable to download payload"),
        (.varFull, 155, "Unable to extract tar file"),
        (.noexecMount, 126, "Permission denied"),
        (.repositoriesUnreachable, 1, "[Errno 256] No more mirrors to try."),
    ])
    func faults(_ c: (InjectedFault, Int64, String)) {
        var w = threePatches()
        w.node.faults = [c.0]
        let r = w.run(.Install)
        #expect(r.status == .Failed && r.exitCode == c.1 && r.output.contains(c.2))
        #expect(w.store.patchCompliance.isEmpty && r.installed.isEmpty)
    }

    @Test("FLT-41 Microsoft application patching on a Standard-tier hybrid node fails, counts as an error, writes nothing", arguments: [
        (InstancePlatform.onPremises, InstanceTier.Standard, true, false),
        (.edge, .Standard, true, false),
        (.onPremises, .Advanced, true, true),
        (.ec2, .Standard, true, true),
        (.onPremises, .Standard, false, true),
    ])
    func applicationPatchingTier(_ c: (InstancePlatform, InstanceTier, Bool, Bool)) throws {
        let (platform, tier, applications, succeeds) = c
        let image = MachineImage(imageId: "ami-win", os: .windows, product: "WindowsServer2019", inventory: Inventory([]))
        var node = ManagedInstance(instanceId: platform == .ec2 ? "i-0000000000000000a" : "mi-0000000000000000a", image: image, platform: platform)
        node.instanceTier = tier
        let name = applications ? "AWS-WindowsPredefinedPatchBaseline-OS-Applications" : "AWS-WindowsPredefinedPatchBaseline-OS"
        let baseline = try #require(PredefinedBaselines.all.first { $0.name == name })
        #expect(baseline.patchesApplications == applications)
        var rng = SeededGenerator(seed: 1)
        var store = ComplianceStore()
        let r = RunPatchBaseline(baseline: baseline, parameters: RunPatchBaselineParameters(operation: .Scan))
            .run(on: &node, content: AvailableContent(), at: ti("2025-11-10T00:00:00Z"), rng: &rng)
        store.record(r, instanceId: node.instanceId)
        #expect((r.status == .Success) == succeeds)
        #expect(r.output.contains("UnsupportedFeatureRequiredException") == !succeeds)
        #expect(store.patchCompliance.isEmpty == !succeeds)
    }

    @Test("same seed, same events, byte for byte")
    func deterministic() {
        func runOnce() -> [PatchEvent] {
            var w = threePatches()
            return w.run(.Install).events + w.run(.Scan, at: "2025-11-11T00:00:00Z").events
        }
        #expect(runOnce() == runOnce())
    }
}

@Suite("Remaining regression cases (baselines.md §10)")
struct RemainingRegressionTests {
    @Test("#77 [LNX-1] Debian 8: jessie-backports disabled and the Stretch key imported, then both undone, on every run")
    func case77() throws {
        let image = MachineImage(imageId: "ami-jessie", os: .debian, product: "Debian8", inventory: Inventory([]))
        var node = ManagedInstance(instanceId: "i-jessie", image: image, pythonVersion: "3.4")
        var rng = SeededGenerator(seed: 1)
        let b = try #require(PredefinedBaselines.defaultBaseline(for: .debian))
        for day in ["2025-11-10T00:00:00Z", "2025-11-11T00:00:00Z"] {
            let r = RunPatchBaseline(baseline: b, parameters: RunPatchBaselineParameters(operation: .Scan))
                .run(on: &node, content: AvailableContent(), at: ti(day), rng: &rng)
            let steps = r.events.filter { $0.kind == "NodeConfiguration" }.map(\.detail)
            #expect(steps == ["commented out /etc/apt/sources.list.d/jessie-backports", "imported the Stretch security signing key",
                              "restored /etc/apt/sources.list.d/jessie-backports", "removed the Stretch security signing key"])
        }
    }

    @Test("#72 [KLP-1][MD-1] a live patch fixing Important and Critical CVEs reports Critical")
    func case72() throws {
        let old = rpmP("kernel-livepatch-4.14.165-131.185", "1.0-0.amzn2"), new = rpmP("kernel-livepatch-4.14.165-131.185", "1.0-1.amzn2")
        let important = UpdateNotice(id: "ALAS2LIVEPATCH-2025-001", classification: "Security", severity: "Important",
                                     issued: ti("2025-11-01T00:00:00Z"), updated: ti("2025-11-01T00:00:00Z"), cveIds: ["CVE-2025-1"], packages: [new.identity])
        var critical = important
        critical.id = "ALAS2LIVEPATCH-2025-002"
        critical.severity = "Critical"
        critical.cveIds = ["CVE-2025-2"]
        var w = AL2World(installed: [old], available: [new], notices: [important, critical])
        w.baseline = try #require(PredefinedBaselines.defaultBaseline(for: .amazonLinux2))
        let record = try #require(w.run(.Scan, at: "2025-11-10T00:00:00Z").report?.records.first)
        #expect(record.state == .MISSING && record.severity == "Critical" && record.cveIds == ["CVE-2025-1", "CVE-2025-2"])
    }

    @Test("#78 [MD-2] void by [AGT-3]: querying AL2023 compliance by Medium returns Medium records only, case-insensitively")
    func case78() {
        func rec(_ kb: String, _ severity: String) -> PatchComplianceRecord {
            PatchComplianceRecord(title: kb, kbId: kb, classification: "Security", severity: severity, state: .MISSING,
                                  installedTime: nil, cveIds: [], complianceLevel: .UNSPECIFIED, isSecurity: true)
        }
        let records = [rec("a", "Medium"), rec("b", "Moderate"), rec("c", "Important"), rec("d", "medium")]
        #expect(ComplianceQuery.records(records, severity: "Medium").map(\.kbId) == ["a", "d"])
        #expect(ComplianceQuery.records(records, severity: "moderate").map(\.kbId) == ["b"])
    }
}

@Suite("Snapshots per patch group ([SNP-1])")
struct SnapshotKeyTests {
    @Test("one SnapshotId serves different patch groups and OSs with their own baselines")
    func perGroup() {
        var store = SnapshotStore()
        let a = PatchBaseline(baselineId: "pb-group-a-0000000000", name: "a", operatingSystem: .amazonLinux2)
        let b = PatchBaseline(baselineId: "pb-group-b-0000000000", name: "b", operatingSystem: .amazonLinux2)
        let id = "9f8a7b6c-0000-4000-8000-000000000002"
        #expect(store.baseline(snapshotId: id, patchGroup: "A", current: a, at: ti("2025-11-10T00:00:00Z")).name == "a")
        #expect(store.baseline(snapshotId: id, patchGroup: "B", current: b, at: ti("2025-11-10T00:00:01Z")).name == "b")
        #expect(store.baseline(snapshotId: id, patchGroup: "A", current: b, at: ti("2025-11-10T00:00:02Z")).name == "a")
    }
}
