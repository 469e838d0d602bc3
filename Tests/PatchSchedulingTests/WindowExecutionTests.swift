import Testing
@testable import PatchBaselines
@testable import PatchModel
@testable import PatchScheduling
@testable import PatchWorld

/// A fleet of Amazon Linux 2 nodes with two missing security updates each.
/// A fleet reading one Amazon Linux 2 repository where each of `packages` has release 1
/// (installed on the image) and release 2 (published 2025-10-01 in one critical notice).
func securityUpdateFleet(packages names: [String], seed: UInt64) -> (fleet: Fleet, image: MachineImage) {
    var fleet = Fleet(seed: seed)
    func p(_ n: String, _ release: String) -> AvailablePackage {
        AvailablePackage(identity: PackageIdentity(name: n, arch: "x86_64", version: .rpm(RPMVersion(version: "1", release: release))), repository: "amzn2-core")
    }
    let olds = names.map { p($0, "1") }, news = names.map { p($0, "2") }
    var repo = Repository(name: "amzn2-core", os: .amazonLinux2, products: ["AmazonLinux2"])
    for x in olds { repo.publish(x, at: Instant(year: 2025, month: 1, day: 1)) }
    for x in news { repo.publish(x, at: Instant(year: 2025, month: 10, day: 1)) }
    repo.publish(UpdateNotice(id: "ALAS2-2025-1", classification: "Security", severity: "Critical", issued: Instant(year: 2025, month: 10, day: 1),
                              updated: Instant(year: 2025, month: 10, day: 1), packages: news.map(\.identity)), at: Instant(year: 2025, month: 10, day: 1))
    fleet.repositories = [repo]
    let image = MachineImage(imageId: "ami-al2", os: .amazonLinux2, product: "AmazonLinux2",
                             inventory: Inventory(olds.map { InstalledPackage(identity: $0.identity) }))
    return (fleet, image)
}

func patchFleet(nodes: Int, failing: Set<Int> = [], offline: Set<Int> = [], seed: UInt64 = 7) -> Fleet {
    var (fleet, image) = securityUpdateFleet(packages: ["a", "b"], seed: seed)
    for k in 0..<nodes {
        let id = "i-\(String(repeating: "0", count: 16 - String(k).count))\(k)"
        var node = ManagedInstance(instanceId: id, image: image, tags: ["PatchGroup": "web"], online: !offline.contains(k))
        if failing.contains(k) { node.faults = [.installFailure("a")] }
        fleet.add(node)
    }
    return fleet
}

func window(_ expr: String, created: String, duration: Int = 4, cutoff: Int = 1, tasks: [WindowTask]) throws -> MaintenanceWindow {
    let schedule = try MaintenanceWindowSchedule(expression: try ScheduleExpression(parsing: expr), created: Instant(iso8601: created) ?? .epoch)
    var w = try MaintenanceWindow(windowId: "mw-0123456789abcdef0", name: "patch-web", schedule: schedule, durationHours: duration, cutoffHours: cutoff)
    w.targets = [try WindowTarget(windowTargetId: "e32eecb2-646c-4f4b-8ed1-205fbEXAMPLE", targets: [(key: "tag:PatchGroup", values: ["web"])])]
    for t in tasks { try w.register(t) }
    return w
}

func installTask(_ id: String, priority: Int = 1, concurrency: String = "2", errors: String = "1",
                 cutoff: WindowTask.CutoffBehavior = .CONTINUE_TASK) throws -> WindowTask {
    try WindowTask(windowTaskId: id, windowTargetIds: ["e32eecb2-646c-4f4b-8ed1-205fbEXAMPLE"], priority: priority,
                   maxConcurrency: concurrency, maxErrors: errors, cutoffBehavior: cutoff,
                   parameters: RunPatchBaselineParameters(operation: .Install))
}

@Suite("Maintenance window execution ([MW-*], [RC-*])")
struct WindowExecutionTests {
    @Test("a Tuesday install window patches every target; all nodes end COMPLIANT with one snapshot")
    func patchesTheFleet() throws {
        var fleet = patchFleet(nodes: 6)
        let w = try window("cron(0 2 ? * TUE *)", created: "2025-11-01T00:00:00Z", tasks: [try installTask("task-install")])
        let records = FleetSimulation(windows: [w]).run(fleet: &fleet, until: Instant(iso8601: "2025-11-05T00:00:00Z") ?? .epoch)
        #expect(records.count == 1 && records[0].status == .SUCCESS && records[0].start == Instant(iso8601: "2025-11-04T02:00:00Z"))
        #expect(fleet.compliance.patchCompliance.count == 6)
        #expect(fleet.compliance.patchCompliance.values.allSatisfy { $0.summary.complianceStatus == "COMPLIANT" && $0.summary.installedCount == 2 })
        #expect(fleet.instances.values.allSatisfy { $0.reboots == 1 })
    }

    @Test("MaxErrors stops dispatch: the window execution FAILED, undispatched nodes Terminated")
    func maxErrors() throws {
        var fleet = patchFleet(nodes: 6, failing: [0, 1])
        let w = try window("cron(0 2 ? * TUE *)", created: "2025-11-01T00:00:00Z", tasks: [try installTask("t", concurrency: "2", errors: "1")])
        let r = FleetSimulation(windows: [w]).run(fleet: &fleet, until: Instant(iso8601: "2025-11-05T00:00:00Z") ?? .epoch)[0]
        let command = r.tasks[0].invocations[0].command
        #expect(command.errorCount == 2 && command.status == "Failed")
        // [RC-3]: the first failure (E = 1 = A) frees a slot and node 2 starts; the second
        // (E = 2 > A) stops dispatch while node 2 still runs, so nodes 3-5 are Terminated.
        let byId = Dictionary(uniqueKeysWithValues: command.invocations.map { ($0.instanceId, $0) })
        let failureEnds = [byId["i-0000000000000000"], byId["i-0000000000000001"]].compactMap { $0?.end }
        let first = try #require(failureEnds.min()), second = try #require(failureEnds.max())
        #expect(first < second, "the two failures end at different instants")
        #expect(byId["i-0000000000000002"]?.start == first && byId["i-0000000000000002"]?.details == .Success)
        #expect((byId["i-0000000000000002"]?.end).map { $0 > second } == true)
        #expect(command.invocations.filter { $0.details == .Terminated }.map(\.instanceId) == ["i-0000000000000003", "i-0000000000000004", "i-0000000000000005"])
        #expect(r.status == .FAILED && r.tasks[0].status == .FAILED)
    }

