import PatchBaselines
import PatchModel
import PatchWorld
import PatchScheduling

/// Combines the reports of the shards of one run (`patchsim run --shard I/N --report`)
/// into the report the unsharded run writes, byte for byte.
///
/// Every shard replays the whole timeline, so each list (window executions, association
/// executions, commands, events) has the same entries in the same order in every part;
/// an entry is taken from the shard that owns its window, policy or command, EC2 calls
/// add up their instance counts, instance rows are merged in id order, and fleet-wide
/// expectations are judged again from the shards' tallies.
public enum ReportMerge {
    /// One merged scenario's verdicts, for the console and JUnit.
    public struct Verdict: Sendable {
        public var name: String
        public var file: String
        public var seed: String
        public var outcomes: [Expectation.Outcome]
        /// What happened, for the terminal's summary line.
        public var summary: RunSummary
        /// The evaluation profile the run used ([AGT-0]).
        public var profile: String = EvaluationProfile.standard.name
        public var passed: Bool { outcomes.allSatisfy(\.passed) }

        public init(name: String, file: String, seed: String, outcomes: [Expectation.Outcome], summary: RunSummary,
                    profile: String = EvaluationProfile.standard.name) {
            self.profile = profile
            self.name = name
            self.file = file
            self.seed = seed
            self.outcomes = outcomes
            self.summary = summary
        }
    }

    /// The most shards a run may be cut into (`run --shard I/N` refuses more too).
    public static let maxShards = 4096

    /// Sums counts read from parts without trapping on overflow: a part can be edited.
    static func checkedSum(_ values: [Int], file: String, path: String) throws -> Int {
        var total = 0
        for v in values {
            guard v >= 0 else { throw InputError(file: file, location: .path(path), found: "\(v)", allowed: "a count of 0 or more") }
            let (s, overflow) = total.addingReportingOverflow(v)
            guard !overflow else { throw InputError(file: file, location: .path(path), message: "the parts' counts add up to more than \(Int.max)") }
            total = s
        }
        return total
    }

    public static func merge(_ parts: [(file: String, report: JSONOutput)]) throws -> (report: JSONOutput, verdicts: [Verdict]) {
        guard let first = parts.first else { throw InputError(file: "", message: "no parts to merge") }
        func scenarios(_ p: (file: String, report: JSONOutput)) throws -> [JSONOutput] {
            guard let list = p.report["scenarios"]?.arrayValue else {
                throw InputError(file: p.file, location: .path("scenarios"), message: "not a patchsim report (no \"scenarios\" list)")
            }
            return list
        }
        let count = try scenarios(first).count
        var merged: [JSONOutput] = [], verdicts: [Verdict] = []
        for j in 0..<count {
            var shards: [(file: String, scenario: JSONOutput)] = []
            for p in parts {
                let list = try scenarios(p)
                guard list.count == count else {
                    throw InputError(file: p.file, location: .path("scenarios"), found: "\(list.count) scenarios", allowed: "\(count), as in \(first.file)")
                }
                shards.append((p.file, list[j]))
            }
            let (scenario, verdict) = try mergeScenario(shards, path: "scenarios[\(j)]")
            merged.append(scenario)
            verdicts.append(verdict)
        }
        return (.object([("scenarios", .array(merged))]), verdicts)
    }

