import Foundation
import PatchBaselines
import PatchModel
import PatchScheduling
import PatchWorld
import Testing

private func at(_ iso: String) -> Instant { Instant(iso8601: iso) ?? .epoch }

/// A custom AL2 baseline that approves every update at once.
private func approveAll(_ id: String, name: String) -> PatchBaseline {
    PatchBaseline(baselineId: id, name: name, operatingSystem: .amazonLinux2,
                  approvalRules: [PatchRule(PatchFilterGroup([PatchFilter(key: .PRODUCT, values: ["*"])]), approveAfterDays: 0)])
}

private func policy(_ schedule: String, created: String, nextInterval: Bool = false, baseline: String,
                    operation: PatchPolicy.PatchOperation = .Scan) throws -> PatchPolicy {
    PatchPolicy(name: "web-policy", created: at(created), operation: operation,
                scan: try AssociationSchedule(schedule, created: at(created), applyOnlyAtCronInterval: nextInterval),
                install: nil, rebootOption: .RebootIfNeeded, rateControl: try RateControl(maxConcurrency: "10%", maxErrors: "2%"),
                targets: .tag(key: "PatchGroup", value: "web"), baselineIds: [.amazonLinux2: baseline], seed: 1)
}

private func scanTask() throws -> WindowTask {
    try WindowTask(windowTaskId: "scan", windowTargetIds: ["e32eecb2-646c-4f4b-8ed1-205fbEXAMPLE"], maxConcurrency: "100%", maxErrors: "1",
                   parameters: RunPatchBaselineParameters(operation: .Scan))
}

@Suite("Association schedules ([SCH-11])")
struct AssociationScheduleTests {
    @Test("accepted and rejected association schedules", arguments: [
        ("cron(0 1 * * ? *)", true), ("cron(0 2 ? * SUN *)", true), ("cron(0 0 ? * THU#2 *)", true), ("cron(0 3 ? * 6L *)", true),
        ("cron(0 */30 * * * ? *)", true), ("cron(0 0/4 * * ? *)", true), ("cron(0 0/12 * * ? *)", true), ("rate(30 minutes)", true),
        ("rate(30 days)", true),
        ("cron(0 2 1 * ? *)", false),        // a day of the month
        ("cron(0 2 * 1 ? *)", false),        // a month
        ("cron(0 0/3 * * ? *)", false),      // every 3 hours is not a choice
        ("cron(30 0 2 * * ? *)", false),     // seconds other than 0
        ("cron(0 2 ? * MON,WED *)", false),  // two weekdays
        ("cron(0 2 * * ? 2027)", false),     // a year
        ("rate(15 minutes)", false), ("rate(31 days)", false), ("at(2026-11-01T02:00:00)", false),
    ])
    func validation(_ expression: String, _ valid: Bool) {
        let made = (try? AssociationSchedule(expression, created: at("2026-11-01T00:00:00Z"))) != nil
        #expect(made == valid, "\(expression)")
    }

    @Test("a new association runs at once, then on schedule; ApplyOnlyAtCronInterval waits, and is refused with rate")
    func firstRun() throws {
        let now = try AssociationSchedule("cron(0 1 * * ? *)", created: at("2026-11-01T12:00:00Z"))
        #expect(now.runs(until: at("2026-11-03T00:00:00Z")) == [at("2026-11-01T12:00:00Z"), at("2026-11-02T01:00:00Z")])
        let wait = try AssociationSchedule("cron(0 1 * * ? *)", created: at("2026-11-01T12:00:00Z"), applyOnlyAtCronInterval: true)
        #expect(wait.runs(until: at("2026-11-03T00:00:00Z")) == [at("2026-11-02T01:00:00Z")])
        let rate = try AssociationSchedule("rate(12 hours)", created: at("2026-11-01T00:00:00Z"))
        #expect(rate.runs(until: at("2026-11-02T00:00:00Z")) == [at("2026-11-01T00:00:00Z"), at("2026-11-01T12:00:00Z"), at("2026-11-02T00:00:00Z")])
        #expect(throws: ScheduleError.self) { try AssociationSchedule("rate(12 hours)", created: .epoch, applyOnlyAtCronInterval: true) }
    }

    @Test("a policy's copy of an edited baseline syncs at the next whole hour")
    func syncInstant() {
        #expect(PatchPolicy.syncInstant(afterEditAt: at("2026-11-03T10:30:00Z")) == at("2026-11-03T11:00:00Z"))
        #expect(PatchPolicy.syncInstant(afterEditAt: at("2026-11-03T11:00:00Z")) == at("2026-11-03T12:00:00Z"))
    }
}