    @Test("#41 5 nodes, MaxErrors 0, node 3 offline: the others run; node 3 Delivery Timed Out at request + 3600 + 21600 s; command and invocation timed out")
    func offline() throws {
        var fleet = patchFleet(nodes: 5, offline: [2])
        let w = try window("cron(0 2 ? * TUE *)", created: "2025-11-01T00:00:00Z", tasks: [try installTask("t", concurrency: "5", errors: "0")])
        let r = FleetSimulation(windows: [w]).run(fleet: &fleet, until: Instant(iso8601: "2025-11-05T00:00:00Z") ?? .epoch)[0]
        let invocation = r.tasks[0].invocations[0]
        let command = invocation.command
        #expect(command.errorCount == 0 && command.count(.Success) == 4 && command.count(.deliveryTimedOut) == 1)
        #expect(command.status == "TimedOut" && command.statusDetails == "Delivery Timed Out" && invocation.status == .TIMED_OUT)
        let node3 = command.invocations.first { $0.instanceId == "i-0000000000000002" }
        #expect(node3?.details == .deliveryTimedOut && node3?.end == Instant(iso8601: "2025-11-04T02:00:00Z")?.adding(seconds: 3600 + 21_600))
        #expect(fleet.compliance.patchCompliance.count == 4 && fleet.compliance.patchCompliance["i-0000000000000002"] == nil)
    }

    @Test("[RC-7] a task's TimeoutSeconds sets the expiry: an offline node times out at request + TimeoutSeconds + 21600 s, not + 3600", arguments: [Int64(600), 7200])
    func taskTimeoutSeconds(_ timeout: Int64) throws {
        var fleet = patchFleet(nodes: 3, offline: [1])
        var task = try installTask("t", concurrency: "3", errors: "0")
        task.timeoutSeconds = timeout
        let w = try window("cron(0 2 ? * TUE *)", created: "2025-11-01T00:00:00Z", tasks: [task])
        let r = FleetSimulation(windows: [w]).run(fleet: &fleet, until: Instant(iso8601: "2025-11-06T00:00:00Z") ?? .epoch)[0]
        let command = r.tasks[0].invocations[0].command
        let node = command.invocations.first { $0.instanceId == "i-0000000000000001" }
        let requested = try #require(Instant(iso8601: "2025-11-04T02:00:00Z"))
        #expect(node?.details == .deliveryTimedOut && node?.end == requested.adding(seconds: timeout + 21_600))
        #expect(command.expiresAfter == requested.adding(seconds: timeout + 21_600))
        // A node back after that expiry is not delivered.
        var late = patchFleet(nodes: 3, offline: [1])
        let target = try WindowTarget(windowTargetId: "n1", targets: [(key: "InstanceIds", values: ["i-0000000000000001"])])
        let back = TimedEvent(at: requested.adding(seconds: timeout + 21_600 + 60), name: "start", action: .setRunning(NodeSelector(target: target, managedOnly: false), true))
        let history = FleetSimulation(windows: [w], events: [back]).simulate(fleet: &late, until: Instant(iso8601: "2025-11-06T00:00:00Z") ?? .epoch)
        #expect(history.windowExecutions[0].tasks[0].invocations[0].command.count(.deliveryTimedOut) == 1)
    }

    @Test("#42 5 nodes, MaxErrors 2, node 3 offline, started again 1 h later: delivered then, it runs; the command Success",
          arguments: [(Int64(3600), true), (Int64(3600 + 21_600), false)])
    func offlineReturns(after seconds: Int64, delivered: Bool) throws {
        var fleet = patchFleet(nodes: 5, offline: [2])
        let w = try window("cron(0 2 ? * TUE *)", created: "2025-11-01T00:00:00Z", tasks: [try installTask("t", concurrency: "5", errors: "2")])
        let s = try #require(Instant(iso8601: "2025-11-04T02:00:00Z"))
        let node3 = try WindowTarget(windowTargetId: "n3", targets: [(key: "InstanceIds", values: ["i-0000000000000002"])])
        let start = TimedEvent(at: s.adding(seconds: seconds), name: "start", action: .setRunning(NodeSelector(target: node3, managedOnly: false), true))
        let history = FleetSimulation(windows: [w], events: [start]).simulate(fleet: &fleet, until: Instant(iso8601: "2025-11-05T00:00:00Z") ?? .epoch)
        let command = history.windowExecutions[0].tasks[0].invocations[0].command
        let invocation = command.invocations.first { $0.instanceId == "i-0000000000000002" }
        let stored = fleet.compliance.patchCompliance["i-0000000000000002"]?.summary
        if delivered {
            #expect(command.status == "Success" && command.count(.Success) == 5 && invocation?.details == .Success)
            #expect(stored?.operationStartTime == s.adding(seconds: 3600) && (invocation?.end ?? s) > s.adding(seconds: 3600))
        } else {  // back only at expiry: too late; one delivery timeout is below T = 2, so Incomplete ([RC-6] 7)
            #expect(command.statusDetails == "Incomplete" && invocation?.details == .deliveryTimedOut && stored == nil)
        }
    }

