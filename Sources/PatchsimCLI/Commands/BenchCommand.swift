import Foundation
import PatchBaselines
import PatchModel
import PatchScenarios
import PatchScheduling
import PatchWorld

/// `patchsim bench`: throughput of the hot paths on deterministic inputs. Speed is
/// measured here, in a release build, never in a timed unit test.
enum BenchCommand: Command {
    static let name = "bench"
    static let abstract = "Measure throughput of named workloads (release builds only)."
    static let usage = "usage: patchsim bench [WORKLOAD...] [--repeat N] [--threads N] [--format text|json] | patchsim bench --table FILE.json..."
    static let help = """
        \(usage)

        Workloads (all but fleet-100k and fleet-1m by default; name those to run them):
          vercmp       rpm EVR comparisons on real-shaped labels from a generated Amazon
                       Linux 2 repository (the target is under 35 ns per comparison)
          vercmp-deb   dpkg comparisons on real-shaped Debian/Ubuntu versions
          generate     generating one month of a 5,000-package repository history
          evaluate-cold  one evaluation of a 1,000-package Amazon Linux 2 image against a
                       repository state and baseline nothing has seen before: the content
                       index is built and every package decided (target: under 200 µs)
          evaluate-memo  memoised evaluations: nodes of one image at one repository state
                       under one baseline, each answered from the scan cache (target: at
                       least 1,000,000 per second)
          instances    100,000 instances of one image (700 packages): bytes per instance
          fleet-10k    10,000 Amazon Linux 2 nodes, 30 days, daily Scan + weekly Install windows
          fleet-100k   the same with 100,000 nodes
          fleet-1m     the same with 1,000,000 nodes (target: under 60 s, 1 KiB per node)
          fleet-diverse-10k  Scenarios/scale/fleet-diverse-1m.json at a hundredth of its size:
                       AL2, RHEL 8, Ubuntu 22.04 and Windows Server 2022 nodes in equal parts,
                       the Linux ones from 50 image versions and drifted, 30 days of daily
                       Scans and weekly Installs per patch group (node operations per second)
          fleet-diverse-1m   the scenario at full size (target: 120 s, 2 GiB)
          scan-debian  `patchsim scan` of this host: /var/lib/dpkg/status and /var/lib/apt/lists
                       parsed and evaluated under AWS-DebianDefaultPatchBaseline (compare with
                       `apt-get -s upgrade` on the same files); skipped where they are missing

        Each workload runs --repeat N times (default 5) and reports the median, minimum and
        maximum nanoseconds per operation of those samples (this machine is shared and noisy:
        trust medians), operations per second at the median, and the peak resident memory
        while it ran (Linux VmHWM, reset before each workload). Fleet workloads also give the
        distinct installed-software states at the start and the full evaluations performed.
        --format json carries all of them per workload (medianNanosecondsPerOperation,
        minNanosecondsPerOperation, maxNanosecondsPerOperation, peakResidentBytes,
        distinctStates, evaluations). `--table FILE.json` (repeatable) prints such files as
        README's Markdown table, rows in the order given. `--threads N` (default 1) lets the
        fleet workloads compute each command's scans ahead of dispatch on N cores. Inputs are fixed, so runs are comparable.

        Examples:
          swift build -c release && .build/release/patchsim bench vercmp evaluate-cold fleet-10k
          .build/release/patchsim bench --format json > bench.json && .build/release/patchsim bench --table bench.json
        """

    struct Result {
        var workload: String
        var operations: Int
        var seconds: Double
        var checksum: Int
        /// Fleet workloads: distinct installed-software states at the start, full evaluations run.
        var distinctStates: Int? = nil
        var evaluations: Int? = nil
        var nanosecondsPerOperation: Double { seconds * 1e9 / Double(max(operations, 1)) }
    }

    /// One workload's samples, summarised.
    struct Summary {
        var samples: [Result]
        var peakResidentBytes: UInt64?
        var first: Result { samples[0] }
        var sorted: [Double] { samples.map(\.nanosecondsPerOperation).sorted() }
        /// The middle sample (the mean of the two middle ones for an even count).
        var median: Double {
            let s = sorted
            return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
        }
        var min: Double { sorted.first ?? 0 }
        var max: Double { sorted.last ?? 0 }
    }

