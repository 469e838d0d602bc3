import Dispatch
import Foundation
import Synchronization
import PatchModel

/// `patchsim fuzz` (not in the command list: a tool for developing patchsim): mutates
/// every input format and runs each case through the whole command in a child process
/// with time and memory limits, failing on a crash, a hang, an exit code other than
/// 0/1/2, an unnamed error or a partial output ([21]). Case N is the same input on
/// every machine (its own seeded stream), so a failure is reproduced by its number.
enum FuzzCommand: Command {
    static let name = "fuzz"
    static let abstract = "Fuzz every input format through the whole command (for patchsim's own CI)."
    static let usage = "usage: patchsim fuzz [--cases N] [--seed S] [--format NAME]... [--case K] [--jobs J] [--time-limit SECONDS] [--memory-limit MB] [--root DIR] [--patchsim PATH] [--keep DIR]"
    static let help = """
        \(usage)

        Run from a clone of patchsim: the seeds are the bundled scenarios and the real-format
        fixtures under Tests/PatchWorldTests/Fixtures (--root DIR if elsewhere), and shard
        parts made at the start. Case k belongs to format k mod F (or to the --format ones),
        mutated with the case's own stream of --seed, so `--case K` reproduces one. Each case
        runs `PATH ...` (default: this executable) in its own folder with `ulimit -v` and a
        time limit. Failing inputs are kept in --keep DIR (default .build/fuzz-failures).
        Exit 0 when every case behaved, 1 otherwise.

          --cases N            how many cases (default 1000)
          --format NAME        only these formats (repeatable): scenario, baseline, dpkg-status,
                               apt-lists, rpm-qa, primary.xml, updateinfo.xml, macos, shard-part,
                               vercmp-stdin, command-line
          --jobs J             cases at once (default: the number of cores)
          --time-limit S       a case that takes longer is a hang (default 60)
          --memory-limit MB    the child's address-space limit (default 4096)
        """

    static func run(_ raw: [String], console: Console) throws -> Int32 {
        let args = try Arguments(raw, options: ["--cases", "--seed", "--format", "--case", "--jobs", "--time-limit", "--memory-limit", "--root", "--patchsim", "--keep"], usage: usage)
        let cases = try args.int("--cases", in: 1...10_000_000) ?? 1000
        let seed = UInt64(try args.int("--seed", in: 0...Int(Int32.max)) ?? 1)
        let only = try args.int("--case", in: 0...100_000_000)
        let jobs = try args.int("--jobs", in: 1...256) ?? ProcessInfo.processInfo.activeProcessorCount
        let timeLimit = Double(try args.int("--time-limit", in: 1...3600) ?? 60)
        let memoryLimit = try args.int("--memory-limit", in: 256...1_048_576) ?? 4096
        let root = args.value("--root") ?? "."
        guard FileManager.default.fileExists(atPath: (root as NSString).appendingPathComponent("Tests/PatchWorldTests/Fixtures")) else {
            throw UsageError(message: "--root: '\(root)' is not a clone of patchsim (no Tests/PatchWorldTests/Fixtures)", usage: usage)
        }
        let rootPath = URL(fileURLWithPath: root).standardizedFileURL.path
        guard let executable = args.value("--patchsim") ?? Bundle.main.executablePath else {
            throw UsageError(message: "--patchsim: cannot find this executable; give its path", usage: usage)
        }
        let keep = args.value("--keep") ?? (rootPath as NSString).appendingPathComponent(".build/fuzz-failures")
        let work = (NSTemporaryDirectory() as NSString).appendingPathComponent("patchsim-fuzz-\(getpid())")
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }

        // Shard parts to mutate: two shards of a bundled scenario, made by the binary under test.
        let partsDir = (work as NSString).appendingPathComponent("parts")
        try FileManager.default.createDirectory(atPath: partsDir, withIntermediateDirectories: true)
        var parts: [String] = []
        for i in 0..<2 {
            let part = (partsDir as NSString).appendingPathComponent("part\(i).json")
            let scenario = (rootPath as NSString).appendingPathComponent("Scenarios/sharded-patch-groups.json")
            let r = ChildProcess.run(executable, ["run", scenario, "--shard", "\(i)/2", "--report", part, "--quiet"], in: partsDir,
                                     timeLimit: timeLimit, memoryLimitMB: memoryLimit)
            guard r.ending == .exited(0) else {
                throw InputError(file: executable, message: "cannot make the shard parts to fuzz (\(r.ending)): \(String(decoding: r.stderr, as: UTF8.self))")
            }
            parts.append(part)
        }

        var targets = FuzzTarget.all(root: rootPath, parts: parts).filter { !$0.seeds.isEmpty }
        let wanted = args.all("--format")
        if !wanted.isEmpty {
            for w in wanted where !targets.contains(where: { $0.format == w }) {
                throw UsageError(message: "--format: '\(w)' is not one of \(targets.map(\.format).joined(separator: ", "))", usage: usage)
            }
            targets = targets.filter { wanted.contains($0.format) }
        }
        let numbers = only.map { [$0] } ?? Array(0..<cases)
        let targetList = targets

