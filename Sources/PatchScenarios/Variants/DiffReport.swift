import PatchModel

/// `patchsim diff`'s outputs: text for a person, JSON for tools (and for `--expect`), and
/// JUnit with one testcase per changed node or window execution.
public enum DiffReport {
    public static func json(_ d: ScenarioDiff) -> JSONOutput {
        func summary(_ s: ScenarioDiff.NodeSummary?) -> JSONOutput {
            guard let s else { return .null }
            return .object([("ComplianceStatus", .string(s.complianceStatus)), ("BaselineId", .string(s.baselineId)),
                            ("Operation", .string(s.operation)), ("OperationEndTime", .string(s.operationEndTime.iso8601))]
                           + zip(ScenarioDiff.NodeSummary.countNames, s.counts).map { ($0, .int($1)) })
        }
        func text(_ s: String?) -> JSONOutput { s.map { .string($0) } ?? .null }
        let nodes: [JSONOutput] = d.nodes.map { n in
            var fields: [(String, JSONOutput)] = [("InstanceId", .string(n.instanceId)), ("PatchGroup", .string(n.patchGroup)),
                                                  ("OperatingSystem", .string(n.operatingSystem)),
                                                  ("StatusDivergedAt", n.statusDivergedAt.map { .string($0.iso8601) } ?? .null),
                                                  ("from", summary(n.from)), ("to", summary(n.to))]
            if n.recordsOnOneSide > 0 { fields.append(("RecordsOnOneSide", .int(n.recordsOnOneSide))) }
            fields.append(("patches", .array(n.patches.map { p in
                var f: [(String, JSONOutput)] = [("KBId", .string(p.kbId)), ("from", text(p.fromState)), ("to", text(p.toState))]
                if p.fromTitle != nil || p.toTitle != nil { f += [("fromTitle", text(p.fromTitle)), ("toTitle", text(p.toTitle))] }
                return .object(f)
            })))
            return .object(fields)
        }
        func groups(_ rows: [ScenarioDiff.GroupCounts], _ key: String) -> JSONOutput {
            .array(rows.map { r in
                .object([(key, .string(r.key)), ("Instances", .int(r.instances)), ("ChangedNodes", .int(r.changedNodes)),
                         ("ChangedPatches", .int(r.changedPatches)), ("CompliantFrom", .int(r.compliantFrom)), ("CompliantTo", .int(r.compliantTo))])
            })
        }
        func execution(_ e: ScenarioDiff.ExecutionSummary?) -> JSONOutput {
            guard let e else { return .null }
            return .object([("WindowExecutionId", .string(e.windowExecutionId)), ("Status", .string(e.status)),
                            ("StartTime", .string(e.start.iso8601)), ("EndTime", .string(e.end.iso8601)), ("TargetCount", .int(e.targets)),
                            ("Invocations", .object(e.invocations.keys.sorted().map { ($0, .int(e.invocations[$0] ?? 0)) }))])
        }
        return .object([
            ("from", .string(d.from)), ("to", .string(d.to)), ("identical", .bool(d.isEmpty)),
            ("changedNodes", .int(d.changedNodeCount)), ("nodesListed", .int(d.nodes.count)),
            ("nodes", .array(nodes)),
            ("byPatchGroup", groups(d.byPatchGroup, "PatchGroup")),
            ("byOperatingSystem", groups(d.byOperatingSystem, "OperatingSystem")),
            ("complianceOverTime", .array(d.complianceOverTime.map { c in
                .object([("Date", .string(String(c.day.iso8601.prefix(10)))), ("ReportingFrom", .int(c.reportingFrom)), ("CompliantFrom", .int(c.compliantFrom)),
                         ("ReportingTo", .int(c.reportingTo)), ("CompliantTo", .int(c.compliantTo))])
            })),
            ("windowExecutions", .array(d.windowExecutions.map { w in
                .object([("WindowId", .string(w.windowId)), ("Execution", .int(w.execution)), ("from", execution(w.from)), ("to", execution(w.to))])
            })),
        ])
    }

    static func share(_ compliant: Int, _ reporting: Int) -> String {
        reporting == 0 ? "none reporting" : "\(compliant * 100 / reporting)% (\(compliant)/\(reporting))"
    }

