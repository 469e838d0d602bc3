import PatchBaselines
import PatchModel
import PatchScheduling
import PatchWorld

/// The Patch Manager findings Security Hub holds at the end of a run ([RPT-4]), in the
/// ASFF shape of `GetFindings`: one ACTIVE finding per node whose stored report is
/// NON_COMPLIANT; compliant nodes produce none. A node's earlier findings are ARCHIVED
/// when it reports again, so the newest report is the only one listed.
///
/// Use (AMBIGUOUS): delivery latency 0; Region `us-east-1` and account `123456789012`
/// (the simulator has no account); the finding's command id is derived from the seed, the
/// node and its operation's start (runs do not keep per-node command ids); the
/// Description and Remediation texts are not in the sources, so ours are plain.
public enum SecurityHubFindings {
    public static let region = SimulatedAccount.region
    public static let accountId = SimulatedAccount.accountId

    /// Label and Normalized score for a node's compliance severity: UNSPECIFIED reads as
    /// INFORMATIONAL (the sample's 0); the other scores are ASFF band floors (Use).
    public static func severity(_ level: ComplianceLevel) -> (label: String, normalized: Int) {
        switch level {
        case .CRITICAL: return ("CRITICAL", 90)
        case .HIGH: return ("HIGH", 70)
        case .MEDIUM: return ("MEDIUM", 40)
        case .LOW: return ("LOW", 1)
        case .INFORMATIONAL, .UNSPECIFIED: return ("INFORMATIONAL", 0)
        }
    }

    /// The finding for one node's stored report, nil when it is compliant.
    public static func finding(_ s: InstancePatchState, rebootOption: String?, seed: UInt64) -> JSONOutput? {
        guard s.complianceStatus == "NON_COMPLIANT" else { return nil }
        let commandId = WindowExecutor.uuid(seed: seed, "finding:\(s.instanceId):\(s.operationStartTime.secondsSinceEpoch)")
        let id = "arn:aws:patchmanager:\(region):\(accountId):instance/\(s.instanceId)/document/AWS-RunPatchBaseline/run-command/\(commandId)"
        let (label, normalized) = severity(s.complianceSeverity)
        let when = s.operationEndTime.iso8601
        var summary: [(String, JSONOutput)] = [
            ("Id", .string(s.baselineId)), ("InstalledCount", .int(s.installedCount)), ("MissingCount", .int(s.missingCount)),
            ("FailedCount", .int(s.failedCount)), ("InstalledOtherCount", .int(s.installedOtherCount)),
            ("InstalledRejectedCount", .int(s.installedRejectedCount)), ("InstalledPendingReboot", .int(s.installedPendingRebootCount)),
            ("OperationStartTime", .string(s.operationStartTime.iso8601)), ("OperationEndTime", .string(when)),
        ]
        if let rebootOption { summary.append(("RebootOption", .string(rebootOption))) }
        summary.append(("Operation", .string(s.operation.uppercased())))
        var fields: [(String, JSONOutput)] = [
            ("SchemaVersion", .string("2018-10-08")), ("Id", .string(id)),
            ("ProductArn", .string("arn:aws:securityhub:\(region)::product/aws/ssm-patch-manager")),
            ("GeneratorId", .string(commandId)), ("AwsAccountId", .string(accountId)),
            ("Types", .array([.string("Software & Configuration Checks/Patch Management/Compliance")])),
            ("CreatedAt", .string(when)), ("UpdatedAt", .string(when)),
            ("Severity", .object([("Label", .string(label)), ("Normalized", .int(normalized))])),
            ("Title", .string("Systems Manager Patch Summary - Managed Instance Non-Compliant")),
            ("Description", .string("This managed instance is missing patches or has patches that failed, are pending a reboot or were rejected by its patch baseline.")),
        ]
        fields.append(("Remediation", .object([("Recommendation", .object([
            ("Text", .string("Install the missing patches with AWS-RunPatchBaseline (Operation Install), then reboot the node if patches are pending a reboot.")),
            ("Url", .string("https://docs.aws.amazon.com/systems-manager/latest/userguide/patch-manager.html")),
        ]))])))
        fields.append(("SourceUrl", .string("https://\(region).console.aws.amazon.com/systems-manager/fleet-manager/managed-nodes/\(s.instanceId)/patch?region=\(region)")))
        fields.append(("ProductFields", .object([
            ("aws/securityhub/FindingId", .string("arn:aws:securityhub:\(region)::product/aws/ssm-patch-manager/\(id)")),
            ("aws/securityhub/ProductName", .string("Systems Manager Patch Manager")), ("aws/securityhub/CompanyName", .string("AWS")),
        ])))
        // Hybrid nodes are reported as EC2 instances too ([RPT-4]).
        fields.append(("Resources", .array([.object([("Type", .string("AwsEc2Instance")), ("Id", .string(s.instanceId)),
                                                     ("Partition", .string("aws")), ("Region", .string(region))])])))
        fields.append(("WorkflowState", .string("NEW")))
        fields.append(("Workflow", .object([("Status", .string("NEW"))])))
        fields.append(("RecordState", .string("ACTIVE")))
        fields.append(("PatchSummary", .object(summary)))
        return .object(fields)
    }

    /// `{"Findings": [...]}` for a run, nodes in id order.
    public static func render(_ run: ScenarioRun) -> String {
        let stored = run.fleet.compliance.patchCompliance
        let findings = run.fleet.instances.keys.sorted().compactMap { id in
            stored[id].flatMap { finding($0.summary, rebootOption: nil, seed: run.scenario.seed) }
        }
        return JSONOutput.object([("Findings", .array(findings))]).rendered() + "\n"
    }
}
