import Testing
@testable import PatchModel
@testable import PatchScheduling

@Suite("Rate control ([RC-1]..[RC-6])")
struct RateControlTests {
    @Test("[RC-1] accepted and rejected values", arguments: [
        ("1", "0", true), ("50", "0%", true), ("10%", "9%", true), ("100%", "100%", true), ("1000000", "1", true),
        ("0", "1", false), ("0%", "1", false), ("01", "1", false), ("101%", "1", false), ("05%", "1", false),
        ("1", "01", false), ("1", "-1", false), ("1", "1.5", false), ("12345678", "1", false), ("", "1", false),
    ])
    func grammar(_ c: (String, String, Bool)) {
        let accepted = (try? RateControl(maxConcurrency: c.0, maxErrors: c.1)) != nil
        #expect(accepted == c.2, "\(c)")
    }

    @Test("[RC-2] resolution: percentages floor, concurrency at least 1", arguments: [
        ("30%", "1", 10, 3, 1), ("10%", "10%", 50, 5, 5), ("5%", "5%", 25, 1, 1), ("1%", "0", 10, 1, 0), ("3", "0%", 2, 3, 0),
    ])
    func resolution(_ c: (String, String, Int, Int, Int)) throws {
        let rc = try RateControl(maxConcurrency: c.0, maxErrors: c.1)
        #expect(rc.concurrency(targets: c.2) == c.3 && rc.allowedErrors(targets: c.2) == c.4)
    }

    /// [RC-4]: N01..N10, 10 minutes each, 30% → 3, MaxErrors 1, N02 and N05 fail.
    func workedExample(_ rampUp: CommandDispatch.RampUp) throws -> CommandResult {
        let t0 = try #require(Instant(iso8601: "2025-01-01T00:00:00Z"))
        let dispatch = CommandDispatch(rateControl: try RateControl(maxConcurrency: "30%", maxErrors: "1"), rampUp: rampUp)
        let nodes = (1...10).map { $0 < 10 ? "N0\($0)" : "N\($0)" }
        return dispatch.run(targets: nodes, at: t0) { id, start in
            (start.adding(seconds: 600), ["N02", "N05"].contains(id) ? .Failed : .Success)
        }
    }

    @Test("#33 [RC-4] worked example without ramp-up: 4 Success, 2 Failed, 4 Terminated, command Failed at t20")
    func rc4None() throws {
        let r = try workedExample(.none)
        #expect(r.invocations.filter { $0.details == .Success }.map(\.instanceId) == ["N01", "N03", "N04", "N06"])
        #expect(r.invocations.filter { $0.details == .Failed }.count == 2)
        #expect(r.invocations.filter { $0.details == .Terminated }.map(\.instanceId) == ["N07", "N08", "N09", "N10"])
        #expect(r.status == "Failed" && r.errorCount == 2 && r.end == Instant(iso8601: "2025-01-01T00:20:00Z"))
    }

