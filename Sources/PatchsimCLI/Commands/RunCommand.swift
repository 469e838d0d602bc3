import Foundation
import PatchBaselines
import PatchModel
import PatchScenarios

/// `patchsim run` and `patchsim check`: scenario files (or folders of them).
enum RunCommand: Command {
    static let name = "run"
    static let abstract = "Run scenarios and check their expectations (exit 1 when one fails)."
    static let usage = "usage: patchsim run SCENARIO... [--seed N] [--profile user-guide|agent-1.80] [--report FILE.json [--patches-for ID,...]] [--junit FILE.xml] [--csv DIR [--csv-instance ID]...] [--findings DIR] [--findings-product-arn ARN] [--events FILE.jsonl] [--html FILE] [--golden FILE.json [--update-golden]] [--threads N] [--shard I/N] [--quiet]"
    static let help = """
        \(usage)

        Runs each scenario (a JSON file; a folder with a scenario.json, whose other *.json files
        add to its lists; or a folder of these) from its start
        to its end on the virtual clock, then checks its expectations. Prints a summary; a
        failing expectation shows what was expected, what was found, a few instances involved,
        and the command line that reproduces the run. Exit 0 when every expectation holds, 1
        when one fails, 2 on invalid input. Output files are written whole or not at all.

          --seed N            override every scenario's seed
          --profile NAME      evaluate as `user-guide` (the user guide's rules, the default) or
                              `agent-1.80` (the Linux agent payload's behaviour), overriding
                              each scenario's "evaluationProfile"
          --report FILE.json  the full report (stable key and row order)
          --patches-for ID,...  the report's api.InstancePatches (describe-instance-patches)
                              for these nodes; repeatable; default: every node of a fleet of
                              at most 100, none of a larger one
          --junit FILE.xml    one testcase per expectation
          --csv DIR           DIR/<scenario>/compliance-summary.csv in the S3 export layout
          --csv-instance ID   also the single-node report, DIR/<scenario>/compliance-ID.csv
                              (summary row, then one row per patch out of compliance); repeatable
          --findings DIR      DIR/<scenario>/securityhub-findings-0001.json...: the ACTIVE Security
                              Hub findings at the end (one per non-compliant node, ASFF), as
                              BatchImportFindings requests of at most 100
          --findings-product-arn ARN  the findings' ProductArn (default: Patch Manager's,
                              arn:aws:securityhub:us-east-1::product/aws/ssm-patch-manager)
          --events FILE.jsonl EventBridge-shaped window, task and invocation events, in time
                              order; with several scenarios, one file each beside it
                              (FILE-<scenario>.jsonl)
          --html FILE         a self-contained page with inline SVG charts
          --golden FILE.json  compare the run's JSON report with a stored one and print each
                              difference (path: golden → this run); exit 1 on any, even
                              when every expectation holds. Scenario files are kept by name
                              only, so a golden compares clean in any checkout; per-patch
                              records follow --patches-for as in --report
          --update-golden     write the golden instead of comparing (the run's verdict still
                              decides the exit code)
          --threads N         run scenarios in parallel, and within one scenario compute each
                              command's scans ahead of dispatch on N cores (results are the
                              same bytes whatever N is); default: the machine's cores
          --shard I/N         run shard I (0-based) of N and write its part with --report;
                              `patchsim merge` combines the N parts into the report of the
                              unsharded run (see README, "Running past one machine")
          --quiet             print only failures

        Examples:
          patchsim run Scenarios/al2-patch-tuesday.json
          patchsim run Scenarios/ --junit junit.xml --html report.html --quiet
          patchsim run Scenarios/maxerrors-stops-rollout.json --csv out/ --csv-instance i-0a000000000000000
          patchsim run Scenarios/os-debian.json --golden os-debian.golden.json --update-golden
        """

