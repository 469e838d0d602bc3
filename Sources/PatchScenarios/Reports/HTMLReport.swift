import Foundation
import PatchBaselines
import PatchModel
import PatchScheduling
import PatchWorld

/// A self-contained HTML page an operator reads at a glance ([19]): an index of every
/// scenario with its verdict; per scenario what happened (the summary line), the
/// expectations, the nodes that failed, timed out or were never reached with the reason,
/// compliance over time on a dated axis with its values, window executions on a dated
/// timeline by name with their counts, and the patch states per patch group as labelled
/// bars. Inline SVG and CSS only: no scripts, no network; it opens in any browser.
public enum HTMLReport {
    static let palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"]
    /// Dash patterns per line, so lines at equal values stay visible on top of each other.
    static let dashes = ["", "8 4", "2 3", "10 3 2 3", "5 5", "1 4"]
    static let statusColor: [WindowExecutionStatus: String] = [
        .SUCCESS: "#2ca02c", .FAILED: "#d62728", .TIMED_OUT: "#ff7f0e", .SKIPPED_OVERLAPPING: "#bbbbbb", .CANCELLED: "#7f7f7f",
        .CANCELLING: "#555555", .IN_PROGRESS: "#1f77b4", .PENDING: "#9edae5",
    ]
    static let stateColor: [PatchComplianceState: String] = [
        .INSTALLED: "#2ca02c", .INSTALLED_OTHER: "#98df8a", .INSTALLED_PENDING_REBOOT: "#ff7f0e", .INSTALLED_REJECTED: "#8c564b",
        .MISSING: "#d62728", .FAILED: "#9467bd", .NOT_APPLICABLE: "#c7c7c7", .AVAILABLE_SECURITY_UPDATE: "#e377c2",
    ]
    /// The failed-node table lists this many rows; the rest are counted.
    static let maxFailedRows = 200
    static let chartWidth = 900.0

    public static func render(_ runs: [ScenarioRun], invalid: [(file: String, error: String)] = []) -> String {
        let passed = runs.filter(\.passed).count
        var html = """
            <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>patchsim report</title>
            <style>body{font-family:sans-serif;margin:24px;color:#222;max-width:960px}h1{font-size:22px}h2{font-size:19px;margin-top:36px;border-top:2px solid #ddd;padding-top:14px}
            h3{font-size:15px;margin-top:22px}table{border-collapse:collapse;font-size:13px;margin:6px 0}td,th{border:1px solid #ccc;padding:3px 8px;text-align:left;vertical-align:top}
            th{background:#f3f3f3}td.n{text-align:right}.pass{color:#2ca02c;font-weight:bold}.fail{color:#d62728;font-weight:bold}svg{background:#fafafa;border:1px solid #ddd}
            .legend span{display:inline-block;margin-right:14px;font-size:12px}.sw{display:inline-block;width:12px;height:10px;margin-right:4px;vertical-align:middle}
            .summary{background:#f6f8fa;border-left:4px solid #1f77b4;padding:6px 10px}td.id{white-space:nowrap;font-family:monospace;font-size:12px}td.ids{font-family:monospace;font-size:12px;max-width:330px}span.id{white-space:nowrap}.nodata{color:#777;font-style:italic}</style>
            </head><body><h1>patchsim report</h1>

            """
        let allPassed = passed == runs.count && invalid.isEmpty
        html += "<p class=\"\(allPassed ? "pass" : "fail")\">\(allPassed ? "PASS" : "FAIL"): \(passed) of \(Wording.count(runs.count + invalid.count, "scenario")) passed</p>\n"
        for bad in invalid {
            html += "<p class=\"fail\">INVALID \(esc(bad.file)): \(esc(bad.error))</p>\n"
        }
        html += "<table><tr><th>scenario</th><th>verdict</th><th>expectations held</th><th>nodes</th><th>compliant at the end</th><th>window executions</th></tr>\n"
        for (k, r) in runs.enumerated() {
            let s = RunSummary(r)
            html += "<tr><td><a href=\"#scenario-\(k + 1)\">\(esc(r.scenario.name))</a></td><td class=\"\(r.passed ? "pass" : "fail")\">\(r.passed ? "PASS" : "FAIL")</td>"
            html += "<td class=\"n\">\(r.outcomes.filter(\.passed).count) of \(r.outcomes.count)</td><td class=\"n\">\(s.instances)</td>"
            html += "<td class=\"n\">\(s.compliant)\(s.reporting == 0 ? "" : " (\(Wording.percent(Double(s.compliant) / Double(s.reporting))))")</td><td class=\"n\">\(r.executions.count)</td></tr>\n"
        }
        html += "</table>\n"
        for (k, r) in runs.enumerated() { html += section(r, anchor: "scenario-\(k + 1)") }
        return html + "</body></html>\n"
    }