    @Test("#45 FLT-23 RebootIfNeeded install, the node never comes back from the reboot: Delivery Timed Out at expiry, not an error; its record unchanged")
    func rebootNeverCompletes() throws {
        var fleet = patchFleet(nodes: 3)
        fleet.instances["i-0000000000000001"]?.faults = [.rebootNeverCompletes]
        let scan = try WindowTask(windowTaskId: "scan", windowTargetIds: ["e32eecb2-646c-4f4b-8ed1-205fbEXAMPLE"], priority: 0, maxConcurrency: "3",
                                  maxErrors: "0", parameters: RunPatchBaselineParameters(operation: .Scan))
        let w = try window("cron(0 2 ? * TUE *)", created: "2025-11-01T00:00:00Z", tasks: [scan, try installTask("install", concurrency: "3", errors: "0")])
        let r = FleetSimulation(windows: [w]).run(fleet: &fleet, until: Instant(iso8601: "2025-11-05T00:00:00Z") ?? .epoch)[0]
        let install = try #require(r.tasks.first { $0.windowTaskId == "install" }?.invocations.first)
        let lost = install.command.invocations.first { $0.instanceId == "i-0000000000000001" }
        let s = try #require(Instant(iso8601: "2025-11-04T02:00:00Z"))
        let installStart = try #require(r.tasks.first { $0.windowTaskId == "install" }?.start)
        #expect(lost?.details == .deliveryTimedOut && lost?.end == installStart.adding(seconds: 3600 + 21_600) && install.command.errorCount == 0)
        #expect(install.command.count(.Success) == 2 && install.command.statusDetails == "Delivery Timed Out" && install.status == .TIMED_OUT)
        // The stored record is still the scan's: 2 missing, nothing installed.
        let stored = fleet.compliance.patchCompliance["i-0000000000000001"]?.summary
        #expect(stored?.operation == "Scan" && stored?.missingCount == 2 && stored?.operationStartTime == s)
        #expect(fleet.instances["i-0000000000000001"]?.online == false && fleet.events.contains { $0.kind == "RebootNeverCompleted" })
    }

    @Test("#29 Duration 2 with Cutoff 2, Duration 25 and Cutoff 24 are rejected; Duration 24 with Cutoff 23 is accepted")
    func durationAndCutoff() throws {
        let schedule = try MaintenanceWindowSchedule(expression: try ScheduleExpression(parsing: "cron(0 2 ? * TUE *)"), created: .epoch)
        func make(_ d: Int, _ c: Int) -> Bool {
            (try? MaintenanceWindow(windowId: "mw-0123456789abcdef0", name: "w-1", schedule: schedule, durationHours: d, cutoffHours: c)) != nil
        }
        #expect(!make(2, 2) && !make(25, 1) && !make(24, 24) && make(24, 23))
    }

    @Test("#49 the same priority, one task per window target: both invocations start at the window's start")
    func equalPriorityTasks() throws {
        var fleet = patchFleet(nodes: 4)
        for (k, id) in fleet.instances.keys.sorted().enumerated() { fleet.retag(id, tags: ["PatchGroup": "web", "Half": k < 2 ? "a" : "b"]) }
        var w = try window("cron(0 2 ? * TUE *)", created: "2025-11-01T00:00:00Z", tasks: [])
        w.targets = [try WindowTarget(windowTargetId: "half-a", targets: [(key: "tag:Half", values: ["a"])]),
                     try WindowTarget(windowTargetId: "half-b", targets: [(key: "tag:Half", values: ["b"])])]
        for half in ["a", "b"] {
            try w.register(try WindowTask(windowTaskId: "task-\(half)", windowTargetIds: ["half-\(half)"], priority: 1, maxConcurrency: "10",
                                          maxErrors: "0", parameters: RunPatchBaselineParameters(operation: .Install)))
        }
        let r = FleetSimulation(windows: [w]).run(fleet: &fleet, until: Instant(iso8601: "2025-11-05T00:00:00Z") ?? .epoch)[0]
        let start = Instant(iso8601: "2025-11-04T02:00:00Z")
        #expect(r.tasks.count == 2 && r.tasks.allSatisfy { $0.start == start && $0.status == .SUCCESS })
        #expect(r.tasks.allSatisfy { $0.invocations[0].command.invocations.allSatisfy { $0.start == start } })
    }

    @Test("#64 a Scan with patches pending a reboot does not reboot: they stay INSTALLED_PENDING_REBOOT")
    func scanKeepsPending() throws {
        var fleet = patchFleet(nodes: 2)
        let install = try WindowTask(windowTaskId: "install", windowTargetIds: ["e32eecb2-646c-4f4b-8ed1-205fbEXAMPLE"], maxConcurrency: "2", maxErrors: "0",
                                     parameters: RunPatchBaselineParameters(operation: .Install, rebootOption: .NoReboot))
        let scan = try WindowTask(windowTaskId: "scan", windowTargetIds: ["e32eecb2-646c-4f4b-8ed1-205fbEXAMPLE"], priority: 2, maxConcurrency: "2",
                                  maxErrors: "0", parameters: RunPatchBaselineParameters(operation: .Scan, rebootOption: .RebootIfNeeded))
        let w = try window("cron(0 2 ? * TUE *)", created: "2025-11-01T00:00:00Z", tasks: [install, scan])
        _ = FleetSimulation(windows: [w]).run(fleet: &fleet, until: Instant(iso8601: "2025-11-05T00:00:00Z") ?? .epoch)
        let s = fleet.compliance.patchCompliance["i-0000000000000000"]?.summary
        #expect(s?.operation == "Scan" && s?.installedPendingRebootCount == 2 && s?.complianceStatus == "NON_COMPLIANT")
        #expect(fleet.instances.values.allSatisfy { $0.reboots == 0 })
    }

    @Test("[SCH-9] a priority group that would start after the cutoff never starts: TIMED_OUT")
    func cutoff() throws {
        var fleet = patchFleet(nodes: 40)
        // Concurrency 1 over 40 nodes takes far longer than Duration 2 − Cutoff 1 = 1 hour.
        let w = try window("cron(0 2 ? * TUE *)", created: "2025-11-01T00:00:00Z", duration: 2, cutoff: 1,
                           tasks: [try installTask("first", priority: 0, concurrency: "1", errors: "0"),
                                   try installTask("second", priority: 1, concurrency: "1", errors: "0")])
        let r = FleetSimulation(windows: [w]).run(fleet: &fleet, until: Instant(iso8601: "2025-11-05T00:00:00Z") ?? .epoch)[0]
        #expect(r.tasks.first { $0.windowTaskId == "first" }?.status == .SUCCESS)  // CONTINUE_TASK runs past the cutoff
        #expect(r.tasks.first { $0.windowTaskId == "second" }?.invocations.isEmpty == true)
        #expect(r.status == .TIMED_OUT)
    }