@Suite("The timeline: policies, windows and timed events (scheduling.md §6)")
struct TimelineTests {
    @Test("#61 policy scan 02:00 (A), window scan 04:00 (B), Patch now 06:00: the last writer's record stands")
    func case61() throws {
        var fleet = patchFleet(nodes: 3)
        try fleet.registry.create(approveAll("pb-0a0000000000000000a", name: "baseline-A"))
        try fleet.registry.create(approveAll("pb-0b0000000000000000b", name: "baseline-B"))
        try fleet.registry.register(patchGroup: "web", baselineId: "pb-0b0000000000000000b")
        let p = try policy("cron(0 2 * * ? *)", created: "2025-11-01T00:00:00Z", nextInterval: true, baseline: "pb-0a0000000000000000a")
        let w = try window("cron(0 4 * * ? *)", created: "2025-11-01T00:00:00Z", duration: 2, cutoff: 1, tasks: [try scanTask()])
        let patchNow = TimedEvent(at: at("2025-11-01T06:00:00Z"), name: "now", action: .patchNow(.allManagedNodes, .Scan, .NoReboot))
        var seen: [(String, String)] = []
        let checkpoints = ["2025-11-01T03:00:00Z", "2025-11-01T05:00:00Z", "2025-11-01T07:00:00Z"].map(at)
        let history = FleetSimulation(windows: [w], policies: [p], events: [patchNow])
            .simulate(fleet: &fleet, until: at("2025-11-01T08:00:00Z"), checkpoints: checkpoints) { _, f, _ in
                let id = "i-0000000000000000"
                seen.append((f.compliance.patchCompliance[id]?.summary.baselineId ?? "none", f.compliance.executionType(id)?.rawValue ?? "none"))
            }
        #expect(seen.map(\.0) == ["pb-0a0000000000000000a", "pb-0b0000000000000000b", "pb-0b0000000000000000b"])
        #expect(seen.map(\.1) == ["PatchPolicy", "Command", "Command"])
        #expect(history.associationExecutions.count == 1 && history.windowExecutions.count == 1 && history.commands.count == 1)
        #expect(history.commands[0].result.count(.Success) == 3)
    }

    @Test("FLT-17: a deleted custom baseline reaches the policy at the next hourly sync; its runs then fail and write nothing")
    func deletedBaseline() throws {
        var fleet = patchFleet(nodes: 2)
        try fleet.registry.create(approveAll("pb-0a0000000000000000a", name: "baseline-A"))
        let p = try policy("rate(30 minutes)", created: "2025-11-01T10:00:00Z", baseline: "pb-0a0000000000000000a")
        let delete = TimedEvent(at: at("2025-11-01T10:40:00Z"), name: "delete", action: .deleteBaseline("pb-0a0000000000000000a"))
        let history = FleetSimulation(windows: [], policies: [p], events: [delete]).simulate(fleet: &fleet, until: at("2025-11-01T11:00:00Z"))
        // 10:00 (at creation) and 10:30 still have the copy; the 11:00 sync comes before the 11:00 run.
        #expect(history.associationExecutions.map(\.status) == ["Success", "Success", "Failed"])
        #expect(history.actions.map(\.outcome) == ["OK"])
        let written = fleet.compliance.patchCompliance["i-0000000000000000"]?.summary.operationStartTime
        #expect(written == at("2025-11-01T10:30:00Z"))
    }

    @Test("#53 a window disabled at its start leaves no record; enabled again, it runs")
    func case53() throws {
        var fleet = patchFleet(nodes: 2)
        let w = try window("cron(0 2 * * ? *)", created: "2025-11-01T00:00:00Z", tasks: [try scanTask()])
        let events = [TimedEvent(at: at("2025-11-01T12:00:00Z"), name: "off", action: .setWindowEnabled(windowId: w.windowId, false)),
                      TimedEvent(at: at("2025-11-02T12:00:00Z"), name: "on", action: .setWindowEnabled(windowId: w.windowId, true))]
        let history = FleetSimulation(windows: [w], events: events).simulate(fleet: &fleet, until: at("2025-11-04T00:00:00Z"))
        #expect(history.windowExecutions.map(\.start) == [at("2025-11-01T02:00:00Z"), at("2025-11-03T02:00:00Z")])
    }

