import PatchBaselines
import PatchModel
import PatchScheduling
import PatchWorld

/// One run of a scenario from its start to its end: windows, patch policies and timed
/// events on the virtual clock; each expectation checked at its instant, or at the end.
public struct ScenarioRun: Sendable {
    public var scenario: Scenario
    public var fleet: Fleet
    public var history: SimulationHistory
    public var outcomes: [Expectation.Outcome]
    /// Set when this is one shard of a partitioned run (its report is a part to merge).
    public var shard: ShardAssignment? = nil
    /// [18] Distinct installed-software states the fleet held at the start.
    public var distinctInstalledStatesAtStart = 0
    /// [18] Full evaluations the run performed (distinct scans asked for).
    public var evaluations: Int { fleet.scanCache.evaluations }

    public var executions: [WindowExecutionRecord] { history.windowExecutions }
    public var passed: Bool { outcomes.allSatisfy(\.passed) }

    /// `progress` hears the simulated instant before each execution, policy run or event.
    public static func run(_ scenario: Scenario, progress: (Instant) -> Void = { _ in }) -> ScenarioRun {
        var fleet = scenario.fleet
        let distinct = fleet.distinctInstalledStates
        let expectations = scenario.expectations
        // Expectations with an instant are checked when the clock gets there.
        let timed = expectations.indices.compactMap { k in expectations[k].at.map { (k, $0) } }.sorted { ($0.1, $0.0) < ($1.1, $1.0) }
        var outcomes: [Expectation.Outcome?] = Array(repeating: nil, count: expectations.count)
        var simulation = FleetSimulation(windows: scenario.windows, policies: scenario.policies, associations: scenario.associations, events: scenario.events,
                                         parameterStore: scenario.parameterStore)
        simulation.start = scenario.start
        let history = simulation.simulate(fleet: &fleet, until: scenario.end, checkpoints: timed.map(\.1)) { k, f, h in
            let (index, instant) = timed[k]
            outcomes[index] = expectations[index].evaluate(fleet: f, history: h, windows: scenario.windows, end: instant)
        } progress: { progress($0) }
        let final = expectations.indices.map { k in
            outcomes[k] ?? expectations[k].evaluate(fleet: fleet, history: history, windows: scenario.windows, end: scenario.end)
        }
        var r = ScenarioRun(scenario: scenario, fleet: fleet, history: history, outcomes: final)
        r.distinctInstalledStatesAtStart = distinct
        return r
    }

    /// Shard `index` of `count` of a scenario (see `FleetPartition`): only its nodes run;
    /// the report it gives is a part for `ReportMerge`.
    public static func run(_ scenario: Scenario, shard index: Int, of count: Int, progress: (Instant) -> Void = { _ in }) -> ScenarioRun {
        let partition = FleetPartition(scenario, shards: count)
        var r = run(partition.shard(index, of: scenario), progress: progress)
        r.shard = ShardAssignment(index: index, partition: partition)
        return r
    }
}

