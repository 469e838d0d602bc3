import Foundation
import PatchModel
import PatchScenarios

/// What the fuzzer feeds and how ([21]): each format has seed files from the repository
/// (the bundled scenarios, the predefined baselines, the real-format fixtures, shard
/// parts made at the start) and a way to lay a mutated copy out in a case folder and
/// run the whole command on it.
struct FuzzTarget: Sendable {
    /// What a case's output must look like when the command succeeds.
    enum Output: Sendable {
        case json(String), jsonLines(String), xml(String), html(String), file(String), jsonFolder(String), folder(String)
        var path: String {
            switch self {
            case .json(let p), .jsonLines(let p), .xml(let p), .html(let p), .file(let p), .jsonFolder(let p), .folder(let p): return p
            }
        }
    }

    struct Invocation: Sendable {
        var arguments: [String]
        /// Paths an error may name (the mutated file, the case folder).
        var inputs: [String]
        var outputs: [Output] = []
        var stdin: [UInt8] = []
        /// Standard output is JSON when the command succeeds.
        var stdoutIsJSON = false
    }

    struct Layout {
        var dir: String
        var seed: String
        var mutated: [UInt8]
        var caseNumber: Int
    }

    struct Seed: Sendable {
        /// The seed file's path (or a name, for seeds made in memory).
        var name: String
        var bytes: [UInt8]
    }

    let format: String
    let seeds: [Seed]
    /// Command lines are mutated token by token, not byte by byte.
    let mutatesArguments: Bool
    let prepare: @Sendable (Layout) throws -> Invocation

    init(format: String, seeds: [String], prepare: @escaping @Sendable (Layout) throws -> Invocation) {
        self.init(format: format, seeds: seeds.map { Seed(name: $0, bytes: [UInt8](FileManager.default.contents(atPath: $0) ?? Data())) },
                  mutatesArguments: false, prepare: prepare)
    }

    init(format: String, seeds: [Seed], mutatesArguments: Bool, prepare: @escaping @Sendable (Layout) throws -> Invocation) {
        self.format = format
        self.seeds = seeds
        self.mutatesArguments = mutatesArguments
        self.prepare = prepare
    }

    /// Argument lists travel as one byte string, separated by U+001F (no argument holds it).
    static let argumentSeparator = "\u{1F}"

    // MARK: - The formats

