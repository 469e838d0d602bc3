import Testing
import PatchBaselines
import PatchModel
@testable import PatchWorld

/// Amazon Linux 2 Kernel Live Patching ([KLP-1], baselines.md §7.10).
@Suite("Kernel Live Patching (AL2)")
struct KernelLivePatchingTests {
    static func notice(_ id: String, _ p: AvailablePackage, cves: [String], severity: String = "Important", type: String = "Security") -> UpdateNotice {
        UpdateNotice(id: id, classification: type, severity: severity, issued: ti("2025-11-01T00:00:00Z"), updated: ti("2025-11-01T00:00:00Z"),
                     cveIds: cves, packages: [p.identity])
    }

    /// Kernel 4.14.200-1 running with its live patches installed up to `patchedTo`; kernel
    /// 4.14.201-1 fixes CVE-A and CVE-B; live patch 1.0-1 fixes A, 1.0-2 fixes B.
    static func world(patchedTo: String) -> AL2World {
        let kernel = rpmP("kernel", "4.14.200-1.amzn2"), newer = rpmP("kernel", "4.14.201-1.amzn2")
        let name = "kernel-livepatch-4.14.200-1"
        let lp0 = rpmP(name, "1.0-0.amzn2"), lp1 = rpmP(name, "1.0-1.amzn2"), lp2 = rpmP(name, "1.0-2.amzn2")
        let installed = [kernel, rpmP(name, patchedTo)]
        return AL2World(installed: installed, available: [newer, lp0, lp1, lp2],
                        notices: [notice("ALAS2-2025-1", newer, cves: ["CVE-A", "CVE-B"]),
                                  notice("ALAS2LIVEPATCH-2025-1", lp1, cves: ["CVE-A"]),
                                  notice("ALAS2LIVEPATCH-2025-2", lp2, cves: ["CVE-B"], severity: "Critical")])
    }

    @Test("[KLP-1] [AGT-5] live patches at the newer kernel's fix level: Scan and Install NoReboot report it INSTALLED, no install time, nothing installed; Install RebootIfNeeded installs it and reboots")
    func livePatchedKernelIsInstalled() throws {
        var w = Self.world(patchedTo: "1.0-2.amzn2")
        let scan = try #require(w.run(.Scan).report)
        let kernel = try #require(scan.records.first { $0.kbId == "kernel.x86_64" })
        #expect(kernel.state == .INSTALLED && kernel.installedTime == nil && kernel.title.contains("4.14.201-1.amzn2"))
        #expect(scan.summary.complianceStatus == "COMPLIANT")
        let install = w.run(.Install, .NoReboot, at: "2025-11-11T00:00:00Z")
        #expect(install.status == .Success && install.installed.isEmpty && !install.rebooted)
        #expect(w.node.inventory.package(named: "kernel", arch: "x86_64")?.version == rpmP("kernel", "4.14.200-1.amzn2").version)
        let reboot = w.run(.Install, .RebootIfNeeded, at: "2025-11-12T00:00:00Z")
        #expect(reboot.status == .Success && reboot.installed == ["kernel.x86_64"] && reboot.rebooted)
        #expect(w.node.inventory.package(named: "kernel", arch: "x86_64")?.version == rpmP("kernel", "4.14.201-1.amzn2").version)
        #expect(reboot.report?.records.first { $0.kbId == "kernel.x86_64" }?.state == .INSTALLED)
    }

    @Test("[KLP-1] live patches short of the newer kernel's fixes: both are MISSING, and the Install takes the newer kernel")
    func partlyLivePatched() throws {
        var w = Self.world(patchedTo: "1.0-1.amzn2")
        let scan = try #require(w.run(.Scan).report)
        #expect(scan.records.first { $0.kbId == "kernel.x86_64" }?.state == .MISSING)
        #expect(scan.records.first { $0.kbId == "kernel-livepatch-4.14.200-1.x86_64" }?.state == .MISSING)
        let install = w.run(.Install, .NoReboot, at: "2025-11-11T00:00:00Z")
        #expect(install.installed.contains("kernel.x86_64") && install.installed.contains("kernel-livepatch-4.14.200-1.x86_64"), "\(install.installed) \(install.output)")
    }

    @Test("[KLP-1] the live-patch package is named after the running kernel without its dist tag")
    func naming() {
        #expect(KernelLivePatch.packageName(forKernel: rpmP("kernel", "4.14.165-131.185.amzn2").identity.version) == "kernel-livepatch-4.14.165-131.185")
        #expect(rpmP("kernel", "4.14.165-131.184.amzn2").identity.version < KernelLivePatch.minimumKernel)
        #expect(!(rpmP("kernel", "4.14.165-131.185.amzn2").identity.version < KernelLivePatch.minimumKernel))
    }

    /// A fleet with one AL2 repository offering kernels 4.14.100-1 and 4.14.200-1 and the
    /// live-patch base package of 4.14.200-1.
    static func fleet(kernel: String, os: OperatingSystem = .amazonLinux2) -> Fleet {
        var repo = Repository(name: "amzn2-core", os: .amazonLinux2, products: ["AmazonLinux2"])
        let start = ti("2025-10-01T00:00:00Z")
        for p in [rpmP("kernel", "4.14.100-1.amzn2"), rpmP("kernel", "4.14.200-1.amzn2"), rpmP("kernel-livepatch-4.14.200-1", "1.0-0.amzn2")] {
            repo.publish(p, at: start)
        }
        var fleet = Fleet(seed: 1)
        fleet.repositories = [repo]
        let image = MachineImage(imageId: "ami-1", os: os, product: os == .amazonLinux2 ? "AmazonLinux2" : "AmazonLinux2023",
                                 inventory: Inventory([InstalledPackage(identity: rpmP("kernel", kernel).identity)]))
        fleet.add(ManagedInstance(instanceId: "i-0000000000000000a", image: image))
        return fleet
    }