    static func mergeScenario(_ input: [(file: String, scenario: JSONOutput)], path: String) throws -> (JSONOutput, Verdict) {
        // Order the parts by shard index and check they are exactly shards 0..<N of one run.
        var parts: [(file: String, scenario: JSONOutput, index: Int)] = []
        var shardCount: Int?
        for p in input {
            guard let shard = p.scenario["Shard"], let index = shard["Index"]?.intValue, let n = shard["Count"]?.intValue else {
                throw InputError(file: p.file, location: .path("\(path).Shard"), message: "not a shard's report (run it with --shard I/N --report)")
            }
            guard (1...maxShards).contains(n) else {
                throw InputError(file: p.file, location: .path("\(path).Shard.Count"), found: "\(n)", allowed: "a shard count in 1...\(maxShards)")
            }
            guard (0..<n).contains(index) else {
                throw InputError(file: p.file, location: .path("\(path).Shard.Index"), found: "\(index)", allowed: "a shard index in 0...\(n - 1)")
            }
            if let known = shardCount, known != n {
                throw InputError(file: p.file, location: .path("\(path).Shard.Count"), found: "\(n)", allowed: "\(known), as in the other parts")
            }
            shardCount = n
            parts.append((p.file, p.scenario, index))
        }
        parts.sort { $0.index < $1.index }
        let n = shardCount ?? 0
        let indices = parts.map(\.index)
        guard parts.count <= n else {
            throw InputError(file: parts[0].file, location: .path("\(path).Shard"), message: "\(parts.count) parts given for \(n) shards; each shard must be given once")
        }
        guard indices == Array(0..<n) else {
            let missing = Set(0..<n).subtracting(indices).sorted()
            throw InputError(file: parts[0].file, location: .path("\(path).Shard"),
                             message: "the parts are shards \(indices.map(String.init).joined(separator: ", ")) of \(n); "
                                + (missing.isEmpty ? "each shard must be given once" : "missing \(missing.map(String.init).joined(separator: ", "))"))
        }
        let base = parts[0]
        for p in parts.dropFirst() {
            for key in ["name", "file", "seed", "start", "end"] where p.scenario[key]?.stringValue != base.scenario[key]?.stringValue {
                throw InputError(file: p.file, location: .path("\(path).\(key)"), found: p.scenario[key]?.stringValue ?? "nothing",
                                 allowed: "\(base.scenario[key]?.stringValue ?? "nothing"), as in \(base.file): parts of one run")
            }
            let owners = ["WindowOwners", "PolicyOwners", "CommandOwners"]
            if owners.contains(where: { p.scenario["Shard"]?[$0]?.compact() != base.scenario["Shard"]?[$0]?.compact() }) {
                throw InputError(file: p.file, location: .path("\(path).Shard"), message: "partitioned differently from \(base.file): parts of one run")
            }
        }
        func list(_ p: (file: String, scenario: JSONOutput, index: Int), _ key: String) throws -> [JSONOutput] {
            guard let l = p.scenario[key]?.arrayValue else { throw InputError(file: p.file, location: .path("\(path).\(key)"), message: "missing") }
            return l
        }
        // Every owner a part names is a shard of this run.
        for section in ["WindowOwners", "PolicyOwners", "CommandOwners"] {
            for (key, value) in base.scenario["Shard"]?[section]?.objectPairs ?? [] {
                guard let o = value.intValue, (0..<n).contains(o) else {
                    throw InputError(file: base.file, location: .path("\(path).Shard.\(section).\(key)"), found: value.compact(),
                                     allowed: "a shard index in 0...\(n - 1)")
                }
            }
        }
        func owner(_ section: String, _ key: String?) -> Int {
            key.flatMap { base.scenario["Shard"]?[section]?[$0]?.intValue } ?? 0
        }
        /// Entry k of a list from the part that owns it; the parts must agree on the entries.
        func owned(_ key: String, identity: String, section: String) throws -> [JSONOutput] {
            let lists = try parts.map { try list($0, key) }
            var out: [JSONOutput] = []
            for k in lists[0].indices {
                let id = lists[0][k][identity]?.stringValue
                for (p, l) in zip(parts, lists) where l.count != lists[0].count || l[k][identity]?.stringValue != id {
                    throw InputError(file: p.file, location: .path("\(path).\(key)[\(k)]"), message: "differs from \(base.file): parts of one run")
                }
                out.append(lists[owner(section, id)][k])
            }
            return out
        }

        // Expectations: the owner's verdict, or the shards' tallies judged together.
        let expectationLists = try parts.map { try list($0, "expectations") }
        var outcomes: [Expectation.Outcome] = []
        for k in expectationLists[0].indices {
            let name = expectationLists[0][k]["name"]?.stringValue ?? "", rule = expectationLists[0][k]["rule"]?.stringValue ?? ""
            if expectationLists[0][k]["Tally"] != nil {
                var total: Tally?
                for (p, l) in zip(parts, expectationLists) {
                    let where_ = "\(path).expectations[\(k)].Tally"
                    let t = try tally(k < l.count ? l[k]["Tally"] : nil, file: p.file, path: where_)
                    if let sofar = total {
                        guard sofar.counts.count == t.counts.count else {
                            throw InputError(file: p.file, location: .path(where_), message: "counts differ in shape from the other parts: parts of one run")
                        }
                        let sums = try zip(sofar.counts, t.counts).map { try checkedSum([$0, $1], file: p.file, path: "\(where_).Counts") }
                        total = Tally(check: sofar.check, counts: sums, lists: zip(sofar.lists, t.lists).map { $0 + $1 })
                    } else {
                        _ = try checkedSum(t.counts, file: p.file, path: "\(where_).Counts")
                        total = t
                    }
                }
                if let total { outcomes.append(total.judge(name: name, rule: rule)) }
            } else {
                let o = expectationLists[0][k]["Owner"]?.intValue ?? 0
                guard (0..<expectationLists.count).contains(o), k < expectationLists[o].count else {
                    throw InputError(file: base.file, location: .path("\(path).expectations[\(k)].Owner"), found: "\(o)", allowed: "a shard index below \(n)")
                }
                outcomes.append(outcome(expectationLists[o][k]))
            }
        }

        // Events: the same in every shard, but EC2 calls count only their own nodes, and a
        // call about one window's execution is told by the window's shard.
        let eventLists = try parts.map { try list($0, "events") }
        for (p, l) in zip(parts, eventLists) where l.count != eventLists[0].count {
            throw InputError(file: p.file, location: .path("\(path).events"), message: "differs from \(base.file): parts of one run")
        }
        let events: [JSONOutput] = try eventLists[0].indices.map { k in
            let e = eventLists[0][k]
            if let window = e["WindowId"]?.stringValue { return eventLists[owner("WindowOwners", window)][k].removing("WindowId") }
            guard e["InstanceCount"] != nil else { return e }
            let total = try checkedSum(eventLists.map { $0[k]["InstanceCount"]?.intValue ?? 0 }, file: base.file, path: "\(path).events[\(k)].InstanceCount")
            return e.setting("Outcome", .string(ActionRecord.instancesOutcome(total))).removing("InstanceCount")
        }

        var rows: [JSONOutput] = []
        for p in parts { rows += try list(p, "instancePatchStates") }
        rows.sort { ($0["InstanceId"]?.stringValue ?? "") < ($1["InstanceId"]?.stringValue ?? "") }
        // A large fleet lists a sample: the smallest ids, which each part holds its share of.
        if base.scenario["instancePatchStatesListed"]?.stringValue != "all" { rows = Array(rows.prefix(JSONReport.listedInstancesLimit)) }
        // Per patch group counts add up.
        var groups: [String: [Int]] = [:]
        for p in parts {
            for g in try list(p, "patchGroups") {
                let name = g["PatchGroup"]?.stringValue ?? ""
                let counts = JSONReport.patchGroupCounts.map { g[$0]?.intValue ?? 0 }
                groups[name] = try zip(groups[name] ?? counts.map { _ in 0 }, counts).map {
                    try checkedSum([$0, $1], file: p.file, path: "\(path).patchGroups")
                }
            }
        }
        let patchGroups = JSONOutput.array(groups.keys.sorted().map { name in
            .object([("PatchGroup", .string(name))] + zip(JSONReport.patchGroupCounts, groups[name] ?? []).map { ($0, .int($1)) })
        })

        // [20] Source overwrites: per node, so the counts add up; the lists are each part's
        // first by (instant, node, source), whose union holds the whole's first.
        var overwriteCount = 0, overwriteNodes = 0
        var overwritesListed: [JSONOutput] = []
        for p in parts {
            let o = p.scenario["complianceSourceOverwrites"]
            overwriteCount = try checkedSum([overwriteCount, o?["Count"]?.intValue ?? 0], file: p.file, path: "\(path).complianceSourceOverwrites.Count")
            overwriteNodes = try checkedSum([overwriteNodes, o?["Instances"]?.intValue ?? 0], file: p.file, path: "\(path).complianceSourceOverwrites.Instances")
            overwritesListed += o?["Listed"]?.arrayValue ?? []
        }
        func overwriteKey(_ v: JSONOutput) -> (String, String, String) {
            (v["At"]?.stringValue ?? "", v["InstanceId"]?.stringValue ?? "",
             "\(v["New"]?["Source"]?.stringValue ?? "") \(v["New"]?["SourceName"]?.stringValue ?? "")")
        }
        overwritesListed.sort { overwriteKey($0) < overwriteKey($1) }
        let overwrites = JSONOutput.object([("Count", .int(overwriteCount)), ("Instances", .int(overwriteNodes)),
                                            ("Listed", .array(Array(overwritesListed.prefix(SourceOverwrites.keptLimit))))])

        func sum(_ key: String) throws -> Int {
            try checkedSum(parts.map { $0.scenario["fleet"]?[key]?.intValue ?? 0 }, file: base.file, path: "\(path).fleet.\(key)")
        }
        var fleet = base.scenario["fleet"] ?? .null
        for (key, _) in fleet.objectPairs { fleet = fleet.setting(key, .int(try sum(key))) }
        let windowExecutions = try owned("windowExecutions", identity: "WindowId", section: "WindowOwners")
        let scenario = base.scenario
            .setting("passed", .bool(outcomes.allSatisfy(\.passed)))
            .setting("fleet", fleet)
            .setting("patchGroups", patchGroups)
            .setting("expectations", .array(outcomes.map(JSONReport.outcome)))
            .setting("windowExecutions", .array(windowExecutions))
            .setting("associationExecutions", .array(try owned("associationExecutions", identity: "PatchPolicyName", section: "PolicyOwners")))
            .setting("commands", .array(try owned("commands", identity: "Name", section: "CommandOwners")))
            .setting("events", .array(events))
            .setting("complianceSourceOverwrites", overwrites)
            .setting("instancePatchStates", .array(rows))
            .setting("api", try mergeAPI(parts.map { ($0.file, $0.scenario) }, path: "\(path).api",
                                         windowOwner: { owner("WindowOwners", $0) }, sampled: base.scenario["instancePatchStatesListed"]?.stringValue != "all"))
            .removing("Shard")
        let verdict = Verdict(name: base.scenario["name"]?.stringValue ?? "", file: base.scenario["file"]?.stringValue ?? "",
                              seed: base.scenario["seed"]?.stringValue ?? "", outcomes: outcomes, summary: RunSummary(report: scenario),
                              profile: base.scenario["evaluationProfile"]?.stringValue ?? EvaluationProfile.standard.name)
        return (scenario, verdict)
    }

