import PatchModel

/// `PatchFilterKey` (API, 19 values) — spec baselines.md §3.1 [FLT-1].
public enum PatchFilterKey: String, CaseIterable, Sendable {
    case ARCH, ADVISORY_ID, BUGZILLA_ID, PATCH_SET, PRODUCT, PRODUCT_FAMILY, CLASSIFICATION, CVE_ID, EPOCH
    case MSRC_SEVERITY, NAME, PATCH_ID, SECTION, PRIORITY, REPOSITORY, RELEASE, SEVERITY, SECURITY, VERSION

    /// Keys a baseline of this OS accepts in GlobalFilters and rules ([FLT-2]); the rest
    /// are query-only (AMBIGUOUS; Use: rejected in baselines).
    public static func validInBaseline(for os: OperatingSystem) -> [PatchFilterKey] {
        switch os.family {
        case .yumDNF, .zypper: return [.PRODUCT, .CLASSIFICATION, .SEVERITY]
        case .apt: return [.PRODUCT, .PRIORITY, .SECTION]
        case .macOS: return [.PRODUCT, .CLASSIFICATION]
        case .windows: return [.PATCH_SET, .PRODUCT, .PRODUCT_FAMILY, .CLASSIFICATION, .MSRC_SEVERITY]
        }
    }
}

/// One `PatchFilter`: a key and 1-20 values, OR-ed ([FLT-3]).
public struct PatchFilter: Equatable, Sendable {
    public var key: PatchFilterKey
    public var values: [String]

    public init(key: PatchFilterKey, values: [String]) {
        self.key = key
        self.values = values
    }

    public var matchesAnything: Bool { values.contains("*") }

    /// [FLT-3] case-insensitive equality with any value, or `*`; [FLT-5] `*` only stands
    /// alone (partial patterns compare literally); [FLT-7] a missing attribute matches
    /// only `*`.
    public func matches(_ attribute: String?) -> Bool {
        if matchesAnything { return true }
        guard let attribute else { return false }
        return values.contains { $0.caseInsensitiveEquals(attribute) }
    }
}

/// A `PatchFilterGroup`: 0-4 filters, AND-ed ([FLT-4]).
public struct PatchFilterGroup: Equatable, Sendable {
    public var filters: [PatchFilter]

    public init(_ filters: [PatchFilter] = []) { self.filters = filters }

    public func filter(_ key: PatchFilterKey) -> PatchFilter? { filters.first { $0.key == key } }
}

/// `PatchComplianceLevel`, ordered CRITICAL > HIGH > ... > UNSPECIFIED ([APR-10]).
public enum ComplianceLevel: String, CaseIterable, Comparable, Sendable {
    case UNSPECIFIED, INFORMATIONAL, LOW, MEDIUM, HIGH, CRITICAL

    /// Its place in `allCases` (a switch: comparisons sit on the evaluator's hot path).
    var rank: Int {
        switch self {
        case .UNSPECIFIED: return 0
        case .INFORMATIONAL: return 1
        case .LOW: return 2
        case .MEDIUM: return 3
        case .HIGH: return 4
        case .CRITICAL: return 5
        }
    }
    public static func < (a: ComplianceLevel, b: ComplianceLevel) -> Bool { a.rank < b.rank }
}

/// One `PatchRule` of `ApprovalRules.PatchRules` ([APR-1]).
public struct PatchRule: Equatable, Sendable {
    public var patchFilterGroup: PatchFilterGroup
    public var complianceLevel: ComplianceLevel
    public var approveAfterDays: Int?
    /// `YYYY-MM-DD` as a UTC day number (days since 1970-01-01).
    public var approveUntilDay: Int64?
    public var enableNonSecurity: Bool

    public init(_ group: PatchFilterGroup, complianceLevel: ComplianceLevel = .UNSPECIFIED, approveAfterDays: Int? = nil,
                approveUntilDay: Int64? = nil, enableNonSecurity: Bool = false) {
        self.patchFilterGroup = group
        self.complianceLevel = complianceLevel
        self.approveAfterDays = approveAfterDays
        self.approveUntilDay = approveUntilDay
        self.enableNonSecurity = enableNonSecurity
    }
}

public enum RejectedPatchesAction: String, Sendable {
    case ALLOW_AS_DEPENDENCY, BLOCK
}

/// An alternative patch source ([SRC-1]).
public struct PatchSource: Equatable, Sendable {
    public var name: String
    public var products: [String]
    public var configuration: String

    public init(name: String, products: [String], configuration: String) {
        self.name = name
        self.products = products
        self.configuration = configuration
    }

    /// The repositories its configuration names: YUM/DNF/Zypper `[section]` headers of the
    /// INI text (not `[main]`), APT `deb URL suite ...` lines by suite.
    public func repositoryNames(family: PackageFamily) -> [String] {
        var names: [String] = []
        for raw in configuration.split(whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            let line = raw.trimmingWhitespace
            if family == .apt {
                let words = line.split(separator: " ").map(String.init).filter { !$0.hasPrefix("[") }
                if words.count >= 3, words[0] == "deb" { names.append(words[2]) }
            } else if line.hasPrefix("["), line.hasSuffix("]"), line != "[main]" {
                names.append(String(line.dropFirst().dropLast()))
            }
        }
        return names
    }
}

extension PatchBaseline {
    /// The alternative-source repositories this baseline gives a product ([SRC-1]).
    public func alternativeRepositoryNames(product: String) -> Set<String> {
        Set(sources.filter { $0.products.contains(product) }.flatMap { $0.repositoryNames(family: operatingSystem.family) })
    }
}
