import Foundation
import PatchModel
import PatchScenarios

/// `patchsim sweep`: a scenario's outcome distributions over settings and seeds.
enum SweepCommand: Command {
    static let name = "sweep"
    static let abstract = "Run the cross product of --vary settings on N seeds each; distributions per variant."
    static let usage = "usage: patchsim sweep SCENARIO --vary JSON.PATH=V1,V2,... [--vary ...] [--seeds N] [--threads N] [--format text|json] [--json FILE] [--html FILE]"
    static let help = """
        \(usage)

        Each combination of the --vary values (PATH as --set writes it, values as JSON or bare
        words, split at top-level commas) runs on seeds S, S+1, ..., S+N-1 (S: the scenario's
        seed; --seeds default 10), on all cores (--threads, default the machine's), with the
        same result whatever the thread count. Per variant, the min, p5, p50, p95 and max
        (nearest rank) of:
          nodesPatched W #k      distinct nodes an Install task of window W has patched by the
                                 end of its k-th execution (above 10,000 nodes: successful
                                 Install invocations)
          executionSeconds W #k  how long the k-th execution of W took
          invocationsFailed, invocationsUndelivered   over the whole run
          compliantShare         compliant of reporting nodes at the end (0 when none report)
        Text table on standard output (--format json for JSON); --json FILE and --html FILE
        (each metric's distributions drawn per variant) too. Exit 0; 2 on invalid input.

        Example:
          patchsim sweep Scenarios/maxerrors-stops-rollout.json --vary 'maintenanceWindows[0].Tasks[0].MaxErrors=2,6' --seeds 5
        """

    static func run(_ raw: [String], console: Console) throws -> Int32 {
        let args = try Arguments(raw, options: ["--vary", "--seeds", "--threads", "--format", "--json", "--html"], usage: usage)
        guard args.positionals.count == 1, let file = args.positionals.first else { throw UsageError(message: "sweep needs one scenario", usage: usage) }
        guard !args.all("--vary").isEmpty else { throw UsageError(message: "sweep needs at least one --vary PATH=V1,V2,...", usage: usage) }
        let format = try args.choice("--format", ["text", "json"], default: "text") ?? "text"
        for option in ["--json", "--html"] { if let p = args.value(option) { try OutputSet.checkFile(p, option: option) } }
        let seedCount = try args.int("--seeds", in: 1...1000) ?? 10
        let threads = try args.int("--threads", in: 1...256) ?? ProcessInfo.processInfo.activeProcessorCount
        let variations = try args.all("--vary").map(Sweep.variation)
        let variants = Sweep.variants(variations)
        guard variants.count * seedCount <= Sweep.maxRuns else {
            throw UsageError(message: "\(variants.count) variants × \(seedCount) seeds is \(variants.count * seedCount) runs; allowed: at most \(Sweep.maxRuns)", usage: usage)
        }
        let doc = try ScenarioLoader.document(file)
        let base = UInt64(try doc["seed"]?.int(in: 0...Int(Int32.max)) ?? 0)
        let seeds = (0..<UInt64(seedCount)).map { base + $0 }
        // Every variant is loaded once first: a bad value stops the sweep before anything
        // runs. The runs load their own copies, so only the runs in flight hold a fleet.
        var documents: [JSONValue] = []
        var name = file
        for v in variants {
            var edited = doc
            for e in v.edits { edited = try e.applied(to: edited) }
            name = try ScenarioLoader.load(document: edited, path: file, seedOverride: base).name
            documents.append(edited)
        }
        // Only each run's metrics are kept: a run's fleet is dropped as soon as it is measured.
        let jobs = documents.flatMap { d in seeds.map { (d, $0) } }
        let metrics = try ParallelMap.run(jobs.count, threads: threads) { k in
            Sweep.metrics(ScenarioRun.run(try ScenarioLoader.load(document: jobs[k].0, path: file, seedOverride: jobs[k].1)))
        }
        let results = variants.indices.map { k in
            Sweep.result(variants[k], seeds: seeds, runs: Array(metrics[(k * seedCount)..<((k + 1) * seedCount)]))
        }
        var outputs = OutputSet()
        if let p = args.value("--json") { outputs.add(option: "--json", path: p) { SweepReport.json(results, scenario: name).rendered() } }
        if let p = args.value("--html") { outputs.add(option: "--html", path: p) { SweepReport.html(results, scenario: name) } }
        try outputs.write()
        console.out.write(format == "json" ? SweepReport.json(results, scenario: name).rendered() : SweepReport.text(results, scenario: name))
        return ExitCode.success
    }
}