    /// The `api` records of the parts as the unsharded run writes them: window records from
    /// the window's owner, each command from the part that had its targets, per-node records
    /// of every part in id order, patch group counts summed.
    static func mergeAPI(_ parts: [(file: String, scenario: JSONOutput)], path: String, windowOwner: (String?) -> Int,
                         sampled: Bool) throws -> JSONOutput {
        guard let base = parts.first?.scenario["api"] else { return .null }
        func list(_ k: Int, _ key: String) throws -> [JSONOutput] {
            guard let l = parts[k].scenario["api"]?[key]?.arrayValue else {
                throw InputError(file: parts[k].file, location: .path("\(path).\(key)"), message: "missing")
            }
            return l
        }
        func same(_ key: String) throws -> [[JSONOutput]] {
            let lists = try parts.indices.map { try list($0, key) }
            for (k, l) in lists.enumerated() where l.count != lists[0].count {
                throw InputError(file: parts[k].file, location: .path("\(path).\(key)"), message: "differs in length from \(parts[0].file): parts of one run")
            }
            return lists
        }
        let executions = try same("WindowExecutions")
        var windowOfExecution: [String: String] = [:]
        for e in executions[0] { if let id = e["WindowExecutionId"]?.stringValue { windowOfExecution[id] = e["WindowId"]?.stringValue } }
        func byWindow(_ key: String) throws -> [JSONOutput] {
            let lists = try same(key)
            return lists[0].indices.map { k in
                let o = windowOwner(lists[0][k]["WindowId"]?.stringValue)
                return (0..<lists.count).contains(o) ? lists[o][k] : lists[0][k]
            }
        }
        // Tasks and invocations of one execution depend on the nodes a part holds, so the
        // parts may list different numbers of them: each execution's from its window's owner.
        func perExecution(_ key: String) throws -> [JSONOutput] {
            let lists = try parts.indices.map { try list($0, key) }
            let grouped: [[String: [JSONOutput]]] = lists.map { Dictionary(grouping: $0) { $0["WindowExecutionId"]?.stringValue ?? "" } }
            return executions[0].flatMap { e -> [JSONOutput] in
                let id = e["WindowExecutionId"]?.stringValue ?? ""
                let o = windowOwner(windowOfExecution[id])
                return grouped[(0..<grouped.count).contains(o) ? o : 0][id] ?? []
            }
        }
        // A command's record from the part that held its targets (the others found none);
        // windows' commands in the order of the merged invocations, then the others'.
        var best: [String: JSONOutput] = [:]
        for k in parts.indices {
            for c in try list(k, "Commands") {
                let id = c["CommandId"]?.stringValue ?? ""
                if (c["TargetCount"]?.intValue ?? 0) > (best[id]?["TargetCount"]?.intValue ?? -1) { best[id] = c }
            }
        }
        let windowInvocations = try perExecution("WindowExecutionTaskInvocationIdentities")
        let windowCommandIds = windowInvocations.compactMap { $0["ExecutionId"]?.stringValue }
        let windowSet = Set(windowCommandIds)
        let others = try list(0, "Commands").compactMap { $0["CommandId"]?.stringValue }.filter { !windowSet.contains($0) }
        let commands: [JSONOutput] = (windowCommandIds + others).compactMap { best[$0] }
        var invocationsByCommand: [String: [JSONOutput]] = [:]
        for k in parts.indices { for i in try list(k, "CommandInvocations") { invocationsByCommand[i["CommandId"]?.stringValue ?? "", default: []].append(i) } }
        var invocations: [JSONOutput] = []
        var seen: Set<String> = []
        for c in commands {
            let id = c["CommandId"]?.stringValue ?? ""
            guard seen.insert(id).inserted else { continue }
            invocations += (invocationsByCommand[id] ?? []).sorted { ($0["InstanceId"]?.stringValue ?? "") < ($1["InstanceId"]?.stringValue ?? "") }
                .prefix(APIRecords.invocationsPerCommand)
        }
        func byNode(_ key: String, limit: Int?) throws -> [JSONOutput] {
            var rows: [JSONOutput] = []
            for k in parts.indices { rows += try list(k, key) }
            rows.sort { ($0["InstanceId"]?.stringValue ?? "") < ($1["InstanceId"]?.stringValue ?? "") }
            return limit.map { Array(rows.prefix($0)) } ?? rows
        }
        var groups: [String: [Int]] = [:]
        for k in parts.indices {
            for g in try list(k, "PatchGroupStates") {
                let name = g["PatchGroup"]?.stringValue ?? ""
                let counts = APIRecords.patchGroupStateCounts.map { g[$0]?.intValue ?? 0 }
                groups[name] = try zip(groups[name] ?? counts.map { _ in 0 }, counts).map {
                    try checkedSum([$0, $1], file: parts[k].file, path: "\(path).PatchGroupStates")
                }
            }
        }
        // A Windows baseline is listed where some part's nodes reported against it (or the
        // scenario registers it): the union by id, in id order as the unsharded run lists them.
        var effective: [String: JSONOutput] = [:]
        for k in parts.indices {
            for e in try list(k, "EffectivePatches") where effective[e["BaselineId"]?.stringValue ?? ""] == nil {
                effective[e["BaselineId"]?.stringValue ?? ""] = e
            }
        }
        return base
            .setting("EffectivePatches", .array(effective.keys.sorted().compactMap { effective[$0] }))
            .setting("WindowExecutions", .array(try byWindow("WindowExecutions")))
            .setting("WindowExecutionTaskIdentities", .array(try perExecution("WindowExecutionTaskIdentities")))
            .setting("WindowExecutionTaskInvocationIdentities", .array(windowInvocations))
            .setting("Commands", .array(commands))
            .setting("CommandInvocations", .array(invocations))
            .setting("InstancePatchStates", .array(try byNode("InstancePatchStates", limit: sampled ? JSONReport.listedInstancesLimit : nil)))
            .setting("InstancePatches", .array(try byNode("InstancePatches", limit: nil)))
            .setting("PatchGroupStates", .array(groups.keys.sorted().map { name in
                .object([("PatchGroup", .string(name))] + zip(APIRecords.patchGroupStateCounts, groups[name] ?? []).map { ($0, .int($1)) })
            }))
    }