    static func nodeLine(_ n: ScenarioDiff.NodeChange) -> String {
        var line = "\(n.instanceId) (\(n.patchGroup.isEmpty ? "no patch group" : n.patchGroup), \(n.operatingSystem)): "
        line += "\(n.from?.complianceStatus ?? "no report") → \(n.to?.complianceStatus ?? "no report")"
        if let a = n.from?.baselineId, let b = n.to?.baselineId, a != b { line += ", baseline \(a) → \(b)" }
        if let a = n.from, let b = n.to {
            let counts = zip(ScenarioDiff.NodeSummary.countNames, zip(a.counts, b.counts)).filter { $1.0 != $1.1 }
            if !counts.isEmpty { line += ", " + counts.map { "\($0.dropLast(5)) \($1.0) → \($1.1)" }.joined(separator: ", ") }
        }
        if n.recordsOnOneSide > 0 { line += " (\(Wording.count(n.recordsOnOneSide, "patch record")) on one side only)" }
        if let a = n.from?.operationEndTime, let b = n.to?.operationEndTime, a != b { line += ", written \(a.iso8601) → \(b.iso8601)" }
        if let t = n.statusDivergedAt { line += "; differs since \(t.iso8601)" }
        return line
    }

    static func patchLine(_ p: ScenarioDiff.PatchChange) -> String {
        var line = "\(p.kbId): \(p.fromState ?? "no record") → \(p.toState ?? "no record")"
        if p.fromTitle != nil || p.toTitle != nil { line += " (\(p.fromTitle ?? "-") → \(p.toTitle ?? "-"))" }
        return line
    }

    static func executionLine(_ w: ScenarioDiff.ExecutionChange) -> String {
        func counts(_ e: ScenarioDiff.ExecutionSummary) -> String {
            e.invocations.isEmpty ? "no invocations" : e.invocations.keys.sorted().map { "\($0) \(e.invocations[$0] ?? 0)" }.joined(separator: ", ")
        }
        switch (w.from, w.to) {
        case let (a?, b?):
            var parts = ["\(a.status) → \(b.status)"]
            if a.start != b.start { parts.append("start \(a.start.iso8601) → \(b.start.iso8601)") }
            if a.end != b.end { parts.append("end \(a.end.iso8601) → \(b.end.iso8601)") }
            if a.invocations != b.invocations || a.targets != b.targets { parts.append("invocations \(counts(a)) → \(counts(b))") }
            return "\(w.windowId) execution \(w.execution) (\(a.start.iso8601)): " + parts.joined(separator: ", ")
        case let (a?, nil): return "\(w.windowId) execution \(w.execution) (\(a.start.iso8601)): \(a.status) → did not run"
        case let (nil, b?): return "\(w.windowId) execution \(w.execution) (\(b.start.iso8601)): did not run → \(b.status)"
        case (nil, nil): return "\(w.windowId) execution \(w.execution)"
        }
    }

    public static func text(_ d: ScenarioDiff) -> String {
        var out = "from: \(d.from)\nto:   \(d.to)\n"
        guard !d.isEmpty else {
            return out + "no difference: every node's stored state and every window execution are the same\n"
        }
        let total = d.byPatchGroup.reduce(0) { $0 + $1.instances }
        out += "\(d.changedNodeCount) of \(Wording.count(total, "node")) change\n"
        for (title, rows) in [("patch group", d.byPatchGroup), ("operating system", d.byOperatingSystem)] {
            for r in rows where r.changedNodes > 0 || r.compliantFrom != r.compliantTo {
                out += "  \(title) \(r.key.isEmpty ? "(none)" : r.key): \(r.changedNodes) of \(r.instances) nodes, \(Wording.count(r.changedPatches, "patch record")); compliant \(r.compliantFrom) → \(r.compliantTo)\n"
            }
        }
        if !d.nodes.isEmpty { out += "nodes:\n" }
        for n in d.nodes {
            out += "  " + nodeLine(n) + "\n"
            for p in n.patches { out += "      " + patchLine(p) + "\n" }
        }
        if d.nodes.count < d.changedNodeCount { out += "  ... and \(d.changedNodeCount - d.nodes.count) more nodes (counted above)\n" }
        let days = d.complianceOverTime.filter { $0.compliantFrom != $0.compliantTo || $0.reportingFrom != $0.reportingTo }
        if !days.isEmpty {
            out += "compliant share at the end of each day where it differs:\n"
            for c in days { out += "  \(c.day.iso8601.prefix(10)): \(share(c.compliantFrom, c.reportingFrom)) → \(share(c.compliantTo, c.reportingTo))\n" }
        }
        if !d.windowExecutions.isEmpty { out += "window executions:\n" }
        for w in d.windowExecutions { out += "  " + executionLine(w) + "\n" }
        return out
    }

