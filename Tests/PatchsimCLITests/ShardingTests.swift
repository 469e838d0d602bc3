import Foundation
import Testing
import PatchModel
@testable import PatchScenarios
@testable import PatchsimCLI

@Suite("Sharded runs (--shard I/N and merge)")
struct ShardingTests {
    static var shardedScenario: String { (scenariosFolder() as NSString).appendingPathComponent("sharded-patch-groups.json") }

    /// Runs `paths` whole and as `count` shards; returns the unsharded report and the merged one.
    static func wholeAndMerged(_ paths: [String], shards count: Int, in dir: URL) throws -> (whole: String, merged: String) {
        let whole = dir.appendingPathComponent("whole.json").path, merged = dir.appendingPathComponent("merged.json").path
        #expect(runPatchsim(["run"] + paths + ["--report", whole, "--quiet"]).0 == 0)
        var parts: [String] = []
        // Given to merge in reverse: the order of the parts does not matter.
        for i in (0..<count).reversed() {
            let part = dir.appendingPathComponent("part\(i).json").path
            let (code, out, err) = runPatchsim(["run"] + paths + ["--shard", "\(i)/\(count)", "--report", part, "--quiet"])
            #expect(code == 0, "\(out)\(err)")
            parts.append(part)
        }
        let (code, out, err) = runPatchsim(["merge"] + parts + ["--report", merged, "--quiet"])
        #expect(code == 0, "\(out)\(err)")
        return (try String(contentsOfFile: whole, encoding: .utf8), (try? String(contentsOfFile: merged, encoding: .utf8)) ?? "")
    }