    @Test("CANCEL_TASK stops dispatching at the cutoff: the rest Cancelled, the task TIMED_OUT")
    func cancelTask() throws {
        var fleet = patchFleet(nodes: 40)
        let w = try window("cron(0 2 ? * TUE *)", created: "2025-11-01T00:00:00Z", duration: 2, cutoff: 1,
                           tasks: [try installTask("only", concurrency: "1", errors: "0", cutoff: .CANCEL_TASK)])
        let r = FleetSimulation(windows: [w]).run(fleet: &fleet, until: Instant(iso8601: "2025-11-05T00:00:00Z") ?? .epoch)[0]
        let command = r.tasks[0].invocations[0].command
        #expect(command.invocations.contains { $0.details == .Cancelled } && r.tasks[0].status == .TIMED_OUT && r.status == .TIMED_OUT)
        #expect(command.invocations.compactMap(\.start).allSatisfy { $0 <= Instant(iso8601: "2025-11-04T03:00:00Z") ?? .epoch })
    }

    @Test("[MW-4] an execution still running when the next is due: SKIPPED_OVERLAPPING")
    func overlapping() throws {
        var fleet = patchFleet(nodes: 30)
        let w = try window("rate(5 minutes)", created: "2025-11-04T00:00:00Z", tasks: [try installTask("t", concurrency: "1", errors: "0")])
        let records = FleetSimulation(windows: [w]).run(fleet: &fleet, until: Instant(iso8601: "2025-11-04T00:30:00Z") ?? .epoch)
        #expect(records.first?.status == .SUCCESS)
        #expect(records.dropFirst().contains { $0.status == .SKIPPED_OVERLAPPING })
    }

    @Test("same seed, same window records and compliance, byte for byte")
    func deterministic() throws {
        func once() throws -> String {
            var fleet = patchFleet(nodes: 12, failing: [3])
            let w = try window("cron(0 2 ? * TUE *)", created: "2025-11-01T00:00:00Z", tasks: [try installTask("t", concurrency: "25%", errors: "2")])
            let r = FleetSimulation(windows: [w]).run(fleet: &fleet, until: Instant(iso8601: "2025-11-20T00:00:00Z") ?? .epoch)
            return "\(r.map { ($0.windowExecutionId, $0.status, $0.end, $0.tasks.map { $0.invocations.map { $0.command } }) })"
                + "\(fleet.compliance.patchCompliance.sorted { $0.key < $1.key }.map { ($0.key, $0.value.summary) })" + "\(fleet.events)"
        }
        #expect(try once() == once())
    }

    @Test("[MW-1] window validation", arguments: [(0, 0, "Duration"), (4, 4, "Cutoff"), (25, 1, "Duration"), (4, 24, "Cutoff")])
    func validation(_ c: (Int, Int, String)) throws {
        let schedule = try MaintenanceWindowSchedule(expression: try ScheduleExpression(parsing: "rate(1 day)"), created: .epoch)
        #expect(throws: ScheduleError.self) {
            try MaintenanceWindow(windowId: "mw-0123456789abcdef0", name: "w-1", schedule: schedule, durationHours: c.0, cutoffHours: c.1)
        }
        #expect(throws: ScheduleError.self) {
            try MaintenanceWindow(windowId: "mw-123", name: "w-1", schedule: schedule, durationHours: 4, cutoffHours: 1)
        }
    }
}

@Suite("Window regression cases (scheduling.md §6)")
struct WindowRegressionTests {
    static let until = Instant(year: 2025, month: 11, day: 5)

    @Test("#46 #47 A(P0) fails; B and C (P1) start together when A ends (C, the higher task id, meets FLT-10); D (P2) after both; window FAILED")
    func case46() throws {
        var fleet = patchFleet(nodes: 2, failing: [0, 1])
        let tasks = [try installTask("A", priority: 0, concurrency: "2", errors: "0"),
                     try WindowTask(windowTaskId: "B", windowTargetIds: ["e32eecb2-646c-4f4b-8ed1-205fbEXAMPLE"], priority: 1, maxConcurrency: "2", maxErrors: "0",
                                    parameters: RunPatchBaselineParameters(operation: .Scan)),
                     try WindowTask(windowTaskId: "C", windowTargetIds: ["e32eecb2-646c-4f4b-8ed1-205fbEXAMPLE"], priority: 1, maxConcurrency: "2", maxErrors: "0",
                                    parameters: RunPatchBaselineParameters(operation: .Scan)),
                     try WindowTask(windowTaskId: "D", windowTargetIds: ["e32eecb2-646c-4f4b-8ed1-205fbEXAMPLE"], priority: 2, maxConcurrency: "2", maxErrors: "0",
                                    parameters: RunPatchBaselineParameters(operation: .Scan))]
        let r = FleetSimulation(windows: [try window("cron(0 2 ? * TUE *)", created: "2025-11-01T00:00:00Z", tasks: tasks)]).run(fleet: &fleet, until: Self.until)[0]
        let byId = Dictionary(uniqueKeysWithValues: r.tasks.map { ($0.windowTaskId, $0) })
        #expect(byId["A"]?.status == .FAILED && r.status == .FAILED)
        #expect(byId["B"]?.start == byId["A"]?.end && byId["C"]?.start == byId["A"]?.end)
        // C meets B's runs still in progress on the same nodes (FLT-10), as the docs warn.
        #expect(byId["C"]?.status == .FAILED)
        let groupEnd = max(byId["B"]?.end ?? .epoch, byId["C"]?.end ?? .epoch)
        #expect(byId["D"]?.start == groupEnd)
    }