    @Test("[KLP-1] enabling on a kernel older than 4.14.165-131.185 installs the latest kernel and reboots; then its live-patch base")
    func enableOnOldKernel() throws {
        var fleet = Self.fleet(kernel: "4.14.100-1.amzn2")
        let at = ti("2025-11-01T00:00:00Z")
        #expect(fleet.configureKernelLivePatching("i-0000000000000000a", enable: true, at: at) == .enabled(rebooted: true))
        let node = try #require(fleet.instances["i-0000000000000000a"])
        #expect(node.reboots == 1 && node.bootTime == at && node.kernelLivePatching)
        #expect(node.inventory.package(named: "kernel", arch: "x86_64")?.version == rpmP("kernel", "4.14.200-1.amzn2").version)
        #expect(node.inventory.package(named: "kernel-livepatch-4.14.200-1", arch: "x86_64") != nil)
    }

    @Test("[KLP-1] enabling on a recent kernel changes nothing but the plugin; disabling removes the live patches and reboots")
    func enableThenDisable() throws {
        var fleet = Self.fleet(kernel: "4.14.200-1.amzn2")
        let id = "i-0000000000000000a"
        #expect(fleet.configureKernelLivePatching(id, enable: true, at: ti("2025-11-01T00:00:00Z")) == .enabled(rebooted: false))
        #expect(fleet.instances[id]?.reboots == 0 && fleet.instances[id]?.inventory.count == 2)
        #expect(fleet.configureKernelLivePatching(id, enable: true, at: ti("2025-11-02T00:00:00Z")) == .unchanged)
        let enabledKey = fleet.instances[id]?.inventoryKey
        #expect(fleet.configureKernelLivePatching(id, enable: false, at: ti("2025-11-03T00:00:00Z")) == .disabled)
        let node = try #require(fleet.instances[id])
        #expect(node.reboots == 1 && !node.kernelLivePatching && node.inventory.count == 1)
        // Back to the image's software: the same key as a node that never enabled it.
        #expect(node.inventoryKey == "ami-1" && enabledKey != "ami-1")
    }

    @Test("[KLP-1] other OSs cannot enable it")
    func unsupported() {
        var fleet = Self.fleet(kernel: "6.1.100-1.amzn2023", os: .amazonLinux2023)
        guard case .unsupported = fleet.configureKernelLivePatching("i-0000000000000000a", enable: true, at: ti("2025-11-01T00:00:00Z")) else {
            Issue.record("AL2023 accepted Kernel Live Patching")
            return
        }
    }

    @Test("[KLP-1] generated live patches: only within three months of their kernel's release; the next kernel ships their CVEs")
    func generated() throws {
        var profile = RepositoryProfile(os: .amazonLinux2, product: "AmazonLinux2", packageCount: 5, kernelUpdatesPerMonth: 1,
                                        start: ti("2025-01-01T00:00:00Z"), end: ti("2025-12-31T00:00:00Z"))
        profile.kernelLivePatches = true
        let repo = try #require(RepositoryGenerator(profile: profile, seed: 9).generate().repositories.first)
        let snapshot = repo.snapshot(at: ti("2025-12-31T00:00:00Z"))
        let kernels = snapshot.packages.filter { $0.name == "kernel" }
        let patches = snapshot.packages.filter { KernelLivePatch.isLivePatch($0.name) }
        #expect(kernels.count > 3 && patches.count > kernels.count)
        // Every live-patch package belongs to a kernel that exists.
        let names = Set(kernels.compactMap { KernelLivePatch.packageName(forKernel: $0.version) })
        #expect(patches.allSatisfy { names.contains($0.name) })
        // At most 90 days of two-weekly patches after the base version: releases 0...6.
        #expect(patches.allSatisfy { p in
            guard case let .rpm(v) = p.version, let n = Int((v.release ?? "").split(separator: ".").first ?? "") else { return false }
            return (0...6).contains(n)
        })
        let livePatchCVEs = Set(snapshot.notices.filter { $0.id.hasPrefix("ALAS2LIVEPATCH-") }.flatMap(\.cveIds))
        let kernelNotices = snapshot.notices.filter { n in n.packages.contains { $0.name == "kernel" } }
        #expect(!livePatchCVEs.isEmpty && kernelNotices.contains { !$0.cveIds.isEmpty && Set($0.cveIds).isSubset(of: livePatchCVEs) })
        // Without the option the repository is exactly what it was.
        profile.kernelLivePatches = false
        let plain = try #require(RepositoryGenerator(profile: profile, seed: 9).generate().repositories.first).snapshot(at: ti("2025-12-31T00:00:00Z"))
        #expect(plain.packages.filter { KernelLivePatch.isLivePatch($0.name) }.isEmpty)
        #expect(plain.packages.filter { !KernelLivePatch.isLivePatch($0.name) }.count == snapshot.packages.filter { !KernelLivePatch.isLivePatch($0.name) }.count)
    }
}
