import PatchModel
import PatchWorld

/// `patchsim bench`: throughput of the hot paths on deterministic inputs. Speed is
/// measured here, in a release build, never in a timed unit test.
enum BenchCommand: Command {
    static let name = "bench"
    static let abstract = "Measure throughput of named workloads (release builds only)."
    static let usage = "usage: patchsim bench [WORKLOAD...] [--format text|json]"
    static let help = """
        \(usage)

        Workloads (all by default):
          vercmp       rpm EVR comparisons on real-shaped labels from a generated Amazon
                       Linux 2 repository (the target is under 35 ns per comparison)
          vercmp-deb   dpkg comparisons on real-shaped Debian/Ubuntu versions
          generate     generating one month of a 5,000-package repository history
          instances    100,000 instances of one image (700 packages): bytes per instance

        Prints operations per second, nanoseconds per operation, wall time and the
        process's peak resident memory. Inputs are fixed, so runs are comparable.
        """

    struct Result {
        var workload: String
        var operations: Int
        var seconds: Double
        var checksum: Int
    }

    static let workloads = ["vercmp", "vercmp-deb", "generate", "instances"]

    static func run(_ raw: [String], console: Console) throws -> Int32 {
        let args = try Arguments(raw, options: ["--format"], usage: usage)
        let format = try args.choice("--format", ["text", "json"], default: "text") ?? "text"
        let selected = args.positionals.isEmpty ? workloads : args.positionals
        for w in selected where !workloads.contains(w) {
            throw UsageError(message: "unknown workload '\(w)'; known: \(workloads.joined(separator: ", "))", usage: usage)
        }
        #if DEBUG
        console.err.writeLine("warning: this is a debug build; measure with `swift run -c release patchsim bench`")
        #endif
        var results: [Result] = []
        for w in selected {
            switch w {
            case "vercmp": results.append(vercmpRPM())
            case "vercmp-deb": results.append(vercmpDeb())
            case "instances": results.append(instances(console: console))
            default: results.append(generate())
            }
        }
        let peak = Stopwatch.peakResidentBytes()
        if format == "json" {
            console.out.write(JSONOutput.object([
                ("workloads", .array(results.map { r in
                    .object([("workload", .string(r.workload)), ("operations", .int(r.operations)),
                             ("seconds", .double(r.seconds)), ("operationsPerSecond", .double((Double(r.operations) / r.seconds).rounded())),
                             ("nanosecondsPerOperation", .double((r.seconds * 1e9 / Double(r.operations) * 100).rounded() / 100))])
                })),
                ("peakResidentBytes", peak.map { .int(Int64($0)) } ?? .null),
            ]).rendered())
        } else {
            for r in results {
                let perSecond = Double(r.operations) / r.seconds
                let ns = r.seconds * 1e9 / Double(r.operations)
                console.out.writeLine("\(r.workload.padding(12)) \(grouped(perSecond)) ops/s  \(format2(ns)) ns/op  \(format2(r.seconds)) s for \(r.operations) ops")
            }
            if let peak { console.out.writeLine("peak resident memory: \(peak / 1_048_576) MiB") }
        }
        return ExitCode.success
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
        let rounds = 2_000_000 / max(n, 1) + 1
        var checksum = 0
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
        let watch = Stopwatch()
        var checksum = 0
        let ops = 2_000_000
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