    static func outcome(_ o: JSONOutput) -> Expectation.Outcome {
        Expectation.Outcome(name: o["name"]?.stringValue ?? "", rule: o["rule"]?.stringValue ?? "", passed: o["passed"]?.boolValue ?? false,
                            expected: o["expected"]?.stringValue ?? "", found: o["found"]?.stringValue ?? "",
                            examples: (o["examples"]?.arrayValue ?? []).compactMap(\.stringValue))
    }

    static func tally(_ v: JSONOutput?, file: String, path: String) throws -> Tally {
        guard let v, let kind = v["Check"]?.stringValue else { throw InputError(file: file, location: .path(path), message: "missing: every part must tally this expectation") }
        func number(_ key: String) -> Double {
            switch v[key] {
            case .int(let i)?: return Double(i)
            case .double(let d)?: return d
            default: return 0
            }
        }
        let check: Tally.Check
        switch kind {
        case "compliantShare": check = .compliantShare(min: number("Min"), max: number("Max"))
        case "compliantInstances": check = .compliantInstances(min: v["Min"]?.intValue ?? 0, max: v["Max"]?.intValue ?? 0)
        case "instancesWithState":
            guard let state = v["State"]?.stringValue.flatMap(PatchComplianceState.init(rawValue:)) else {
                throw InputError(file: file, location: .path("\(path).State"), message: "not a patch compliance state")
            }
            check = .instancesWithState(state, min: v["Min"]?.intValue ?? 0, max: v["Max"]?.intValue ?? 0)
        case "noRebootOutsideWindow": check = .noRebootOutsideWindow
        case "concurrencyWithinMax": check = .concurrencyWithinMax
        case "noBlockedPackageInstalled": check = .noBlockedPackageInstalled
        case "noComplianceSourceConflict": check = .noComplianceSourceConflict
        case "scannedWithin": check = .scannedWithin(days: v["Days"]?.intValue ?? 0)
        default: throw InputError(file: file, location: .path("\(path).Check"), found: kind, allowed: "a fleet-wide expectation kind")
        }
        return Tally(check: check, counts: (v["Counts"]?.arrayValue ?? []).compactMap(\.intValue),
                     lists: (v["Lists"]?.arrayValue ?? []).map { ($0.arrayValue ?? []).compactMap(\.stringValue) })
    }
}
