import PatchModel

/// `patchsim sweep`'s outputs: a text table, JSON (`{"variants": [...]}`) and an HTML page
/// with each metric's distributions drawn side by side (inline SVG, no scripts).
public enum SweepReport {
    static func number(_ v: Double, _ metric: String) -> String {
        if metric == "compliantShare" { return Wording.percent(v) }
        return v == v.rounded() ? String(Int64(v)) : String(format: "%.2f", v)
    }

    static func settings(_ r: Sweep.VariantResult) -> String {
        r.variant.settings.isEmpty ? "(as written)" : r.variant.settings.map { "\($0.path)=\($0.value)" }.joined(separator: " ")
    }

    public static func text(_ results: [Sweep.VariantResult], scenario: String) -> String {
        var out = "\(scenario): \(Wording.count(results.count, "variant")) × \(Wording.count(results.first?.seeds.count ?? 0, "seed"))\n"
        for (k, r) in results.enumerated() {
            out += "\nvariant \(k + 1): \(settings(r))\n"
            out += "  " + "metric".padding(toLength: 44, withPad: " ", startingAt: 0) + ["min", "p5", "p50", "p95", "max"].map { $0.leftPadded(9) }.joined() + "\n"
            for (metric, d) in r.distributions {
                out += "  " + metric.padding(toLength: 44, withPad: " ", startingAt: 0)
                    + [d.min, d.p5, d.p50, d.p95, d.max].map { number($0, metric).leftPadded(9) }.joined() + "\n"
            }
        }
        return out
    }

    public static func json(_ results: [Sweep.VariantResult], scenario: String) -> JSONOutput {
        .object([("scenario", .string(scenario)), ("variants", .array(results.map { r in
            .object([
                ("settings", .object(r.variant.settings.map { ($0.path, .string($0.value)) })),
                ("seeds", .array(r.seeds.map { .string(String($0)) })),
                ("distributions", .object(r.distributions.map { m, d in
                    (m, .object([("min", .double(d.min)), ("p5", .double(d.p5)), ("p50", .double(d.p50)), ("p95", .double(d.p95)),
                                 ("max", .double(d.max)), ("samples", .int(d.samples))]))
                })),
            ])
        }))])
    }

    /// Per metric, one box per variant: whiskers min–max, box p5–p95, a bar at p50.
    public static func html(_ results: [Sweep.VariantResult], scenario: String) -> String {
        let x = MarkupText.escape
        var html = """
            <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>patchsim sweep: \(x(scenario))</title>
            <style>body{font-family:sans-serif;margin:24px;color:#222;max-width:980px}h1{font-size:22px}h2{font-size:16px;margin-top:28px}
            table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccc;padding:3px 8px;text-align:left}td.n{text-align:right}th{background:#f3f3f3}
            svg{background:#fafafa;border:1px solid #ddd}</style></head><body>
            <h1>patchsim sweep: \(x(scenario))</h1>
            <p>\(results.count) variants, \(results.first?.seeds.count ?? 0) seeds each. Boxes: p5 to p95; whiskers: min to max; the dark bar: p50 (nearest rank).</p>
            <table><tr><th>variant</th><th>settings</th></tr>

            """
        for (k, r) in results.enumerated() { html += "<tr><td class=\"n\">\(k + 1)</td><td>\(x(settings(r)))</td></tr>\n" }
        html += "</table>\n"
        let metrics = Set(results.flatMap { $0.distributions.map(\.metric) }).sorted()
        let rowHeight = 26.0, left = 90.0, width = 900.0, plot = width - left - 60
        for metric in metrics {
            let rows = results.enumerated().compactMap { k, r in r.distributions.first { $0.metric == metric }.map { (k, $0.distribution) } }
            let lo = min(0, rows.map(\.1.min).min() ?? 0), hi = max(rows.map(\.1.max).max() ?? 1, lo + (metric == "compliantShare" ? 0.01 : 1))
            func px(_ v: Double) -> Double { left + (v - lo) / (hi - lo) * plot }
            let height = Double(rows.count) * rowHeight + 40
            html += "<h2>\(x(metric))</h2>\n<svg width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(x(metric)) per variant\">\n"
            for (j, (k, d)) in rows.enumerated() {
                let y = 14 + Double(j) * rowHeight, mid = y + rowHeight / 2 - 3
                html += "<text x=\"6\" y=\"\(Int(mid + 4))\" font-size=\"12\">variant \(k + 1)</text>\n"
                html += "<line x1=\"\(px(d.min))\" y1=\"\(mid)\" x2=\"\(px(d.max))\" y2=\"\(mid)\" stroke=\"#555\"/>\n"
                html += "<rect x=\"\(px(d.p5))\" y=\"\(y + 3)\" width=\"\(max(1.5, px(d.p95) - px(d.p5)))\" height=\"\(rowHeight - 12)\" fill=\"#9ecae1\" stroke=\"#1f77b4\"/>\n"
                html += "<line x1=\"\(px(d.p50))\" y1=\"\(y + 1)\" x2=\"\(px(d.p50))\" y2=\"\(y + rowHeight - 7)\" stroke=\"#08306b\" stroke-width=\"3\"/>\n"
                html += "<text x=\"\(px(d.max) + 6)\" y=\"\(Int(mid + 4))\" font-size=\"11\" fill=\"#333\">p50 \(x(number(d.p50, metric)))</text>\n"
            }
            let axisY = 14 + Double(rows.count) * rowHeight + 4
            html += "<line x1=\"\(left)\" y1=\"\(axisY)\" x2=\"\(left + plot)\" y2=\"\(axisY)\" stroke=\"#999\"/>\n"
            for t in 0...4 {
                let v = lo + (hi - lo) * Double(t) / 4
                html += "<text x=\"\(px(v) - 10)\" y=\"\(axisY + 14)\" font-size=\"11\" fill=\"#555\">\(x(number(v, metric)))</text>\n"
            }
            html += "</svg>\n<table><tr><th>variant</th><th>min</th><th>p5</th><th>p50</th><th>p95</th><th>max</th></tr>\n"
            for (k, d) in rows {
                html += "<tr><td>\(k + 1)</td>" + [d.min, d.p5, d.p50, d.p95, d.max].map { "<td class=\"n\">\(x(number($0, metric)))</td>" }.joined() + "</tr>\n"
            }
            html += "</table>\n"
        }
        return html + "</body></html>\n"
    }
}

extension String {
    func leftPadded(_ n: Int) -> String { count >= n ? " " + self : String(repeating: " ", count: n - count) + self }
}