    static func esc(_ s: String) -> String { MarkupText.escape(s) }

    static func section(_ r: ScenarioRun, anchor: String) -> String {
        var h = "<h2 id=\"\(anchor)\">\(esc(r.scenario.name)) — <span class=\"\(r.passed ? "pass" : "fail")\">\(r.passed ? "PASS" : "FAIL")</span></h2>\n"
        h += "<p>\(esc(r.scenario.description))<br>\(esc(r.scenario.file)): seed \(r.scenario.seed), profile \(esc(r.scenario.profile.name)), "
        h += "\(r.scenario.start.iso8601) to \(r.scenario.end.iso8601)</p>\n"
        h += "<p class=\"summary\">\(esc(RunSummary(r).line))</p>\n"
        h += "<h3>Expectations</h3>\n<table><tr><th>rule</th><th>expectation</th><th>result</th><th>expected</th><th>found</th><th>instances</th></tr>\n"
        for o in r.outcomes {
            h += "<tr><td>\(esc(o.rule))</td><td>\(esc(o.name))</td><td class=\"\(o.passed ? "pass" : "fail")\">\(o.passed ? "pass" : "FAIL")</td>"
            h += "<td>\(esc(o.expected))</td><td>\(esc(o.found))</td><td>\(esc(o.examples.joined(separator: ", ")))</td></tr>\n"
        }
        h += "</table>\n"
        h += "<h3>Nodes that failed, timed out or were never reached</h3>\n" + failedNodes(r)
        h += "<h3>Compliant share over time, per patch group</h3>\n" + shareChart(r)
        h += "<h3>Window executions</h3>\n" + timeline(r)
        h += "<h3>Patch states per patch group at the end</h3>\n" + statesChart(r)
        return h
    }

    // MARK: - Failed nodes

    struct FailedInvocation {
        var instanceId: String
        var at: Instant
        var sentBy: String
        var details: InvocationStatusDetails
        var reason: String
    }

    /// Every invocation that did not succeed, whoever sent it, in time order.
    static func failures(_ r: ScenarioRun) -> (rows: [FailedInvocation], total: Int) {
        var rows: [FailedInvocation] = []
        var total = 0
        func add(_ c: CommandResult, sentBy: String, at: Instant) {
            total += c.targetCount - c.count(.Success)
            for i in c.invocations where i.details != .Success {
                rows.append(FailedInvocation(instanceId: i.instanceId, at: i.start ?? i.end ?? at, sentBy: sentBy, details: i.details,
                                             reason: i.reason ?? i.details.rawValue))
            }
        }
        for e in r.executions {
            let name = r.scenario.windows.first { $0.windowId == e.windowId }?.name ?? e.windowId
            for t in e.tasks {
                for inv in t.invocations { add(inv.command, sentBy: "window \(name), task \(t.windowTaskId)", at: inv.start) }
            }
        }
        for a in r.history.associationExecutions { add(a.command, sentBy: "patch policy \(a.policyName) (\(a.operation.rawValue))", at: a.start) }
        for c in r.history.commands { add(c.result, sentBy: "command \(c.name)", at: c.requestedDateTime) }
        rows.sort { ($0.at, $0.instanceId) < ($1.at, $1.instanceId) }
        return (rows, total)
    }