        // Each case writes only its own slot: the report is in case order whatever the jobs.
        let outcomes = Mutex<[Int: (format: String, seed: String, problems: [String], seconds: Double)]>([:])
        let next = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: min(jobs, numbers.count)) { _ in
            while true {
                let slot = next.wrappingAdd(1, ordering: .relaxed).oldValue
                guard slot < numbers.count else { return }
                let n = numbers[slot]
                let target = targetList[n % targetList.count]
                var mutator = FuzzMutator(seed: seed, caseNumber: n)
                let seedFile = target.seeds[mutator.rng.below(target.seeds.count)]
                let mutated: [UInt8]
                if target.mutatesArguments {
                    let original = String(decoding: seedFile.bytes, as: UTF8.self).split(separator: Character(FuzzTarget.argumentSeparator)).map(String.init)
                    mutated = Array(mutator.mutate(arguments: original).joined(separator: FuzzTarget.argumentSeparator).utf8)
                } else {
                    mutated = mutator.mutate(seedFile.bytes, others: target.seeds.map(\.bytes))
                }
                let dir = (work as NSString).appendingPathComponent("case-\(n)")
                var problems: [String] = []
                var seconds = 0.0
                do {
                    try FileManager.default.createDirectory(atPath: (dir as NSString).appendingPathComponent("out"), withIntermediateDirectories: true)
                    // `out` exists so outputs can be written; the outputs themselves must not, yet.
                    let invocation = try target.prepare(.init(dir: dir, seed: seedFile.name, mutated: mutated, caseNumber: n))
                    let result = ChildProcess.run(executable, invocation.arguments, in: dir, stdin: invocation.stdin,
                                                  timeLimit: timeLimit, memoryLimitMB: memoryLimit)
                    seconds = result.seconds
                    problems = FuzzJudge.problems(result, invocation, dir: dir)
                    if !problems.isEmpty { keepCase(n, dir: dir, invocation: invocation, result: result, keep: keep) }
                } catch {
                    problems = ["the case could not be laid out: \(error)"]
                }
                try? FileManager.default.removeItem(atPath: dir)
                outcomes.withLock { $0[n] = (target.format, seedFile.name, problems, seconds) }
            }
        }

        let all = outcomes.withLock { $0 }
        var failed = 0
        var perFormat: [String: Int] = [:]
        for n in numbers {
            guard let o = all[n] else { continue }
            perFormat[o.format, default: 0] += 1
            guard !o.problems.isEmpty else { continue }
            failed += 1
            let seedName = o.seed.hasPrefix(rootPath + "/") ? String(o.seed.dropFirst(rootPath.count + 1)) : o.seed
            console.out.writeLine("FAIL case \(n) [\(o.format)] from \(InputError.cut(seedName, limit: 120)): \(o.problems.joined(separator: "; "))")
            console.out.writeLine("     input kept in \((keep as NSString).appendingPathComponent("case-\(n)")); reproduce: patchsim fuzz --seed \(seed) --case \(n)")
        }
        let counts = targets.filter { perFormat[$0.format] != nil }.map { "\($0.format) \(perFormat[$0.format] ?? 0)" }.joined(separator: ", ")
        let slowest = all.sorted { ($0.value.seconds, $1.key) > ($1.value.seconds, $0.key) }.prefix(3)
            .map { "case \($0.key) [\($0.value.format)] \(String(format: "%.1f", $0.value.seconds)) s" }.joined(separator: ", ")
        console.out.writeLine("fuzz: \(numbers.count) cases (\(counts)), seed \(seed): \(failed) failed; slowest: \(slowest)")
        return failed == 0 ? ExitCode.success : ExitCode.failure
    }

    /// Copies a failing case's folder (inputs, arguments, what it printed) for a person to look at.
    static func keepCase(_ n: Int, dir: String, invocation: FuzzTarget.Invocation, result: ChildProcess.Result, keep: String) {
        let dest = (keep as NSString).appendingPathComponent("case-\(n)")
        try? FileManager.default.removeItem(atPath: dest)
        try? FileManager.default.createDirectory(atPath: keep, withIntermediateDirectories: true)
        try? FileManager.default.copyItem(atPath: dir, toPath: dest)
        let quoted = invocation.arguments.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        _ = FileManager.default.createFile(atPath: (dest as NSString).appendingPathComponent("command.sh"), contents: Data("patchsim \(quoted)\n".utf8))
        _ = FileManager.default.createFile(atPath: (dest as NSString).appendingPathComponent("stderr.txt"), contents: Data(result.stderr))
        _ = FileManager.default.createFile(atPath: (dest as NSString).appendingPathComponent("stdin.txt"), contents: Data(invocation.stdin))
    }
}
