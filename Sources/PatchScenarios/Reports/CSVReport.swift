import PatchBaselines
import PatchModel
import PatchWorld

/// The all-nodes compliance export in the column layout of Patch Manager's S3 reports
/// ([RPT-3]): summary rows only, headers exactly as the console writes them.
public enum CSVReport {
    public static let summaryHeader = [
        "Index", "Instance ID", "Instance name", "Instance IP", "Platform name", "Platform version", "SSM Agent version",
        "Patch baseline", "Patch group", "Compliance status", "Compliance severity",
        "Noncompliant Critical severity patch count", "Noncompliant High severity patch count",
        "Noncompliant Medium severity patch count", "Noncompliant Low severity patch count",
        "Noncompliant Informational severity patch count", "Noncompliant Unspecified severity patch count",
    ]

    public static func summary(_ run: ScenarioRun) -> String {
        var lines = [summaryHeader.map(field).joined(separator: ",")]
        let stored = run.fleet.compliance.patchCompliance
        for (k, id) in run.fleet.instances.keys.sorted().enumerated() {
            guard let node = run.fleet.instances[id] else { continue }
            let s = stored[id]?.summary
            func count(_ level: ComplianceLevel) -> String { s.map { String($0.nonCompliantByLevel[level] ?? 0) } ?? "" }
            let row = [
                String(k + 1), id, node.tags["Name"] ?? "", "", platformName(node.os), node.product, node.agentVersion,
                s?.baselineId ?? "", node.patchGroup, s?.complianceStatus ?? "", s.map { $0.complianceSeverity.rawValue } ?? "",
                count(.CRITICAL), count(.HIGH), count(.MEDIUM), count(.LOW), count(.INFORMATIONAL), count(.UNSPECIFIED),
            ]
            lines.append(row.map(field).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func platformName(_ os: OperatingSystem) -> String {
        switch os {
        case .windows: return "Microsoft Windows Server"
        case .amazonLinux, .amazonLinux2, .amazonLinux2022, .amazonLinux2023: return "Amazon Linux"
        case .centOS: return "CentOS Linux"
        case .redhatEnterpriseLinux: return "Red Hat Enterprise Linux"
        case .rockyLinux: return "Rocky Linux"
        case .almaLinux: return "AlmaLinux"
        case .oracleLinux: return "Oracle Linux"
        case .suse: return "SLES"
        case .ubuntu: return "Ubuntu"
        case .debian: return "Debian GNU/Linux"
        case .raspbian: return "Raspbian GNU/Linux"
        case .macOS: return "macOS"
        }
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
