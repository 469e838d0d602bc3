import PatchModel

/// Querying stored patch records the way `describe-instance-patches --filters
/// Key=Severity,Values=...` does: case-insensitive, and `Medium` and `Moderate` are two
/// values ([AGT-3]; the alias of [MD-2] is void).
public enum ComplianceQuery {
    public static func records(_ records: [PatchComplianceRecord], severity: String) -> [PatchComplianceRecord] {
        records.filter { $0.severity.caseInsensitiveEquals(severity) }
    }
}