    @Test("four shards of a fleet with a window per patch group, a policy, a command and a retag merge into the unsharded report, byte for byte")
    func mergedEqualsWhole() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (whole, merged) = try Self.wholeAndMerged([Self.shardedScenario], shards: 4, in: dir)
        #expect(!whole.isEmpty && merged == whole)
        // The shards really split the fleet: 32 (web and db, joined by the retag), 12, 6, 4.
        let parts = try (0..<4).map { try JSONOutput.parse([UInt8](Data(contentsOf: dir.appendingPathComponent("part\($0).json"))), file: "") }
        let sizes = parts.map { $0["scenarios"]?.arrayValue?.first?["fleet"]?["instances"]?.intValue ?? -1 }
        #expect(sizes == [32, 12, 6, 4])
    }

    @Test("every bundled scenario, run as two shards and merged, gives the unsharded report")
    func bundledScenarios() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (whole, merged) = try Self.wholeAndMerged([scenariosFolder()], shards: 2, in: dir)
        #expect(!whole.isEmpty && merged == whole)
    }

    @Test("above 10,000 instances the report lists 1,000 rows (smallest ids) and counts per patch group; two shards merge into it")
    func largeFleetReport() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        // smallScenario with 6,000 nodes in each of two patch groups, each group its own window.
        var text = smallScenario.replacingOccurrences(of: #""count": 3, "idPrefix": "i-0s", "ImageId": "ami-1", "tags": { "PatchGroup": "g" }"#,
                                                      with: #""count": 6000, "idPrefix": "i-0s", "ImageId": "ami-1", "tags": { "PatchGroup": "g" } }, { "count": 6000, "idPrefix": "i-0t", "ImageId": "ami-1", "tags": { "PatchGroup": "h" }"#)
        // A second window, for h: two components, one per shard, each listing its own 1,000.
        guard let start = text.range(of: #""maintenanceWindows": [ "#)?.upperBound, let end = text.range(of: "],\n  \"expectations\"")?.lowerBound else {
            Issue.record("smallScenario changed shape")
            return
        }
        let second = String(text[start..<end]).replacingOccurrences(of: "mw-00000000000000001", with: "mw-00000000000000002")
            .replacingOccurrences(of: #""Values": ["g"]"#, with: #""Values": ["h"]"#).trimmingCharacters(in: .whitespacesAndNewlines)
        text.insert(contentsOf: second + ", ", at: start)
        let path = dir.appendingPathComponent("large.json").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let (whole, merged) = try Self.wholeAndMerged([path], shards: 2, in: dir)
        #expect(!whole.isEmpty && merged == whole)
        let part = try JSONOutput.parse([UInt8](Data(contentsOf: dir.appendingPathComponent("part1.json"))), file: "")["scenarios"]?.arrayValue?.first
        #expect(part?["fleet"]?["instances"]?.intValue == 6000 && part?["instancePatchStates"]?.arrayValue?.count == 1000)
        let report = try JSONOutput.parse(Array(whole.utf8), file: "")["scenarios"]?.arrayValue?.first
        let rows = report?["instancePatchStates"]?.arrayValue ?? []
        #expect(rows.count == 1000 && rows.first?["InstanceId"]?.stringValue == "i-0s" + String(repeating: "0", count: 15))
        #expect(report?["instancePatchStatesListed"]?.stringValue?.contains("1000") == true)
        let groups = (report?["patchGroups"]?.arrayValue ?? []).map { ($0["PatchGroup"]?.stringValue ?? "", $0["Instances"]?.intValue ?? 0, $0["Reporting"]?.intValue ?? 0) }
        #expect(groups.map(\.0) == ["g", "h"] && groups.map(\.1) == [6000, 6000] && groups.map(\.2) == [6000, 6000])
    }

    @Test("the partition follows a node over every tag it gets: the retagged web node joins web and db")
    func partition() throws {
        let scenario = try ScenarioLoader.load(Self.shardedScenario)
        let p = FleetPartition(scenario, shards: 4)
        #expect(p.largestComponent == 32)
        #expect(p.nodesPerShard.reduce(0, +) == scenario.fleet.instances.count)
        let web = p.windowOwner["mw-0a0000000000000a1"], db = p.windowOwner["mw-0a0000000000000a2"]
        #expect(web != nil && web == db && p.shardOfInstance["i-0web0000000000013"] == web && p.shardOfInstance["i-0db00000000000000"] == web)
        #expect(p.policyOwner["batch-policy"] == p.shardOfInstance["i-0bat0000000000000"] && p.policyOwner["batch-policy"] != web)
        #expect(p.commandOwner["ops-install"] == p.shardOfInstance["i-0ops0000000000005"])
        // Without the retag the two groups are separate components.
        var unmoved = scenario
        unmoved.events.removeAll { $0.name == "move-web-19-to-db" }
        let q = FleetPartition(unmoved, shards: 4)
        #expect(q.largestComponent == 20 && q.windowOwner["mw-0a0000000000000a1"] != q.windowOwner["mw-0a0000000000000a2"])
        // One shard: everything in shard 0.
        #expect(Set(FleetPartition(scenario, shards: 1).shardOfInstance.values) == [0])
    }

    @Test("merge refuses parts that are not the N shards of one run; --shard needs a valid I/N and --report only")
    func refusals() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        func part(_ i: Int, _ n: Int, seed: String = "77") -> String {
            let path = dir.appendingPathComponent("p\(i)of\(n)s\(seed).json").path
            _ = runPatchsim(["run", Self.shardedScenario, "--shard", "\(i)/\(n)", "--seed", seed, "--report", path, "--quiet"])
            return path
        }
        let (p0, p1, p2) = (part(0, 3), part(1, 3), part(2, 3))
        var (code, _, err) = runPatchsim(["merge", p0, p2])
        #expect(code == 2 && err.contains("missing 1"))
        (code, _, err) = runPatchsim(["merge", p0, p1, p1, p2])
        #expect(code == 2 && err.contains("each shard must be given once"))
        (code, _, err) = runPatchsim(["merge", p0, part(1, 3, seed: "5"), p2])
        #expect(code == 2 && err.contains("seed") && err.contains("parts of one run"))
        (code, _, err) = runPatchsim(["merge", p0, part(1, 2)])
        #expect(code == 2 && err.contains("Shard.Count"))
        let whole = dir.appendingPathComponent("whole.json").path
        _ = runPatchsim(["run", Self.shardedScenario, "--report", whole, "--quiet"])
        (code, _, err) = runPatchsim(["merge", whole])
        #expect(code == 2 && err.contains("not a shard's report"))
        let broken = dir.appendingPathComponent("broken.json").path
        try "{\"scenarios\": [\n  {\"name\": }".write(toFile: broken, atomically: true, encoding: .utf8)
        (code, _, err) = runPatchsim(["merge", broken])
        #expect(code == 2 && err.contains("broken.json: line 2, column 12: scenarios[0].name: not valid JSON"), "\(err)")
        for bad in [["--shard", "4/4", "--report", whole], ["--shard", "1", "--report", whole], ["--shard", "0/2"],
                    ["--shard", "0/2", "--report", whole, "--junit", whole + ".xml"]] {
            (code, _, err) = runPatchsim(["run", Self.shardedScenario] + bad)
            #expect(code == 2 && err.contains("--shard"), "\(bad)")
        }
    }

    @Test("merge on hand-edited parts: every count, index and owner is checked before use and becomes a located error, never a trap")
    func editedParts() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        var parts: [String] = []
        for i in 0..<2 {
            let path = dir.appendingPathComponent("p\(i).json").path
            #expect(runPatchsim(["run", Self.shardedScenario, "--shard", "\(i)/2", "--report", path, "--quiet"]).0 == 0)
            parts.append(try String(contentsOfFile: path, encoding: .utf8))
        }
        /// Writes both parts, the first with `edit` applied (to every match when `all`), and merges them.
        func merge(_ edit: (String) -> String, both: Bool = false) -> (Int32, String) {
            var paths: [String] = []
            for (i, text) in parts.enumerated() {
                let path = dir.appendingPathComponent("e\(i).json").path
                try? (i == 0 || both ? edit(text) : text).write(toFile: path, atomically: true, encoding: .utf8)
                paths.append(path)
            }
            let (code, _, err) = runPatchsim(["merge"] + paths + ["--quiet"])
            return (code, err)
        }
        func first(_ a: String, _ b: String) -> (String) -> String {
            { s in s.range(of: a).map { s.replacingCharacters(in: $0, with: b) } ?? s }
        }
        func every(_ pattern: String, _ b: String) -> (String) -> String {
            { s in s.replacingOccurrences(of: pattern, with: b, options: .regularExpression) }
        }
        let cases: [(String, (String) -> String, Bool, String)] = [
            ("negative shard count", first("\"Count\": 2", "\"Count\": -2"), false, "e0.json: scenarios[0].Shard.Count: found -2; allowed: a shard count in 1...4096"),
            ("10^12 shards", first("\"Count\": 2", "\"Count\": 1000000000000"), false, "found 1000000000000; allowed: a shard count in 1...4096"),
            ("index out of range", first("\"Index\": 0", "\"Index\": -3"), false, "scenarios[0].Shard.Index: found -3; allowed: a shard index in 0...1"),
            ("window owner out of range", every("\"(mw-[0-9a-f]+)\": 0", "\"$1\": 9"), true, "Shard.WindowOwners.mw-0a0000000000000a1: found 9; allowed: a shard index in 0...1"),
            ("expectation owner below zero", first("\"Owner\": 0", "\"Owner\": -1"), false, "scenarios[0].expectations[0].Owner: found -1"),
            ("instance counts that overflow", every("\"InstanceCount\": [0-9]+", "\"InstanceCount\": 9223372036854775807"), true,
             "scenarios[0].events[0].InstanceCount: the parts' counts add up to more than 9223372036854775807"),
            ("tally counts that overflow", every("\"Counts\": \\[", "\"Counts\": [9223372036854775807,"), true, ".Tally.Counts: the parts' counts add up to more than"),
            ("a lone surrogate", first("\"name\": \"", "\"name\": \"\\ud800"), false, "e0.json: line 4, column 16: scenarios[0].name: not valid JSON: a lone high surrogate escape \\ud800"),
        ]
        for (what, edit, both, message) in cases {
            let (code, err) = merge(edit, both: both)
            #expect(code == 2 && err.contains(message), "\(what): \(err)")
        }
    }

    @Test("a Windows patch group in another shard than the first: its baseline's effective patches survive the merge")
    func windowsBaselineInALaterShard() throws {
        func window(_ n: Int, _ group: String) -> String {
            """
            { "WindowId": "mw-0a00000000000005\(n)", "Name": "\(group)-install", "Schedule": "cron(0 2 * * ? *)", "Duration": 3, "Cutoff": 1,
              "AllowUnassociatedTargets": false,
              "Targets": [ { "WindowTargetId": "t\(n)", "Targets": [ { "Key": "tag:PatchGroup", "Values": ["\(group)"] } ] } ],
              "Tasks": [ { "WindowTaskId": "k\(n)", "Targets": [ { "Key": "WindowTargetIds", "Values": ["t\(n)"] } ], "MaxConcurrency": "50%", "MaxErrors": "50%",
                           "TaskInvocationParameters": { "RunCommand": { "Parameters": { "Operation": ["Install"] } } } } ] }
            """
        }
        let text = """
            { "name": "windows-later-shard", "seed": 8, "start": "2026-11-01T00:00:00Z", "end": "2026-11-03T00:00:00Z",
              "repositories": [ { "generate": { "os": "AMAZON_LINUX_2", "product": "AmazonLinux2", "packageCount": 30 } },
                                { "generate": { "os": "WINDOWS", "product": "WindowsServer2022" } } ],
              "images": [ { "ImageId": "ami-0al2", "OperatingSystem": "AMAZON_LINUX_2", "Product": "AmazonLinux2" },
                          { "ImageId": "ami-0win", "OperatingSystem": "WINDOWS", "Product": "WindowsServer2022" } ],
              "fleet": [ { "count": 6, "idPrefix": "i-0a", "ImageId": "ami-0al2", "tags": { "PatchGroup": "al2" } },
                         { "count": 4, "idPrefix": "i-0b", "ImageId": "ami-0win", "tags": { "PatchGroup": "win" } } ],
              "maintenanceWindows": [ \(window(1, "al2")), \(window(2, "win")) ],
              "expectations": [ { "name": "runs", "invariant": "concurrencyWithinMax" } ] }
            """
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("windows-later-shard.json").path
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        let (whole, merged) = try Self.wholeAndMerged([file], shards: 2, in: dir)
        #expect(whole.contains("\"EffectivePatches\": [\n") && merged == whole)
    }
}