    @Test("#48 one task over two window targets: the second invocation starts when the first ends")
    func case48() throws {
        var fleet = patchFleet(nodes: 5)
        var w = try window("cron(0 2 ? * TUE *)", created: "2025-11-01T00:00:00Z", tasks: [])
        let ids = fleet.instances.keys.sorted()
        w.targets = [try WindowTarget(windowTargetId: "target-A", targets: [(key: "InstanceIds", values: Array(ids.prefix(3)))]),
                     try WindowTarget(windowTargetId: "target-B", targets: [(key: "InstanceIds", values: Array(ids.suffix(2)))])]
        try w.register(try WindowTask(windowTaskId: "t", windowTargetIds: ["target-A", "target-B"], maxConcurrency: "10", maxErrors: "0",
                                      parameters: RunPatchBaselineParameters(operation: .Install)))
        let inv = FleetSimulation(windows: [w]).run(fleet: &fleet, until: Self.until)[0].tasks[0].invocations
        #expect(inv.map(\.windowTargetId) == ["target-A", "target-B"])
        let aEnd = inv[0].command.end
        #expect(inv[1].command.invocations.compactMap(\.start).allSatisfy { $0 == aEnd })
    }

    @Test("#50 an execution running past the next scheduled start skips it; the next after its end runs")
    func case50() throws {
        var fleet = patchFleet(nodes: 40)
        let w = try window("rate(1 hour)", created: "2025-11-04T00:00:00Z", duration: 2, cutoff: 1,
                           tasks: [try installTask("t", concurrency: "1", errors: "0")])
        let records = FleetSimulation(windows: [w]).run(fleet: &fleet, until: Instant(iso8601: "2025-11-04T12:00:00Z") ?? .epoch)
        let firstEnd = try #require(records.first?.end)
        for r in records.dropFirst() {
            #expect(r.status == (r.start < firstEnd ? .SKIPPED_OVERLAPPING : .SUCCESS), "\(r.start)")
        }
        #expect(records.contains { $0.status == .SKIPPED_OVERLAPPING } && records.dropFirst().contains { $0.status == .SUCCESS })
    }

    @Test("#55 #56 #57 [MW-2] targeting: tag entries ANDed, tag-key ANDed, unmanaged nodes never targeted by tag")
    func cases55to57() throws {
        let image = MachineImage(imageId: "ami", os: .amazonLinux2, product: "AmazonLinux2", inventory: Inventory([]))
        let prodOnly = ManagedInstance(instanceId: "i-1", image: image, tags: ["Env": "Prod", "Name": "x"])
        let both = try WindowTarget(windowTargetId: "t", targets: [(key: "tag:Env", values: ["Prod"]), (key: "tag:Role", values: ["Web"])])
        #expect(!both.matches(prodOnly))
        let keys = try WindowTarget(windowTargetId: "t", targets: [(key: "tag-key", values: ["Name", "CostCenter"])])
        #expect(!keys.matches(prodOnly))
        var unmanaged = ManagedInstance(instanceId: "i-2", image: image, tags: ["PatchGroup": "web"])
        unmanaged.managed = false
        #expect(!(try WindowTarget(windowTargetId: "t", targets: [(key: "tag:PatchGroup", values: ["web"])])).matches(unmanaged))
        #expect(try WindowTarget(windowTargetId: "t", targets: [(key: "InstanceIds", values: ["i-2"])]).matches(unmanaged))
    }

    @Test("#72 a Scan that finds missing patches is not an error: command Success")
    func case72() throws {
        var fleet = patchFleet(nodes: 10)
        let scan = try WindowTask(windowTaskId: "scan", windowTargetIds: ["e32eecb2-646c-4f4b-8ed1-205fbEXAMPLE"], maxConcurrency: "10", maxErrors: "0",
                                  parameters: RunPatchBaselineParameters(operation: .Scan))
        let r = FleetSimulation(windows: [try window("cron(0 2 ? * TUE *)", created: "2025-11-01T00:00:00Z", tasks: [scan])]).run(fleet: &fleet, until: Self.until)[0]
        #expect(r.status == .SUCCESS && r.tasks[0].invocations[0].command.status == "Success")
        #expect(fleet.compliance.patchCompliance.values.allSatisfy { $0.summary.missingCount == 2 })
    }
}

@Suite("Window lifecycle cases (scheduling.md §6)")
struct WindowLifecycleTests {
    @Test("#53 a disabled window has no executions")
    func case53() throws {
        var fleet = patchFleet(nodes: 2)
        var w = try window("cron(0 2 ? * TUE *)", created: "2025-11-01T00:00:00Z", tasks: [try installTask("t")])
        w.enabled = false
        #expect(FleetSimulation(windows: [w]).run(fleet: &fleet, until: Instant(year: 2025, month: 12, day: 1)).isEmpty)
    }

    @Test("#54 [SCH-8] an execution that starts before EndDate completes; none after")
    func case54() throws {
        var fleet = patchFleet(nodes: 40)
        let schedule = try MaintenanceWindowSchedule(expression: try ScheduleExpression(parsing: "cron(0 2 ? * TUE *)"),
                                                     endDate: Instant(iso8601: "2025-11-04T02:30:00Z"), created: Instant(year: 2025, month: 11, day: 1))
        var w = try window("cron(0 2 ? * TUE *)", created: "2025-11-01T00:00:00Z", tasks: [try installTask("t", concurrency: "1", errors: "0")])
        w.schedule = schedule
        let records = FleetSimulation(windows: [w]).run(fleet: &fleet, until: Instant(year: 2025, month: 12, day: 1))
        #expect(records.count == 1 && records[0].status == .SUCCESS && records[0].end > Instant(iso8601: "2025-11-04T02:30:00Z") ?? .epoch)
    }

