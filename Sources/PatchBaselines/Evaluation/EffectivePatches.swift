import PatchModel

/// `PatchDeploymentStatus`: how a baseline treats one catalogue patch.
public enum PatchDeploymentStatus: String, Hashable, Sendable {
    case APPROVED, PENDING_APPROVAL, EXPLICIT_APPROVED, EXPLICIT_REJECTED
}

/// One `EffectivePatch` of `DescribeEffectivePatchesForPatchBaseline`.
public struct EffectivePatch: Sendable {
    public var update: WindowsUpdate
    public var deploymentStatus: PatchDeploymentStatus
    public var complianceLevel: ComplianceLevel
    /// When the rules approve it (or will: PENDING_APPROVAL); nil for the lists' verdicts.
    public var approvalDate: Instant?
}

extension NodeScanner {
    /// The effective patches of a Windows baseline over a catalogue at `now`: every update
    /// the catalogue still offers ([MD-3]: superseded ones are gone) that a list names or a
    /// rule takes, through the same evaluator a Scan uses. The service answers this for
    /// Windows baselines only, and so does patchsim (other systems' patches are per node).
    public func effectivePatches(_ catalogue: [WindowsUpdate]) -> [EffectivePatch] {
        guard baseline.operatingSystem.family == .windows else { return [] }
        let evaluator = evaluator(.windowsUpdate)
        let graph = SupersedenceGraph(catalogue)
        var seen: Set<WindowsKB> = []
        var out: [EffectivePatch] = []
        for u in catalogue.sorted(by: { $0.kb < $1.kb }) where seen.insert(u.kb).inserted && !graph.isSuperseded(u.kb) {
            let a = PatchAttributes(windows: u)
            var none: [String]? = nil
            let d = evaluator.decide(a, subject: ListSubject(identity: nil, kb: u.kb, bulletin: u.msrcNumber), trace: &none)
            let status: PatchDeploymentStatus
            var date: Instant? = nil
            var level = d.approved ? d.level : .UNSPECIFIED
            if d.rejected {
                status = .EXPLICIT_REJECTED
            } else if d.explicitlyApproved {
                status = .EXPLICIT_APPROVED
            } else if d.approved {
                status = .APPROVED
                date = evaluator.ruleApprovalDate(a)?.date
            } else if let pending = evaluator.ruleApprovalDate(a), pending.date > now {
                status = .PENDING_APPROVAL
                date = pending.date
                level = pending.level
            } else {
                continue
            }
            out.append(EffectivePatch(update: u, deploymentStatus: status, complianceLevel: level,
                                      approvalDate: date))
        }
        return out
    }
}
