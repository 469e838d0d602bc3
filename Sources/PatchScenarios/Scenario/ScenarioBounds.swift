import PatchModel
import PatchWorld
import PatchScheduling

/// The named upper bounds on what one scenario may ask for ([21]), checked when it is
/// loaded so that no file makes a run allocate or loop in proportion to an unchecked
/// number. Sizes each have their own bound where they are read (instances, packages,
/// shards); the work they multiply into is estimated here before anything runs.
public enum ScenarioBounds {
    /// The longest simulated span, `end` minus `start` (ten years).
    public static let maxDays = RepositoryProfile.maxDays
    /// Window executions and association runs over the whole span, all windows and
    /// policies together (each window stops at `FleetSimulation.maxExecutionsPerWindow`).
    public static let maxScheduledRuns = 2_000_000
    /// Node operations: instances × (scheduled runs + events + days). The 1,000,000-node
    /// month in `Scenarios/scale` is about 66 million and takes a minute.
    public static let maxNodeOperations = 100_000_000

    /// [21] The span: checked before any calendar arithmetic or generation uses it.
    public static func checkSpan(start: Instant, end: Instant, endValue: JSONValue) throws {
        guard start < end else { throw endValue.error("end \(end) is not after start \(start)") }
        let days = (end.secondsSinceEpoch - start.secondsSinceEpoch) / Instant.secondsPerDay
        guard days <= Int64(maxDays) else {
            throw endValue.error(found: "a span of \(days) days from start \(start)",
                                 allowed: "at most \(maxDays) days: bring start and end closer")
        }
    }

    /// [21] The run's work, estimated from the schedules and the fleet before it starts.
    public static func checkWork(instances: Int, windows: [MaintenanceWindow], policies: [PatchPolicy],
                                 associations: [StateManagerAssociation] = [], events: Int,
                                 start: Instant, end: Instant, document: JSONValue) throws {
        var runs = 0
        for w in windows { runs += min(w.schedule.estimatedRuns(through: end), FleetSimulation.maxExecutionsPerWindow) }
        for p in policies {
            runs += p.scan.estimatedRuns(through: end) + (p.install?.estimatedRuns(through: end) ?? 0)
        }
        for a in associations { runs += a.schedule?.estimatedRuns(through: end) ?? 1 }
        guard runs <= maxScheduledRuns else {
            throw (document["maintenanceWindows"] ?? document).error(
                "the windows and policies would run about \(runs) times between start and end; at most \(maxScheduledRuns): "
                + "schedule them less often (cron or a longer rate) or shorten the scenario")
        }
        let days = Int((end.secondsSinceEpoch - start.secondsSinceEpoch) / Instant.secondsPerDay) + 1
        let perNode = runs + events + days
        let (operations, overflow) = instances.multipliedReportingOverflow(by: perNode)
        guard !overflow, operations <= maxNodeOperations else {
            throw (document["fleet"] ?? document).error(
                "about \(overflow ? Int.max : operations) node operations (\(instances) instances × \(perNode): \(runs) scheduled runs, "
                + "\(events) events, \(days) days); at most \(maxNodeOperations): lower the fleet's counts, schedule less often "
                + "or shorten the scenario")
        }
    }
}