    /// Rows that differ only by node (fourteen nodes never started by one command) are one
    /// row naming the nodes; failures come first, then undelivered, then not started.
    static func failedNodes(_ r: ScenarioRun) -> String {
        let (rows, total) = failures(r)
        guard total > 0 else { return "<p class=\"nodata\">Every invocation succeeded.</p>\n" }
        func rank(_ d: InvocationStatusDetails) -> Int {
            switch d {
            case .Failed, .executionTimedOut, .invalidPlatform: return 0
            case .Undeliverable, .deliveryTimedOut: return 1
            default: return 2
            }
        }
        var groups: [(first: FailedInvocation, nodes: [String])] = []
        var index: [String: Int] = [:]
        for row in rows.sorted(by: { (rank($0.details), $0.at, $0.instanceId) < (rank($1.details), $1.at, $1.instanceId) }) {
            let key = "\(row.at.secondsSinceEpoch)|\(row.sentBy)|\(row.details.rawValue)|\(row.reason)"
            if let k = index[key] { groups[k].nodes.append(row.instanceId) } else { index[key] = groups.count; groups.append((row, [row.instanceId])) }
        }
        var h = "<table><tr><th>nodes</th><th>when</th><th>sent by</th><th>status</th><th>reason</th></tr>\n"
        for g in groups.prefix(maxFailedRows) {
            // Each id whole on its line: lists break at the commas, never inside an id.
            let shown = g.nodes.prefix(8).map { "<span class=\"id\">\(esc($0))</span>" }.joined(separator: ", ")
                + (g.nodes.count > 8 ? " and \(g.nodes.count - 8) more" : "")
            h += "<tr><td class=\"ids\">\(shown)</td><td class=\"id\">\(g.first.at.iso8601)</td><td>\(esc(g.first.sentBy))</td>"
            h += "<td class=\"\(rank(g.first.details) == 0 ? "fail" : "")\">\(esc(g.first.details.rawValue))</td><td>\(esc(g.first.reason))</td></tr>\n"
        }
        h += "</table>\n"
        let listed = groups.prefix(maxFailedRows).reduce(0) { $0 + $1.nodes.count }
        if total > listed {
            h += "<p>\(Wording.count(total, "invocation")) did not succeed; \(listed) are listed (a large fleet keeps the failures of each command, not every one).</p>\n"
        }
        return h
    }

    // MARK: - Charts

    /// Ticks on a dated axis: about `want` dates, on whole days, from start to end.
    static func dateTicks(_ r: ScenarioRun, want: Int = 8) -> [(day: Int, label: String)] {
        let days = max(1, Int((r.scenario.end.secondsSinceEpoch - r.scenario.start.secondsSinceEpoch) / Instant.secondsPerDay))
        let step = max(1, Int((Double(days) / Double(want)).rounded(.up)))
        return stride(from: 0, through: days, by: step).map { ($0, r.scenario.start.adding(days: $0).isoDate) }
    }

    static func axis(_ r: ScenarioRun, left: Double, right: Double, y: Double, top: Double) -> String {
        let days = Double(max(1, Int((r.scenario.end.secondsSinceEpoch - r.scenario.start.secondsSinceEpoch) / Instant.secondsPerDay)))
        var svg = "<line x1=\"\(left)\" y1=\"\(y)\" x2=\"\(right)\" y2=\"\(y)\" stroke=\"#999\"/>"
        for t in dateTicks(r) {
            let x = left + (right - left) * Double(t.day) / days
            svg += "<line x1=\"\(f(x))\" y1=\"\(top)\" x2=\"\(f(x))\" y2=\"\(y + 4)\" stroke=\"#e4e4e4\"/>"
            let anchor = x > right - 30 ? "end" : "middle"
            svg += "<text x=\"\(f(x))\" y=\"\(y + 16)\" font-size=\"10\" text-anchor=\"\(anchor)\">\(t.label)</text>"
        }
        return svg + "\n"
    }