    @Test("#17 [SCH-7] an at() window runs once; afterwards no further executions")
    func case17() throws {
        var fleet = patchFleet(nodes: 2)
        let w = try window("at(2025-11-04T15:55:00)", created: "2025-11-01T00:00:00Z", duration: 5, cutoff: 2,
                           tasks: [try installTask("t", concurrency: "2", errors: "0")])
        let records = FleetSimulation(windows: [w]).run(fleet: &fleet, until: Instant(year: 2026, month: 1, day: 1))
        #expect(records.count == 1 && records[0].start == Instant(iso8601: "2025-11-04T15:55:00Z"))
        #expect(w.schedule.nextRuns(count: 3).count == 1)
    }

    @Test("#51 a window with no tasks: SUCCESS, No tasks to execute.")
    func case51() throws {
        var fleet = patchFleet(nodes: 1)
        let records = FleetSimulation(windows: [try window("rate(5 minutes)", created: "2025-11-04T00:00:00Z", tasks: [])])
            .run(fleet: &fleet, until: Instant(iso8601: "2025-11-04T00:20:00Z") ?? .epoch)
        #expect(records.count == 4 && records.allSatisfy { $0.status == .SUCCESS && $0.statusDetails == "No tasks to execute." })
    }
}

@Suite("Scan memoisation")
struct ScanMemoTests {
    @Test("identical nodes share one evaluation; the cache changes no result")
    func memo() throws {
        var fleet = patchFleet(nodes: 20)
        let w = try window("cron(0 2 ? * TUE *)", created: "2025-11-01T00:00:00Z", tasks: [
            try WindowTask(windowTaskId: "scan", windowTargetIds: ["e32eecb2-646c-4f4b-8ed1-205fbEXAMPLE"], maxConcurrency: "100%", maxErrors: "0",
                           parameters: RunPatchBaselineParameters(operation: .Scan))])
        _ = FleetSimulation(windows: [w]).run(fleet: &fleet, until: Instant(iso8601: "2025-11-05T00:00:00Z") ?? .epoch)
        #expect(fleet.scanCache.counts.misses == 1, "\(fleet.scanCache.counts)")
        #expect(fleet.outcomeCounts.misses == 1 && fleet.outcomeCounts.hits == 19, "\(fleet.outcomeCounts)")
    }

    /// Everything observable about a fleet after a run, as text.
    static func observable(_ fleet: Fleet, _ records: [WindowExecutionRecord]) -> String {
        let nodes = fleet.instances.values.sorted { $0.instanceId < $1.instanceId }.map { n in
            "\(n.instanceId) \(n.inventoryKey) reboots=\(n.reboots) boot=\(n.bootTime) busy=\(String(describing: n.busyUntil)) "
                + "pending=\(n.record.pendingReboot.sorted()) noreboot=\(String(describing: n.record.lastNoRebootInstallOperationTime)) "
                + "\(n.inventory.packages.map { "\($0.identity.unitKey)=\($0.version)" })"
        }
        let stored = fleet.compliance.patchCompliance.sorted { $0.key < $1.key }.map { ($0.key, $0.value.summary, $0.value.records.map { "\($0.kbId):\($0.state)" }) }
        let windows = records.map { r in "\(r.status) \(r.end) " + r.tasks.flatMap(\.invocations).flatMap(\.command.invocations).map { "\($0.instanceId) \(String(describing: $0.end)) \($0.details)" }.joined(separator: ";") }
        return "\(nodes)\n\(stored)\n\(windows)\n\(fleet.events)"
    }

    @Test("replaying memoised Install outcomes gives exactly what computing every node gives")
    func memoEqualsFullComputation() throws {
        func run(memoise: Bool) throws -> (String, Int) {
            var fleet = patchFleet(nodes: 24, failing: [3, 10])
            fleet.memoiseOutcomes = memoise
            let w = try window("cron(0 2 ? * TUE *)", created: "2025-11-01T00:00:00Z", tasks: [try installTask("t", concurrency: "25%", errors: "2")])
            var scan = try window("cron(0 6 * * ? *)", created: "2025-11-01T00:00:00Z", tasks: [
                try WindowTask(windowTaskId: "scan", windowTargetIds: ["e32eecb2-646c-4f4b-8ed1-205fbEXAMPLE"], maxConcurrency: "50%", maxErrors: "0",
                               parameters: RunPatchBaselineParameters(operation: .Scan))])
            scan.windowId = "mw-0123456789abcdef1"
            let records = FleetSimulation(windows: [w, scan]).run(fleet: &fleet, until: Instant(iso8601: "2025-11-20T00:00:00Z") ?? .epoch)
            return (Self.observable(fleet, records), fleet.outcomeCounts.hits)
        }
        let (memoised, hits) = try run(memoise: true)
        let (computed, noHits) = try run(memoise: false)
        #expect(hits > 100 && noHits == 0)
        #expect(memoised == computed)
    }
}

@Suite("Execution timeout ([RC-7])")
struct ExecutionTimeoutTests {
    @Test("[RC-7] an Install still running after 7200 s is Execution Timed Out: an error, the task and window TIMED_OUT")
    func stepTimeout() throws {
        var fleet = RunAuditTests.bigFleet(count: 400, eventLog: .all)
        // 400 installs at 20-40 s each take well over 7200 s.
        let w = try window("cron(0 2 ? * TUE *)", created: "2025-11-01T00:00:00Z", tasks: [try installTask("t", concurrency: "1", errors: "0")])
        let r = FleetSimulation(windows: [w]).run(fleet: &fleet, until: Instant(iso8601: "2025-11-05T00:00:00Z") ?? .epoch)[0]
        let command = r.tasks[0].invocations[0].command
        #expect(command.invocations.first?.details == .executionTimedOut && command.errorCount == 1)
        #expect(command.statusDetails == "Execution Timed Out" && r.tasks[0].status == .TIMED_OUT && r.status == .TIMED_OUT)
    }
}

@Suite("Run audit (invariants at any fleet size)")
struct RunAuditTests {
    /// One node with `count` outdated packages, all in one critical security notice.
    static func bigFleet(count: Int, eventLog: EventLog) -> Fleet {
        var (fleet, image) = securityUpdateFleet(packages: (0..<count).map { "pkg\($0)" }, seed: 3)
        fleet.eventLog = eventLog
        fleet.add(ManagedInstance(instanceId: "i-0000000000000000a", image: image, tags: ["PatchGroup": "web"]))
        return fleet
    }

