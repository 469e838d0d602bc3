import PatchModel

/// [20] `patchsim shrink`: the smallest scenario that still fails one expectation the same
/// way, by delta debugging (Zeller's ddmin) over the scenario document's lists — the other
/// expectations, events, patch policies, associations, windows, their targets and tasks,
/// fleet groups, each group's nodes, repository packages, baselines, images — and over the
/// number of days. Every candidate is loaded and run as `run` would; one that does not load
/// is rejected. Deterministic: a fixed order of passes, each over a fixed order of chunks.
public struct Shrinker {
    public var file: String
    public var expectationName: String
    /// The original failure, which every accepted candidate must reproduce.
    public private(set) var original: Expectation.Outcome
    public private(set) var runs = 0
    /// Runs allowed before the shrinker stops with what it has (a bound on the work).
    public static let maxRuns = 5_000

    public init(file: String, document: JSONValue, expectation: String) throws {
        self.file = file
        self.expectationName = expectation
        let s = try ScenarioLoader.load(document: document, path: file)
        guard let k = s.expectations.firstIndex(where: { $0.name == expectation }) else {
            throw InputError(file: file, location: .path("expectations"),
                             message: "no expectation named '\(InputError.cut(expectation))'; its expectations: \(s.expectations.map { "'\($0.name)'" }.joined(separator: ", "))")
        }
        let outcome = ScenarioRun.run(s).outcomes[k]
        guard !outcome.passed else {
            throw InputError(file: file, location: .path("expectations[\(k)]"), message: "'\(InputError.cut(expectation))' holds (\(outcome.found)); shrink needs a failing expectation")
        }
        original = outcome
    }

    /// "The same way": it still fails, and its finding starts with the same word once
    /// numbers are set aside (FAILED stays FAILED; "3 nodes" may become "1 node").
    public static func sameWay(_ a: Expectation.Outcome, _ b: Expectation.Outcome) -> Bool {
        // The first word with each run of digits as one `#`: "14" and "1" read alike.
        func head(_ s: String) -> String {
            var out = ""
            for c in s.split(separator: " ").first ?? "" where !(c.isNumber && out.last == "#") { out.append(c.isNumber ? "#" : c) }
            return out
        }
        return !b.passed && head(a.found) == head(b.found)
    }

    /// Whether `doc` loads and fails the expectation the same way.
    mutating func fails(_ doc: JSONValue) -> Bool {
        guard runs < Self.maxRuns else { return false }
        runs += 1
        guard let s = try? ScenarioLoader.load(document: doc, path: file),
              let k = s.expectations.firstIndex(where: { $0.name == expectationName }) else { return false }
        return Self.sameWay(original, ScenarioRun.run(s).outcomes[k])
    }

    /// What a scenario holds, for the before/after line.
    public struct Size: Equatable, Sendable {
        public var nodes = 0, fleetGroups = 0, windows = 0, tasks = 0, events = 0, policies = 0, associations = 0
        public var expectations = 0, packages = 0, baselines = 0, days = 0.0

        public init(_ doc: JSONValue) {
            func count(_ v: JSONValue?) -> Int { (try? v?.array().count) ?? 0 }
            func int(_ v: JSONValue?) -> Int? { try? v?.int(in: 0...Int.max) }
            let groups = (try? doc["fleet"]?.array()) ?? []
            fleetGroups = groups.count
            nodes = groups.reduce(0) { $0 + ($1["InstanceIds"] != nil ? count($1["InstanceIds"]) : int($1["count"]) ?? 0) }
            let ws = (try? doc["maintenanceWindows"]?.array()) ?? []
            windows = ws.count
            tasks = ws.reduce(0) { $0 + count($1["Tasks"]) } + count(doc["windowTasks"])
            events = count(doc["events"])
            policies = count(doc["patchPolicies"])
            associations = count(doc["associations"])
            expectations = count(doc["expectations"])
            baselines = count(doc["baselines"])
            for r in (try? doc["repositories"]?.array()) ?? [] {
                if let g = r["generate"] { packages += int(g["packageCount"]) ?? 400 }
                packages += count(r["declare"]?["Patches"])
            }
            if let s = try? doc["start"]?.instant(), let e = try? doc["end"]?.instant() {
                days = Double(e.secondsSinceEpoch - s.secondsSinceEpoch) / 86_400
            }
        }

        public func line(to b: Size) -> String {
            func days(_ d: Double) -> String { d == d.rounded() ? String(Int(d)) : String(format: "%.2f", d) }
            return ["nodes \(nodes) → \(b.nodes)", "fleet groups \(fleetGroups) → \(b.fleetGroups)", "windows \(windows) → \(b.windows)",
                    "tasks \(tasks) → \(b.tasks)", "events \(events) → \(b.events)", "patch policies \(policies) → \(b.policies)",
                    "associations \(associations) → \(b.associations)", "expectations \(expectations) → \(b.expectations)",
                    "repository packages \(packages) → \(b.packages)", "baselines \(baselines) → \(b.baselines)",
                    "days \(days(self.days)) → \(days(b.days))"].joined(separator: ", ")
        }
    }

    // MARK: - Passes