    @Test("#52 CancelMaintenanceWindowExecution while P0 runs and P1 waits: P0 completes, P1 never starts, CANCELLED; a cancel after the end does nothing")
    func case52() throws {
        var fleet = patchFleet(nodes: 6)
        let target = "e32eecb2-646c-4f4b-8ed1-205fbEXAMPLE"
        // P0 installs one node at a time (minutes each), so it is still running at 02:05.
        let p0 = try WindowTask(windowTaskId: "p0-install", windowTargetIds: [target], priority: 0, maxConcurrency: "1", maxErrors: "0",
                                parameters: RunPatchBaselineParameters(operation: .Install, rebootOption: .NoReboot))
        let p1 = try WindowTask(windowTaskId: "p1-scan", windowTargetIds: [target], priority: 1, maxConcurrency: "100%", maxErrors: "0",
                                parameters: RunPatchBaselineParameters(operation: .Scan))
        let w = try window("cron(0 2 * * ? *)", created: "2025-11-01T00:00:00Z", tasks: [p0, p1])
        let events = [TimedEvent(at: at("2025-11-01T02:05:00Z"), name: "cancel", action: .cancelWindowExecution(windowId: w.windowId, windowExecutionId: nil)),
                      TimedEvent(at: at("2025-11-02T23:00:00Z"), name: "late", action: .cancelWindowExecution(windowId: w.windowId, windowExecutionId: nil))]
        let history = FleetSimulation(windows: [w], events: events).simulate(fleet: &fleet, until: at("2025-11-03T00:00:00Z"))
        let first = history.windowExecutions[0]
        #expect(first.status == .CANCELLED && first.end > at("2025-11-01T02:05:00Z"))
        #expect(first.tasks.map(\.status) == [.SUCCESS, .CANCELLED])
        #expect(first.tasks[0].invocations[0].command.count(.Success) == 6 && first.tasks[1].invocations.isEmpty)
        #expect(history.windowExecutions[1].status == .SUCCESS && history.windowExecutions[1].tasks.map(\.status) == [.SUCCESS, .SUCCESS])
        #expect(history.actions.map(\.failed) == [false, true] && history.actions[1].outcome.contains("already ended SUCCESS"))
    }

    @Test("[MW-2] a tag added by CreateTags makes a node a target of the next execution; StopInstances makes it Delivery Timed Out")
    func tagsAndStops() throws {
        var fleet = patchFleet(nodes: 2)
        fleet.retag("i-0000000000000001", tags: [:])
        let w = try window("cron(0 2 * * ? *)", created: "2025-11-01T00:00:00Z", tasks: [try scanTask()])
        let events = [
            TimedEvent(at: at("2025-11-01T12:00:00Z"), name: "tag", action: .createTags(
                NodeSelector(target: try WindowTarget(windowTargetId: "e", targets: [(key: "InstanceIds", values: ["i-0000000000000001"])]), managedOnly: false),
                ["PatchGroup": "web"])),
            TimedEvent(at: at("2025-11-02T12:00:00Z"), name: "stop", action: .setRunning(
                NodeSelector(target: try WindowTarget(windowTargetId: "e", targets: [(key: "tag:PatchGroup", values: ["web"])]), managedOnly: false), false)),
        ]
        let history = FleetSimulation(windows: [w], events: events).simulate(fleet: &fleet, until: at("2025-11-04T00:00:00Z"))
        let commands = history.windowExecutions.map { $0.tasks[0].invocations[0].command }
        #expect(commands.map(\.targetCount) == [1, 2, 2])
        #expect(commands[2].count(.deliveryTimedOut) == 2 && history.windowExecutions[2].status == .TIMED_OUT)
    }

    @Test("[PRE-7] a repository offline fails runs as FLT-8 and leaves the record; back online, runs succeed")
    func repositoryOutage() throws {
        var fleet = patchFleet(nodes: 1)
        fleet.repositories[0].setReachable(false, at: at("2025-11-01T12:00:00Z"))
        fleet.repositories[0].setReachable(true, at: at("2025-11-02T12:00:00Z"))
        let w = try window("cron(0 2 * * ? *)", created: "2025-11-01T00:00:00Z", tasks: [try scanTask()])
        let history = FleetSimulation(windows: [w]).simulate(fleet: &fleet, until: at("2025-11-04T00:00:00Z"))
        #expect(history.windowExecutions.map(\.status) == [.SUCCESS, .FAILED, .SUCCESS])
        #expect(fleet.events.contains { $0.kind == "OperationFailed" && $0.detail.contains("No more mirrors") })
    }
}