    static let workloads = ["vercmp", "vercmp-deb", "generate", "evaluate-cold", "evaluate-memo", "instances", "fleet-10k", "fleet-100k", "fleet-1m",
                            "fleet-diverse-10k", "fleet-diverse-1m", "scan-debian"]
    /// Run by default (the larger fleets take longer; name them to run them).
    static let defaultWorkloads = ["vercmp", "vercmp-deb", "generate", "evaluate-cold", "evaluate-memo", "instances", "fleet-10k"]

    static func run(_ raw: [String], console: Console) throws -> Int32 {
        let args = try Arguments(raw, options: ["--format", "--repeat", "--table", "--threads"], usage: usage)
        let tables = args.all("--table")
        if !tables.isEmpty {
            // One table from every file, rows in the order given.
            console.out.write(try markdownTable(tables.map { try JSONValue.parse(contentsOf: $0) }))
            return ExitCode.success
        }
        let format = try args.choice("--format", ["text", "json"], default: "text") ?? "text"
        let repeatCount = try args.int("--repeat", in: 1...1000) ?? 5
        let threads = try args.int("--threads", in: 1...256) ?? 1
        let selected = args.positionals.isEmpty ? defaultWorkloads : args.positionals
        for w in selected where !workloads.contains(w) {
            throw UsageError(message: "unknown workload '\(w)'; known: \(workloads.joined(separator: ", "))", usage: usage)
        }
        #if DEBUG
        console.err.writeLine("warning: this is a debug build; measure with `swift run -c release patchsim bench`")
        #endif
        var summaries: [Summary] = []
        for w in selected {
            Stopwatch.resetPeakResident()
            var samples: [Result] = []
            for k in 0..<repeatCount {
                // The workloads' own notes once, from the first sample.
                samples.append(sample(w, threads: threads, console: k == 0 && format == "text" ? console : Console.captured()))
            }
            summaries.append(Summary(samples: samples, peakResidentBytes: Stopwatch.peakResidentBytes()))
        }
        if format == "json" {
            console.out.write(JSONOutput.object([
                ("repeat", .int(repeatCount)),
                ("workloads", .array(summaries.map { s in
                    var fields: [(String, JSONOutput)] = [
                        ("workload", .string(s.first.workload)), ("operations", .int(s.first.operations)), ("samples", .int(s.samples.count)),
                        ("medianNanosecondsPerOperation", .double(round2(s.median))), ("minNanosecondsPerOperation", .double(round2(s.min))),
                        ("maxNanosecondsPerOperation", .double(round2(s.max))),
                        ("operationsPerSecond", .double((1e9 / s.median).rounded())),
                        ("medianSeconds", .double(round2(s.median * Double(s.first.operations) / 1e9))),
                        ("peakResidentBytes", s.peakResidentBytes.map { .int(Int64($0)) } ?? .null),
                    ]
                    if let d = s.first.distinctStates { fields.append(("distinctStates", .int(d))) }
                    if let e = s.first.evaluations { fields.append(("evaluations", .int(e))) }
                    return .object(fields)
                })),
            ]).rendered())
        } else {
            for s in summaries {
                var line = "\(s.first.workload.padding(14)) median \(format2(s.median)) ns/op (min \(format2(s.min)), max \(format2(s.max)); \(s.samples.count) samples)  "
                line += "\(grouped(1e9 / s.median)) ops/s  \(format2(s.median * Double(s.first.operations) / 1e9)) s for \(s.first.operations) ops"
                if let peak = s.peakResidentBytes { line += "  peak \(peak / 1_048_576) MiB" }
                if let d = s.first.distinctStates, let e = s.first.evaluations { line += "  \(d) distinct states, \(e) evaluations" }
                console.out.writeLine(line)
            }
        }
        return ExitCode.success
    }

    /// One sample of a workload; `threads`: cores the fleet workloads compute scans ahead on.
    static func sample(_ w: String, threads: Int, console: Console) -> Result {
        switch w {
        case "vercmp": return vercmpRPM()
        case "vercmp-deb": return vercmpDeb()
        case "instances": return instances(console: console)
        case "fleet-10k": return fleet(Int(ProcessInfo.processInfo.environment["PATCHSIM_BENCH_NODES"] ?? "") ?? 10_000, threads: threads, console: console)
        case "fleet-100k": return fleet(100_000, threads: threads, console: console)
        case "fleet-1m": return fleet(1_000_000, threads: threads, console: console)
        case "evaluate-cold": return evaluateCold(console: console)
        case "evaluate-memo": return evaluateMemo(console: console)
        case "fleet-diverse-10k": return diverseFleet(scale: 100, threads: threads, console: console)
        case "fleet-diverse-1m": return diverseFleet(scale: 1, threads: threads, console: console)
        case "scan-debian": return scanDebian(console: console)
        default: return generate()
        }
    }