    static func scenarioFiles(_ paths: [String]) throws -> [String] {
        var files: [String] = []
        for p in paths {
            guard !p.isEmpty else { throw InputError(file: "<empty path>", message: "a scenario argument is empty; give a scenario file or folder") }
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: p, isDirectory: &isDir) else {
                throw InputError(file: p, message: "no such file or folder")
            }
            if ScenarioLoader.isScenarioFolder(p) {
                files.append(p)
            } else if isDir.boolValue {
                // Every *.json directly in the folder, and every subfolder that is one scenario.
                let names = ((try? FileManager.default.contentsOfDirectory(atPath: p)) ?? []).sorted()
                for name in names {
                    let full = (p as NSString).appendingPathComponent(name)
                    // A JSON Schema beside the scenarios (scenario.schema.json) is not one of them.
                    if name.hasSuffix(".json") && !name.hasSuffix(".schema.json") { files.append(full) }
                    else if ScenarioLoader.isScenarioFolder(full) { files.append(full) }
                }
            } else {
                files.append(p)
            }
        }
        return files
    }

    static func seed(_ args: Arguments) throws -> UInt64? {
        guard let s = args.value("--seed") else { return nil }
        guard let v = UInt64(s), v <= UInt64(Int32.max) else {
            throw UsageError(message: "option '--seed': '\(s)' is not an integer in 0...\(Int32.max)", usage: args.usage)
        }
        return v
    }

    /// `--profile NAME` ([AGT-0]).
    static func profile(_ args: Arguments) throws -> EvaluationProfile? {
        try args.choice("--profile", EvaluationProfile.names).flatMap(EvaluationProfile.named)
    }

    static func run(_ raw: [String], console: Console) throws -> Int32 {
        let args = try Arguments(raw, options: ["--seed", "--profile", "--report", "--junit", "--csv", "--findings", "--events", "--html", "--threads", "--shard", "--findings-product-arn", "--csv-instance", "--patches-for", "--golden"], flags: ["--quiet", "--update-golden"], usage: usage)
        guard !args.positionals.isEmpty else { throw UsageError(message: "run needs at least one scenario", usage: usage) }
        let seedOverride = try seed(args)
        let fileOptions = ["--report", "--junit", "--html", "--events"] + (args.has("--update-golden") ? ["--golden"] : []), folderOptions = ["--csv", "--findings"]
        // Every output path is checked before anything runs or is written ([21]).
        for option in fileOptions { if let p = args.value(option) { try OutputSet.checkFile(p, option: option) } }
        for option in folderOptions { if let p = args.value(option) { try OutputSet.checkFolder(p, option: option) } }
        let shard = try shard(args)
        let golden = try goldenToCompare(args)
        let productArn = args.value("--findings-product-arn") ?? SecurityHubFindings.defaultProductArn
        if let problem = SecurityHubFindings.productArnProblem(productArn) {
            throw UsageError(message: "option '--findings-product-arn': '\(InputError.cut(productArn))' is \(problem)", usage: usage)
        }
        // Load everything first: a bad file stops the run before any output is written,
        // except the JUnit file, where an invalid scenario is an <error> beside the others.
        let profileOverride = try profile(args)
        let threads = try args.int("--threads", in: 1...256) ?? ProcessInfo.processInfo.activeProcessorCount
        let files = try scenarioFiles(args.positionals)
        var scenarios: [Scenario] = []
        var invalid: [(file: String, error: InputError)] = []
        for file in files {
            do { scenarios.append(try ScenarioLoader.load(file, seedOverride: seedOverride, profileOverride: profileOverride)) }
            catch let e as InputError { invalid.append((file, e)) }
        }
        for id in args.all("--csv-instance") where !scenarios.contains(where: { $0.fleet.instances[id] != nil }) {
            throw UsageError(message: "option '--csv-instance': no scenario of this run has an instance \(InputError.cut(id))", usage: usage)
        }
        let patchesFor = args.all("--patches-for").flatMap { $0.split(separator: ",").map { String($0).trimmingWhitespace } }
        for id in patchesFor where !scenarios.contains(where: { $0.fleet.instances[id] != nil }) {
            throw UsageError(message: "option '--patches-for': no scenario of this run has an instance \(InputError.cut(id))", usage: usage)
        }
        if !patchesFor.isEmpty && args.value("--report") == nil && args.value("--golden") == nil {
            throw UsageError(message: "option '--patches-for' needs --report FILE.json (the patches go to its api.InstancePatches)", usage: usage)
        }
        // [19] Per-scenario folders and files must not collide: refused before anything runs.
        for option in folderOptions + (scenarios.count > 1 ? ["--events"] : []) where args.value(option) != nil {
            var seen: [String: String] = [:]
            for sc in scenarios {
                let folder = OutputSet.component(sc.name)
                if let other = seen[folder] {
                    throw InputError(file: sc.file, location: .path("name"),
                                     message: "scenarios \(other) and \(sc.file) are both named '\(InputError.cut(sc.name))': their \(option) outputs would collide; give them different names")
                }
                seen[folder] = sc.file
            }
        }
        // [19] With --junit, an invalid scenario is an <error> testcase beside the others: the
        // valid ones still run and every requested output is written (a whole set, [21]);
        // the exit code is still 2. Without --junit, a bad file stops the run, nothing written.
        if !invalid.isEmpty && (args.value("--junit") == nil || shard != nil) {
            for (_, e) in invalid.dropLast() { console.err.writeLine("patchsim run: \(e)") }
            throw invalid[invalid.count - 1].error
        }
        // Progress on stderr only when a person watches a long run: a terminal, one thread,
        // not --quiet, and a fleet big enough to take a while.
        let showProgress = (threads == 1 || scenarios.count == 1) && !args.has("--quiet") && console.stderrIsTerminal
        // [18] One scenario: its cores go to computing scans ahead of dispatch.
        if scenarios.count == 1 { scenarios[0].fleet.prefetchThreads = threads }
        let runOne: @Sendable (Scenario, (Instant) -> Void) -> ScenarioRun = { scenario, progress in
            shard.map { ScenarioRun.run(scenario, shard: $0.index, of: $0.count, progress: progress) } ?? ScenarioRun.run(scenario, progress: progress)
        }
        let runs = showProgress
            ? scenarios.map { $0.fleet.instances.count >= ProgressLine.minimumInstances ? ProgressLine.run($0, console: console, runOne) : runOne($0, { _ in }) }
            : ParallelRuns.run(scenarios, threads: threads) { runOne($0, { _ in }) }
        let invalidFiles = invalid.map { (file: $0.file, error: "\($0.error)") }
        var outputs = OutputSet()
        if let path = args.value("--report") { outputs.add(option: "--report", path: path) { JSONReport.render(runs, invalid: invalidFiles, patchesFor: patchesFor) } }
        if let shard {
            // A part, not a verdict: expectations are decided when the parts are merged.
            try outputs.write()
            for r in runs where !args.has("--quiet") {
                console.out.writeLine("shard \(shard.index)/\(shard.count) of \(r.scenario.name): \(Wording.count(r.fleet.instances.count, "instance")), \(Wording.count(r.executions.count, "window execution"))")
            }
            return ExitCode.success
        }
        if let path = args.value("--junit") {
            let suites = Self.junitSuites(files: files, runs: runs, invalid: invalidFiles)
            outputs.add(option: "--junit", path: path) { JUnitReport.render(suites: suites) }
        }
        if let path = args.value("--html") { outputs.add(option: "--html", path: path) { HTMLReport.render(runs, invalid: invalidFiles) } }
        if let path = args.value("--events") {
            // One file per scenario: each is one timeline ([19]); several runs write one beside PATH each.
            for r in runs {
                let file = runs.count == 1 ? path : Self.perScenarioPath(path, name: r.scenario.name)
                outputs.add(option: "--events", path: file) { EventsReport.render(r) }
            }
        }
        // Per scenario, in DIR/<scenario>/: the S3 export and the Security Hub findings.
        // The folder is the scenario's name made safe: it never leaves DIR.
        let names = runs.map(\.scenario.name)
        if let dir = args.value("--csv") {
            // [RPT-3] The all-nodes report, and a single-node report per --csv-instance the scenario has.
            let single = args.all("--csv-instance")
            try outputs.addPerScenario(option: "--csv", dir: dir, names: names) { k in
                [("compliance-summary.csv", { CSVReport.summary(runs[k]) })]
                    + single.filter { runs[k].fleet.instances[$0] != nil }.map { id in
                        ("compliance-\(OutputSet.component(id)).csv", { CSVReport.instance(runs[k], id) ?? "" })
                    }
            }
        } else if args.value("--csv-instance") != nil {
            throw UsageError(message: "option '--csv-instance' needs --csv DIR (the report goes to DIR/<scenario>/compliance-ID.csv)", usage: usage)
        }
        if let dir = args.value("--findings") {
            let arn = productArn
            try outputs.addPerScenario(option: "--findings", dir: dir, names: names) { k in
                SecurityHubFindings.files(runs[k], productArn: arn).map { file in (file.name, { file.text }) }
            }
        }
        if let path = args.value("--golden"), args.has("--update-golden") {
            outputs.add(option: "--golden", path: path) { GoldenReport.render(runs, patchesFor: patchesFor) }
        }
        try outputs.write()
        var code = printVerdicts(runs.map { r in
            ReportMerge.Verdict(name: r.scenario.name, file: r.scenario.file, seed: String(r.scenario.seed), outcomes: r.outcomes,
                                summary: RunSummary(r), profile: r.scenario.profile.name)
        }, quiet: args.has("--quiet"), console: console)
        // [20] Said, not failed (unless the scenario asks for noComplianceSourceConflict).
        for r in runs where !args.has("--quiet") {
            // [18] What the engine held and did: diversity in, evaluations out.
            console.out.writeLine("\(r.scenario.name): engine: \(Wording.count(r.distinctInstalledStatesAtStart, "distinct installed-software state")) at the start, "
                + "\(Wording.count(r.evaluations, "evaluation")) (the rest replayed or shared)")
            for line in OverwriteNotes.lines(r.fleet.compliance.overwrites) { console.out.writeLine("\(r.scenario.name): \(line)") }
        }
        if let path = args.value("--golden") {
            if let golden {
                // [20] Any difference from the stored report fails the run, readably.
                let differences = try GoldenReport.compare(golden: golden, actual: GoldenReport.render(runs, patchesFor: patchesFor), file: path)
                for line in GoldenReport.describe(differences, golden: path) { console.out.writeLine(line) }
                if !differences.isEmpty { code = ExitCode.failure }
            } else if !args.has("--quiet") {
                console.out.writeLine("golden \(path) written")
            }
        }
        guard let last = invalid.last else { return code }
        for (_, e) in invalid.dropLast() { console.err.writeLine("patchsim run: \(e)") }
        throw last.error
    }

    /// The JUnit suites of a run: each file's scenario, or its error where it was invalid.
    static func junitSuites(files: [String], runs: [ScenarioRun], invalid: [(file: String, error: String)]) -> [JUnitReport.Suite] {
        var byFile: [String: ScenarioRun] = [:]
        for r in runs { byFile[r.scenario.file] = r }
        let errors = Dictionary(invalid.map { ($0.file, $0.error) }, uniquingKeysWith: { a, _ in a })
        return files.map { f in
            if let e = errors[f] { return JUnitReport.Suite(name: (f as NSString).lastPathComponent, file: f, outcomes: [], error: e) }
            let r = byFile[f]
            return JUnitReport.Suite(name: r?.scenario.name ?? f, file: f, outcomes: r?.outcomes ?? [])
        }
    }

    /// One line per scenario (failures always), each failed expectation with what was
    /// expected and found, and the command that reproduces a failing run. Exit 0 or 1.
    static func printVerdicts(_ verdicts: [ReportMerge.Verdict], quiet: Bool, console: Console) -> Int32 {
        var failed = 0
        for r in verdicts {
            let ok = r.outcomes.filter(\.passed).count
            if !r.passed || !quiet {
                // What happened, then the verdict.
                console.out.writeLine("\(r.name) (\(r.profile)): \(r.summary.line)")
                console.out.writeLine("\(r.passed ? "PASS" : "FAIL") \(r.name): \(ok) of \(Wording.count(r.outcomes.count, "expectation")) hold")
            }
            for o in r.outcomes where !o.passed {
                failed += 1
                console.out.writeLine("  FAIL \(o.rule.isEmpty ? "" : o.rule + " ")\(o.name): expected \(o.expected), found \(o.found)")
                if !o.examples.isEmpty { console.out.writeLine("       instances: \(o.examples.joined(separator: ", "))") }
            }
            if !r.passed { console.out.writeLine("  reproduce: patchsim run \(r.file) --seed \(r.seed)\(r.profile == EvaluationProfile.standard.name ? "" : " --profile \(r.profile)")") }
        }
        if !quiet || failed > 0 {
            console.out.writeLine("\(verdicts.filter(\.passed).count) passed, \(verdicts.count - verdicts.filter(\.passed).count) failed")
        }
        return failed == 0 ? ExitCode.success : ExitCode.failure
    }

    /// `events.jsonl` → `events-<scenario>.jsonl`: a scenario's own file beside the path given.
    static func perScenarioPath(_ path: String, name: String) -> String {
        let ext = (path as NSString).pathExtension
        let stem = ext.isEmpty ? path : String(path.dropLast(ext.count + 1))
        return stem + "-" + OutputSet.component(name) + (ext.isEmpty ? "" : "." + ext)
    }

    /// `--golden FILE` to compare with (nil with --update-golden, which writes it instead).
    static func goldenToCompare(_ args: Arguments) throws -> JSONValue? {
        guard let path = args.value("--golden") else {
            if args.has("--update-golden") { throw UsageError(message: "--update-golden needs --golden FILE.json (the file to write)", usage: args.usage) }
            return nil
        }
        guard args.value("--shard") == nil else { throw UsageError(message: "--golden compares a whole run; a shard's part is compared after `patchsim merge`", usage: args.usage) }
        if args.has("--update-golden") { return nil }
        guard FileManager.default.fileExists(atPath: path) else {
            throw InputError(file: path, message: "no such golden report; write it first with --golden \(path) --update-golden")
        }
        return try JSONValue.parse(contentsOf: path)
    }

    /// `--shard I/N`: shard I (from 0) of N; a shard's part goes to --report and nowhere else.
    static func shard(_ args: Arguments) throws -> (index: Int, count: Int)? {
        guard let text = args.value("--shard") else { return nil }
        let fields = text.split(separator: "/", omittingEmptySubsequences: false)
        guard fields.count == 2, let i = Int(fields[0]), let n = Int(fields[1]), (1...ReportMerge.maxShards).contains(n), (0..<n).contains(i) else {
            throw UsageError(message: "--shard: found '\(text)'; allowed: I/N with N from 1 to \(ReportMerge.maxShards) and I from 0 to N-1 (e.g. 0/4)", usage: usage)
        }
        guard args.value("--report") != nil else { throw UsageError(message: "--shard needs --report FILE.json (the part to merge)", usage: usage) }
        for other in ["--junit", "--html", "--csv", "--csv-instance", "--findings", "--events", "--findings-product-arn"] where args.value(other) != nil {
            let from = other == "--junit" ? "`patchsim merge --junit`" : "an unsharded run (merge writes --report and --junit)"
            throw UsageError(message: "--shard writes only --report; \(other) comes from \(from)", usage: usage)
        }
        return (i, n)
    }

}

