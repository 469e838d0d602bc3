import PatchModel

/// Runs one baseline over one version's attributes: GlobalFilters → ApprovalRules →
/// ApprovedPatches → RejectedPatches ([LST-4]..[LST-7], [FLT-*], [APR-*], [AGT-2],
/// [AGT-3]). Pure: no clock, no I/O; the profile decides every point where the user guide
/// and the agent payload differ.
struct BaselineEvaluator {
    let baseline: PatchBaseline
    let profile: EvaluationProfile
    let now: Instant
    let manager: PackageManager

    /// The attribute a filter key reads ([FLT-6]). Severities are plain strings: `Medium`
    /// and `Moderate` are different values ([AGT-3]; [MD-2]'s alias is void).
    func filterMatches(_ f: PatchFilter, _ a: PatchAttributes, trace: inout [String]?) -> Bool {
        let value: String?
        switch f.key {
        case .PRODUCT: value = a.product
        case .CLASSIFICATION: value = a.classification
        case .SEVERITY, .MSRC_SEVERITY: value = a.severity
        case .PRIORITY: value = a.priority
        case .SECTION: value = a.section
        case .PATCH_SET: value = a.patchSet
        case .PRODUCT_FAMILY: value = a.productFamily
        default: value = nil
        }
        let ok: Bool
        if manager == .yum && profile.yumFilterValuesCaseSensitive && (f.key == .CLASSIFICATION || f.key == .SEVERITY),
           !f.matchesAnything, let v = value {
            // [AGT-6]: YUM title-cases the notice's value and compares exactly.
            let titled = Self.titleCased(v)
            ok = f.values.contains(titled)
        } else {
            ok = f.matches(value)
        }
        trace?.append("    \(f.key.rawValue) \(f.values) vs \(value.map { "'\($0)'" } ?? "(none)"): \(ok ? "match" : "no match")")
        return ok
    }

    /// Python's `str.title()`: each run of letters starts upper-case, the rest lower-case.
    static func titleCased(_ s: String) -> String {
        var out = ""
        var previousIsLetter = false
        for c in s {
            out += previousIsLetter ? c.lowercased() : c.uppercased()
            previousIsLetter = c.isLetter
        }
        return out
    }

    func groupMatches(_ g: PatchFilterGroup, _ a: PatchAttributes, isRule: Bool = true, trace: inout [String]?) -> Bool {
        // [FLT-9] Use: a Windows rule without PATCH_SET matches OS patches only (an empty
        // group places no constraint at all [FLT-4]). GlobalFilters are not a rule: AWS's
        // OS-Applications baseline filters on PRODUCT * alone there ([AGT-1]).
        if manager == .windowsUpdate, isRule, profile.windowsGroupWithoutPatchSetIsOSOnly, !g.filters.isEmpty,
           g.filter(.PATCH_SET) == nil, a.patchSet != "OS" {
            trace?.append("    no PATCH_SET in the group: OS patches only, this is \(a.patchSet ?? "?")")
            return false
        }
        for f in g.filters {
            // [APR-11] (void by [AGT-3] in both profiles): the bypass for notice-less packages.
            if a.noticeless && profile.unclassifiedBypassesClassSeverity && (f.key == .CLASSIFICATION || f.key == .SEVERITY) {
                trace?.append("    \(f.key.rawValue): satisfied (notice-less package admitted by EnableNonSecurity)")
                continue
            }
            if !filterMatches(f, a, trace: &trace) { return false }
        }
        return true
    }

    /// [APR-9]: approved iff UTCday(ref) + N ≤ UTCday(now); [AGT-6] exact: ref < now − N
    /// days. ApproveUntilDate is inclusive of its whole UTC day. No date: no delay ([APR-6]).
    func dateApproves(_ rule: PatchRule, _ a: PatchAttributes, trace: inout [String]?) -> Bool {
        if a.datesIgnored {
            trace?.append("    date: ignored on \(baseline.operatingSystem.rawValue) (approved at once)")
            return true
        }
        guard let ref = a.referenceDate else {
            trace?.append("    date: none known, the delay counts as zero")
            return true
        }
        if let n = rule.approveAfterDays {
            let ok = Self.approvedAfterDays(ref, n, now: now, granularity: profile.approvalGranularity)
            let relation = profile.approvalGranularity == .utcDay ? (ok ? "≤" : ">") : (ok ? "<" : "≥")
            let unit = profile.approvalGranularity == .utcDay ? "UTC days" : "exact seconds"
            trace?.append("    ApproveAfterDays \(n): date \(ref) + \(n) days \(relation) \(now) (\(unit)): \(ok ? "approved" : "not yet; approval date \(ref.adding(days: n))")")
            return ok
        }
        if let d = rule.approveUntilDay {
            let ok = ref.utcDay <= d
            trace?.append("    ApproveUntilDate \(Instant(secondsSinceEpoch: d * Instant.secondsPerDay).isoDate): date \(ref) \(ok ? "on or before" : "after") it")
            return ok
        }
        return true
    }