    @Test("[RBT-1] a reboot after the window's end is caught by the audit, with or without an event log")
    func rebootOutsideWindow() throws {
        for log in [EventLog.all, .none] {
            // 300 installs at 20-40 s each end well after a 2-hour window ends.
            var fleet = Self.bigFleet(count: 300, eventLog: log)
            let w = try window("cron(0 2 ? * TUE *)", created: "2025-11-01T00:00:00Z", duration: 2, cutoff: 1,
                               tasks: [try installTask("t", concurrency: "1", errors: "0")])
            _ = FleetSimulation(windows: [w]).run(fleet: &fleet, until: Instant(iso8601: "2025-11-05T00:00:00Z") ?? .epoch)
            #expect(fleet.audit.rebootsOutsideWindowCount == 1 && fleet.audit.rebootsOutsideWindow == ["i-0000000000000000a"], "\(log)")
            #expect(log == .none ? fleet.events.isEmpty : fleet.events.contains { $0.kind == "Rebooted" })
        }
    }

    @Test("[LST-9] a package the baseline rejects with BLOCK, installed through InstallOverrideList, is caught by the audit")
    func blockedInstall() throws {
        var fleet = Self.bigFleet(count: 3, eventLog: .none)
        let baseline = PatchBaseline(baselineId: "pb-0123456789abcdef0", name: "block-pkg1", operatingSystem: .amazonLinux2,
                                     approvalRules: [], rejectedPatches: [.package("pkg1*")], rejectedPatchesAction: .BLOCK)
        try fleet.registry.create(baseline)
        try fleet.registry.register(patchGroup: "web", baselineId: baseline.baselineId)
        var snapshots = SnapshotStore()
        let at = Instant(year: 2025, month: 11, day: 4)
        _ = fleet.runPatchBaseline("i-0000000000000000a", parameters: RunPatchBaselineParameters(operation: .Install, installOverrideList: ["pkg1.*"]),
                                   at: at, snapshots: &snapshots)
        #expect(fleet.audit.blockedInstallsCount == 1 && fleet.audit.blockedInstalls == ["i-0000000000000000a"])
        // A plain Install under the same baseline approves nothing and installs nothing.
        var clean = Self.bigFleet(count: 3, eventLog: .none)
        try clean.registry.create(baseline)
        try clean.registry.register(patchGroup: "web", baselineId: baseline.baselineId)
        _ = clean.runPatchBaseline("i-0000000000000000a", parameters: RunPatchBaselineParameters(operation: .Install), at: at, snapshots: &snapshots)
        #expect(clean.audit.blockedInstallsCount == 0)
    }
}

@Suite("The cutoff instant ([SCH-9])")
struct CutoffBoundaryTests {
    /// One Scan node per entry, each on its own image whose scan takes exactly that many seconds.
    static func pinnedFleet(scanSeconds: [Int64]) -> Fleet {
        var (fleet, base) = securityUpdateFleet(packages: ["a"], seed: 11)
        for (k, seconds) in scanSeconds.enumerated() {
            var timing = OperationTiming.standard(for: .yumDNF)
            timing.scan = .init(seconds: seconds, jitter: 0)
            let image = MachineImage(imageId: "ami-\(k)", os: base.os, product: base.product, inventory: base.inventory, timing: timing)
            fleet.add(ManagedInstance(instanceId: "i-000000000000000\(k)", image: image, tags: ["PatchGroup": "web"]))
        }
        return fleet
    }

    static func scanTask(_ id: String, priority: Int) throws -> WindowTask {
        try WindowTask(windowTaskId: id, windowTargetIds: ["e32eecb2-646c-4f4b-8ed1-205fbEXAMPLE"], priority: priority,
                       maxConcurrency: "1", maxErrors: "0", parameters: RunPatchBaselineParameters(operation: .Scan))
    }

    @Test("#28 Duration 3, Cutoff 1, run at 15:00: P0 ending 16:59:59 or 17:00:00 lets P1 start then; ending 17:00:01, P1 never starts and the window is TIMED_OUT",
          arguments: [([Int64(7199)], "2025-11-04T16:59:59Z"), ([3600, 3600], "2025-11-04T17:00:00Z"), ([3600, 3601], nil)])
    func boundary(scans: [Int64], p1Start: String?) throws {
        var fleet = Self.pinnedFleet(scanSeconds: scans)
        let w = try window("cron(0 15 ? * TUE *)", created: "2025-11-01T00:00:00Z", duration: 3, cutoff: 1,
                           tasks: [try Self.scanTask("p0", priority: 0), try Self.scanTask("p1", priority: 1)])
        let r = FleetSimulation(windows: [w]).run(fleet: &fleet, until: Instant(iso8601: "2025-11-05T00:00:00Z") ?? .epoch)[0]
        let p0 = r.tasks.first { $0.windowTaskId == "p0" }, p1 = r.tasks.first { $0.windowTaskId == "p1" }
        #expect(p0?.status == .SUCCESS)
        if let p1Start {
            #expect(p0?.end == Instant(iso8601: p1Start) && p1?.start == Instant(iso8601: p1Start) && p1?.status == .SUCCESS)
            #expect(r.status == .SUCCESS)
        } else {
            #expect(p0?.end == Instant(iso8601: "2025-11-04T17:00:01Z"))
            #expect(p1?.start == nil && p1?.invocations.isEmpty == true && r.status == .TIMED_OUT)
        }
    }
}

