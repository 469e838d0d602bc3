import Foundation
import PatchModel
import PatchScenarios

/// `patchsim explain`: why a node inside a run reports what it does, and how a window's
/// execution went.
enum ExplainCommand: Command {
    static let name = "explain"
    static let abstract = "Explain a node's baseline, a patch's state and a window's dispatch inside a run."
    static let usage = "usage: patchsim explain SCENARIO (--instance ID [--patch NAME] | --window ID)... [--at ISO] [--seed N] [--profile NAME] [--format text|json]"
    static let help = """
        \(usage)

        Runs SCENARIO up to --at (default: its end) and explains:
          --instance ID   the node's stored report: which operation wrote it, which source
                          (patch policy, window task, association, SendCommand, Patch now),
                          which baseline and why ([BL-4]: policy, patch group and its tag, or
                          the default); every write of the report, each overwrite marked; every
                          invocation the node got, with why it did not succeed
          --patch NAME    with --instance: the stored record(s) of NAME (name, name.arch or KB
                          id) and the evaluator's decision chain for it (rule, filter, list
                          entry, dates, pocket, dependency, profile), evaluating the governing
                          baseline as a Scan when the stored report's run began
          --window ID     each execution of the window by --at: its cutoff, each task and
                          window target, the dispatch order, each invocation's outcome and the
                          moment MaxErrors or the cutoff stopped it
          --at ISO        stop the run at this instant (within the scenario's span)
          --seed N, --profile NAME  as for run

        Exit 0; 2 on invalid input (an id the scenario does not have is one).

        Examples:
          patchsim explain Scenarios/policy-and-window-overwrite.json --instance i-0web0000000000000 --at 2026-11-01T05:00:00Z
          patchsim explain Scenarios/maxerrors-stops-rollout.json --window mw-0a1b2c3d4e5f60718
          patchsim explain Scenarios/approve-after-days-rollout.json --instance i-0canary0000000000 --patch alpha --profile agent-1.80
        """

    static func run(_ raw: [String], console: Console) throws -> Int32 {
        let args = try Arguments(raw, options: ["--instance", "--patch", "--at", "--window", "--seed", "--profile", "--format"], usage: usage)
        guard args.positionals.count == 1, let file = args.positionals.first else { throw UsageError(message: "explain needs one scenario", usage: usage) }
        let instance = args.value("--instance"), window = args.value("--window"), patch = args.value("--patch")
        if patch != nil && instance == nil { throw UsageError(message: "--patch needs --instance ID (the node whose record it explains)", usage: usage) }
        guard instance != nil || window != nil else { throw UsageError(message: "explain needs --instance ID or --window ID (or both)", usage: usage) }
        let format = try args.choice("--format", ["text", "json"], default: "text") ?? "text"
        var scenario = try ScenarioLoader.load(file, seedOverride: try RunCommand.seed(args), profileOverride: try RunCommand.profile(args))
        if let id = instance, scenario.fleet.instances[id] == nil {
            let some = scenario.fleet.instances.keys.sorted().prefix(3).joined(separator: ", ")
            throw UsageError(message: "option '--instance': \(InputError.cut(id)) is not a node of \(scenario.name) (its nodes: \(some)...)", usage: usage)
        }
        if let w = window, !scenario.windows.contains(where: { $0.windowId == w }) {
            throw UsageError(message: "option '--window': \(InputError.cut(w)) is not a window of \(scenario.name); its windows: \(scenario.windows.map(\.windowId).joined(separator: ", "))", usage: usage)
        }
        if let text = args.value("--at") {
            guard let t = Instant(iso8601: text), t >= scenario.start, t <= scenario.end else {
                throw UsageError(message: "option '--at': found '\(InputError.cut(text))'; allowed: an ISO-8601 instant from \(scenario.start.iso8601) to \(scenario.end.iso8601)", usage: usage)
            }
            scenario.end = t
        }
        if let id = instance { scenario.fleet.compliance.watched = [id] }
        let run = ScenarioRun.run(scenario)
        let explanation = RunExplanation.explain(run, at: scenario.end, instanceId: instance, patch: patch, windowId: window)
        console.out.write(format == "json" ? ExplainReport.json(explanation).rendered() : ExplainReport.text(explanation))
        return ExitCode.success
    }
}