    @Test("[RC-4] with ramp-up on completion: generations 1, 2, then a window of 3; ends at t30")
    func rc4OnCompletion() throws {
        let r = try workedExample(.onCompletion)
        let starts = r.invocations.compactMap { inv in inv.start.map { (inv.instanceId, $0.iso8601) } }
        #expect(starts.map(\.1) == ["2025-01-01T00:00:00Z", "2025-01-01T00:10:00Z", "2025-01-01T00:10:00Z",
                                    "2025-01-01T00:20:00Z", "2025-01-01T00:20:00Z", "2025-01-01T00:20:00Z"])
        #expect(r.invocations.filter { $0.details == .Terminated }.count == 4 && r.end == Instant(iso8601: "2025-01-01T00:30:00Z"))
    }

    @Test("[RC-6] final statuses", arguments: [
        ([InvocationStatusDetails.Success, .Success], "0", "Success", "Success"),
        ([.Success, .Undeliverable], "0", "Success", "Success"),
        ([.Undeliverable, .invalidPlatform], "0", "Failed", "Failed"),
        ([.Success, .deliveryTimedOut], "0", "TimedOut", "Delivery Timed Out"),
        ([.Success, .executionTimedOut], "0", "TimedOut", "Execution Timed Out"),
        ([.Success, .Failed, .Success], "2", "Failed", "Incomplete"),
    ])
    func finalStatus(_ c: ([InvocationStatusDetails], String, String, String)) throws {
        let t0 = try #require(Instant(iso8601: "2025-01-01T00:00:00Z"))
        let outcomes = Dictionary(uniqueKeysWithValues: c.0.enumerated().map { ("i-\($0.offset)", $0.element) })
        let r = CommandDispatch(rateControl: try RateControl(maxConcurrency: "10", maxErrors: c.1)).run(targets: Array(outcomes.keys), at: t0) { id, s in
            (s.adding(seconds: 60), outcomes[id] ?? .Success)
        }
        #expect(r.status == c.2 && r.statusDetails == c.3, "\(r.status) \(r.statusDetails)")
    }

    @Test("[RC-6] no targets: Success, No Instances In Tag")
    func noTargets() throws {
        let r = CommandDispatch(rateControl: try RateControl(maxConcurrency: "1", maxErrors: "0")).run(targets: [], at: .epoch) { _, s in (s, .Success) }
        #expect(r.status == "Success" && r.statusDetails == "No Instances In Tag")
    }

    @Test("[RC-3] MaxErrors 0 stops at the first error; concurrency 1 keeps E ≤ A + 1")
    func stopAtFirst() throws {
        let r = CommandDispatch(rateControl: try RateControl(maxConcurrency: "1", maxErrors: "0"), rampUp: .none)
            .run(targets: ["a", "b", "c"], at: .epoch) { id, s in (s.adding(seconds: 10), id == "a" ? .Failed : .Success) }
        #expect(r.errorCount == 1 && r.invocations.map(\.details) == [.Failed, .Terminated, .Terminated])
    }
}

@Suite("Patch now and patch policy defaults ([OP-5], [OP-6])")
struct PatchNowTests {
    @Test("#60 Patch now install rate control by fleet size: concurrency 1/1/5/8/80/100, errors 1/5/5/10/10/10", arguments: [
        (24, "1", "1", 1, 1), (25, "5%", "5", 1, 5), (100, "5%", "5", 5, 5), (101, "8%", "10", 8, 10), (1000, "8%", "10", 80, 10),
        (1001, "10%", "10", 100, 10),
    ])
    func table(_ c: (Int, String, String, Int, Int)) throws {
        let rc = PatchNow.rateControl(nodes: c.0, install: true)
        #expect(rc.maxConcurrency == c.1 && rc.maxErrors == c.2)
        let resolved = try RateControl(maxConcurrency: rc.maxConcurrency, maxErrors: rc.maxErrors)
        #expect(resolved.concurrency(targets: c.0) == c.3 && resolved.allowedErrors(targets: c.0) == c.4)
    }

    @Test("#60 Patch now Scan on 5000 nodes: 1000 at a time, stopping after 1000 errors")
    func scan() throws {
        let rc = PatchNow.rateControl(nodes: 5000, install: false)
        let resolved = try RateControl(maxConcurrency: rc.maxConcurrency, maxErrors: rc.maxErrors)
        #expect(resolved.concurrency(targets: 5000) == 1000 && resolved.allowedErrors(targets: 5000) == 1000)
    }

    @Test("patch policy defaults are valid schedules and rate control")
    func policy() throws {
        _ = try ScheduleExpression(parsing: PatchPolicyDefaults.scanSchedule)
        _ = try ScheduleExpression(parsing: PatchPolicyDefaults.installSchedule)
        _ = try RateControl(maxConcurrency: PatchPolicyDefaults.maxConcurrency, maxErrors: PatchPolicyDefaults.maxErrors)
        #expect(PatchNow.rateControl(nodes: 5000, install: false) == ("1000", "1000"))
    }
}

/// scheduling.md §6 cases decided by one command's dispatch. Each test names its case.
@Suite("Dispatch regression cases (scheduling.md §6)")
struct DispatchRegressionTests {
    static let s = Instant(year: 2025, month: 1, day: 1)

    static func run(_ n: Int, _ concurrency: String, _ errors: String, minutes: Int64 = 10, rampUp: CommandDispatch.RampUp = .none,
                    stopAt: Instant? = nil, outcome: (Int) -> InvocationStatusDetails = { _ in .Success }) throws -> CommandResult {
        let ids = (1...n).map { String(format: "n%03d", $0) }
        return CommandDispatch(rateControl: try RateControl(maxConcurrency: concurrency, maxErrors: errors), rampUp: rampUp, stopDispatchingAt: stopAt)
            .run(targets: ids, at: s) { id, t in (t.adding(seconds: minutes * 60), outcome(Int(id.dropFirst()) ?? 0)) }
    }

