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
    /// Patch Manager's own product in Security Hub; `--findings-product-arn` names another
    /// (a custom integration's `arn:aws:securityhub:REGION:ACCOUNT:product/ACCOUNT/default`).
    public static let defaultProductArn = "arn:aws:securityhub:\(region)::product/aws/ssm-patch-manager"
    /// `BatchImportFindings` takes 1 to 100 findings a request (botocore's model).
    public static let findingsPerFile = 100
    /// The ASFF type namespace, category and classifier of a patch compliance finding.
    public static let findingType = "Software and Configuration Checks/Patch Management/Compliance"

    /// Whether `arn` can be a finding's ProductArn; nil when it can, else what is wrong.
    public static func productArnProblem(_ arn: String) -> String? {
        let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn", parts[1].hasPrefix("aws"), parts[2] == "securityhub", !parts[3].isEmpty,
              parts[5].hasPrefix("product/"), parts[5].count > "product/".count else {
            return "not a Security Hub product ARN (arn:aws:securityhub:REGION:ACCOUNT:product/ACCOUNT/default, or \(defaultProductArn))"
        }
        return nil
    }

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
    public static func finding(_ s: InstancePatchState, rebootOption: String?, seed: UInt64, productArn: String = defaultProductArn) -> JSONOutput? {
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
            ("ProductArn", .string(productArn)),
            ("GeneratorId", .string(commandId)), ("AwsAccountId", .string(accountId)),
            ("Types", .array([.string(findingType)])),
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
            ("aws/securityhub/FindingId", .string("\(productArn)/\(id)")),
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

    /// The run's findings as `BatchImportFindings` requests, `{"Findings": [...]}` with at
    /// most 100 each, nodes in id order: `securityhub-findings-0001.json`, `-0002`...
    /// None when every node is compliant (a request needs at least one finding).
    public static func files(_ run: ScenarioRun, productArn: String = defaultProductArn) -> [(name: String, text: String)] {
        let stored = run.fleet.compliance.patchCompliance
        let findings = run.fleet.instances.keys.sorted().compactMap { id in
            stored[id].flatMap {
                finding($0.summary, rebootOption: run.fleet.compliance.rebootOption(id)?.rawValue, seed: run.scenario.seed, productArn: productArn)
            }
        }
        let count = (findings.count + findingsPerFile - 1) / findingsPerFile
        let width = max(4, String(count).count)
        return (0..<count).map { k in
            let slice = Array(findings[(k * findingsPerFile)..<min(findings.count, (k + 1) * findingsPerFile)])
            let number = String(k + 1)
            let name = "securityhub-findings-" + String(repeating: "0", count: width - number.count) + number + ".json"
            return (name, JSONOutput.object([("Findings", .array(slice))]).rendered() + "\n")
        }
    }
}