    static func round2(_ v: Double) -> Double { (v * 100).rounded() / 100 }


    /// README's speed table from `bench --format json`: produced, never typed.
    static func markdownTable(_ docs: [JSONValue]) throws -> String {
        var out = "| workload | median ns/op | min | max | ops/s (median) | peak RSS | samples |\n|---|---|---|---|---|---|---|\n"
        for w in try docs.flatMap({ try $0.required("workloads").array() }) {
            let name = try w.required("workload").string()
            let peak = try w["peakResidentBytes"].map { "\(Int(try $0.double()) / 1_048_576) MiB" } ?? "-"
            var cells = [try w.required("medianNanosecondsPerOperation").double(), try w.required("minNanosecondsPerOperation").double(),
                         try w.required("maxNanosecondsPerOperation").double()].map(format2)
            cells.append(grouped(try w.required("operationsPerSecond").double()))
            cells.append(peak)
            cells.append(String(try w.required("samples").int(in: 1...1000)))
            var label = "`\(name)`"
            if let d = w["distinctStates"], let e = w["evaluations"] { label += " (\(grouped(try d.double())) distinct states, \(grouped(try e.double())) evaluations)" }
            out += "| \(label) | " + cells.joined(separator: " | ") + " |\n"
        }
        return out
    }

    /// Real-shaped EVR labels: every version of every package of a generated AL2 repository.
    static func evrLabels() -> [String] {
        let start = Instant(year: 2026, month: 1, day: 1)
        let profile = RepositoryProfile(os: .amazonLinux2, packageCount: 2000, meanDaysBetweenUpdates: 30, start: start, end: start.adding(days: 365))
        let repo = RepositoryGenerator(profile: profile, seed: 1).generate().repositories[0]
        return repo.packages.map { p -> String in
            guard case .rpm(let v) = p.value.version else { return "0" }
            return "\(v.epoch ?? "0"):\(v.version)-\(v.release ?? "")"
        }
    }

    static func vercmpRPM() -> Result {
        let labels = evrLabels().map { Array($0.utf8) }
        let n = labels.count
        // About 20 M comparisons (a fraction of a second is too short to time steadily),
        // after one untimed warm-up round.
        let rounds = 20_000_000 / max(n, 1) + 1
        var checksum = 0
        for k in 0..<n {
            checksum &+= labels[k].withUnsafeBufferPointer { a in labels[(k &* 7 &+ 1) % n].withUnsafeBufferPointer { b in RPMVersion.compareLabels(a, b) ?? 0 } }
        }
        // Compare each label with a neighbour and with one far away (different packages).
        let watch = Stopwatch()
        var ops = 0
        for r in 0..<rounds {
            for k in 0..<n {
                let j = (k &* 7 &+ r &+ 1) % n
                checksum &+= labels[k].withUnsafeBufferPointer { a in
                    labels[j].withUnsafeBufferPointer { b in RPMVersion.compareLabels(a, b) ?? 0 }
                }
                ops += 1
            }
        }
        return Result(workload: "vercmp", operations: ops, seconds: watch.elapsedSeconds, checksum: checksum)
    }

    static func vercmpDeb() -> Result {
        let uploads = ["1.2.3-1", "1:2.30-1ubuntu1", "7.88.1-10+deb12u5", "7.88.1-10+deb12u14", "2.36-9+deb12u7",
                       "3.0.22-1~deb12u2", "2:1.6.6-5ubuntu2.1", "1.0~rc1-1", "5.2.15-2+b7", "2026f-0+deb12u1",
                       "1.2.3-1ubuntu0.20.04.1", "1:9.18.28-1~deb12u2", "0.68-1", "252.30-1~deb12u2"]
        let versions = uploads.compactMap { DebianVersion($0) }
        let n = versions.count
        var checksum = 0
        for k in 0..<n * n { checksum &+= DebianVersion.compare(versions[k % n], versions[(k &* 7 &+ 3) % n]) }  // warm-up
        let watch = Stopwatch()
        let ops = 20_000_000
        for k in 0..<ops { checksum &+= DebianVersion.compare(versions[k % n], versions[(k &* 7 &+ 3) % n]) }
        return Result(workload: "vercmp-deb", operations: ops, seconds: watch.elapsedSeconds, checksum: checksum)
    }

