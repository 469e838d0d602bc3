import PatchBaselines
import PatchModel
import PatchWorld

/// The compliance exports in the column layout of Patch Manager's S3 reports ([RPT-3]),
/// headers exactly as the console writes them: all nodes (summary rows only), or one node
/// (its summary row, then a detail row per patch out of compliance). Platform name and
/// version are the node's own (`PlatformIdentity`), the name its `Name` tag, the IP its
/// scenario-given or generated address.
public enum CSVReport {
    public static let summaryHeader = [
        "Index", "Instance ID", "Instance name", "Instance IP", "Platform name", "Platform version", "SSM Agent version",
        "Patch baseline", "Patch group", "Compliance status", "Compliance severity",
        "Noncompliant Critical severity patch count", "Noncompliant High severity patch count",
        "Noncompliant Medium severity patch count", "Noncompliant Low severity patch count",
        "Noncompliant Informational severity patch count", "Noncompliant Unspecified severity patch count",
    ]

    /// Detail columns of the single-node report, after its summary section ([RPT-3]).
    public static let detailHeader = [
        "Index", "Instance ID", "Instance name", "Patch name", "KB ID/Patch ID", "Patch state", "Last report time",
        "Compliance level", "Patch severity", "Patch classification", "CVE ID", "Patch baseline", "Logs URL",
        "Instance IP", "Platform name", "Platform version", "SSM Agent version",
    ]

    /// The all-nodes report: one summary row per node, in id order.
    public static func summary(_ run: ScenarioRun) -> String {
        var lines = [summaryHeader.map(field).joined(separator: ",")]
        for (k, id) in run.fleet.instances.keys.sorted().enumerated() {
            if let row = summaryRow(run, id, index: k + 1) { lines.append(row) }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The single-node report: its summary row, a blank line, then one detail row per
    /// patch out of compliance. Nil when the run has no such node.
    public static func instance(_ run: ScenarioRun, _ id: String) -> String? {
        guard let node = run.fleet.instances[id], let summary = summaryRow(run, id, index: 1) else { return nil }
        var lines = [summaryHeader.map(field).joined(separator: ","), summary, "", detailHeader.map(field).joined(separator: ",")]
        let platform = PlatformIdentity.of(os: node.os, product: node.product)
        if let stored = run.fleet.compliance.patchCompliance[id] {
            let nonCompliant = stored.records.filter { $0.state.isNonCompliant }.sorted { ($0.kbId, $0.title) < ($1.kbId, $1.title) }
            for (k, r) in nonCompliant.enumerated() {
                let row = [
                    String(k + 1), id, node.tags["Name"] ?? "", r.title, r.kbId, r.state.rawValue, stored.summary.operationEndTime.iso8601,
                    r.complianceLevel.rawValue, r.severity, r.classification, r.cveIds.joined(separator: ","), stored.summary.baselineId, "",
                    node.ipAddress, platform.name, platform.version, node.agentVersion,
                ]
                lines.append(row.map(field).joined(separator: ","))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func summaryRow(_ run: ScenarioRun, _ id: String, index: Int) -> String? {
        guard let node = run.fleet.instances[id] else { return nil }
        let s = run.fleet.compliance.patchCompliance[id]?.summary
        func count(_ level: ComplianceLevel) -> String { s.map { String($0.nonCompliantByLevel[level] ?? 0) } ?? "" }
        let platform = PlatformIdentity.of(os: node.os, product: node.product)
        let row = [
            String(index), id, node.tags["Name"] ?? "", node.ipAddress, platform.name, platform.version, node.agentVersion,
            s?.baselineId ?? "", node.patchGroup, s?.complianceStatus ?? "", s.map { $0.complianceSeverity.rawValue } ?? "",
            count(.CRITICAL), count(.HIGH), count(.MEDIUM), count(.LOW), count(.INFORMATIONAL), count(.UNSPECIFIED),
        ]
        return row.map(field).joined(separator: ",")
    }

    /// RFC 4180 quoting where needed.
    static func field(_ s: String) -> String {
        // By scalar: "\r\n" is one Character, and a lone "\r" breaks a row too (RFC 4180).
        guard s.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        var out = String.UnicodeScalarView()
        out.append("\"")
        for scalar in s.unicodeScalars {
            if scalar == "\"" { out.append("\"") }
            out.append(scalar)
        }
        out.append("\"")
        return String(out)
    }
}