    /// When a rule approves (or will approve) these attributes: the earliest approval date
    /// among the rules whose filters take them, nil when none does or ApproveUntilDate
    /// has passed. `DescribeEffectivePatchesForPatchBaseline` shows it as ApprovalDate.
    func ruleApprovalDate(_ a: PatchAttributes) -> (date: Instant, level: ComplianceLevel)? {
        var none: [String]? = nil
        guard groupMatches(baseline.globalFilters, a, isRule: false, trace: &none) else { return nil }
        var earliest: (date: Instant, level: ComplianceLevel)?
        for rule in baseline.approvalRules where !prefilterSkips(a, rule) && groupMatches(rule.patchFilterGroup, a, trace: &none) {
            let ref = a.referenceDate ?? .epoch
            let date: Instant?
            if a.datesIgnored || a.referenceDate == nil {
                date = ref
            } else if let n = rule.approveAfterDays {
                date = ref.adding(days: n)
            } else if let d = rule.approveUntilDay {
                date = ref.utcDay <= d ? ref : nil
            } else {
                date = ref
            }
            if let date, earliest.map({ date < $0.date }) ?? true { earliest = (date, rule.complianceLevel) }
        }
        return earliest
    }

    /// The one place the ApproveAfterDays arithmetic lives ([APR-9], [AGT-6]).
    static func approvedAfterDays(_ ref: Instant, _ n: Int, now: Instant, granularity: EvaluationProfile.ApprovalGranularity) -> Bool {
        switch granularity {
        case .utcDay: return ref.utcDay + Int64(n) <= now.utcDay
        case .exactTimestamp: return ref.secondsSinceEpoch < now.secondsSinceEpoch - Int64(n) * Instant.secondsPerDay
        }
    }

    /// Whether rules skip a version that no notice classifies ([APR-8]): YUM and DNF need
    /// EnableNonSecurity; APT needs it for candidates outside the security pocket. Zypper
    /// judges notice-less versions by the filters alone ([AGT-3]); macOS has no security
    /// prefilter (its classification is the package manager, [AGT-1]); Windows ignores the flag.
    func prefilterSkips(_ a: PatchAttributes, _ rule: PatchRule) -> Bool {
        switch manager {
        case .yum, .dnf, .apt: return !a.isSecurity && !rule.enableNonSecurity
        case .zypper, .macOS, .windowsUpdate: return false
        }
    }

    /// [LST-7]: a non-security version named by ApprovedPatches needs
    /// ApprovedPatchesEnableNonSecurity (YUM, DNF, APT).
    func explicitApprovalNeedsFlag(security: Bool) -> Bool {
        switch manager {
        case .yum, .dnf, .apt: return !security && !baseline.approvedPatchesEnableNonSecurity
        case .zypper, .macOS, .windowsUpdate: return false
        }
    }

    /// The rules' verdict on one set of attributes (one notice of a version, or none).
    func ruleDecision(_ a: PatchAttributes, trace: inout [String]?) -> (approved: Bool, level: ComplianceLevel) {
        var approved = false
        var level = ComplianceLevel.UNSPECIFIED
        // GlobalFilters first: must match to stay ([FLT-10]).
        trace?.append("  GlobalFilters:")
        guard groupMatches(baseline.globalFilters, a, isRule: false, trace: &trace) else {
            trace?.append("  dropped by GlobalFilters")
            return (false, level)
        }
        for (k, rule) in baseline.approvalRules.enumerated() {
            trace?.append("  ApprovalRules.PatchRules[\(k)] (\(rule.complianceLevel.rawValue)):")
            if prefilterSkips(a, rule) {
                trace?.append("    not security-related and EnableNonSecurity is false: skipped")
                continue
            }
            guard groupMatches(rule.patchFilterGroup, a, trace: &trace) else { continue }
            guard dateApproves(rule, a, trace: &trace) else { continue }
            if !approved || rule.complianceLevel > level { level = rule.complianceLevel }
            approved = true
        }
        return (approved, level)
    }

    /// The lists' verdict on one version ([LST-4], [LST-6], [LST-7], [AGT-2]).
    func listDecision(_ subject: ListSubject, security: Bool, trace: inout [String]?) -> (approved: Bool, rejected: Bool) {
        var approved = false, rejected = false
        for (k, e) in baseline.approvedPatches.enumerated()
        where e.matches(subject, manager: manager, list: .approved, profile: profile) {
            if explicitApprovalNeedsFlag(security: security) {
                trace?.append("  ApprovedPatches[\(k)] '\(e)' matches, but the package is not security-related and ApprovedPatchesEnableNonSecurity is false")
                continue
            }
            approved = true
            trace?.append("  ApprovedPatches[\(k)] '\(e)': explicitly approved (\(baseline.approvedPatchesComplianceLevel.rawValue))")
        }
        for (k, e) in baseline.rejectedPatches.enumerated()
        where e.matches(subject, manager: manager, list: .rejected, profile: profile) {
            rejected = true
            trace?.append("  RejectedPatches[\(k)] '\(e)': rejected, \(baseline.rejectedPatchesAction.rawValue)")
        }
        return (approved, rejected)
    }

    /// A whole decision for one version judged through one set of attributes.
    func decide(_ a: PatchAttributes, subject: ListSubject, trace: inout [String]?) -> ApprovalDecision {
        var d = ApprovalDecision()
        let rules = ruleDecision(a, trace: &trace)
        d.approved = rules.approved
        d.level = rules.level
        let lists = listDecision(subject, security: a.isSecurity, trace: &trace)
        if lists.approved {
            if !d.approved || baseline.approvedPatchesComplianceLevel > d.level { d.level = baseline.approvedPatchesComplianceLevel }
            d.approved = true
            d.explicitlyApproved = true
        }
        d.rejected = lists.rejected
        return d
    }

    /// Whether the rejected list names this version (Install and the invariants ask this).
    func isRejected(_ subject: ListSubject) -> Bool {
        baseline.rejectedPatches.contains { $0.matches(subject, manager: manager, list: .rejected, profile: profile) }
    }
}
