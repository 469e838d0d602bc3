import Testing
@testable import PatchBaselines
@testable import PatchModel
@testable import PatchWorld

/// Per OS family: Scan, Install (NoReboot), Scan, reboot, Scan — and Install
/// (RebootIfNeeded) — on a generated repository, with the states and counts of
/// [RBT-1] and [CMP-3] at each step.
@Suite("Install lifecycle per OS family on generated repositories")
struct FamilyLifecycleTests {
    static let end = Instant(year: 2026, month: 12, day: 1)

    static func setup(_ os: OperatingSystem, _ product: String) throws -> (ManagedInstance, AvailableContent, PatchBaseline) {
        let start = Instant(year: 2026, month: 11, day: 1)
        let profile = RepositoryProfile(os: os, product: product, packageCount: 120, meanDaysBetweenUpdates: 15,
                                        historyStart: os == .windows ? Instant(year: 2026, month: 6, day: 1) : nil, start: start, end: end)
        let out = RepositoryGenerator(profile: profile, seed: 3).generate()
        var content = AvailableContent()
        for r in out.repositories {
            let s = r.snapshot(at: end)
            content.packages += s.packages
            content.notices += s.notices
            content.windowsUpdates += s.windowsUpdates
        }
        let firstKB = content.windowsUpdates.min { $0.kb < $1.kb }.map { Set([$0.kb]) } ?? []
        let image = MachineImage(imageId: "ami-\(product)", os: os, product: product, inventory: out.baseInventory, installedKBs: firstKB)
        let node = ManagedInstance(instanceId: "i-\(product)", image: image)
        // Approve everything offered at once: the lifecycle, not the rules, is under test.
        let rule = PatchRule(PatchFilterGroup(os == .windows ? [PatchFilter(key: .PATCH_SET, values: ["OS"])] : []),
                             approveAfterDays: 0, enableNonSecurity: true)
        let baseline = PatchBaseline(baselineId: "pb-everything-0000000", name: "everything", operatingSystem: os, approvalRules: [rule])
        return (node, content, baseline)
    }

    static let families: [(OperatingSystem, String)] = [
        (.amazonLinux2, "AmazonLinux2"), (.redhatEnterpriseLinux, "RedhatEnterpriseLinux8.6"), (.suse, "Suse15.3"),
        (.ubuntu, "Ubuntu20.04"), (.debian, "Debian12"), (.windows, "WindowsServer2019"), (.macOS, "BigSur11.4"),
    ]

    @Test("NoReboot: pending until a reboot and a Scan", arguments: families)
    func noReboot(_ c: (OperatingSystem, String)) throws {
        var (node, content, baseline) = try Self.setup(c.0, c.1)
        var rng = SeededGenerator(seed: 9)
        var installedUnits = 0
        var busyUntil = Instant.epoch
        func run(_ op: RunPatchBaselineParameters.Operation, _ reboot: RunPatchBaselineParameters.RebootOption, _ planned: Instant) -> ScanResult? {
            let t = max(planned, busyUntil.adding(seconds: 60))  // the next run starts after the previous ended
            let r = RunPatchBaseline(baseline: baseline, parameters: RunPatchBaselineParameters(operation: op, rebootOption: reboot))
                .run(on: &node, content: content, at: t, rng: &rng)
            busyUntil = r.endTime
            installedUnits += Set(r.installed).count
            return r.report
        }
        let scan = try #require(run(.Scan, .NoReboot, Self.end))
        let missing = scan.summary.missingCount
        #expect(missing > 0, "nothing to patch on \(c.1)")
        let install = try #require(run(.Install, .NoReboot, Self.end.adding(seconds: 3600)))
        #expect(install.summary.missingCount == 0 && install.summary.failedCount == 0)
        // Every unit Patch Manager installed, dependencies included (a new kernel ABI package on APT), waits for a reboot.
        #expect(install.summary.installedPendingRebootCount == installedUnits && installedUnits >= missing)
        #expect(install.summary.complianceStatus == "NON_COMPLIANT")
        #expect(node.record.lastNoRebootInstallOperationTime == install.summary.operationStartTime && node.reboots == 0)
        let again = try #require(run(.Scan, .NoReboot, Self.end.adding(seconds: 7200)))
        #expect(again.summary.installedPendingRebootCount == installedUnits)
        node.reboot(at: busyUntil.adding(seconds: 600))
        let after = try #require(run(.Scan, .NoReboot, busyUntil.adding(seconds: 1200)))
        #expect(after.summary.installedPendingRebootCount == 0 && after.summary.missingCount == 0)
        #expect(after.summary.complianceStatus == "COMPLIANT")
    }

    @Test("RebootIfNeeded: installs, reboots, reports INSTALLED", arguments: families)
    func rebootIfNeeded(_ c: (OperatingSystem, String)) throws {
        var (node, content, baseline) = try Self.setup(c.0, c.1)
        var rng = SeededGenerator(seed: 9)
        let r = RunPatchBaseline(baseline: baseline, parameters: RunPatchBaselineParameters(operation: .Install))
            .run(on: &node, content: content, at: Self.end, rng: &rng)
        #expect(r.status == .Success && r.rebooted && !r.installed.isEmpty)
        #expect(r.report?.summary.complianceStatus == "COMPLIANT" && r.report?.summary.installedPendingRebootCount == 0)
        #expect(node.reboots >= 1)
        #expect(r.endTime > r.startTime)  // operations take simulated time
        // The run's time is the family's table: one scan, one step per unit installed, one per reboot.
        let t = OperationTiming.standard(for: c.0.family), n = Int64(r.installed.count), b = Int64(node.reboots)
        let least = t.scan.seconds + n * t.installPerPatch.seconds + b * t.reboot.seconds
        let most = least + Int64(t.scan.jitter - 1) + n * Int64(t.installPerPatch.jitter - 1) + b * Int64(t.reboot.jitter - 1)
        let took = r.endTime.secondsSinceEpoch - r.startTime.secondsSinceEpoch
        #expect((least...most).contains(took), "\(c.1): \(took) s for \(n) installs and \(b) reboots")
    }

    @Test("per-family durations: a Windows Update search and each KB take longer than a yum scan and package; an image may pin them")
    func timingTable() {
        let yum = OperationTiming.standard(for: .yumDNF), windows = OperationTiming.standard(for: .windows)
        #expect(windows.scan.seconds > yum.scan.seconds && windows.installPerPatch.seconds > yum.installPerPatch.seconds)
        #expect(windows.reboot.seconds > yum.reboot.seconds)
        for family in PackageFamily.allCases {
            let t = OperationTiming.standard(for: family)
            #expect([t.scan, t.installPerPatch, t.reboot].allSatisfy { $0.seconds > 0 && $0.jitter > 0 }, "\(family)")
        }
        let pinned = OperationTiming(scan: .init(seconds: 10, jitter: 0), installPerPatch: .init(seconds: 1, jitter: 0), reboot: .init(seconds: 5, jitter: 0))
        let image = MachineImage(imageId: "ami-pinned", os: .amazonLinux2, product: "AmazonLinux2", inventory: Inventory([]), timing: pinned)
        #expect(image.timing == pinned)
        #expect(MachineImage(imageId: "ami-w", os: .windows, product: "WindowsServer2019", inventory: Inventory([])).timing == windows)
    }
}
