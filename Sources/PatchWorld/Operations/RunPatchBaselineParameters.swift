import PatchBaselines
import PatchModel

/// The parameters of `AWS-RunPatchBaseline` ([OP-1]).
public struct RunPatchBaselineParameters: Sendable {
    public enum Operation: String, Sendable { case Scan, Install }
    public enum RebootOption: String, Sendable { case RebootIfNeeded, NoReboot }
    public enum ExecutionType: String, Sendable { case Command, PatchPolicy }

    public var operation: Operation
    public var rebootOption: RebootOption
    public var snapshotId: String?
    /// The patches to install instead of the baseline's choice ([OVR-1], [AGT-5]).
    public var installOverrideList: [InstallOverrideEntry]?
    /// The `InstallOverrideList` parameter as given (the URL, here a path or inline list):
    /// what `InstancePatchState.InstallOverrideList` reports.
    public var installOverrideListSource: String?
    public var baselineOverride: [PatchBaseline]?
    public var associationId: String?
    /// A Quick Setup patch policy's baselines, one per OS, delivered with its
    /// `AssociationId` ([BL-4] step 1, [OP-5]): patch groups and defaults are not consulted,
    /// compliance is written with execution type `PatchPolicy`.
    public var policyBaselines: [OperatingSystem: PatchBaseline]?
    /// Who sends this run (set by the scheduler): recorded with the report it writes.
    public var source: ComplianceSource?

    /// The compliance items' `ExecutionType` ([OP-8]).
    public var executionType: ExecutionType { policyBaselines != nil && associationId != nil ? .PatchPolicy : .Command }

    /// What a stored report remembers of the run that wrote it: the compliance
    /// ExecutionType ([OP-8]) and the RebootOption (Security Hub's PatchSummary has it).
    public struct ReportOrigin: Sendable, Equatable {
        public var executionType: ExecutionType
        public var rebootOption: RebootOption
        /// `InstancePatchState.SnapshotId` and `.InstallOverrideList` of the run.
        public var snapshotId: String?
        public var installOverrideList: String?
        public var source: ComplianceSource?
        public init(executionType: ExecutionType = .Command, rebootOption: RebootOption = .RebootIfNeeded,
                    snapshotId: String? = nil, installOverrideList: String? = nil, source: ComplianceSource? = nil) {
            self.executionType = executionType
            self.rebootOption = rebootOption
            self.snapshotId = snapshotId
            self.installOverrideList = installOverrideList
            self.source = source
        }
    }
    public var reportOrigin: ReportOrigin {
        ReportOrigin(executionType: executionType, rebootOption: rebootOption, snapshotId: snapshotId, installOverrideList: installOverrideListSource,
                     source: source)
    }

    public init(operation: Operation, rebootOption: RebootOption = .RebootIfNeeded, snapshotId: String? = nil,
                installOverrideList: [InstallOverrideEntry]? = nil, baselineOverride: [PatchBaseline]? = nil, associationId: String? = nil,
                policyBaselines: [OperatingSystem: PatchBaseline]? = nil) {
        self.policyBaselines = policyBaselines
        self.operation = operation
        self.rebootOption = rebootOption
        self.snapshotId = snapshotId
        self.installOverrideList = installOverrideList
        self.baselineOverride = baselineOverride
        self.associationId = associationId
    }
}

/// One entry of an `InstallOverrideList` ([OVR-1]): `id` (Linux `name.arch` with
/// wildcards, Windows a KB or bulletin id, macOS `name`) and an optional `title` that
/// narrows the versions. With a title both must match ([AGT-5]), each against any of the
/// version's list spellings ([AGT-2]).
public struct InstallOverrideEntry: Hashable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    public var id: String
    public var title: String?

    public init(id: String, title: String? = nil) {
        self.id = id
        self.title = title
    }

    public init(stringLiteral value: String) { self.init(id: value) }

    public var description: String { title.map { "\(id) (\($0))" } ?? id }

    /// Whether this entry names one offered version.
    public func matches(_ p: PackageIdentity, manager: PackageManager) -> Bool {
        let spellings: [String]
        switch manager {
        case .apt: spellings = PatchListEntry.aptSpellings(p)
        case .macOS: spellings = [p.name, "\(p.name).\(p.version)"]
        default: spellings = PatchListEntry.rpmSpellings(p) + [p.title]
        }
        guard Glob.matchesAny(id, spellings) else { return false }
        guard let title else { return true }
        // A title is written `name.arch:epoch:version-release` or as the version part alone.
        return Glob.matchesAny(title, spellings + [p.title, p.version.description])
    }
}
