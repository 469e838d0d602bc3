import Foundation
import PatchBaselines
import PatchModel
import PatchScheduling
import PatchWorld

/// A self-contained HTML page with inline SVG charts: compliant share over simulated time
/// per patch group, window executions on a timeline, and patch states per patch group at
/// the end. No scripts, no network: it opens in any browser.
public enum HTMLReport {
    static let palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"]
    static let statusColor: [WindowExecutionStatus: String] = [
        .SUCCESS: "#2ca02c", .FAILED: "#d62728", .TIMED_OUT: "#ff7f0e", .SKIPPED_OVERLAPPING: "#bbbbbb", .CANCELLED: "#7f7f7f",
    ]
    static let stateColor: [PatchComplianceState: String] = [
        .INSTALLED: "#2ca02c", .INSTALLED_OTHER: "#98df8a", .INSTALLED_PENDING_REBOOT: "#ff7f0e", .INSTALLED_REJECTED: "#8c564b",
        .MISSING: "#d62728", .FAILED: "#9467bd", .NOT_APPLICABLE: "#c7c7c7", .AVAILABLE_SECURITY_UPDATE: "#e377c2",
    ]

    public static func render(_ runs: [ScenarioRun]) -> String {
        var html = """
            <!DOCTYPE html><html><head><meta charset="utf-8"><title>patchsim report</title>
            <style>body{font-family:sans-serif;margin:24px;color:#222}h1{font-size:22px}h2{font-size:18px;margin-top:28px}
            table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}
            .pass{color:#2ca02c;font-weight:bold}.fail{color:#d62728;font-weight:bold}svg{background:#fafafa;border:1px solid #ddd}
            .legend span{display:inline-block;margin-right:14px;font-size:12px}.sw{display:inline-block;width:10px;height:10px;margin-right:4px}</style>
            </head><body><h1>patchsim report</h1>

            """
        for r in runs { html += section(r) }
        return html + "</body></html>\n"
    }

    static func esc(_ s: String) -> String { MarkupText.escape(s) }

    static func section(_ r: ScenarioRun) -> String {
        var h = "<h2>\(esc(r.scenario.name)) — <span class=\"\(r.passed ? "pass" : "fail")\">\(r.passed ? "PASS" : "FAIL")</span></h2>\n"
        h += "<p>\(esc(r.scenario.description))<br>seed \(r.scenario.seed), \(r.scenario.start.iso8601) to \(r.scenario.end.iso8601), \(r.fleet.instances.count) instances, \(r.executions.count) window executions</p>\n"
        h += "<table><tr><th>rule</th><th>expectation</th><th>result</th><th>expected</th><th>found</th></tr>\n"
        for o in r.outcomes {
            h += "<tr><td>\(esc(o.rule))</td><td>\(esc(o.name))</td><td class=\"\(o.passed ? "pass" : "fail")\">\(o.passed ? "pass" : "FAIL")</td><td>\(esc(o.expected))</td><td>\(esc(o.found))</td></tr>\n"
        }
        h += "</table>\n<h2>Compliant share over time, per patch group</h2>\n" + shareChart(r)
        h += "<h2>Window executions</h2>\n" + timeline(r)
        h += "<h2>Patch states per patch group at the end</h2>\n" + statesChart(r)
        return h
    }

    /// Days from start to end; per group, the share of reporting nodes compliant at each day's end.
    static func shareChart(_ r: ScenarioRun) -> String {
        let width = 720.0, height = 220.0, left = 40.0, bottom = 24.0
        let days = max(1, Int((r.scenario.end.secondsSinceEpoch - r.scenario.start.secondsSinceEpoch) / Instant.secondsPerDay))
        let groups = Set(r.fleet.instances.values.map { $0.patchGroup.isEmpty ? "(none)" : $0.patchGroup }).sorted()
        var svg = "<svg width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\">\n"
        svg += "<line x1=\"\(left)\" y1=\"\(height - bottom)\" x2=\"\(width - 10)\" y2=\"\(height - bottom)\" stroke=\"#999\"/>"
        svg += "<line x1=\"\(left)\" y1=\"10\" x2=\"\(left)\" y2=\"\(height - bottom)\" stroke=\"#999\"/>"
        svg += "<text x=\"4\" y=\"16\" font-size=\"10\">100%</text><text x=\"12\" y=\"\(height - bottom)\" font-size=\"10\">0%</text>\n"
        for (g, group) in groups.enumerated() {
            let key = group == "(none)" ? "" : group
            var points: [String] = []
            for d in 0...days {
                // As the day began: the counts after the last write of an earlier day.
                let t = r.scenario.start.adding(days: d)
                guard let (reporting, compliant) = r.fleet.compliance.counts(patchGroup: key, beforeDay: t.utcDay) else { continue }
                guard reporting > 0 else { continue }
                let x = left + (width - left - 10) * Double(d) / Double(days)
                let y = (height - bottom) - (height - bottom - 10) * Double(compliant) / Double(reporting)
                points.append("\(Int(x)),\(Int(y))")
            }
            let color = palette[g % palette.count]
            if !points.isEmpty { svg += "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\" points=\"\(points.joined(separator: " "))\"/>\n" }
        }
        svg += "</svg>\n"
        let legend = groups.enumerated().map { "<span><i class=\"sw\" style=\"background:\(palette[$0.offset % palette.count])\"></i>\(esc($0.element))</span>" }
        return svg + "<div class=\"legend\">\(legend.joined())</div>\n"
    }

