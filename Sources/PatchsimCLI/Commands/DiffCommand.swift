import Foundation
import PatchBaselines
import PatchModel
import PatchScenarios

/// `patchsim diff`: the blast radius of an edit, as two runs of one world on one seed.
enum DiffCommand: Command {
    static let name = "diff"
    static let abstract = "Run two variants of a scenario on one seed and list what changes (nodes, patches, windows)."
    static let usage = "usage: patchsim diff SCENARIO [--vs SCENARIO2] [--set JSON.PATH=VALUE]... [--baseline FILE|NAME] [--vs-baseline FILE|NAME] [--replace BASELINE] [--profile NAME] [--vs-profile NAME] [--seed N] [--format text|json|junit] [--json FILE] [--junit FILE] [--expect-none | --expect FILE]"
    static let help = """
        \(usage)

        Runs SCENARIO as it is ("from") and a variant of it ("to") on the same seed, then
        compares them record by record: each node whose stored state changes (compliance,
        baseline, counts, and each patch record: from → to, with the instant its
        ComplianceStatus first differs), counts per patch group and operating system, the
        compliant share at the end of each day, and each window execution whose status,
        start or end time, or invocation counts change. Exit 0, or with --expect-none /
        --expect as below; 2 on invalid input.

        The variant (at least one of):
          --vs SCENARIO2        another scenario file (run on SCENARIO's seed)
          --set PATH=VALUE      edit the variant's document before it loads; PATH as error
                                messages write it (maintenanceWindows[0].Tasks[0].MaxConcurrency),
                                VALUE as JSON, a bare word being a string; repeatable
          --vs-baseline B       the variant's baseline in place of --replace's: a JSON file
                                (CreatePatchBaseline's request or get-patch-baseline's output)
                                or a predefined baseline's name
          --vs-profile NAME     the variant's evaluation profile (user-guide, agent-1.80)
        and for the "from" side:
          --baseline B          its baseline in place of --replace's (default: the scenario's own)
          --profile NAME        its evaluation profile (default: the scenario's; also the
                                variant's unless --vs-profile)
          --replace BASELINE    the scenario baseline (BaselineId or Name, or a predefined
                                name the scenario uses) the two baselines stand in for;
                                default: the scenario's only custom baseline
          --seed N              both sides' seed (default: SCENARIO's)

        Output: text on standard output (--format json or junit instead), and
          --json FILE           the JSON (what --expect reads)
          --junit FILE          one testcase per changed node and window execution
          --expect-none         exit 1 on any difference
          --expect FILE         exit 1 unless exactly FILE's changes happen: FILE is a diff's
                                JSON (or a hand-written part of one: nodes[].InstanceId,
                                .from/.to.ComplianceStatus, .patches[].KBId/from/to;
                                windowExecutions[].WindowId/Execution/from/to.Status, .Invocations);
                                times are not compared

        Examples:
          patchsim diff Scenarios/maxerrors-stops-rollout.json --set 'maintenanceWindows[0].Tasks[0].MaxErrors=5'
          patchsim diff Scenarios/os-amazon-linux-2.json --replace AWS-AmazonLinux2DefaultPatchBaseline --vs-baseline my-baseline.json
          patchsim diff Scenarios/approve-after-days-rollout.json --vs-profile agent-1.80 --format json
        """