    static func generate() -> Result {
        let start = Instant(year: 2026, month: 11, day: 1)
        let profile = RepositoryProfile(os: .amazonLinux2, packageCount: 5000, start: start, end: start.adding(days: 30))
        let watch = Stopwatch()
        let out = RepositoryGenerator(profile: profile, seed: 7).generate()
        let ops = out.repositories.reduce(0) { $0 + $1.packages.count + $1.notices.count }
        return Result(workload: "generate", operations: ops, seconds: watch.elapsedSeconds, checksum: ops)
    }

    /// A 1,000-package image and its repository at the end of a generated month.
    static func evaluationInputs() -> (node: NodeState, content: AvailableContent, baseline: PatchBaseline, at: Instant)? {
        let start = Instant(year: 2026, month: 11, day: 1), end = start.adding(days: 30)
        let out = RepositoryGenerator(profile: RepositoryProfile(os: .amazonLinux2, packageCount: 1000, start: start, end: end), seed: 5).generate()
        let snapshot = out.repositories[0].snapshot(at: end)
        let content = AvailableContent(packages: snapshot.packages, notices: snapshot.notices)
        let node = NodeState(instanceId: "i-0000000000000000", os: .amazonLinux2, product: "AmazonLinux2", patchGroup: "bench", inventory: out.baseInventory)
        guard let baseline = PredefinedBaselines.defaultBaseline(for: .amazonLinux2) else { return nil }
        return (node, content, baseline, end)
    }

    /// Cold: a fresh content value each time, so its index is built and nothing is cached.
    static func evaluateCold(console: Console) -> Result {
        guard let (node, content, baseline, at) = evaluationInputs() else { return Result(workload: "evaluate", operations: 1, seconds: 1, checksum: 0) }
        let scanner = NodeScanner(baseline: baseline, at: at)
        let rounds = 300
        var checksum = 0
        let watch = Stopwatch()
        for _ in 0..<rounds {
            let fresh = AvailableContent(packages: content.packages, notices: content.notices)
            checksum &+= scanner.scan(node, fresh).summary.missingCount
        }
        let seconds = watch.elapsedSeconds
        console.out.writeLine("evaluate-cold: \(node.inventory.count) installed, \(content.packages.count) available, \(content.notices.count) notices; \(format2(seconds / Double(rounds) * 1e6)) µs per cold evaluation")
        return Result(workload: "evaluate-cold", operations: rounds, seconds: seconds, checksum: checksum)
    }

    /// Memoised: many nodes with the same inputs, each answered from the shared scan cache.
    static func evaluateMemo(console: Console) -> Result {
        guard let (node, content, baseline, at) = evaluationInputs() else { return Result(workload: "evaluate", operations: 1, seconds: 1, checksum: 0) }
        let scanner = NodeScanner(baseline: baseline, at: at)
        let cache = ScanCache()
        let ids = (0..<1000).map { "i-0" + String(repeating: "0", count: 16 - String($0, radix: 16).count) + String($0, radix: 16) }
        var state = node
        let ops = 2_000_000
        var checksum = 0
        let watch = Stopwatch()
        for k in 0..<ops {
            state.instanceId = ids[k % ids.count]
            checksum &+= cache.scan(scanner, state, content, inventoryKey: "ami-bench", contentKey: "repos:amzn2-core@1").summary.missingCount
        }
        let seconds = watch.elapsedSeconds
        console.out.writeLine("evaluate-memo: scan cache hits \(cache.counts.hits), misses \(cache.counts.misses) (hit ratio \(format2(Double(cache.counts.hits) / Double(ops) * 100))%)")
        return Result(workload: "evaluate-memo", operations: ops, seconds: seconds, checksum: checksum)
    }

