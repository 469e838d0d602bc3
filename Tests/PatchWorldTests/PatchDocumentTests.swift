import Testing
@testable import PatchBaselines
@testable import PatchModel
@testable import PatchWorld

@Suite("Patch documents: WithHooks, Association, concurrent runs")
struct PatchDocumentTests {
    func world() -> AL2World {
        let olds = ["a", "b"].map { rpmP($0, "1-1") }, news = ["a", "b"].map { rpmP($0, "1-2") }
        return AL2World(installed: olds, available: news, notices: [securityNotice("N", news)])
    }

    @Test("FLT-10 a second run during the first fails with the yum lock message; the first is unaffected")
    func concurrent() {
        var w = world()
        let first = w.run(.Install, .NoReboot)
        #expect(first.status == .Success)
        let second = w.run(.Scan, at: "2025-11-10T00:00:30Z")  // the first is still installing
        #expect(second.status == .Failed && second.output.contains("another process has acquired yum lock"))
        #expect(w.store.patchCompliance[w.node.instanceId]?.summary.operation == "Install")
    }

    @Test("[OP-4] WithHooks Install: Scan, pre-install hook, Install NoReboot, post-install hook, reboot and report, on-exit hook")
    func hooksInstall() {
        var w = world()
        let doc = RunPatchBaselineWithHooks(baseline: w.baseline, operation: .Install)
        let o = doc.run(on: &w.node, content: w.content, at: ti("2025-11-10T00:00:00Z"), rng: &w.rng)
        #expect(o.steps.map(\.0) == ["Scan", "PreInstallHook", "InstallNoReboot", "PostInstallHook", "RebootAndReport", "OnExitHook"])
        #expect(o.status == .Success && o.runs.count == 3 && w.node.reboots == 1)
        // The last upload wins: the reboot-and-report run, everything INSTALLED.
        #expect(o.runs.last?.report?.summary.installedCount == 2 && o.runs.last?.report?.summary.complianceStatus == "COMPLIANT")
    }

    @Test("scheduling.md §6 #65 [OP-4] nothing missing and nothing pending: straight to the on-exit hook")
    func hooksNothingToDo() {
        var w = world()
        _ = w.run(.Install)
        w.node.busyUntil = nil
        let o = RunPatchBaselineWithHooks(baseline: w.baseline, operation: .Install)
            .run(on: &w.node, content: w.content, at: ti("2025-11-11T00:00:00Z"), rng: &w.rng)
        #expect(o.steps.map(\.0) == ["Scan", "OnExitHook"])
    }

    @Test("scheduling.md §6 #66 [OP-4] NoReboot skips the reboot step; a failing pre-install hook jumps to the on-exit hook; an old agent fails")
    func hooksVariants() {
        var w = world()
        let noReboot = RunPatchBaselineWithHooks(baseline: w.baseline, operation: .Install, rebootOption: .NoReboot)
            .run(on: &w.node, content: w.content, at: ti("2025-11-10T00:00:00Z"), rng: &w.rng)
        #expect(noReboot.steps.map(\.0) == ["Scan", "PreInstallHook", "InstallNoReboot", "PostInstallHook", "OnExitHook"])
        #expect(w.node.reboots == 0)

        var v = world()
        var failing = RunPatchBaselineWithHooks(baseline: v.baseline, operation: .Install)
        failing.preInstallHook = "Drain-Node"
        failing.failingHooks = ["Drain-Node"]
        let f = failing.run(on: &v.node, content: v.content, at: ti("2025-11-10T00:00:00Z"), rng: &v.rng)
        #expect(f.status == .Failed && f.steps.map(\.0) == ["Scan", "PreInstallHook", "OnExitHook"] && v.node.reboots == 0)

        var old = world()
        old.node.agentVersion = "3.0.431.0"
        #expect(RunPatchBaselineWithHooks(baseline: old.baseline, operation: .Scan)
            .run(on: &old.node, content: old.content, at: ti("2025-11-10T00:00:00Z"), rng: &old.rng).status == .Failed)
    }

    @Test("scheduling.md §6 #71 [OP-3] Association: per-association compliance only, EC2 only, BaselineTags matching two baselines fails")
    func association() throws {
        var w = world()
        var registry = BaselineRegistry()
        try registry.create(w.baseline, tags: ["Env": "prod"])
        let doc = RunPatchBaselineAssociation(registry: registry, associationId: "a-1", operation: .Scan, baselineTags: (key: "Env", values: ["prod"]))
        let r = doc.run(on: &w.node, content: w.content, at: ti("2025-11-10T00:00:00Z"), rng: &w.rng, store: &w.store)
        #expect(r.status == .Success && w.store.associationCompliance[w.node.instanceId]?["a-1"] == "NON_COMPLIANT")
        #expect(w.store.patchCompliance.isEmpty)

        var hybrid = world()
        hybrid.node.platform = .onPremises
        #expect(doc.run(on: &hybrid.node, content: hybrid.content, at: ti("2025-11-10T00:00:00Z"), rng: &hybrid.rng, store: &hybrid.store).status == .Failed)

        var twice = registry
        var copy = w.baseline
        copy.baselineId = "pb-all-security-000001"
        try twice.create(copy, tags: ["Env": "prod"])
        var n = world()
        let ambiguous = RunPatchBaselineAssociation(registry: twice, associationId: "a-2", operation: .Scan, baselineTags: (key: "Env", values: ["prod"]))
        #expect(ambiguous.run(on: &n.node, content: n.content, at: ti("2025-11-10T00:00:00Z"), rng: &n.rng, store: &n.store).status == .Failed)
    }
}

@Suite("Seeded fault injection")
struct FaultProfileTests {
    @Test("faults drawn per instance are deterministic, independent and near their rates")
    func rates() {
        var profile = FaultProfile()
        profile.varFull = 0.1
        profile.repositoriesUnreachable = 0.3
        let ids = (0..<10_000).map { "i-\($0)" }
        let a = ids.map { profile.draw(instanceId: $0, seed: 42) }
        #expect(a == ids.map { profile.draw(instanceId: $0, seed: 42) })
        let full = a.filter { $0.contains(.varFull) }.count, repos = a.filter { $0.contains(.repositoriesUnreachable) }.count
        #expect((800...1200).contains(full) && (2700...3300).contains(repos), "\(full) \(repos)")
        // Changing one probability leaves the other fault's draws as they were.
        var other = profile
        other.varFull = 0.5
        #expect(ids.map { other.draw(instanceId: $0, seed: 42).contains(.repositoriesUnreachable) } == a.map { $0.contains(.repositoriesUnreachable) })
    }
}