enum CheckCommand: Command {
    static let name = "check"
    static let abstract = "Validate scenario files without running them."
    static let usage = "usage: patchsim check SCENARIO..."
    static let help = """
        \(usage)

        Loads each scenario as `run` would (repositories, images, fleet, baselines, windows,
        expectations) and reports the first mistake in each, naming the file and JSON path.
        Warns (on standard error, without failing) about what is valid but likely not meant:
        a window target or patch policy matching no node at any instant, a patch group no
        node carries, a custom baseline no node can use, a window that never fires in the
        scenario's span. Exit 0 when all are valid, 2 otherwise.

        Example:
          patchsim check Scenarios/
        """

    static func run(_ raw: [String], console: Console) throws -> Int32 {
        let args = try Arguments(raw, options: [], usage: usage)
        guard !args.positionals.isEmpty else { throw UsageError(message: "check needs at least one scenario", usage: usage) }
        var bad = 0
        for file in try RunCommand.scenarioFiles(args.positionals) {
            do {
                let s = try ScenarioLoader.load(file)
                console.out.writeLine("ok \(file): \(Wording.count(s.fleet.instances.count, "instance")), \(Wording.count(s.windows.count, "window")), \(Wording.count(s.expectations.count, "expectation"))")
                // [19] Valid, but likely not what was meant: said, not failed.
                for w in ScenarioWarnings.of(s) { console.err.writeLine("warning: \(file): \(w)") }
            } catch let e as InputError {
                bad += 1
                console.err.writeLine("patchsim check: \(e)")
            }
        }
        return bad == 0 ? ExitCode.success : ExitCode.invalidInput
    }
}

