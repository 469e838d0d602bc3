import PatchModel

/// `PatchComplianceDataState` ([CMP-1]): all eight states.
public enum PatchComplianceState: String, CaseIterable, Sendable {
    case INSTALLED, INSTALLED_OTHER, INSTALLED_PENDING_REBOOT, INSTALLED_REJECTED, MISSING, NOT_APPLICABLE, FAILED
    case AVAILABLE_SECURITY_UPDATE

    /// Counted as non-compliant ([CMP-4]); AVAILABLE_SECURITY_UPDATE depends on the baseline.
    public var isNonCompliant: Bool {
        switch self {
        case .MISSING, .FAILED, .INSTALLED_PENDING_REBOOT, .INSTALLED_REJECTED: return true
        default: return false
        }
    }
}

/// One `PatchComplianceData` record, plus what the summary needs (level, security).
public struct PatchComplianceRecord: Equatable, Sendable {
    public var title: String
    public var kbId: String
    public var classification: String
    public var severity: String
    public var state: PatchComplianceState
    public var installedTime: Instant?
    public var cveIds: [String]
    /// The compliance level of the approving rule or list ([CMP-5]).
    public var complianceLevel: ComplianceLevel
    /// Security by its advisory (Linux notice type Security, APT security pocket, Windows SecurityUpdates).
    public var isSecurity: Bool
}

/// The node summary, `InstancePatchState` ([CMP-3]).
public struct InstancePatchState: Equatable, Sendable {
    public var instanceId: String
    public var patchGroup: String
    public var baselineId: String
    public var operation: String
    public var operationStartTime: Instant
    public var operationEndTime: Instant
    public var installedCount = 0
    public var installedOtherCount = 0
    public var installedPendingRebootCount = 0
    public var installedRejectedCount = 0
    public var missingCount = 0
    public var failedCount = 0
    public var notApplicableCount = 0
    public var unreportedNotApplicableCount = 0
    public var availableSecurityUpdateCount = 0
    public var criticalNonCompliantCount = 0
    public var securityNonCompliantCount = 0
    public var otherNonCompliantCount = 0
    /// `COMPLIANT` or `NON_COMPLIANT` ([CMP-4]).
    public var complianceStatus = "COMPLIANT"
    /// Highest compliance level among non-compliant patches, never below INFORMATIONAL for
    /// a non-compliant node ([AGT-4]); UNSPECIFIED for a compliant one.
    public var complianceSeverity: ComplianceLevel = .UNSPECIFIED
    /// Non-compliant counts per compliance level.
    public var nonCompliantByLevel: [ComplianceLevel: Int] = [:]

    /// The summary a Windows node stores when searching for updates failed ([PRE-8]):
    /// every count -1, 1970 timestamps.
    public static func searchFailed(instanceId: String, patchGroup: String, baselineId: String, operation: String) -> InstancePatchState {
        var s = InstancePatchState(instanceId: instanceId, patchGroup: patchGroup, baselineId: baselineId, operation: operation,
                                   at: .epoch, records: [], notApplicableCount: 0, availableSecurityUpdatesNonCompliant: false)
        s.installedCount = -1; s.installedOtherCount = -1; s.installedPendingRebootCount = -1; s.installedRejectedCount = -1
        s.missingCount = -1; s.failedCount = -1; s.notApplicableCount = -1; s.unreportedNotApplicableCount = -1
        s.availableSecurityUpdateCount = -1; s.criticalNonCompliantCount = -1; s.securityNonCompliantCount = -1
        s.otherNonCompliantCount = -1
        return s
    }

    /// Builds the summary from the records ([CMP-3]..[CMP-6]); `notApplicableCount` is the
    /// NotApplicable patches counted but not among the records.
    public init(instanceId: String, patchGroup: String, baselineId: String, operation: String, at: Instant,
                records: [PatchComplianceRecord], notApplicableCount: Int, availableSecurityUpdatesNonCompliant: Bool) {
        self.instanceId = instanceId
        self.patchGroup = patchGroup
        self.baselineId = baselineId
        self.operation = operation
        operationStartTime = at
        operationEndTime = at
        var critical = 0, security = 0, union = 0, nc = 0
        for r in records {
            switch r.state {
            case .INSTALLED: installedCount += 1
            case .INSTALLED_OTHER: installedOtherCount += 1
            case .INSTALLED_PENDING_REBOOT: installedPendingRebootCount += 1
            case .INSTALLED_REJECTED: installedRejectedCount += 1
            case .MISSING: missingCount += 1
            case .FAILED: failedCount += 1
            case .NOT_APPLICABLE: self.notApplicableCount += 1
            case .AVAILABLE_SECURITY_UPDATE: availableSecurityUpdateCount += 1
            }
            guard r.state.isNonCompliant else { continue }
            nc += 1
            let isCritical = r.complianceLevel == .CRITICAL
            if isCritical { critical += 1 }
            if r.isSecurity { security += 1 }
            if isCritical || r.isSecurity { union += 1 }
            nonCompliantByLevel[r.complianceLevel, default: 0] += 1
            if r.complianceLevel > complianceSeverity { complianceSeverity = r.complianceLevel }
        }
        self.notApplicableCount += notApplicableCount
        // [CMP-3]: the NotApplicable patches not reported by name. Linux and macOS count
        // theirs without listing them ([CMP-6]); Windows lists every one.
        unreportedNotApplicableCount = notApplicableCount
        criticalNonCompliantCount = critical
        securityNonCompliantCount = security
        otherNonCompliantCount = nc - union
        let asuNonCompliant = availableSecurityUpdateCount > 0 && availableSecurityUpdatesNonCompliant
        complianceStatus = nc > 0 || asuNonCompliant ? "NON_COMPLIANT" : "COMPLIANT"
        if complianceStatus == "NON_COMPLIANT" { complianceSeverity = max(complianceSeverity, .INFORMATIONAL) }
    }
}
