import PatchModel

/// A patch baseline in the SSM API's terms (`CreatePatchBaseline` / `GetPatchBaseline`).
public struct PatchBaseline: Equatable, Sendable {
    public var baselineId: String
    public var name: String
    public var description: String?
    public var operatingSystem: OperatingSystem
    public var globalFilters: PatchFilterGroup
    public var approvalRules: [PatchRule]
    public var approvedPatches: [PatchListEntry]
    public var approvedPatchesComplianceLevel: ComplianceLevel
    public var approvedPatchesEnableNonSecurity: Bool
    public var rejectedPatches: [PatchListEntry]
    public var rejectedPatchesAction: RejectedPatchesAction
    public var sources: [PatchSource]
    /// `AvailableSecurityUpdatesComplianceStatus` as given (`COMPLIANT`, `NON_COMPLIANT`);
    /// [CMP-4] AMBIGUOUS default, Use: COMPLIANT when unset.
    public var availableSecurityUpdatesComplianceStatus: String?
    public var isPredefined: Bool
    /// `CreatedDate` / `ModifiedDate` as the service printed them (output-only; kept so a
    /// baseline read from `get-patch-baseline` prints back the same).
    public var createdDate: String?
    public var modifiedDate: String?

    public var availableSecurityUpdatesNonCompliant: Bool { availableSecurityUpdatesComplianceStatus == "NON_COMPLIANT" }

    public init(baselineId: String, name: String, description: String? = nil, operatingSystem: OperatingSystem,
                globalFilters: PatchFilterGroup = PatchFilterGroup(), approvalRules: [PatchRule] = [],
                approvedPatches: [PatchListEntry] = [], approvedPatchesComplianceLevel: ComplianceLevel = .UNSPECIFIED,
                approvedPatchesEnableNonSecurity: Bool = false, rejectedPatches: [PatchListEntry] = [],
                rejectedPatchesAction: RejectedPatchesAction = .ALLOW_AS_DEPENDENCY, sources: [PatchSource] = [],
                availableSecurityUpdatesComplianceStatus: String? = nil, isPredefined: Bool = false) {
        self.baselineId = baselineId
        self.name = name
        self.description = description
        self.operatingSystem = operatingSystem
        self.globalFilters = globalFilters
        self.approvalRules = approvalRules
        self.approvedPatches = approvedPatches
        self.approvedPatchesComplianceLevel = approvedPatchesComplianceLevel
        self.approvedPatchesEnableNonSecurity = approvedPatchesEnableNonSecurity
        self.rejectedPatches = rejectedPatches
        self.rejectedPatchesAction = rejectedPatchesAction
        self.sources = sources
        self.availableSecurityUpdatesComplianceStatus = availableSecurityUpdatesComplianceStatus
        self.isPredefined = isPredefined
    }
}

extension PatchBaseline {
    /// Whether the baseline approves Microsoft application updates: a rule (or the global
    /// filters) with `PATCH_SET` `APPLICATION`. Rules without `PATCH_SET` mean OS ([FLT-41]).
    public var patchesApplications: Bool {
        let groups = [globalFilters] + approvalRules.map(\.patchFilterGroup)
        return groups.contains { group in
            group.filters.contains { $0.key == .PATCH_SET && $0.values.contains { $0.caseInsensitiveEquals("APPLICATION") } }
        }
    }
}