    static func timeline(_ r: ScenarioRun) -> String {
        let windows = Array(Set(r.executions.map(\.windowId))).sorted()
        let width = 720.0, rowHeight = 22.0, left = 160.0
        let height = Double(max(1, windows.count)) * rowHeight + 30
        let span = Double(max(1, r.scenario.end.secondsSinceEpoch - r.scenario.start.secondsSinceEpoch))
        var svg = "<svg width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\">\n"
        for (k, w) in windows.enumerated() {
            let y = 10 + Double(k) * rowHeight
            svg += "<text x=\"4\" y=\"\(Int(y + 13))\" font-size=\"11\">\(esc(w))</text>"
            for e in r.executions where e.windowId == w {
                let x = left + (width - left - 10) * Double(e.start.secondsSinceEpoch - r.scenario.start.secondsSinceEpoch) / span
                let wdt = max(3, (width - left - 10) * Double(e.end.secondsSinceEpoch - e.start.secondsSinceEpoch) / span)
                svg += "<rect x=\"\(Int(x))\" y=\"\(Int(y))\" width=\"\(Int(wdt))\" height=\"16\" fill=\"\(statusColor[e.status] ?? "#333")\"><title>\(e.start.iso8601) \(e.status.rawValue)</title></rect>"
            }
            svg += "\n"
        }
        svg += "</svg>\n"
        let legend = [WindowExecutionStatus.SUCCESS, .FAILED, .TIMED_OUT, .SKIPPED_OVERLAPPING].map {
            "<span><i class=\"sw\" style=\"background:\(statusColor[$0] ?? "#333")\"></i>\($0.rawValue)</span>"
        }
        return svg + "<div class=\"legend\">\(legend.joined())</div>\n"
    }

    static func statesChart(_ r: ScenarioRun) -> String {
        let stored = r.fleet.compliance.patchCompliance
        let groups = Set(r.fleet.instances.values.map { $0.patchGroup.isEmpty ? "(none)" : $0.patchGroup }).sorted()
        let states = PatchComplianceState.allCases
        let width = 720.0, rowHeight = 26.0, left = 160.0
        let height = Double(max(1, groups.count)) * rowHeight + 20
        var svg = "<svg width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\">\n"
        for (k, group) in groups.enumerated() {
            var counts: [PatchComplianceState: Int] = [:]
            for node in r.fleet.instances.values where (node.patchGroup.isEmpty ? "(none)" : node.patchGroup) == group {
                for rec in stored[node.instanceId]?.records ?? [] { counts[rec.state, default: 0] += 1 }
            }
            let total = max(1, counts.values.reduce(0, +))
            let y = 10 + Double(k) * rowHeight
            svg += "<text x=\"4\" y=\"\(Int(y + 14))\" font-size=\"11\">\(esc(group))</text>"
            var x = left
            for s in states {
                let w = (width - left - 10) * Double(counts[s] ?? 0) / Double(total)
                guard w > 0 else { continue }
                svg += "<rect x=\"\(Int(x))\" y=\"\(Int(y))\" width=\"\(max(1, Int(w)))\" height=\"18\" fill=\"\(stateColor[s] ?? "#333")\"><title>\(s.rawValue): \(counts[s] ?? 0)</title></rect>"
                x += w
            }
            svg += "\n"
        }
        svg += "</svg>\n"
        let legend = states.map { "<span><i class=\"sw\" style=\"background:\(stateColor[$0] ?? "#333")\"></i>\($0.rawValue)</span>" }
        return svg + "<div class=\"legend\">\(legend.joined())</div>\n"
    }
}