    /// Memory per instance when instances share an image: resident growth over 100k.
    static func instances(console: Console) -> Result {
        let start = Instant(year: 2026, month: 11, day: 1)
        let out = RepositoryGenerator(profile: RepositoryProfile(os: .amazonLinux2, packageCount: 700, start: start, end: start.adding(days: 30)), seed: 3).generate()
        let image = MachineImage(imageId: "ami-bench", os: .amazonLinux2, product: "AmazonLinux2", inventory: out.baseInventory)
        let count = 100_000
        let before = Stopwatch.currentResidentBytes() ?? 0
        let watch = Stopwatch()
        var fleet: [ManagedInstance] = []
        fleet.reserveCapacity(count)
        for k in 0..<count {
            fleet.append(ManagedInstance(instanceId: "i-\(String(k, radix: 16))", image: image, tags: ["PatchGroup": "bench"]))
        }
        let seconds = watch.elapsedSeconds
        let after = Stopwatch.currentResidentBytes() ?? 0
        let perInstance = after > before ? Int(after - before) / count : 0
        console.out.writeLine("instances: \(perInstance) bytes per instance (\(count) instances sharing one image of \(image.inventory.count) packages)")
        return Result(workload: "instances", operations: count, seconds: seconds, checksum: fleet.count)
    }

    /// A month of a fleet: daily Scan at 01:00 (100%, MaxErrors 10%) and a weekly Install on
    /// Sundays at 02:00 (25%); operations per second counts node operations.
    static func fleet(_ count: Int, threads: Int, console: Console) -> Result {
        let start = Instant(year: 2026, month: 11, day: 1), end = start.adding(days: 30)
        let out = RepositoryGenerator(profile: RepositoryProfile(os: .amazonLinux2, product: "AmazonLinux2", packageCount: 1000, start: start, end: end), seed: 3).generate()
        var fleet = Fleet(seed: 42)
        fleet.eventLog = .none
        fleet.prefetchThreads = threads
        fleet.repositories = out.repositories
        let image = MachineImage(imageId: "ami-bench", os: .amazonLinux2, product: "AmazonLinux2", inventory: out.baseInventory)
        for k in 0..<count {
            let digits = String(k, radix: 16)
            fleet.add(ManagedInstance(instanceId: "i-0" + String(repeating: "0", count: 16 - digits.count) + digits, image: image,
                                      tags: ["PatchGroup": "bench"], bootTime: start))
        }
        func window(_ id: String, _ expr: String, _ op: RunPatchBaselineParameters.Operation, _ concurrency: String) -> MaintenanceWindow? {
            guard let schedule = try? MaintenanceWindowSchedule(expression: ScheduleExpression(parsing: expr), created: start),
                  var w = try? MaintenanceWindow(windowId: id, name: "bench-\(op.rawValue)", schedule: schedule, durationHours: 24, cutoffHours: 1),
                  let target = try? WindowTarget(windowTargetId: "all", targets: [(key: "tag:PatchGroup", values: ["bench"])]),
                  let task = try? WindowTask(windowTaskId: "task-\(op.rawValue)", windowTargetIds: ["all"], maxConcurrency: concurrency,
                                             maxErrors: "10%", parameters: RunPatchBaselineParameters(operation: op)) else { return nil }
            w.targets = [target]
            try? w.register(task)
            return w
        }
        let windows = [window("mw-0000000000000000a", "cron(0 1 * * ? *)", .Scan, "100%"),
                       window("mw-0000000000000000b", "cron(0 2 ? * SUN *)", .Install, "25%")].compactMap { $0 }
        let distinct = Set(fleet.instances.values.map(\.inventoryKey)).count
        let before = Stopwatch.currentResidentBytes() ?? 0
        let watch = Stopwatch()
        let records = FleetSimulation(windows: windows).run(fleet: &fleet, until: end)
        let seconds = watch.elapsedSeconds
        let operations = records.flatMap(\.tasks).flatMap(\.invocations).reduce(0) { $0 + $1.command.targetCount }
        let after = Stopwatch.currentResidentBytes() ?? 0
        let perInstance = after > before ? Int(after - before) / count : 0
        console.out.writeLine("fleet-\(count / 1000)k: \(records.count) window executions, \(operations) node operations in \(format2(seconds)) s; scan cache hits \(fleet.scanCache.counts.hits), misses \(fleet.scanCache.counts.misses), evaluations \(fleet.scanCache.evaluations); ~\(perInstance) bytes per instance after the run")
        return Result(workload: "fleet-\(count / 1000)k", operations: operations, seconds: seconds, checksum: records.count,
                      distinctStates: distinct, evaluations: fleet.scanCache.evaluations)
    }

