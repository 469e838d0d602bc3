import PatchModel
import PatchScheduling
import PatchWorld

/// [20] `patchsim sweep`: the cross product of `--vary` settings, each run on N seeds, and
/// per variant the distribution of what a rollout owner asks: nodes patched by each
/// window execution's end, failed and undelivered invocations, execution durations and the
/// end-of-run compliant share.
public struct Sweep: Sendable {
    /// One `--vary PATH=V1,V2,...`: the path and each value's edit.
    public struct Variation: Sendable {
        public var path: String
        public var values: [String]
        public var edits: [ScenarioEdit]
    }

    /// One combination of values, one per variation, in `--vary` order.
    public struct Variant: Sendable {
        public var settings: [(path: String, value: String)]
        public var edits: [ScenarioEdit]
    }

    /// min, p5, p50, p95, max by nearest rank (the p-th percentile of n sorted samples is
    /// the ⌈p·n/100⌉-th), so each is one of the samples and computable by hand.
    public struct Distribution: Equatable, Sendable {
        public var min: Double, p5: Double, p50: Double, p95: Double, max: Double
        public var samples: Int

        public init?(_ values: [Double]) {
            guard !values.isEmpty else { return nil }
            let s = values.sorted()
            func rank(_ p: Int) -> Double { s[Swift.max(0, (p * s.count + 99) / 100 - 1)] }
            (min, p5, p50, p95, max, samples) = (s[0], rank(5), rank(50), rank(95), s[s.count - 1], s.count)
        }
    }

    public struct VariantResult: Sendable {
        public var variant: Variant
        public var seeds: [UInt64]
        /// Metric name → distribution over the seeds, names sorted.
        public var distributions: [(metric: String, distribution: Distribution)]
    }

    public static let maxRuns = 10_000

    /// `PATH=V1,V2,...`: values split at top-level commas (a JSON value may hold commas
    /// inside brackets, braces or quotes).
    public static func variation(_ text: String) throws -> Variation {
        guard let eq = text.firstIndex(of: "="), eq != text.startIndex else {
            throw InputError(file: "--vary", message: "found '\(InputError.cut(text))'; allowed: JSON.PATH=V1,V2,..., e.g. maintenanceWindows[0].Tasks[0].MaxConcurrency=10%,25%")
        }
        let path = String(text[..<eq])
        var values: [String] = [], current = "", depth = 0, quoted = false, escaped = false
        for c in text[text.index(after: eq)...] {
            if quoted {
                if escaped { escaped = false } else if c == "\\" { escaped = true } else if c == "\"" { quoted = false }
            } else if c == "\"" { quoted = true }
            else if c == "[" || c == "{" { depth += 1 }
            else if c == "]" || c == "}" { depth -= 1 }
            else if c == "," && depth == 0 { values.append(current); current = ""; continue }
            current.append(c)
        }
        values.append(current)
        guard !values.contains(where: \.isEmpty) else {
            throw InputError(file: "--vary", message: "'\(InputError.cut(text))' has an empty value; allowed: V1,V2,... each non-empty")
        }
        return Variation(path: path, values: values, edits: try values.map { try ScenarioEdit.parse(path + "=" + $0, origin: "--vary") })
    }

    /// Every combination, the first variation varying slowest.
    public static func variants(_ variations: [Variation]) -> [Variant] {
        var out = [Variant(settings: [], edits: [])]
        for v in variations {
            out = out.flatMap { base in
                zip(v.values, v.edits).map { value, edit in Variant(settings: base.settings + [(v.path, value)], edits: base.edits + [edit]) }
            }
        }
        return out
    }

    /// What one run gives each metric.
    public static func metrics(_ r: ScenarioRun) -> [String: Double] {
        var out: [String: Double] = [:]
        let summary = RunSummary(r)
        out["invocationsFailed"] = Double(summary.invocationsFailed)
        out["invocationsUndelivered"] = Double(summary.invocationsUndelivered)
        out["compliantShare"] = summary.reporting == 0 ? 0 : Double(summary.compliant) / Double(summary.reporting)
        // Per window, its k-th execution: how many distinct nodes an Install task has patched
        // (a successful invocation) by that execution's end, and how long it took.
        // Above the full-log limit a run keeps no successful invocation: there the count is the
        // sum of successful Install invocations (a node patched twice counts twice).
        let distinct = r.fleet.instances.count <= ScenarioLoader.fullEventLogLimit
        var ordinal: [String: Int] = [:]
        var patched: [String: Set<String>] = [:]
        var successes: [String: Int] = [:]
        for e in r.executions {
            let k = (ordinal[e.windowId] ?? 0) + 1
            ordinal[e.windowId] = k
            for t in e.tasks where t.parameters?.operation == .Install {
                for i in t.invocations {
                    successes[e.windowId, default: 0] += i.command.count(.Success)
                    guard distinct else { continue }
                    for inv in i.command.invocations where inv.details == .Success { patched[e.windowId, default: []].insert(inv.instanceId) }
                }
            }
            let label = "\(e.windowId) #\(k)"
            out["nodesPatched \(label)"] = Double(distinct ? patched[e.windowId]?.count ?? 0 : successes[e.windowId] ?? 0)
            out["executionSeconds \(label)"] = Double(e.end.secondsSinceEpoch - e.start.secondsSinceEpoch)
        }
        return out
    }

    /// The distributions of each metric over one variant's runs.
    public static func result(_ variant: Variant, seeds: [UInt64], runs: [[String: Double]]) -> VariantResult {
        let names = Set(runs.flatMap(\.keys)).sorted()
        return VariantResult(variant: variant, seeds: seeds, distributions: names.compactMap { name in
            Distribution(runs.compactMap { $0[name] }).map { (name, $0) }
        })
    }
}