    /// The shrunk document: passes repeated until none removes anything more.
    public mutating func shrink(_ start: JSONValue) -> JSONValue {
        var doc = start
        // The other expectations go first: every later run checks only this one.
        if let only = keepingOnlyTarget(doc), fails(only) { doc = only }
        for _ in 0..<4 {
            let before = JSONOutput(doc).compact()
            for key in ["events", "patchPolicies", "associations", "windowTasks", "windowTargets", "maintenanceWindows"] {
                doc = ddmin(doc, at: [.member(key)])
            }
            for (k, _) in list(doc, [.member("maintenanceWindows")]).enumerated() {
                doc = ddmin(doc, at: [.member("maintenanceWindows"), .index(k), .member("Tasks")])
                doc = ddmin(doc, at: [.member("maintenanceWindows"), .index(k), .member("Targets")])
            }
            doc = ddmin(doc, at: [.member("fleet")])
            for (k, g) in list(doc, [.member("fleet")]).enumerated() {
                if g["InstanceIds"] != nil { doc = ddmin(doc, at: [.member("fleet"), .index(k), .member("InstanceIds")], keepOne: true) }
                else { doc = halve(doc, at: [.member("fleet"), .index(k), .member("count")], floor: 1) }
            }
            for (k, r) in list(doc, [.member("repositories")]).enumerated() {
                if r["generate"] != nil {
                    if r["generate"]?["packageCount"] == nil, let set = try? ScenarioEdit.set(JSONValue(kind: .number(400), file: "shrink", path: ""),
                        at: [.member("repositories"), .index(k), .member("generate"), .member("packageCount")][...], in: doc, origin: "shrink") {
                        doc = set
                    }
                    doc = halve(doc, at: [.member("repositories"), .index(k), .member("generate"), .member("packageCount")], floor: 1)
                }
                if r["declare"] != nil { doc = ddmin(doc, at: [.member("repositories"), .index(k), .member("declare"), .member("Patches")], keepOne: true) }
            }
            for key in ["baselines", "patchGroups", "defaultBaselines", "parameters", "documents", "resourceGroups", "images", "repositories"] {
                doc = ddmin(doc, at: [.member(key)])
            }
            doc = shortenSpan(doc)
            if JSONOutput(doc).compact() == before { break }
        }
        return doc
    }

    func keepingOnlyTarget(_ doc: JSONValue) -> JSONValue? {
        let all = list(doc, [.member("expectations")])
        guard all.count > 1, let target = all.first(where: { (try? $0["name"]?.string()) == expectationName }) else { return nil }
        return try? ScenarioEdit.set(JSONValue(kind: .array([target]), file: doc.file, path: "expectations"), at: [.member("expectations")][...], in: doc, origin: "shrink")
    }

    func value(_ doc: JSONValue, _ path: [ScenarioEdit.Step]) -> JSONValue? {
        var v: JSONValue? = doc
        for step in path {
            switch step {
            case .member(let m): v = v?[m]
            case .index(let k): v = (try? v?.array()).flatMap { k < $0.count ? $0[k] : nil }
            }
        }
        return v
    }

    func list(_ doc: JSONValue, _ path: [ScenarioEdit.Step]) -> [JSONValue] { (try? value(doc, path)?.array()) ?? nil ?? [] }

    /// ddmin over the list at `path`: remove ever smaller chunks while the failure stays.
    mutating func ddmin(_ doc: JSONValue, at path: [ScenarioEdit.Step], keepOne: Bool = false) -> JSONValue {
        let items = list(doc, path)
        guard !items.isEmpty else { return doc }
        func with(_ kept: [Int]) -> JSONValue? {
            try? ScenarioEdit.set(JSONValue(kind: .array(kept.map { items[$0] }), file: doc.file, path: ""), at: path[...], in: doc, origin: "shrink")
        }
        var keep = Array(items.indices)
        if !keepOne, let none = with([]), fails(none) { return none }
        var granularity = 2
        while keep.count >= 2 {
            let size = (keep.count + granularity - 1) / granularity
            var reduced = false
            for start in stride(from: 0, to: keep.count, by: size) {
                let candidate = Array(keep[..<start] + keep[min(keep.count, start + size)...])
                if let c = with(candidate), fails(c) {
                    keep = candidate
                    granularity = max(granularity - 1, 2)
                    reduced = true
                    break
                }
            }
            if !reduced {
                if granularity >= keep.count { break }
                granularity = min(keep.count, granularity * 2)
            }
        }
        return with(keep) ?? doc
    }

    /// A count halved while the failure stays (then one less at a time near the floor).
    mutating func halve(_ doc: JSONValue, at path: [ScenarioEdit.Step], floor: Int) -> JSONValue {
        guard var n = try? value(doc, path)?.int(in: 0...Int.max) else { return doc }
        var current = doc
        func with(_ m: Int) -> JSONValue? {
            try? ScenarioEdit.set(JSONValue(kind: .number(Double(m)), file: doc.file, path: ""), at: path[...], in: current, origin: "shrink")
        }
        if n > floor, let c = with(floor), fails(c) { return c }
        while n > floor {
            let m = max(floor, n / 2)
            guard m < n, let c = with(m), fails(c) else { break }
            current = c
            n = m
        }
        return current
    }

    /// The end brought toward the start: the fewest whole hours of span that still fail,
    /// by bisection (a failure seen by some end is seen by any later one, as a rule).
    mutating func shortenSpan(_ doc: JSONValue) -> JSONValue {
        guard let start = try? doc["start"]?.instant(), let end = try? doc["end"]?.instant() else { return doc }
        func with(hours: Int64) -> JSONValue? {
            try? ScenarioEdit.set(JSONValue(kind: .string(start.adding(seconds: hours * 3600).iso8601), file: doc.file, path: "end"),
                                  at: [.member("end")][...], in: doc, origin: "shrink")
        }
        var lo: Int64 = 1, hi = (end.secondsSinceEpoch - start.secondsSinceEpoch) / 3600
        guard hi > 1 else { return doc }
        var best: JSONValue? = nil
        while lo < hi {
            let mid = (lo + hi) / 2
            if let c = with(hours: mid), fails(c) { hi = mid; best = c } else { lo = mid + 1 }
        }
        return best ?? doc
    }
}