    /// `Scenarios/scale/fleet-diverse-1m.json`, each group's count divided by `scale`, run
    /// as `patchsim run` runs it; operations are node operations (invocations).
    static func diverseFleet(scale: Int, threads: Int, console: Console) -> Result {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Scenarios/scale/fleet-diverse-1m.json").path
        let path = FileManager.default.fileExists(atPath: file) ? file : "Scenarios/scale/fleet-diverse-1m.json"
        guard var doc = try? ScenarioLoader.document(path) else {
            console.err.writeLine("fleet-diverse: cannot read \(path) (run from the repository root)")
            return Result(workload: "fleet-diverse", operations: 1, seconds: 0, checksum: 0)
        }
        for k in 0..<((try? doc.required("fleet").array().count) ?? 0) {
            let count = (try? doc.required("fleet").array()[k].required("count").int(in: 1...ScenarioLoader.maxInstances)) ?? 1
            if let edited = try? ScenarioEdit.parse("fleet[\(k)].count=\(max(1, count / scale))", origin: "bench").applied(to: doc) { doc = edited }
        }
        let name = scale == 1 ? "fleet-diverse-1m" : "fleet-diverse-\(1000 / scale)k"
        let watch = Stopwatch()
        guard var scenario = try? ScenarioLoader.load(document: doc, path: path) else { return Result(workload: name, operations: 1, seconds: 0, checksum: 0) }
        scenario.fleet.prefetchThreads = threads
        let loaded = watch.elapsedSeconds
        let run = ScenarioRun.run(scenario)
        let distinct = run.distinctInstalledStatesAtStart
        let seconds = watch.elapsedSeconds
        var operations = 0
        for e in run.executions { for t in e.tasks { for i in t.invocations { operations += i.command.targetCount } } }
        let units = run.fleet.scanCache.unitCounts
        console.out.writeLine("\(name): \(scenario.fleet.instances.count) nodes, \(distinct) distinct installed states at the start, loaded in \(format2(loaded)) s; "
            + "\(operations) node operations, \(run.evaluations) evaluations (per-package decisions: \(units.misses) computed, \(units.hits) shared); "
            + "\(run.outcomes.filter(\.passed).count) of \(run.outcomes.count) expectations hold")
        return Result(workload: name, operations: max(operations, 1), seconds: seconds, checksum: operations,
                      distinctStates: distinct, evaluations: run.evaluations)
    }

    /// One host's scan, parse included, exactly as `patchsim scan` runs it.
    static func scanDebian(console: Console) -> Result {
        let status = "/var/lib/dpkg/status", lists = "/var/lib/apt/lists"
        guard FileManager.default.fileExists(atPath: status), FileManager.default.fileExists(atPath: lists) else {
            console.err.writeLine("scan-debian: no \(status) or \(lists) on this machine (apt-get update makes the lists)")
            return Result(workload: "scan-debian", operations: 1, seconds: 0, checksum: 0)
        }
        let quiet = Console.captured()
        let watch = Stopwatch()
        let code = (try? ScanCommand.run(["--os", "DEBIAN", "--product", "Debian12", "--dpkg-status", status, "--apt-lists", lists, "--format", "json"],
                                         console: quiet)) ?? ExitCode.invalidInput
        let seconds = watch.elapsedSeconds
        quiet.flush()
        console.out.writeLine("scan-debian: exit \(code), \(quiet.out.captured.count) bytes of JSON in \(format2(seconds)) s")
        return Result(workload: "scan-debian", operations: 1, seconds: seconds, checksum: Int(code))
    }

    static func grouped(_ v: Double) -> String {
        let n = Int(v.rounded())
        let s = String(n)
        var out = ""
        for (k, c) in s.enumerated() {
            if k > 0 && (s.count - k) % 3 == 0 { out += "," }
            out.append(c)
        }
        return out
    }

    static func format2(_ v: Double) -> String {
        let scaled = Int((v * 100).rounded())
        let frac = scaled % 100
        return "\(scaled / 100).\(frac < 10 ? "0" : "")\(frac)"
    }
}