    static func all(root: String, parts: [String]) -> [FuzzTarget] {
        let fixtures = (root as NSString).appendingPathComponent("Tests/PatchWorldTests/Fixtures")
        let scenarios = (root as NSString).appendingPathComponent("Scenarios")
        @Sendable func f(_ relative: String) -> String { (fixtures as NSString).appendingPathComponent(relative) }
        @Sendable func list(_ dir: String, _ keep: (String) -> Bool = { _ in true }) -> [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted().filter(keep).map { (dir as NSString).appendingPathComponent($0) }
        }
        let dataDirs = list((scenarios as NSString).appendingPathComponent("data"))
        let al2Host = ["--os", "AMAZON_LINUX_2", "--product", "AmazonLinux2"]
        let debianHost = ["--os", "DEBIAN", "--product", "Debian12"]

        var targets: [FuzzTarget] = []

        // Scenarios: a file, or one file of a folder scenario; `data` resolves as in Scenarios/.
        let folderScenarios = list(scenarios) { ScenarioLoader.isScenarioFolder((scenarios as NSString).appendingPathComponent($0)) && $0 != "scale" }
        let scenarioSeeds = list(scenarios) { $0.hasSuffix(".json") && !$0.hasSuffix(".schema.json") } + folderScenarios.flatMap { list($0) { $0.hasSuffix(".json") } }
        targets.append(FuzzTarget(format: "scenario", seeds: scenarioSeeds) { l in
            try link((scenarios as NSString).appendingPathComponent("data"), at: (l.dir as NSString).appendingPathComponent("data"))
            let parent = PathText.parent(l.seed)
            let name = (l.seed as NSString).lastPathComponent
            var target: String, mutatedPath: String
            if parent != scenarios {
                // A folder scenario: copy the folder, one file mutated.
                target = (l.dir as NSString).appendingPathComponent((parent as NSString).lastPathComponent)
                try FileManager.default.copyItem(atPath: parent, toPath: target)
                mutatedPath = (target as NSString).appendingPathComponent(name)
            } else {
                target = (l.dir as NSString).appendingPathComponent(name)
                mutatedPath = target
            }
            try write(l.mutated, to: mutatedPath)
            let threads = l.caseNumber % 3 == 0 ? ["--threads", "2"] : []
            return Invocation(
                arguments: ["run", target, "--report", "out/report.json", "--junit", "out/junit.xml", "--html", "out/report.html",
                            "--events", "out/events.jsonl", "--csv", "out/csv", "--findings", "out/findings", "--quiet"] + threads,
                inputs: [mutatedPath, l.dir],
                outputs: [.json("out/report.json"), .xml("out/junit.xml"), .html("out/report.html"), .jsonLines("out/events.jsonl"),
                          .folder("out/csv"), .jsonFolder("out/findings")])
        })

        // Patch baselines (CreatePatchBaseline / GetPatchBaseline shape) on a host of their family.
        let baselineSeeds = list(f("predefined-baselines")) { $0.hasSuffix(".json") } + list((scenarios as NSString).appendingPathComponent("baselines")) { $0.hasSuffix(".json") }
        targets.append(FuzzTarget(format: "baseline", seeds: baselineSeeds) { l in
            let path = (l.dir as NSString).appendingPathComponent("baseline.json")
            try write(l.mutated, to: path)
            let original = (try? String(contentsOfFile: l.seed, encoding: .utf8)) ?? ""
            let debian = original.contains("\"DEBIAN\"") || original.contains("\"UBUNTU\"") || original.contains("\"RASPBIAN\"")
            let host = debian ? debianHost + ["--dpkg-status", f("dpkg-status"), "--apt-lists", f("apt-lists")]
                              : al2Host + ["--rpm-qa", f("rpm/rpm-qa.txt"), "--repodata", f("rpm")]
            return Invocation(arguments: ["scan"] + host + ["--baseline", path, "--format", "json"], inputs: [path], stdoutIsJSON: true)
        })

        // dpkg status, through scan (with apt lists) and inventory.
        targets.append(FuzzTarget(format: "dpkg-status", seeds: [f("dpkg-status")]) { l in
            let path = (l.dir as NSString).appendingPathComponent("status")
            try write(l.mutated, to: path)
            if l.caseNumber % 4 == 0 { return Invocation(arguments: ["inventory", "--dpkg-status", path, "--format", "json"], inputs: [path], stdoutIsJSON: true) }
            return Invocation(arguments: ["scan"] + debianHost + ["--dpkg-status", path, "--apt-lists", f("apt-lists"), "--format", "json"],
                              inputs: [path], stdoutIsJSON: true)
        })

        // apt lists: one file of the folder mutated (InRelease, plain or LZ4 Packages).
        targets.append(FuzzTarget(format: "apt-lists", seeds: list(f("apt-lists"))) { l in
            let lists = (l.dir as NSString).appendingPathComponent("lists")
            try FileManager.default.copyItem(atPath: f("apt-lists"), toPath: lists)
            let path = (lists as NSString).appendingPathComponent((l.seed as NSString).lastPathComponent)
            try write(l.mutated, to: path)
            return Invocation(arguments: ["scan"] + debianHost + ["--dpkg-status", f("dpkg-status"), "--apt-lists", lists, "--format", "json"],
                              inputs: [path, lists], stdoutIsJSON: true)
        })

        // rpm -qa output, through scan and inventory.
        let rpmQaSeeds = [f("rpm/rpm-qa.txt")] + dataDirs.flatMap { list($0) { $0.hasPrefix("rpm-qa") } }
        targets.append(FuzzTarget(format: "rpm-qa", seeds: rpmQaSeeds) { l in
            let path = (l.dir as NSString).appendingPathComponent("rpm-qa.txt")
            try write(l.mutated, to: path)
            if l.caseNumber % 4 == 0 { return Invocation(arguments: ["inventory", "--rpm-qa", path], inputs: [path]) }
            return Invocation(arguments: ["scan"] + al2Host + ["--rpm-qa", path, "--repodata", f("rpm"), "--format", "json"], inputs: [path], stdoutIsJSON: true)
        })

        // primary.xml and updateinfo.xml: one mutated, its sibling as it was.
        for name in ["primary.xml", "updateinfo.xml"] {
            let seeds = ([f("rpm")] + dataDirs).map { ($0 as NSString).appendingPathComponent(name) }.filter { FileManager.default.fileExists(atPath: $0) }
            targets.append(FuzzTarget(format: name, seeds: seeds) { l in
                let sourceDir = PathText.parent(l.seed)
                let repodata = (l.dir as NSString).appendingPathComponent("repodata")
                try FileManager.default.createDirectory(atPath: repodata, withIntermediateDirectories: true)
                for sibling in ["primary.xml", "updateinfo.xml"] where sibling != name {
                    let s = (sourceDir as NSString).appendingPathComponent(sibling)
                    if FileManager.default.fileExists(atPath: s) { try FileManager.default.copyItem(atPath: s, toPath: (repodata as NSString).appendingPathComponent(sibling)) }
                }
                let path = (repodata as NSString).appendingPathComponent(name)
                try write(l.mutated, to: path)
                let rpmQa = list(sourceDir) { $0.hasPrefix("rpm-qa") }.first ?? f("rpm/rpm-qa.txt")
                return Invocation(arguments: ["scan"] + al2Host + ["--rpm-qa", rpmQa, "--repodata", repodata, "--format", "json"],
                                  inputs: [path, repodata], stdoutIsJSON: true)
            })
        }

        // macOS host files, each through its scan option.
        let macSeeds = list(f("macos")) + list((scenarios as NSString).appendingPathComponent("data/macos"))
        targets.append(FuzzTarget(format: "macos", seeds: macSeeds) { l in
            let name = (l.seed as NSString).lastPathComponent
            let path = (l.dir as NSString).appendingPathComponent(name)
            try write(l.mutated, to: path)
            let option: String
            switch name {
            case let n where n.hasPrefix("pkgutil"): option = "--pkgutil-pkgs"
            case let n where n.hasPrefix("brew-list-cask"): option = "--brew-cask-list"
            case let n where n.hasPrefix("brew-list"): option = "--brew-list"
            case let n where n.hasPrefix("brew-outdated-cask"): option = "--brew-cask-outdated"
            case let n where n.hasPrefix("brew-outdated"): option = "--brew-outdated"
            default: option = "--softwareupdate-list"
            }
            return Invocation(arguments: ["scan", "--os", "MACOS", "--product", "BigSur11.4", option, path, "--format", "json"], inputs: [path], stdoutIsJSON: true)
        })

        // Shard parts: one mutated, merged with the others.
        targets.append(FuzzTarget(format: "shard-part", seeds: parts) { l in
            var arguments = ["merge"]
            var mutatedPath = ""
            for (k, part) in parts.enumerated() {
                let path = (l.dir as NSString).appendingPathComponent("part\(k).json")
                if part == l.seed { try write(l.mutated, to: path); mutatedPath = path } else { try FileManager.default.copyItem(atPath: part, toPath: path) }
                arguments.append(path)
            }
            return Invocation(arguments: arguments + ["--report", "out/merged.json", "--junit", "out/merged.xml"],
                              inputs: [mutatedPath, l.dir], outputs: [.json("out/merged.json"), .xml("out/merged.xml")])
        })

        // vercmp's streaming form: `A<TAB>B` lines on standard input.
        let pairs = "1.0\t1.0~rc1\n1:2.3-4\t2.3-4\n2.0^post\t2.0\n0:1-1\t1-1\n1.2.3-1ubuntu0.20.04.1\t1.2.3-1\n7.4.052-1.amzn2\t7.4.052-1.amzn2.0.1\n"
        targets.append(FuzzTarget(format: "vercmp-stdin", seeds: [Seed(name: "pairs", bytes: Array(pairs.utf8))], mutatesArguments: false) { l in
            let scheme = ["rpm", "evr", "deb"][l.caseNumber % 3]
            return Invocation(arguments: ["vercmp", "--scheme", scheme], inputs: ["line", "standard input"], stdin: l.mutated)
        })

        // Command lines: each command with valid options, mutated token by token.
        let commandLines: [[String]] = [
            ["schedule", "cron(0 2 ? * TUE *)", "--from", "2026-01-01T00:00:00Z", "--count", "10", "--timezone", "America/New_York"],
            ["schedule", "rate(5 minutes)", "--from", "2026-01-01T00:00:00.991Z", "--start-date", "2026-01-02T00:00:00Z", "--end-date", "2026-02-01T00:00:00Z", "--format", "json"],
            ["schedule", "cron(0 4 ? * SUN#2 *)", "--from", "2026-01-01T00:00:00Z", "--offset", "2", "--count", "3"],
            ["schedule", "at(2026-03-01T10:00:00)", "--from", "2026-01-01T00:00:00Z", "--timezone", "Asia/Kolkata"],
            ["vercmp", "--scheme", "rpm", "1.0~rc1", "1.0"], ["vercmp", "--scheme", "deb", "1:2.0-1", "2.0-1"], ["vercmp", "--scheme", "evr", "1:2-3", "1:2"],
            ["baselines", "AWS-AmazonLinux2DefaultPatchBaseline", "--format", "json"],
            ["scan"] + al2Host + ["--rpm-qa", f("rpm/rpm-qa.txt"), "--repodata", f("rpm"), "--at", "2021-06-01T00:00:00Z", "--explain", "bind-libs", "--profile", "agent-1.80"],
            ["scan"] + debianHost + ["--dpkg-status", f("dpkg-status"), "--apt-lists", f("apt-lists"), "--baseline", "AWS-DebianDefaultPatchBaseline", "--instance-id", "i-0123456789abcdef0"],
            ["run", (scenarios as NSString).appendingPathComponent("al2-patch-tuesday.json"), "--seed", "5", "--threads", "2", "--report", "r.json", "--junit", "j.xml", "--quiet"],
            ["run", (scenarios as NSString).appendingPathComponent("sharded-patch-groups.json"), "--shard", "0/2", "--report", "p.json"],
            ["check", (scenarios as NSString).appendingPathComponent("os-debian.json")],
            ["repo", (scenarios as NSString).appendingPathComponent("os-debian.json"), "--at", "2026-11-15T00:00:00Z", "--seed", "3"],
            ["inventory", "--dpkg-status", f("dpkg-status"), "--format", "json"],
            ["merge"] + parts + ["--report", "m.json", "--quiet"],
        ]
        let lineSeeds = commandLines.map { Seed(name: $0.joined(separator: " "), bytes: Array($0.joined(separator: argumentSeparator).utf8)) }
        targets.append(FuzzTarget(format: "command-line", seeds: lineSeeds, mutatesArguments: true) { l in
            let arguments = String(decoding: l.mutated, as: UTF8.self).split(separator: Character(argumentSeparator), omittingEmptySubsequences: false).map(String.init)
            return Invocation(arguments: arguments, inputs: arguments.filter { $0.count >= 1 }.map { String($0.prefix(30)) } + ["option", "usage:"],
                              outputs: [.file("r.json"), .file("j.xml"), .file("p.json"), .file("m.json")])
        })
        return targets
    }

    static func write(_ bytes: [UInt8], to path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
            throw InputError(file: path, message: "cannot write a fuzz input")
        }
    }

    static func link(_ target: String, at path: String) throws {
        if FileManager.default.fileExists(atPath: target), !FileManager.default.fileExists(atPath: path) {
            try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: target)
        }
    }
}

