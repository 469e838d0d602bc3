import PatchModel
import PatchWorld

/// The discrete-event run of a fleet's maintenance windows from one instant to another:
/// every scheduled execution in time order (ties by window id, scheduling.md §0), an
/// execution skipped as SKIPPED_OVERLAPPING while the same window's previous one is still
/// running ([MW-4] 1), each execution carried out on the fleet by `WindowExecutor`.
public struct FleetSimulation {
    public var windows: [MaintenanceWindow]
    /// Upper bound on executions per window and run, so a rate(5 minutes) window over a
    /// long period stays bounded.
    public static let maxExecutionsPerWindow = 100_000

    public init(windows: [MaintenanceWindow]) { self.windows = windows }

    public func run(fleet: inout Fleet, until end: Instant) -> [WindowExecutionRecord] {
        var scheduled: [(Instant, Int)] = []
        for (k, w) in windows.enumerated() where w.enabled {
            var schedule = w.schedule
            var count = 0
            while count < Self.maxExecutionsPerWindow {
                let batch = schedule.nextRuns(count: 256).filter { $0 <= end }
                scheduled += batch.map { ($0, k) }
                count += batch.count
                guard batch.count == 256, let last = batch.last else { break }
                schedule.created = last
            }
        }
        scheduled.sort { ($0.0, windows[$0.1].windowId) < ($1.0, windows[$1.1].windowId) }
        var records: [WindowExecutionRecord] = []
        var lastEnd: [Int: Instant] = [:]
        var executions: [Int: Int] = [:]
        var snapshots = SnapshotStore()
        let executor = WindowExecutor()
        for (s, k) in scheduled {
            let w = windows[k]
            executions[k, default: 0] += 1
            if let previous = lastEnd[k], previous > s {
                records.append(WindowExecutionRecord(windowId: w.windowId,
                                                     windowExecutionId: WindowExecutor.uuid(seed: fleet.seed, "\(w.windowId):\(executions[k] ?? 0)"),
                                                     start: s, end: s, status: .SKIPPED_OVERLAPPING, statusDetails: "SKIPPED_OVERLAPPING", tasks: []))
                continue
            }
            let r = executor.execute(w, at: s, executionNumber: executions[k] ?? 0, fleet: &fleet, snapshots: &snapshots)
            lastEnd[k] = r.end
            records.append(r)
        }
        return records
    }
}