@Suite("Baseline edits while a command runs (case 68)")
struct MidCommandEditTests {
    /// 50 nodes scanned one at a time (about an hour); at +30 min the baseline starts rejecting package `a`.
    static func run(window: Bool) throws -> [(start: Instant, missing: Int)] {
        var fleet = patchFleet(nodes: 50)
        let baseline = approveAll("pb-0123456789abcdef1", name: "web-all")
        try fleet.registry.create(baseline)
        try fleet.registry.register(patchGroup: "web", baselineId: baseline.baselineId)
        var edited = baseline
        edited.rejectedPatches = [.package("a*")]
        let s = at("2025-11-04T02:00:00Z")
        var events = [TimedEvent(at: s.adding(seconds: 1800), name: "edit", action: .updateBaseline(edited))]
        var windows: [MaintenanceWindow] = []
        let scan = RunPatchBaselineParameters(operation: .Scan)
        if window {
            windows = [try MaintenanceWindow.testWindow(tasks: [try WindowTask(windowTaskId: "scan", windowTargetIds: ["e32eecb2-646c-4f4b-8ed1-205fbEXAMPLE"],
                                                                                maxConcurrency: "1", maxErrors: "0", parameters: scan)])]
        } else {
            events.append(TimedEvent(at: s, name: "send", action: .sendCommand(
                NodeSelector(target: try WindowTarget(windowTargetId: "all", targets: [(key: "tag:PatchGroup", values: ["web"])])), scan,
                try RateControl(maxConcurrency: "1", maxErrors: "0"), timeoutSeconds: PatchCommand.defaultTimeoutSeconds)))
        }
        _ = FleetSimulation(windows: windows, events: events).simulate(fleet: &fleet, until: at("2025-11-05T00:00:00Z"))
        return fleet.compliance.patchCompliance.values.map { ($0.summary.operationStartTime, $0.summary.missingCount) }.sorted { $0.start < $1.start }
    }

    @Test("#68 a window execution evaluates all 50 nodes against the snapshot taken at first use; Run Command without SnapshotId uses the new rules from the edit on")
    func edit() throws {
        let edit = at("2025-11-04T02:30:00Z")
        let windowed = try Self.run(window: true)
        #expect(windowed.count == 50 && windowed.allSatisfy { $0.missing == 2 } && windowed.contains { $0.start >= edit })
        let sent = try Self.run(window: false)
        #expect(sent.count == 50 && sent.contains { $0.start < edit } && sent.contains { $0.start >= edit })
        #expect(sent.allSatisfy { $0.missing == ($0.start < edit ? 2 : 1) }, "\(sent.map { "\($0.start) \($0.missing)" })")
    }
}

extension MaintenanceWindow {
    /// The Tuesday 02:00 window over tag PatchGroup=web the tests share.
    static func testWindow(tasks: [WindowTask]) throws -> MaintenanceWindow {
        try window("cron(0 2 ? * TUE *)", created: "2025-11-01T00:00:00Z", tasks: tasks)
    }
}

@Suite("UpdateMaintenanceWindow of the schedule (cases 16, 24)")
struct ScheduleUpdateTests {
    @Test("#24 an invalid expression is rejected at update and the stored window keeps running on its schedule; #16 a valid rate is anchored at the update",
          arguments: ["cron(0 2 * * TUE *)", "cron(0 2 ? * 8 *)", "rate(4 minutes)", "rate(1 days)", "cron(0/1 * * * ? *)"])
    func update(invalid: String) throws {
        var fleet = patchFleet(nodes: 1)
        let w = try window("cron(0 2 * * ? *)", created: "2025-11-01T00:00:00Z", tasks: [try scanTask()])
        let events = [
            TimedEvent(at: at("2025-11-02T12:00:00Z"), name: "bad", action: .updateWindowSchedule(windowId: w.windowId, schedule: invalid, timeZone: nil, offsetDays: nil)),
            TimedEvent(at: at("2025-11-04T12:00:00Z"), name: "good", action: .updateWindowSchedule(windowId: w.windowId, schedule: "rate(12 hours)", timeZone: nil, offsetDays: nil)),
        ]
        let history = FleetSimulation(windows: [w], events: events).simulate(fleet: &fleet, until: at("2025-11-06T00:00:00Z"))
        #expect(history.windowExecutions.map(\.start.iso8601) == ["2025-11-01T02:00:00Z", "2025-11-02T02:00:00Z", "2025-11-03T02:00:00Z",
                                                                  "2025-11-04T02:00:00Z", "2025-11-05T00:00:00Z", "2025-11-05T12:00:00Z", "2025-11-06T00:00:00Z"])
        #expect(history.actions.map(\.failed) == [true, false] && history.actions[0].outcome.hasPrefix("ValidationException"))
    }
}