    /// One testcase per changed node and per changed window execution (a failure each);
    /// a single passing testcase when nothing changed.
    public static func junit(_ d: ScenarioDiff, name: String) -> String {
        var cases: [(name: String, failure: String?)] = d.nodes.map { n in
            (n.instanceId, ([nodeLine(n)] + n.patches.map(patchLine)).joined(separator: "\n"))
        }
        cases += d.windowExecutions.map { ("\($0.windowId) execution \($0.execution)", executionLine($0)) }
        if cases.isEmpty { cases = [("no node or window execution changes", nil)] }
        let failures = cases.filter { $0.failure != nil }.count
        let x = MarkupText.escape
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"patchsim diff\" tests=\"\(cases.count)\" failures=\"\(failures)\" errors=\"0\" time=\"0\">\n"
        out += "  <testsuite name=\"\(x(name))\" tests=\"\(cases.count)\" failures=\"\(failures)\" errors=\"0\" skipped=\"0\" time=\"0\">\n"
        for c in cases {
            out += "    <testcase classname=\"diff\" name=\"\(x(c.name))\" time=\"0\""
            if let f = c.failure {
                let first = f.split(separator: "\n", maxSplits: 1).first.map(String.init) ?? f
                out += ">\n      <failure type=\"Changed\" message=\"\(x(first))\">\(x(f))</failure>\n    </testcase>\n"
            } else {
                out += "/>\n"
            }
        }
        return out + "  </testsuite>\n</testsuites>\n"
    }

    /// The changes a diff's JSON states, one line each: node status and baseline, each
    /// patch's state (or version where the state is the same), each window execution's
    /// status and invocation counts. Times are left out: `--expect FILE` compares these
    /// lines, and a hand-written FILE names what changes, not when to the second.
    public static func changeLines(_ doc: JSONValue) throws -> [String] {
        var lines: [String] = []
        func member(_ v: JSONValue?, _ key: String) throws -> String { try v?[key]?.string() ?? "(none)" }
        for n in try doc["nodes"]?.array() ?? [] {
            let id = try n.required("InstanceId").string()
            // A report on one side only is one change, its status; its baseline goes with it.
            let bothSides = n["from"] != nil && n["to"] != nil
            for key in bothSides ? ["ComplianceStatus", "BaselineId"] : ["ComplianceStatus"] {
                let a = try member(n["from"], key), b = try member(n["to"], key)
                if a != b { lines.append("\(id) \(key): \(a) → \(b)") }
            }
            for p in try n["patches"]?.array() ?? [] {
                let kb = try p.required("KBId").string()
                let a = try p["from"]?.string() ?? "(none)", b = try p["to"]?.string() ?? "(none)"
                if a != b { lines.append("\(id) \(kb): \(a) → \(b)") }
                else if p["fromTitle"] != nil || p["toTitle"] != nil { lines.append("\(id) \(kb) Title: \(try p["fromTitle"]?.string() ?? "(none)") → \(try p["toTitle"]?.string() ?? "(none)")") }
            }
        }
        for w in try doc["windowExecutions"]?.array() ?? [] {
            let label = "\(try w.required("WindowId").string()) execution \(try w.required("Execution").int(in: 1...Int(Int32.max)))"
            let a = try member(w["from"], "Status"), b = try member(w["to"], "Status")
            if a != b { lines.append("\(label) Status: \(a) → \(b)") }
            var counts: [String: (Int, Int)] = [:]
            for (side, k) in [("from", 0), ("to", 1)] {
                for (status, v) in try w[side]?["Invocations"]?.object() ?? [] {
                    var c = counts[status] ?? (0, 0)
                    if k == 0 { c.0 = try v.int(in: 0...Int(Int32.max)) } else { c.1 = try v.int(in: 0...Int(Int32.max)) }
                    counts[status] = c
                }
            }
            for s in counts.keys.sorted() where counts[s]?.0 != counts[s]?.1 {
                lines.append("\(label) \(s): \(counts[s]?.0 ?? 0) → \(counts[s]?.1 ?? 0)")
            }
        }
        return lines.sorted()
    }
}