@Suite("Task types and task parameters ([MW-3], [MW-4] 4)")
struct TaskTypeTests {
    @Test("#58 a RUN_COMMAND task without targets and a targetless AUTOMATION task with MaxConcurrency are rejected; without, it stores \"1\" and \"1\" and runs")
    func targetless() throws {
        #expect(throws: ScheduleError(field: "Targets", "a RUN_COMMAND task needs targets")) {
            try WindowTask(windowTaskId: "rc", maxConcurrency: "5", maxErrors: "1", parameters: RunPatchBaselineParameters(operation: .Scan))
        }
        #expect(throws: ScheduleError(field: "MaxConcurrency", "Maintenance window tasks without targets don't support MaxConcurrency values")) {
            try WindowTask(windowTaskId: "a", taskType: .AUTOMATION, taskArn: "AWS-RestartEC2Instance", maxConcurrency: "5", maxErrors: nil,
                           parameters: RunPatchBaselineParameters(operation: .Scan))
        }
        #expect(throws: ScheduleError(field: "MaxErrors", "Maintenance window tasks without targets don't support MaxErrors values")) {
            try WindowTask(windowTaskId: "a", taskType: .LAMBDA, taskArn: "SSMrotate", maxConcurrency: nil, maxErrors: "2",
                           parameters: RunPatchBaselineParameters(operation: .Scan))
        }
        #expect(throws: ScheduleError(field: "MaxConcurrency", "required for a task with targets")) {
            try WindowTask(windowTaskId: "a", taskType: .AUTOMATION, taskArn: "AWS-RestartEC2Instance", windowTargetIds: ["t"],
                           maxConcurrency: nil, maxErrors: "1", parameters: RunPatchBaselineParameters(operation: .Scan))
        }
        let automation = try WindowTask(windowTaskId: "a", taskType: .AUTOMATION, taskArn: "AWS-RestartEC2Instance", priority: 0,
                                        maxConcurrency: nil, maxErrors: nil, parameters: RunPatchBaselineParameters(operation: .Scan))
        #expect(automation.maxConcurrency == "1" && automation.maxErrors == "1" && automation.isTargetless)
        // It runs first (priority 0) for its fixed time; the patch task after it.
        var fleet = patchFleet(nodes: 2)
        let w = try window("cron(0 2 ? * TUE *)", created: "2025-11-01T00:00:00Z", tasks: [automation, try installTask("install")])
        let r = FleetSimulation(windows: [w]).run(fleet: &fleet, until: Instant(iso8601: "2025-11-05T00:00:00Z") ?? .epoch)[0]
        let s = try #require(Instant(iso8601: "2025-11-04T02:00:00Z"))
        #expect(r.tasks.map(\.windowTaskId) == ["a", "install"] && r.tasks[0].status == .SUCCESS && r.tasks[0].invocations.count == 1)
        #expect(r.tasks[0].end == s.adding(seconds: WindowTask.otherTaskSeconds) && r.tasks[1].start == r.tasks[0].end && r.status == .SUCCESS)
    }

    static func referencingTask(_ value: String) throws -> WindowTask {
        try WindowTask(windowTaskId: "t", windowTargetIds: ["e32eecb2-646c-4f4b-8ed1-205fbEXAMPLE"], maxConcurrency: "10", maxErrors: "0",
                       parameters: RunPatchBaselineParameters(operation: .Scan),
                       parameterTemplate: TaskParameters([(name: "Operation", values: [value]), (name: "SnapshotId", values: ["{{WINDOW_ID}}-snap"])]))
    }

    @Test("#59 {{ssm:UpdateLevel}} that does not exist: the execution FAILED naming it, no task executions; once PutParameter sets it, the value is used")
    func parameterStore() throws {
        var fleet = patchFleet(nodes: 2)
        let w = try window("cron(0 2 * * ? *)", created: "2025-11-01T00:00:00Z", tasks: [try Self.referencingTask("{{ssm:UpdateLevel}}")])
        let put = TimedEvent(at: Instant(iso8601: "2025-11-02T12:00:00Z") ?? .epoch, name: "put", action: .putParameter(name: "UpdateLevel", value: "Install"))
        let delete = TimedEvent(at: Instant(iso8601: "2025-11-03T12:00:00Z") ?? .epoch, name: "delete", action: .deleteParameter(name: "UpdateLevel"))
        let history = FleetSimulation(windows: [w], events: [put, delete]).simulate(fleet: &fleet, until: Instant(iso8601: "2025-11-04T12:00:00Z") ?? .epoch)
        // Deleted again: the next execution fails as the first did.
        #expect(history.windowExecutions.map(\.status) == [.FAILED, .FAILED, .SUCCESS, .FAILED] && history.actions.map(\.failed) == [false, false])
        let first = history.windowExecutions[0], later = history.windowExecutions.dropLast().last
        #expect(first.status == .FAILED && first.tasks.isEmpty && first.end == first.start)
        #expect(first.statusDetails == "The following SSM parameters are invalid: UpdateLevel")
        #expect(later?.status == .SUCCESS && later?.start == Instant(iso8601: "2025-11-03T02:00:00Z"))
        let stored = fleet.compliance.patchCompliance["i-0000000000000000"]?.summary
        #expect(stored?.operation == "Install")
        let resolved = try Self.referencingTask("{{ssm:UpdateLevel}}").parameterTemplate?
            .substituted(store: ["UpdateLevel": "Install"], pseudo: ["WINDOW_ID": "mw-0123456789abcdef0"]).runPatchBaselineParameters()
        #expect(resolved?.operation == .Install && resolved?.snapshotId == "mw-0123456789abcdef0-snap")
    }

    @Test("a resolved value the document does not allow fails the task before any invocation")
    func invalidResolvedValue() throws {
        var fleet = patchFleet(nodes: 1)
        let w = try window("cron(0 2 * * ? *)", created: "2025-11-01T00:00:00Z", tasks: [try Self.referencingTask("{{ssm:Level}}")])
        let r = FleetSimulation(windows: [w], parameterStore: ["Level": "Everything"]).run(fleet: &fleet, until: Instant(iso8601: "2025-11-02T12:00:00Z") ?? .epoch)[0]
        #expect(r.status == .FAILED && r.tasks.count == 1 && r.tasks[0].status == .FAILED && r.tasks[0].invocations.isEmpty)
        #expect(TaskParameters.references(in: "a {{ssm:x}} b {{ssm:y}}") == ["x", "y"])
    }
}