    static func f(_ v: Double) -> String { String(Int(v.rounded())) }

    static func groups(_ r: ScenarioRun) -> [String] {
        Set(r.fleet.instances.values.map { $0.patchGroup.isEmpty ? "(none)" : $0.patchGroup }).sorted()
    }

    /// Per group, the share of reporting nodes compliant as each day began, on a dated axis,
    /// each point with its value, the last one labelled.
    static func shareChart(_ r: ScenarioRun) -> String {
        let width = chartWidth, height = 260.0, left = 46.0, right = width - 70, top = 12.0, bottom = height - 30
        let days = max(1, Int((r.scenario.end.secondsSinceEpoch - r.scenario.start.secondsSinceEpoch) / Instant.secondsPerDay))
        let groups = groups(r)
        var lines: [(group: String, points: [(x: Double, y: Double, label: String)])] = []
        for group in groups {
            let key = group == "(none)" ? "" : group
            var points: [(Double, Double, String)] = []
            for d in 0...days {
                let t = r.scenario.start.adding(days: d)
                guard let (reporting, compliant) = r.fleet.compliance.counts(patchGroup: key, beforeDay: t.utcDay + (d == days ? 1 : 0)),
                      reporting > 0 else { continue }
                let share = Double(compliant) / Double(reporting)
                let x = left + (right - left) * Double(d) / Double(days)
                let y = bottom - (bottom - top) * share
                points.append((x, y, "\(group) \(t.isoDate): \(compliant) of \(reporting) compliant (\(Wording.percent(share)))"))
            }
            lines.append((group, points))
        }
        guard lines.contains(where: { !$0.points.isEmpty }) else {
            return "<p class=\"nodata\">No data: no node reported compliance during the scenario.</p>\n"
        }
        var svg = "<svg width=\"\(f(width))\" height=\"\(f(height))\" viewBox=\"0 0 \(f(width)) \(f(height))\" role=\"img\" aria-label=\"compliant share over time\">\n"
        for pct in [0, 25, 50, 75, 100] {
            let y = bottom - (bottom - top) * Double(pct) / 100
            svg += "<line x1=\"\(left)\" y1=\"\(f(y))\" x2=\"\(right)\" y2=\"\(f(y))\" stroke=\"#eee\"/><text x=\"\(left - 6)\" y=\"\(f(y + 3))\" font-size=\"10\" text-anchor=\"end\">\(pct)%</text>"
        }
        svg += axis(r, left: left, right: right, y: bottom, top: top)
        for (g, line) in lines.enumerated() where !line.points.isEmpty {
            let color = palette[g % palette.count], dash = dashes[g % dashes.count]
            // Earlier groups draw wider, so a later line at the same values shows on top of them.
            let stroke = max(1.5, 4.5 - Double(g))
            svg += "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"\(stroke)\"\(dash.isEmpty ? "" : " stroke-dasharray=\"\(dash)\"") points=\"\(line.points.map { "\(f($0.x)),\(f($0.y))" }.joined(separator: " "))\"/>\n"
            for p in line.points { svg += "<circle cx=\"\(f(p.x))\" cy=\"\(f(p.y))\" r=\"2.5\" fill=\"\(color)\"><title>\(esc(p.label))</title></circle>" }
            if let last = line.points.last {
                let value = last.label.split(separator: "(").last.map { "(" + $0 } ?? ""
                svg += "<text x=\"\(f(last.x + 6))\" y=\"\(f(last.y + 4 + Double(g) * 11))\" font-size=\"10\" fill=\"\(color)\">\(esc(String(value.dropFirst().dropLast())))</text>"
            }
            svg += "\n"
        }
        svg += "</svg>\n"
        let legend = groups.enumerated().map { g, name in
            "<span><svg width=\"26\" height=\"10\"><line x1=\"0\" y1=\"5\" x2=\"26\" y2=\"5\" stroke=\"\(palette[g % palette.count])\" stroke-width=\"3\"\(dashes[g % dashes.count].isEmpty ? "" : " stroke-dasharray=\"\(dashes[g % dashes.count])\"")/></svg> \(esc(name))</span>"
        }
        return svg + "<div class=\"legend\">\(legend.joined())</div>\n"
    }

    /// One row per window, by name; each execution a bar coloured by status, labelled with
    /// its succeeded/targeted invocations, on a dated axis; then a table of the executions.
    static func timeline(_ r: ScenarioRun) -> String {
        guard !r.executions.isEmpty else { return "<p class=\"nodata\">No data: no window ran during the scenario.</p>\n" }
        let windowIds = Array(Set(r.executions.map(\.windowId))).sorted()
        func name(_ id: String) -> String { r.scenario.windows.first { $0.windowId == id }?.name ?? id }
        let width = chartWidth, rowHeight = 34.0, left = 170.0, right = width - 20, top = 8.0
        let bottom = top + Double(windowIds.count) * rowHeight
        let height = bottom + 26
        let span = Double(max(1, r.scenario.end.secondsSinceEpoch - r.scenario.start.secondsSinceEpoch))
        var svg = "<svg width=\"\(f(width))\" height=\"\(f(height))\" viewBox=\"0 0 \(f(width)) \(f(height))\" role=\"img\" aria-label=\"window executions\">\n"
        svg += axis(r, left: left, right: right, y: bottom, top: top)
        for (k, w) in windowIds.enumerated() {
            let y = top + Double(k) * rowHeight + 4
            svg += "<text x=\"4\" y=\"\(f(y + 14))\" font-size=\"11\"><title>\(esc(w))</title>\(esc(name(w)))</text>"
            for e in r.executions where e.windowId == w {
                let x = left + (right - left) * Double(e.start.secondsSinceEpoch - r.scenario.start.secondsSinceEpoch) / span
                let wdt = max(4, (right - left) * Double(e.end.secondsSinceEpoch - e.start.secondsSinceEpoch) / span)
                let (ok, targets) = counts(e)
                svg += "<rect x=\"\(f(x))\" y=\"\(f(y))\" width=\"\(f(wdt))\" height=\"14\" fill=\"\(statusColor[e.status] ?? "#333")\">"
                svg += "<title>\(esc(name(w))) \(e.start.iso8601): \(e.status.rawValue), \(ok) of \(targets) invocations succeeded</title></rect>"
                svg += "<text x=\"\(f(x))\" y=\"\(f(y + 25))\" font-size=\"9\">\(ok)/\(targets)</text>"
            }
            svg += "\n"
        }
        svg += "</svg>\n"
        let shown = WindowExecutionStatus.allCases.filter { s in r.executions.contains { $0.status == s } }
        let legend = shown.map { "<span><i class=\"sw\" style=\"background:\(statusColor[$0] ?? "#333")\"></i>\($0.rawValue)</span>" }
        var h = svg + "<div class=\"legend\">\(legend.joined()) <span>bar labels: invocations succeeded / targeted</span></div>\n"
        h += "<table><tr><th>window</th><th>start</th><th>end</th><th>status</th><th>targeted</th><th>succeeded</th><th>failed</th><th>cancelled</th><th>undelivered</th></tr>\n"
        for e in r.executions {
            let commands = e.tasks.flatMap { $0.invocations.map(\.command) }
            func sum(_ d: [InvocationStatusDetails]) -> Int { commands.reduce(0) { t, c in t + d.reduce(0) { $0 + c.count($1) } } }
            h += "<tr><td>\(esc(name(e.windowId)))</td><td>\(e.start.iso8601)</td><td>\(e.end.iso8601)</td>"
            h += "<td style=\"color:\(statusColor[e.status] ?? "#333")\">\(e.status.rawValue)</td><td class=\"n\">\(commands.reduce(0) { $0 + $1.targetCount })</td>"
            h += "<td class=\"n\">\(sum([.Success]))</td><td class=\"n\">\(sum([.Failed, .executionTimedOut, .invalidPlatform]))</td>"
            h += "<td class=\"n\">\(sum([.Cancelled, .Terminated]))</td><td class=\"n\">\(sum([.Undeliverable, .deliveryTimedOut]))</td></tr>\n"
        }
        return h + "</table>\n"
    }

    static func counts(_ e: WindowExecutionRecord) -> (succeeded: Int, targeted: Int) {
        let commands = e.tasks.flatMap { $0.invocations.map(\.command) }
        return (commands.reduce(0) { $0 + $1.count(.Success) }, commands.reduce(0) { $0 + $1.targetCount })
    }

    /// Per patch group, the patches in each state over its nodes' stored reports, as a
    /// stacked bar with the count written on each segment wide enough to hold it.
    static func statesChart(_ r: ScenarioRun) -> String {
        let stored = r.fleet.compliance.patchCompliance
        let groups = groups(r)
        var rows: [(group: String, counts: [PatchComplianceState: Int])] = []
        for group in groups {
            var counts: [PatchComplianceState: Int] = [:]
            for node in r.fleet.instances.values where (node.patchGroup.isEmpty ? "(none)" : node.patchGroup) == group {
                for rec in stored[node.instanceId]?.records ?? PatchRecords() { counts[rec.state, default: 0] += 1 }
            }
            rows.append((group, counts))
        }
        guard rows.contains(where: { !$0.counts.isEmpty }) else {
            return "<p class=\"nodata\">No data: no node has a stored patch report.</p>\n"
        }
        let states = PatchComplianceState.allCases
        let width = chartWidth, rowHeight = 30.0, left = 170.0, right = width - 70
        let height = Double(rows.count) * rowHeight + 12
        var svg = "<svg width=\"\(f(width))\" height=\"\(f(height))\" viewBox=\"0 0 \(f(width)) \(f(height))\" role=\"img\" aria-label=\"patch states per patch group\">\n"
        for (k, row) in rows.enumerated() {
            let total = row.counts.values.reduce(0, +)
            let y = 8 + Double(k) * rowHeight
            svg += "<text x=\"4\" y=\"\(f(y + 14))\" font-size=\"11\">\(esc(row.group))</text>"
            var x = left
            for s in states {
                let n = row.counts[s] ?? 0
                guard n > 0, total > 0 else { continue }
                let w = (right - left) * Double(n) / Double(total)
                svg += "<rect x=\"\(f(x))\" y=\"\(f(y))\" width=\"\(f(max(1, w)))\" height=\"20\" fill=\"\(stateColor[s] ?? "#333")\"><title>\(esc(row.group)): \(n) \(s.rawValue)</title></rect>"
                if w >= Double(String(n).count) * 7 + 4 {
                    svg += "<text x=\"\(f(x + w / 2))\" y=\"\(f(y + 14))\" font-size=\"10\" text-anchor=\"middle\" fill=\"#fff\">\(n)</text>"
                }
                x += w
            }
            svg += "<text x=\"\(f(right + 6))\" y=\"\(f(y + 14))\" font-size=\"10\">\(total) patches</text>\n"
        }
        svg += "</svg>\n"
        let legend = states.map { "<span><i class=\"sw\" style=\"background:\(stateColor[$0] ?? "#333")\"></i>\($0.rawValue)</span>" }
        var h = svg + "<div class=\"legend\">\(legend.joined())</div>\n"
        // States down, groups across: the table stays narrow however many states there are.
        h += "<table><tr><th>state</th>" + rows.map { "<th>\(esc($0.group))</th>" }.joined() + "</tr>\n"
        for state in states {
            h += "<tr><td>\(state.rawValue)</td>" + rows.map { "<td class=\"n\">\($0.counts[state] ?? 0)</td>" }.joined() + "</tr>\n"
        }
        return h + "</table>\n"
    }
}