    static func inFlightMax(_ r: CommandResult) -> Int {
        r.invocations.compactMap(\.start).reduce(into: [Instant: Int]()) { $0[$1, default: 0] += 1 }.values.max() ?? 0
    }

    @Test("#30 CANCEL_TASK at S+60: 20 done, the rest Cancelled")
    func case30() throws {
        let r = try Self.run(100, "10", "10", minutes: 30, stopAt: Self.s.adding(seconds: 3600))
        #expect(r.invocations.filter { $0.details == .Success }.count == 20 && r.invocations.filter { $0.details == .Cancelled }.count == 80)
        #expect(r.status == "Cancelled")
    }

    @Test("#31 CONTINUE_TASK runs to S+300 min")
    func case31() throws {
        #expect(try Self.run(100, "10", "10", minutes: 30).end == Self.s.adding(seconds: 300 * 60))
    }

    @Test("#32 ramp-up on completion: generations 1, 2, 4, 8, then 10 at a time: ends S+390 min")
    func case32() throws {
        #expect(try Self.run(100, "10", "10", minutes: 30, rampUp: .onCompletion).end == Self.s.adding(seconds: 390 * 60))
    }

    @Test("#34 #35 percentages floor, with at least one in flight")
    func cases34and35() throws {
        #expect(Self.inFlightMax(try Self.run(10, "25%", "0")) == 2)
        #expect(Self.inFlightMax(try Self.run(3, "10%", "0")) == 1)
    }

    @Test("#36 5 nodes, MaxErrors 10% (A = 0), node 1 fails: nodes 2-5 Terminated")
    func case36() throws {
        let r = try Self.run(5, "1", "10%") { $0 == 1 ? .Failed : .Success }
        #expect(r.invocations.map(\.details) == [.Failed, .Terminated, .Terminated, .Terminated, .Terminated])
    }

    @Test("#37 50 nodes, MaxErrors 10%, concurrency 1: stops at the 6th failure (node 25)")
    func case37() throws {
        let failing: Set<Int> = [3, 7, 9, 12, 20, 25, 40]
        let r = try Self.run(50, "1", "10%") { failing.contains($0) ? .Failed : .Success }
        #expect(r.errorCount == 6 && r.invocations[25...].allSatisfy { $0.details == .Terminated } && r.invocations[24].details == .Failed)
    }

    @Test("#38 50 nodes at concurrency 50: all dispatched before any result, E = 7, Failed")
    func case38() throws {
        let r = try Self.run(50, "50", "10%") { $0 <= 7 ? .Failed : .Success }
        #expect(!r.invocations.contains { $0.details == .Terminated } && r.errorCount == 7 && r.status == "Failed")
    }

    @Test("#39 MaxErrors 3, all fail: 4 Failed, 6 Terminated")
    func case39() throws {
        let r = try Self.run(10, "1", "3") { _ in .Failed }
        #expect(r.invocations.filter { $0.details == .Failed }.count == 4 && r.invocations.filter { $0.details == .Terminated }.count == 6)
        #expect(r.status == "Failed")
    }

    @Test("#40 MaxErrors 5, 2 fail: all run, Incomplete (Failed)")
    func case40() throws {
        let r = try Self.run(10, "10", "5") { $0 <= 2 ? .Failed : .Success }
        #expect(r.statusDetails == "Incomplete" && r.status == "Failed")
    }

    @Test("#43 Undeliverable nodes are ignored when another succeeds; all Undeliverable is Failed")
    func case43() throws {
        #expect(try Self.run(5, "5", "0") { $0 == 5 ? .Success : .Undeliverable }.status == "Success")
        #expect(try Self.run(5, "5", "0") { _ in .Undeliverable }.status == "Failed")
    }

    @Test("#44 an Execution Timed Out counts as an error: the rest Terminated, command TimedOut")
    func case44() throws {
        let r = try Self.run(4, "1", "0") { $0 == 2 ? .executionTimedOut : .Success }
        #expect(r.invocations.map(\.details) == [.Success, .executionTimedOut, .Terminated, .Terminated])
        #expect(r.status == "TimedOut" && r.statusDetails == "Execution Timed Out")
    }
}
