import PatchModel

/// Runs one baseline over attributes: GlobalFilters → ApprovalRules → ApprovedPatches →
/// RejectedPatches ([LST-4]..[LST-7], [FLT-*], [APR-*]). Pure: no clock, no I/O.
struct BaselineEvaluator {
    let baseline: PatchBaseline
    let settings: EvaluationSettings
    let now: Instant

    var family: PackageFamily { baseline.operatingSystem.family }

    /// The attribute a filter key reads ([FLT-6]); Medium and Moderate alias on YUM/DNF ([MD-2]).
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
        var ok = f.matches(value)
        if !ok, f.key == .SEVERITY, family == .yumDNF, let v = value {
            let aliases = ["medium", "moderate"]
            if aliases.contains(v.lowercased()) { ok = f.values.contains { aliases.contains($0.lowercased()) } }
        }
        trace?.append("    \(f.key.rawValue) \(f.values) vs \(value.map { "'\($0)'" } ?? "(none)"): \(ok ? "match" : "no match")")
        return ok
    }

    func groupMatches(_ g: PatchFilterGroup, _ a: PatchAttributes, bypassClassSeverity: Bool, trace: inout [String]?) -> Bool {
        // [FLT-9] Use: a Windows group without PATCH_SET matches OS patches only (an empty
        // group, such as absent GlobalFilters, places no constraint at all [FLT-4]).
        if family == .windows, !g.filters.isEmpty, g.filter(.PATCH_SET) == nil, a.patchSet != "OS" {
            trace?.append("    no PATCH_SET in the group: OS patches only, this is \(a.patchSet ?? "?")")
            return false
        }
        for f in g.filters {
            if bypassClassSeverity && (f.key == .CLASSIFICATION || f.key == .SEVERITY) {
                trace?.append("    \(f.key.rawValue): satisfied (unclassified package admitted by EnableNonSecurity)")
                continue
            }
            if !filterMatches(f, a, trace: &trace) { return false }
        }
        return true
    }

    /// [APR-9]: approved iff UTCday(ref) + N ≤ UTCday(now); ApproveUntilDate inclusive.
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
            let ok: Bool
            switch settings.approvalGranularity {
            case .utcDay: ok = ref.utcDay + Int64(n) <= now.utcDay
            case .exactTimestamp: ok = ref.adding(days: n) <= now
            }
            trace?.append("    ApproveAfterDays \(n): date \(ref) + \(n) days \(ok ? "≤" : ">") \(now) (UTC days): \(ok ? "approved" : "not yet; approval date \(ref.adding(days: n))")")
            return ok
        }
        if let d = rule.approveUntilDay {
            let ok = ref.utcDay <= d
            trace?.append("    ApproveUntilDate \(Instant(secondsSinceEpoch: d * Instant.secondsPerDay).isoDate): date \(ref) \(ok ? "on or before" : "after") it")
            return ok
        }
        return true
    }

    /// Whether a list entry names this version.
    func entryMatches(_ e: PatchListEntry, identity: PackageIdentity?, kb: WindowsKB?, bulletin: MSRCBulletin?, _ a: PatchAttributes) -> Bool {
        switch e {
        case .bugzilla(let id): return a.bugzillaIds.contains(id)
        case .cve(let id): return a.cveIds.contains { $0.caseInsensitiveEquals(id) }
        case .advisory(let pattern): return a.advisoryIds.contains { PatchListEntry.glob(pattern, $0) }
        case .kb(let k): return kb == k
        case .bulletin(let b): return bulletin == b
        case .package(let pattern):
            guard let identity else { return false }
            switch family {
            case .apt, .macOS: return PatchListEntry.glob(pattern, identity.name)
            case .zypper:
                if pattern.hasSuffix(".rpm") { return PatchListEntry.glob(pattern, identity.listForm + ".rpm") }
                return PatchListEntry.glob(pattern, identity.listForm) || a.advisoryIds.contains { PatchListEntry.glob(pattern, $0) }
            default: return PatchListEntry.glob(pattern, identity.listForm)
            }
        }
    }

    func decide(_ a: PatchAttributes, identity: PackageIdentity?, kb: WindowsKB? = nil, bulletin: MSRCBulletin? = nil,
                trace: inout [String]?) -> ApprovalDecision {
        var d = ApprovalDecision()
        let linux = family != .windows
        // GlobalFilters first: must match to stay ([FLT-10]); explicit approval survives it.
        trace?.append("  GlobalFilters:")
        let global = groupMatches(baseline.globalFilters, a, bypassClassSeverity: false, trace: &trace)
        if !global { trace?.append("  dropped by GlobalFilters") }
        if global {
            for (k, rule) in baseline.approvalRules.enumerated() {
                trace?.append("  ApprovalRules.PatchRules[\(k)] (\(rule.complianceLevel.rawValue)):")
                // The security prefilter ([APR-8]); EnableNonSecurity is ignored on Windows.
                if linux && !a.isSecurity && !rule.enableNonSecurity {
                    trace?.append("    not security-related and EnableNonSecurity is false: skipped")
                    continue
                }
                let bypass = linux && a.unclassified && settings.unclassifiedBypassesClassSeverity
                guard groupMatches(rule.patchFilterGroup, a, bypassClassSeverity: bypass, trace: &trace) else { continue }
                guard dateApproves(rule, a, trace: &trace) else { continue }
                if !d.approved || rule.complianceLevel > d.level { d.level = rule.complianceLevel }
                d.approved = true
            }
        }
        for (k, e) in baseline.approvedPatches.enumerated() where entryMatches(e, identity: identity, kb: kb, bulletin: bulletin, a) {
            // [LST-7] On Linux a non-security package needs ApprovedPatchesEnableNonSecurity.
            if linux && family != .macOS && !a.isSecurity && !baseline.approvedPatchesEnableNonSecurity {
                trace?.append("  ApprovedPatches[\(k)] '\(e)' matches, but the package is not security-related and ApprovedPatchesEnableNonSecurity is false")
                continue
            }
            if !d.approved || baseline.approvedPatchesComplianceLevel > d.level { d.level = baseline.approvedPatchesComplianceLevel }
            d.approved = true
            d.explicitlyApproved = true
            trace?.append("  ApprovedPatches[\(k)] '\(e)': explicitly approved (\(baseline.approvedPatchesComplianceLevel.rawValue))")
        }
        for (k, e) in baseline.rejectedPatches.enumerated() where entryMatches(e, identity: identity, kb: kb, bulletin: bulletin, a) {
            d.rejected = true
            trace?.append("  RejectedPatches[\(k)] '\(e)': rejected, \(baseline.rejectedPatchesAction.rawValue)")
        }
        return d
    }
}
