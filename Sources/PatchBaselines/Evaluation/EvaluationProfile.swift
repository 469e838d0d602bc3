import PatchModel

/// The evaluation profile ([AGT-0]): one named field per behavioural choice where the
/// user guide and the real Linux agent payload (`patch-baseline-operations` 1.80)
/// disagree, or where the sources are silent (AMBIGUOUS). Built once from the scenario or
/// the command line and passed down with the baseline; nothing else switches behaviour.
///
/// `user-guide` (the default) keeps the guide's explicit text; `agent-1.80` is the
/// payload's behaviour in full. What `agent.md` marks Default is not a field: both
/// profiles do it.
public struct EvaluationProfile: Hashable, Sendable, CustomStringConvertible {
    public enum ApprovalGranularity: String, Hashable, Sendable {
        /// [APR-9]: approved iff UTCday(date) + N ≤ UTCday(now).
        case utcDay
        /// [AGT-6]: approved iff date < start − N×86,400 s (exact, strict).
        case exactTimestamp
    }

    public enum APTVersionChoice: String, Hashable, Sendable {
        /// [APR-8]: only apt's candidate (the newest version) is judged.
        case candidateOnly
        /// [AGT-6]: every version above the installed one is judged on its own; the target
        /// is the first approved one in descending order of the version *string*.
        case everyNewerVersionByString
    }

    public let name: String
    /// [APR-9] / [AGT-6].
    public var approvalGranularity: ApprovalGranularity
    /// [APR-11], void by [AGT-3]: a notice-less package admitted by EnableNonSecurity never
    /// satisfies a CLASSIFICATION or SEVERITY filter other than `*`. False in both profiles.
    public var unclassifiedBypassesClassSeverity: Bool
    /// [APR-8] / [AGT-6]: which APT versions are judged.
    public var aptVersionChoice: APTVersionChoice
    /// [AGT-6]: YUM gets the rejected list as `exclude` under both RejectedPatchesAction
    /// values, so under ALLOW_AS_DEPENDENCY an update needing a rejected package fails.
    public var yumRejectedAsExclude: Bool
    /// [AGT-6]: YUM compares filter values case-sensitively with the notice's title-cased
    /// value (`security` in a notice is `Security`; a filter value `SECURITY` misses it).
    public var yumFilterValuesCaseSensitive: Bool
    /// [AGT-2]: rejected advisory, CVE and Bugzilla ids reject on YUM and DNF (the guide
    /// documents them); the payload ignores them.
    public var rejectedIdsRejectOnYumDNF: Bool
    /// [AGT-6]: DNF and zypper order versions by version-release without the epoch.
    public var dnfZypperIgnoreEpoch: Bool
    /// [FLT-9] AMBIGUOUS, Use: a Windows filter group without PATCH_SET matches OS patches
    /// only (both profiles; the Windows payload is not public).
    public var windowsGroupWithoutPatchSetIsOSOnly: Bool

    public var description: String { name }

    /// The user guide's explicit text, with every [AGT-n] Default applied.
    public static let userGuide = EvaluationProfile(
        name: "user-guide", approvalGranularity: .utcDay, unclassifiedBypassesClassSeverity: false,
        aptVersionChoice: .candidateOnly, yumRejectedAsExclude: false, yumFilterValuesCaseSensitive: false,
        rejectedIdsRejectOnYumDNF: true, dnfZypperIgnoreEpoch: false, windowsGroupWithoutPatchSetIsOSOnly: true)

    /// `patch-baseline-operations` 1.80 as it runs on a node ([AGT-6]).
    public static let agent180 = EvaluationProfile(
        name: "agent-1.80", approvalGranularity: .exactTimestamp, unclassifiedBypassesClassSeverity: false,
        aptVersionChoice: .everyNewerVersionByString, yumRejectedAsExclude: true, yumFilterValuesCaseSensitive: true,
        rejectedIdsRejectOnYumDNF: false, dnfZypperIgnoreEpoch: true, windowsGroupWithoutPatchSetIsOSOnly: true)

    public static let standard = userGuide
    public static let all = [userGuide, agent180]

    /// A profile by its name (`user-guide`, `agent-1.80`).
    public static func named(_ name: String) -> EvaluationProfile? { all.first { $0.name == name } }
    public static var names: [String] { all.map(\.name) }

    /// The same choices under another name (tests that flip one field).
    public func with<T>(_ field: WritableKeyPath<EvaluationProfile, T>, _ value: T) -> EvaluationProfile {
        var p = self
        p[keyPath: field] = value
        return p
    }
}
