import PatchModel

/// What a baseline can see of one version through one of its notices (or through none):
/// the attributes filters compare, the date rules count from, and whether the security
/// prefilter admits it.
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
    /// No notice classifies this version ([AGT-3]): CLASSIFICATION and SEVERITY filters
    /// see no value, so only `*` (or an absent filter) lets it through.
    var noticeless: Bool
    /// Dates are ignored: APT and macOS ([APR-2], [APR-3]).
    var datesIgnored: Bool
    var cveIds: [String] = []
    /// Security by advisory, for SecurityNonCompliantCount ([CMP-5]).
    var securityClassified: Bool
    /// Orders the notices a version could show: security first, then by severity.
    var rank = 0

    init(classification: String? = nil, severity: String? = nil, product: String, productFamily: String? = nil,
         patchSet: String? = nil, referenceDate: Instant? = nil, isSecurity: Bool, noticeless: Bool, datesIgnored: Bool,
         securityClassified: Bool) {
        self.classification = classification
        self.severity = severity
        self.product = product
        self.productFamily = productFamily
        self.patchSet = patchSet
        self.referenceDate = referenceDate
        self.isSecurity = isSecurity
        self.noticeless = noticeless
        self.datesIgnored = datesIgnored
        self.securityClassified = securityClassified
    }
}

extension PatchAttributes {
    /// What a baseline sees of a Windows update: the catalogue's own attributes ([WIN-1]).
    init(windows u: WindowsUpdate) {
        self.init(classification: u.classification, severity: u.msrcSeverity, product: u.product, productFamily: u.productFamily,
                  patchSet: u.patchSet.rawValue, referenceDate: u.releaseDate, isSecurity: u.isSecurity, noticeless: false,
                  datesIgnored: false, securityClassified: u.isSecurity)
        cveIds = u.cveIds
    }
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
