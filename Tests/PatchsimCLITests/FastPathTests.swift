import Foundation
import Testing
@testable import PatchModel
@testable import PatchScenarios
import PatchScheduling
import PatchWorld

/// Above `ScenarioLoader.fullEventLogLimit` nodes a run keeps no event log and lists only
/// the invocations that did not succeed; what it stores must be what the full path stores.
@Suite("The large-fleet fast path")
struct FastPathTests {
    static func bundled(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Scenarios/\(name)").path
    }

    /// Everything a run stores per node, and every execution's outcome, as text.
    static func digest(_ r: ScenarioRun) -> [String] {
        var lines: [String] = []
        for id in r.fleet.instances.values.map(\.instanceId).sorted() {
            guard let s = r.fleet.compliance.patchCompliance[id] else { lines.append("\(id): none"); continue }
            lines.append("\(id): \(s.summary)")
            lines += s.records.map { "  \($0)" }
            let node = r.fleet.instances[id]
            lines.append("  reboots \(node?.reboots ?? -1) pending \(node?.record.pendingReboot.sorted() ?? [])")
        }
        for e in r.executions {
            lines.append("\(e.windowId) \(e.start) \(e.end) \(e.status) \(e.statusDetails)")
            for t in e.tasks {
                for i in t.invocations {
                    let c = i.command
                    lines.append("  \(t.windowTaskId) \(i.status) \(c.status) \(c.statusDetails) \(c.countsByDetails) errors \(c.errorCount) end \(c.end)")
                    lines += c.invocations.filter { $0.details != .Success }.map { "    \($0)" }
                }
            }
        }
        lines += r.outcomes.map { "\($0.name): \($0.passed) \($0.found)" }
        return lines
    }

    @Test("a fleet run without an event log stores the same records, reboots and outcomes as with one", arguments: [
        "al2-patch-tuesday.json", "maxerrors-stops-rollout.json", "mixed-fleet-dev-prod.json", "month-mixed-fleet-weekly.json",
    ])
    func sameRecords(_ name: String) throws {
        var full = try ScenarioLoader.load(Self.bundled(name))
        full.fleet.eventLog = .all
        var fast = full
        fast.fleet.eventLog = .none
        let a = ScenarioRun.run(full), b = ScenarioRun.run(fast)
        #expect(!a.fleet.events.isEmpty && b.fleet.events.isEmpty, "the fast path keeps no events")
        let da = Self.digest(a), db = Self.digest(b)
        #expect(da.count == db.count)
        for (x, y) in zip(da, db) where x != y { Issue.record("\(name): full \(x)\n fast \(y)"); break }
    }
}