    static func run(_ raw: [String], console: Console) throws -> Int32 {
        let args = try Arguments(raw, options: ["--vs", "--set", "--baseline", "--vs-baseline", "--replace", "--profile", "--vs-profile", "--seed",
                                                "--format", "--json", "--junit", "--expect"],
                                 flags: ["--expect-none"], usage: usage)
        guard args.positionals.count == 1, let file = args.positionals.first else {
            throw UsageError(message: args.positionals.isEmpty ? "diff needs one scenario" : "diff compares variants of one scenario; give the other with --vs", usage: usage)
        }
        guard args.value("--vs") != nil || !args.all("--set").isEmpty || args.value("--vs-baseline") != nil || args.value("--vs-profile") != nil else {
            throw UsageError(message: "diff needs a variant: --vs, --set, --vs-baseline or --vs-profile", usage: usage)
        }
        if args.has("--expect-none") && args.value("--expect") != nil { throw UsageError(message: "give --expect-none or --expect FILE, not both", usage: usage) }
        let format = try args.choice("--format", ["text", "json", "junit"], default: "text") ?? "text"
        for option in ["--json", "--junit"] { if let p = args.value(option) { try OutputSet.checkFile(p, option: option) } }
        let profile = try args.choice("--profile", EvaluationProfile.names).flatMap(EvaluationProfile.named)
        let vsProfile = try args.choice("--vs-profile", EvaluationProfile.names).flatMap(EvaluationProfile.named) ?? profile
        let edits = try args.all("--set").map { try ScenarioEdit.parse($0, origin: "--set") }
        let expected = try args.value("--expect").map { try DiffReport.changeLines(try JSONValue.parse(contentsOf: $0)) }

        // Both documents, each edited, then loaded on one seed.
        let fromDoc = try ScenarioLoader.document(file)
        let seed = try RunCommand.seed(args) ?? UInt64(try fromDoc["seed"]?.int(in: 0...Int(Int32.max)) ?? 0)
        let toFile = args.value("--vs") ?? file
        var toDoc = toFile == file ? fromDoc : try ScenarioLoader.document(toFile)
        var fromEdited = fromDoc
        let replaced = try (args.value("--baseline") != nil || args.value("--vs-baseline") != nil) ? replacedBaseline(args, fromDoc) : nil
        if let replaced, let b = args.value("--baseline") {
            fromEdited = try ScenarioEdit.replacingBaseline(replaced, with: try ScenarioEdit.baselineDocument(b), in: fromEdited)
        }
        if let replaced, let b = args.value("--vs-baseline") {
            toDoc = try ScenarioEdit.replacingBaseline(replaced, with: try ScenarioEdit.baselineDocument(b), in: toDoc)
        } else if let replaced, let b = args.value("--baseline") {
            toDoc = try ScenarioEdit.replacingBaseline(replaced, with: try ScenarioEdit.baselineDocument(b), in: toDoc)
        }
        for e in edits { toDoc = try e.applied(to: toDoc) }
        let from = try ScenarioLoader.load(document: fromEdited, path: file, seedOverride: seed, profileOverride: profile)
        let to = try ScenarioLoader.load(document: toDoc, path: toFile, seedOverride: seed, profileOverride: vsProfile)

        let runs = ParallelRuns.run([from, to], threads: 2) { ScenarioRun.run($0) }
        let diff = ScenarioDiff.compare(runs[0], runs[1], from: describe(args, side: .from, file: file, profile: from.profile.name),
                                        to: describe(args, side: .to, file: toFile, profile: to.profile.name))
        let json = DiffReport.json(diff)
        var outputs = OutputSet()
        if let p = args.value("--json") { outputs.add(option: "--json", path: p) { json.rendered() } }
        if let p = args.value("--junit") { outputs.add(option: "--junit", path: p) { DiffReport.junit(diff, name: from.name) } }
        try outputs.write()
        switch format {
        case "json": console.out.write(json.rendered())
        case "junit": console.out.write(DiffReport.junit(diff, name: from.name))
        default: console.out.write(DiffReport.text(diff))
        }
        if args.has("--expect-none") && !diff.isEmpty {
            console.err.writeLine("patchsim diff: --expect-none: \(diff.changedNodeCount) nodes and \(diff.windowExecutions.count) window executions change")
            return ExitCode.failure
        }
        if let expected {
            let actual = try DiffReport.changeLines(try JSONValue.parse(embedded: json.rendered(), file: "diff", at: ""))
            let missing = expected.filter { !actual.contains($0) }, extra = actual.filter { !expected.contains($0) }
            guard missing.isEmpty && extra.isEmpty else {
                for m in missing { console.err.writeLine("expected, did not happen: \(m)") }
                for x in extra { console.err.writeLine("happened, not expected: \(x)") }
                console.err.writeLine("patchsim diff: --expect: \(missing.count) expected changes missing, \(extra.count) unexpected")
                return ExitCode.failure
            }
        }
        return ExitCode.success
    }

    enum Side { case from, to }

    /// What a side is, in the user's words.
    static func describe(_ args: Arguments, side: Side, file: String, profile: String) -> String {
        var parts = [file]
        switch side {
        case .from:
            if let b = args.value("--baseline") { parts.append("baseline \(b)") }
        case .to:
            if let b = args.value("--vs-baseline") ?? args.value("--baseline") { parts.append("baseline \(b)") }
            parts += args.all("--set").map { "--set \($0)" }
        }
        parts.append("profile \(profile)")
        return parts.joined(separator: ", ")
    }

    /// The baseline the two stand in for: --replace; else the scenario's only custom
    /// baseline; else, in a scenario with none, the default baseline of the given
    /// baselines' operating system (the scenario's registered default, or AWS's).
    static func replacedBaseline(_ args: Arguments, _ doc: JSONValue) throws -> String {
        if let r = args.value("--replace") { return r }
        let custom = try doc["baselines"]?.array() ?? []
        if custom.count == 1, let id = try custom[0]["BaselineId"]?.string() ?? custom[0]["Name"]?.string() { return id }
        if custom.isEmpty {
            let given = try [args.value("--baseline"), args.value("--vs-baseline")].compactMap { $0 }.map(ScenarioEdit.baselineDocument)
            let systems = Set(try given.map { try $0.required("OperatingSystem").string() })
            if systems.count == 1, let name = systems.first, let os = OperatingSystem(rawValue: name) {
                for d in try doc["defaultBaselines"]?.array() ?? [] {
                    let id = try (d["BaselineId"] ?? d).string()
                    if PredefinedBaselines.named(id)?.operatingSystem == os { return id }
                }
                if let b = PredefinedBaselines.defaultBaseline(for: os) { return b.name }
            }
        }
        throw UsageError(message: "--baseline/--vs-baseline need --replace BASELINE: the scenario has \(custom.count) custom baselines, so which one they stand in for is not clear", usage: usage)
    }
}
