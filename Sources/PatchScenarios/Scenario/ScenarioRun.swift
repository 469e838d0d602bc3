import PatchBaselines
import PatchModel
import PatchScheduling
import PatchWorld

/// One run of a scenario from its start to its end: the fleet's windows on the virtual
/// clock, then every expectation checked against the final state.
public struct ScenarioRun: Sendable {
    public var scenario: Scenario
    public var fleet: Fleet
    public var executions: [WindowExecutionRecord]
    public var outcomes: [Expectation.Outcome]

    public var passed: Bool { outcomes.allSatisfy(\.passed) }

    public static func run(_ scenario: Scenario) -> ScenarioRun {
        var fleet = scenario.fleet
        let executions = FleetSimulation(windows: scenario.windows).run(fleet: &fleet, until: scenario.end)
        let outcomes = scenario.expectations.map { $0.evaluate(fleet: fleet, records: executions, windows: scenario.windows, end: scenario.end) }
        return ScenarioRun(scenario: scenario, fleet: fleet, executions: executions, outcomes: outcomes)
    }
}