/// A one-line progress display on a terminal: the scenario and the simulated day it has
/// reached, rewritten in place when the day changes, erased at the end.
enum ProgressLine {
    static let minimumInstances = 1_000

    static func run(_ scenario: Scenario, console: Console, _ runOne: (Scenario, (Instant) -> Void) -> ScenarioRun) -> ScenarioRun {
        var day = Int64.min
        let total = max(1, scenario.end.utcDay - scenario.start.utcDay)
        let r = runOne(scenario) { t in
            guard t.utcDay != day else { return }
            day = t.utcDay
            let done = min(100, max(0, (day - scenario.start.utcDay) * 100 / total))
            console.err.write("\r\u{1B}[K\(scenario.name): \(t.iso8601.prefix(10)) (\(done)%, \(scenario.fleet.instances.count) instances)")
            console.err.flush()
        }
        console.err.write("\r\u{1B}[K")
        console.err.flush()
        return r
    }
}

/// Runs independent scenarios on up to `threads` threads and returns them in input order.
enum ParallelRuns {
    static func run(_ scenarios: [Scenario], threads: Int, _ runOne: @escaping @Sendable (Scenario) -> ScenarioRun) -> [ScenarioRun] {
        ParallelMap.run(scenarios.count, threads: threads) { runOne(scenarios[$0]) }
    }
}
