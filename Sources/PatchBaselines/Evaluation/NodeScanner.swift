import PatchModel

/// Evaluates a baseline on one node at one instant, as a Scan reports it ([LNX-1] steps
/// 2-9, [WIN-1], [MAC-1], [CMP-2], [CMP-3]), under an evaluation profile ([AGT-0]).
public struct NodeScanner {
    public let baseline: PatchBaseline
    public let profile: EvaluationProfile
    public let now: Instant
    /// [KLP-1]/[AGT-5]: a kernel update the installed live patches cover reports INSTALLED
    /// on a Scan and an Install with NoReboot; an Install with RebootIfNeeded installs it.
    public var livePatchedKernelIsInstalled = true
    /// [18] Decisions shared with the other nodes of this context (nil: every package
    /// decided afresh, the straightforward path tests compare against).
    public var unitCache: UnitVerdictCache? = nil

    public init(baseline: PatchBaseline, at now: Instant, profile: EvaluationProfile = .standard) {
        self.baseline = baseline
        self.now = now
        self.profile = profile
    }

    func evaluator(_ manager: PackageManager) -> BaselineEvaluator {
        BaselineEvaluator(baseline: baseline, profile: profile, now: now, manager: manager)
    }

    public func scan(_ node: NodeState, _ content: AvailableContent) -> ScanResult {
        var trace: [String]? = nil
        let o = node.os.family == .windows
            ? windows(node, content, only: nil, trace: &trace)
            : linux(node, content, only: nil, trace: &trace)
        let summary = InstancePatchState(instanceId: node.instanceId, patchGroup: node.patchGroup, baselineId: baseline.baselineId,
                                         operation: "Scan", at: now, tally: o.tally ?? RecordTally(o.records), notApplicableCount: o.notApplicable,
                                         availableSecurityUpdatesNonCompliant: baseline.availableSecurityUpdatesNonCompliant)
        return ScanResult(records: o.records, summary: summary, targets: o.targets)
    }

    /// Why one patch (a unit key such as `openssl.amd64`, a package name, or a KB id) has its state.
    public func explain(_ unit: String, _ node: NodeState, _ content: AvailableContent) -> [String] {
        var trace: [String]? = []
        let records = (node.os.family == .windows
            ? windows(node, content, only: unit, trace: &trace)
            : linux(node, content, only: unit, trace: &trace)).records
        if records.isEmpty && (trace?.isEmpty ?? true) { return ["\(unit): not installed and not offered by any repository"] }
        return trace ?? []
    }

    /// Whether the rejected list names a version on this node (Install's BLOCK checks and
    /// the `noBlockedPackageInstalled` invariant ask this, as the evaluator does; [AGT-2]).
    public func isRejected(_ identity: PackageIdentity, os: OperatingSystem, product: String, content: AvailableContent) -> Bool {
        let notices = (content.index.noticesByPackage[identity] ?? []).map { content.notices[$0] }
        return evaluator(PackageManager.of(os: os, product: product)).isRejected(ListSubject(identity, notices: notices))
    }

    /// A scan's records, the NotApplicable patches it counts without listing, MISSING
    /// targets, and (when derived from another scan) the records' counts kept up to date.
    struct Outcome {
        var records: PatchRecords
        var notApplicable: Int
        var targets: MissingTargets
        var tally: RecordTally? = nil

        init(records: PatchRecords, notApplicable: Int, targets: MissingTargets, tally: RecordTally?) {
            (self.records, self.notApplicable, self.targets, self.tally) = (records, notApplicable, targets, tally)
        }

        /// A scan computed in full (records sorted by KBId; Windows: in the order listed).
        init(_ records: [PatchComplianceRecord], _ notApplicable: Int, _ targets: [String: String]) {
            self.init(records: PatchRecords(sorted: records), notApplicable: notApplicable, targets: MissingTargets(targets), tally: nil)
        }
    }

    /// Version order as the node's package manager sees it: native, except that under
    /// [AGT-6] DNF and zypper compare version-release without the epoch.
    public static func compare(_ a: PackageVersion, _ b: PackageVersion, manager: PackageManager, profile: EvaluationProfile) -> Int {
        if profile.dnfZypperIgnoreEpoch && (manager == .dnf || manager == .zypper), case .rpm(let x) = a, case .rpm(let y) = b {
            return RPMVersion.compare(RPMVersion(version: x.version, release: x.release), RPMVersion(version: y.version, release: y.release))
        }
        return PackageVersion.compare(a, b)
    }
}
