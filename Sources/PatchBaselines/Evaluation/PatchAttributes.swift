import PatchModel

/// What a baseline can see of one candidate (or installed) version: the attributes
/// filters compare, the date rules count from, and the ids lists match.
struct PatchAttributes {
    var classification: String?
    var severity: String?
    var product: String
    var productFamily: String?
    var patchSet: String?
    var priority: String?
    var section: String?
    /// The archive/pocket or repository the version comes from.
    var origin: String?
    /// The date ApproveAfterDays/ApproveUntilDate count from; nil = approve at once ([APR-6]).
    var referenceDate: Instant?
    /// Security for the prefilter ([APR-8]).
    var isSecurity: Bool
    /// No well-formed notice: CLASSIFICATION/SEVERITY bypass under EnableNonSecurity ([APR-11]).
    var unclassified: Bool
    /// Dates are ignored: APT and macOS ([APR-2], [APR-3]).
    var datesIgnored: Bool
    var advisoryIds: [String] = []
    var cveIds: [String] = []
    var bugzillaIds: [String] = []
    /// Security by advisory, for SecurityNonCompliantCount ([CMP-5]).
    var securityClassified: Bool
}

/// The outcome of running a baseline over one version (`explain` reads the trace instead).
struct ApprovalDecision {
    var approved = false
    var rejected = false
    var explicitlyApproved = false
    var level: ComplianceLevel = .UNSPECIFIED

    /// Approved and not rejected ([LST-4]).
    var effective: Bool { approved && !rejected }
}
