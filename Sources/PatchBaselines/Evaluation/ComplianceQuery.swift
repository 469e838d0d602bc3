import PatchModel

/// Querying stored patch records the way `describe-instance-patches --filters
/// Key=Severity,Values=...` does: case-insensitive, and on YUM/DNF operating systems
/// `Medium` and `Moderate` name the same severity ([MD-2]; AMBIGUOUS, generalised from
/// AL2022/2023).
public enum ComplianceQuery {
    public static func records(_ records: [PatchComplianceRecord], severity: String, os: OperatingSystem) -> [PatchComplianceRecord] {
        let aliases: Set<String> = ["medium", "moderate"]
        let wanted = severity.lowercased()
        return records.filter { r in
            let s = r.severity.lowercased()
            return s == wanted || (os.family == .yumDNF && aliases.contains(s) && aliases.contains(wanted))
        }
    }
}
