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
    /// Node operations: each window's runs × the nodes it can reach, policies' and
    /// associations' runs × instances, and instances × (events + days). The 1,000,000-node
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
    /// `groups`: the fleet groups' sizes and tags, so that a window whose targets select by
    /// tags counts only the nodes they can reach (nil: every window reaches every node).
    public static func checkWork(instances: Int, windows: [MaintenanceWindow], policies: [PatchPolicy],
                                 associations: [StateManagerAssociation] = [], events: Int,
                                 start: Instant, end: Instant, document: JSONValue,
                                 groups: [(count: Int, tags: [String: String])]? = nil) throws {
        var runs = 0, windowOperations = 0
        for w in windows {
            let n = min(w.schedule.estimatedRuns(through: end), FleetSimulation.maxExecutionsPerWindow)
            runs += n
            let (o, overflow) = n.multipliedReportingOverflow(by: reach(w, groups: events == 0 ? groups : nil, instances: instances))
            windowOperations = overflow ? Int.max : windowOperations.addingReportingOverflow(o).overflow ? Int.max : windowOperations + o
        }
        var fleetWide = 0
        for p in policies {
            fleetWide += p.scan.estimatedRuns(through: end) + (p.install?.estimatedRuns(through: end) ?? 0)
        }
        for a in associations { fleetWide += a.schedule?.estimatedRuns(through: end) ?? 1 }
        runs += fleetWide
        guard runs <= maxScheduledRuns else {
            throw (document["maintenanceWindows"] ?? document).error(
                "the windows and policies would run about \(runs) times between start and end; at most \(maxScheduledRuns): "
                + "schedule them less often (cron or a longer rate) or shorten the scenario")
        }
        let days = Int((end.secondsSinceEpoch - start.secondsSinceEpoch) / Instant.secondsPerDay) + 1
        let perNode = fleetWide + events + days
        let (rest, overflow1) = instances.multipliedReportingOverflow(by: perNode)
        let (operations, overflow2) = rest.addingReportingOverflow(windowOperations)
        let overflow = overflow1 || overflow2 || windowOperations == Int.max
        guard !overflow, operations <= maxNodeOperations else {
            throw (document["fleet"] ?? document).error(
                "about \(overflow ? Int.max : operations) node operations (\(runs) scheduled runs over the nodes each reaches, "
                + "\(events) events and \(days) days over \(instances) instances); at most \(maxNodeOperations): lower the fleet's counts, "
                + "schedule less often or shorten the scenario")
        }
    }

    /// The nodes a window can reach: those of the groups its tag targets admit, or every
    /// node when a target names ids or resource groups, a task names nodes directly, or
    /// tags may change during the run (events).
    static func reach(_ w: MaintenanceWindow, groups: [(count: Int, tags: [String: String])]?, instances: Int) -> Int {
        guard let groups, w.tasks.allSatisfy({ $0.instanceIds.isEmpty }) else { return instances }
        var total = 0
        for g in groups {
            var reached = false
            for t in w.targets {
                guard let ok = t.matches(tags: g.tags) else { return instances }
                reached = reached || ok
            }
            if reached { total += g.count }
        }
        return min(total, instances)
    }
}
