/// An update notice: a YUM/DNF `updateinfo.xml` `<update>` or a SUSE zypper patch
/// (spec §2.2 [MD-1]). Packages carry no classification or severity of their own:
/// every package a notice lists inherits the notice's.
public struct UpdateNotice: Hashable, Sendable {
    /// `update_id`: `ALAS-2017-867`, `ALAS2-2021-1594`, `RHSA-2017:0864`, `SUSE-SLE-...`.
    public var id: String
    /// `type` (YUM/DNF) or patch category (SUSE): the CLASSIFICATION value, verbatim.
    public var classification: String
    /// The publisher's severity (`Critical`, `Important`, `Medium`/`Moderate`, `Low`, `None`).
    public var severity: String?
    public var title: String
    public var issued: Instant?
    /// The date ApproveAfterDays counts from ([APR-4]).
    public var updated: Instant?
    public var cveIds: [String]
    public var bugzillaIds: [String]
    /// The packages the notice fixes, at the versions it ships.
    public var packages: [PackageIdentity]
    public var rebootSuggested: Bool
    /// Which vocabulary the notice came from.
    public var kind: Kind
    /// Whether its `updated`/`issued` dates were written as Unix epoch seconds (or made
    /// by the simulator). A notice in an alternative-source repository whose dates are in
    /// another form has no usable date there ([APR-7]).
    public var datesInEpochForm = true

    public enum Kind: String, Hashable, Sendable {
        case updateinfo
        case susePatch
    }

    public init(id: String, classification: String, severity: String? = nil, title: String = "",
                issued: Instant? = nil, updated: Instant? = nil, cveIds: [String] = [], bugzillaIds: [String] = [],
                packages: [PackageIdentity] = [], rebootSuggested: Bool = false, kind: Kind = .updateinfo) {
        self.id = id
        self.classification = classification
        self.severity = severity
        self.title = title
        self.issued = issued
        self.updated = updated
        self.cveIds = cveIds
        self.bugzillaIds = bugzillaIds
        self.packages = packages
        self.rebootSuggested = rebootSuggested
        self.kind = kind
    }

    /// Whether the notice is of type Security (case-insensitive, §0).
    public var isSecurityType: Bool { classification.caseInsensitiveEquals("Security") }

    /// A notice whose classification or date is missing does not classify its packages
    /// (patch-manager-alternative-source-repository.md): they count as unclassified.
    public var isWellFormed: Bool { !classification.isEmpty && (updated ?? issued) != nil }
}

/// Debian/Ubuntu/Raspbian package metadata as the service sees it (§2.3): priority,
/// section and archive (the pocket, e.g. `bookworm-security`).
public struct DebianPackageFields: Hashable, Sendable {
    public var priority: String?
    public var section: String?
    /// The archive/suite the candidate comes from (`focal-security`).
    public var archive: String
    /// The Release file's `Origin` and `Label` (`Debian`, `Ubuntu`, `Debian-Security`).
    public var origin: String?
    public var label: String?

    public init(priority: String? = nil, section: String? = nil, archive: String, origin: String? = nil, label: String? = nil) {
        self.priority = priority
        self.section = section
        self.archive = archive
        self.origin = origin
        self.label = label
    }

    /// The pocket is a security pocket: `-security` suites, or a Release file whose
    /// label says so (Debian's `Debian-Security`).
    public var isSecurityPocket: Bool {
        archive.hasSuffix("-security") || archive.hasSuffix("/updates")
            || (label?.caseInsensitiveEquals("Debian-Security") ?? false)
    }
}

extension StringProtocol {
    /// ASCII case-insensitive equality (metadata vocabularies, §0).
    @inlinable
    public func caseInsensitiveEquals<T: StringProtocol>(_ other: T) -> Bool {
        guard utf8.count == other.utf8.count else { return false }
        for (x, y) in zip(utf8, other.utf8) where x != y {
            let lx = (x >= 65 && x <= 90) ? x + 32 : x
            let ly = (y >= 65 && y <= 90) ? y + 32 : y
            if lx != ly { return false }
        }
        return true
    }
}
