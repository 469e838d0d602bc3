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
    public init<Records: Sequence<PatchComplianceRecord>>(instanceId: String, patchGroup: String, baselineId: String, operation: String, at: Instant,
                records: Records, notApplicableCount: Int, availableSecurityUpdatesNonCompliant: Bool) {
        self.init(instanceId: instanceId, patchGroup: patchGroup, baselineId: baselineId, operation: operation, at: at, tally: RecordTally(records),
                  notApplicableCount: notApplicableCount, availableSecurityUpdatesNonCompliant: availableSecurityUpdatesNonCompliant)
    }

    /// The same from the records' counts (a scan derived from another's keeps its counts up to date).
    public init(instanceId: String, patchGroup: String, baselineId: String, operation: String, at: Instant,
                tally t: RecordTally, notApplicableCount: Int, availableSecurityUpdatesNonCompliant: Bool) {
        self.instanceId = instanceId
        self.patchGroup = patchGroup
        self.baselineId = baselineId
        self.operation = operation
        operationStartTime = at
        operationEndTime = at
        installedCount = t.count(.INSTALLED)
        installedOtherCount = t.count(.INSTALLED_OTHER)
        installedPendingRebootCount = t.count(.INSTALLED_PENDING_REBOOT)
        installedRejectedCount = t.count(.INSTALLED_REJECTED)
        missingCount = t.count(.MISSING)
        failedCount = t.count(.FAILED)
        availableSecurityUpdateCount = t.count(.AVAILABLE_SECURITY_UPDATE)
        for level in ComplianceLevel.allCases where t.nonCompliantTotal > 0 && t.nonCompliant(level) > 0 {
            nonCompliantByLevel[level] = t.nonCompliant(level)
            if level > complianceSeverity { complianceSeverity = level }
        }
        // [CMP-3]: the NotApplicable patches not reported by name. Linux and macOS count
        // theirs without listing them ([CMP-6]); Windows lists every one.
        self.notApplicableCount = t.count(.NOT_APPLICABLE) + notApplicableCount
        unreportedNotApplicableCount = notApplicableCount
        criticalNonCompliantCount = t.critical
        securityNonCompliantCount = t.security
        otherNonCompliantCount = t.nonCompliantTotal - t.criticalOrSecurity
        let asuNonCompliant = availableSecurityUpdateCount > 0 && availableSecurityUpdatesNonCompliant
        complianceStatus = t.nonCompliantTotal > 0 || asuNonCompliant ? "NON_COMPLIANT" : "COMPLIANT"
        if complianceStatus == "NON_COMPLIANT" { complianceSeverity = max(complianceSeverity, .INFORMATIONAL) }
    }
}

/// What a node summary counts of its records ([CMP-3]): per state, and of the
/// non-compliant ones per level, critical, security and either. Additive both ways, so a
/// scan that changes k records of another's updates the counts in O(k).
public struct RecordTally: Equatable, Sendable {
    private var states = [Int](repeating: 0, count: PatchComplianceState.allCases.count)
    private var levels = [Int](repeating: 0, count: ComplianceLevel.allCases.count)
    public private(set) var critical = 0
    public private(set) var security = 0
    public private(set) var criticalOrSecurity = 0
    public private(set) var nonCompliantTotal = 0

    public init() {}

    /// The counts of these records.
    public init<Records: Sequence<PatchComplianceRecord>>(_ records: Records) {
        for r in records { add(r) }
    }

    public func count(_ state: PatchComplianceState) -> Int { states[Self.position(state)] }
    public func nonCompliant(_ level: ComplianceLevel) -> Int { levels[Self.position(level)] }

    public mutating func add(_ r: PatchComplianceRecord) { apply(r, 1) }
    public mutating func remove(_ r: PatchComplianceRecord) { apply(r, -1) }

    private mutating func apply(_ r: PatchComplianceRecord, _ d: Int) {
        states[Self.position(r.state)] += d
        guard r.state.isNonCompliant else { return }
        nonCompliantTotal += d
        levels[Self.position(r.complianceLevel)] += d
        let isCritical = r.complianceLevel == .CRITICAL
        if isCritical { critical += d }
        if r.isSecurity { security += d }
        if isCritical || r.isSecurity { criticalOrSecurity += d }
    }

    private static func position(_ s: PatchComplianceState) -> Int {
        switch s {
        case .INSTALLED: return 0
        case .INSTALLED_OTHER: return 1
        case .INSTALLED_PENDING_REBOOT: return 2
        case .INSTALLED_REJECTED: return 3
        case .MISSING: return 4
        case .NOT_APPLICABLE: return 5
        case .FAILED: return 6
        case .AVAILABLE_SECURITY_UPDATE: return 7
        }
    }
    private static func position(_ l: ComplianceLevel) -> Int { l.rank }
}
