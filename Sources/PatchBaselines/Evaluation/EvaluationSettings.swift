/// The spec's AMBIGUOUS switches that evaluation depends on, as named settings.
public struct EvaluationSettings: Sendable {
    public enum ApprovalGranularity: Sendable { case utcDay, exactTimestamp }

    /// [APR-9] Use: the UTC-day rule.
    public var approvalGranularity: ApprovalGranularity = .utcDay
    /// [APR-11] Use: unclassified packages admitted by EnableNonSecurity satisfy
    /// CLASSIFICATION and SEVERITY filters.
    public var unclassifiedBypassesClassSeverity = true

    public init() {}
    public static let standard = EvaluationSettings()
}
