import PatchModel

/// What a generated repository looks like: how many packages, how often they change,
/// how much of that is security, and over which stretch of simulated time.
/// Every field has a realistic default, so `{ "os": "AMAZON_LINUX_2" }` is a valid profile.
public struct RepositoryProfile: Sendable, Equatable {
    public var os: OperatingSystem
    /// The node product this repository serves (`AmazonLinux2`, `Ubuntu20.04`, ...).
    public var product: String
    /// Repository name; for APT the release codename, pockets get `-security`/`-updates`.
    public var name: String
    public var packageCount: Int
    /// Mean days between two updates of one package.
    public var meanDaysBetweenUpdates: Double
    /// Share of updates that are security updates.
    public var securityShare: Double
    /// Weights of the publisher severities for security updates.
    public var severityMix: [(String, Double)]
    /// Share of packages whose updates need a newer version of a sibling library.
    public var dependencyShare: Double
    /// Kernel packages get updates on their own cadence and need a reboot.
    public var kernelUpdatesPerMonth: Double
    /// Share of notices re-issued (a later `updated` date) some days after they appear.
    public var reissueShare: Double
    /// Amazon Linux 2: publish live patches for each kernel ([KLP-1]; see `RepositoryGenerator`).
    public var kernelLivePatches = false
    /// Base versions are published at `historyStart`; updates between `start` and `end`.
    public var historyStart: Instant
    public var start: Instant
    public var end: Instant

    public static let maxPackageCount = 200_000
    /// The longest simulated span (ten years): a scenario's `end` minus its `start`.
    public static let maxDays = 3_660
    /// The most package updates the generated repositories of one scenario may hold
    /// (about 7 µs and 1.3 KB each on the reference machine: some 20 s and 4 GB).
    public static let maxGeneratedUpdates = 3_000_000
    /// `updateInstants` stops one package's updates here.
    static let maxUpdatesPerPackage = 10_001

    /// How many updates generating this profile publishes, estimated before doing it
    /// (packages × days ÷ mean days, plus the kernel's own cadence): the bound is checked
    /// on this, so no file can ask for unbounded work.
    public var estimatedUpdates: Double {
        let days = Double(end.secondsSinceEpoch - start.secondsSinceEpoch) / 86_400
        let perPackage = min(Double(Self.maxUpdatesPerPackage), days / max(meanDaysBetweenUpdates, 0.01))
        // Windows publishes by Patch Tuesday whatever packageCount says; macOS has a dozen items.
        let packages = os.family == .windows ? 0 : os.family == .macOS ? min(Double(packageCount), 15) * 2 : Double(packageCount)
        let kernel = min(Double(Self.maxUpdatesPerPackage), days / 30.4 * kernelUpdatesPerMonth)
        return packages * perPackage + kernel * 4 + days * 2
    }

    public init(os: OperatingSystem, product: String? = nil, name: String? = nil, packageCount: Int = 400,
                meanDaysBetweenUpdates: Double = 90, securityShare: Double = 0.45,
                severityMix: [(String, Double)]? = nil, dependencyShare: Double = 0.2,
                kernelUpdatesPerMonth: Double = 2, reissueShare: Double = 0.05,
                historyStart: Instant? = nil, start: Instant, end: Instant) {
        self.os = os
        self.product = product ?? OSCatalogue.entry(os).products.last ?? os.rawValue
        self.name = name ?? RepositoryProfile.defaultName(os: os, product: self.product)
        self.packageCount = packageCount
        self.meanDaysBetweenUpdates = meanDaysBetweenUpdates
        self.securityShare = securityShare
        self.severityMix = severityMix ?? RepositoryProfile.defaultSeverityMix(os)
        self.dependencyShare = dependencyShare
        self.kernelUpdatesPerMonth = kernelUpdatesPerMonth
        self.reissueShare = reissueShare
        self.historyStart = historyStart ?? start.adding(days: -365)
        self.start = start
        self.end = end
    }

    public static func == (a: RepositoryProfile, b: RepositoryProfile) -> Bool {
        a.os == b.os && a.product == b.product && a.name == b.name && a.packageCount == b.packageCount
            && a.meanDaysBetweenUpdates == b.meanDaysBetweenUpdates && a.securityShare == b.securityShare
            && a.severityMix.map(\.0) == b.severityMix.map(\.0) && a.severityMix.map(\.1) == b.severityMix.map(\.1)
            && a.dependencyShare == b.dependencyShare && a.kernelUpdatesPerMonth == b.kernelUpdatesPerMonth
            && a.reissueShare == b.reissueShare && a.kernelLivePatches == b.kernelLivePatches && a.historyStart == b.historyStart && a.start == b.start && a.end == b.end
    }

    /// Default repository names as each family's nodes see them (§7.2).
    public static func defaultName(os: OperatingSystem, product: String) -> String {
        switch os {
        case .amazonLinux: return "amzn-updates"
        case .amazonLinux2: return "amzn2-core"
        case .amazonLinux2022, .amazonLinux2023: return "amazonlinux"
        case .centOS: return "updates"
        case .redhatEnterpriseLinux: return "rhel-8-baseos-rhui-rpms"
        case .rockyLinux: return "baseos"
        case .almaLinux: return "baseos"
        case .oracleLinux: return "ol8_baseos_latest"
        case .suse: return "SLES-Updates"
        case .ubuntu: return AptNaming.ubuntuCodename(product)
        case .debian: return AptNaming.debianCodename(product)
        case .raspbian: return AptNaming.debianCodename(product.replacingOccurrences(of: "Raspbian", with: "Debian"))
        case .windows: return "microsoft-update"
        case .macOS: return "softwareupdate"
        }
    }

    static func defaultSeverityMix(_ os: OperatingSystem) -> [(String, Double)] {
        switch os.family {
        case .yumDNF:
            let medium = [.oracleLinux, .redhatEnterpriseLinux, .rockyLinux, .almaLinux, .centOS].contains(os) ? "Moderate" : "Medium"
            return [("Critical", 0.08), ("Important", 0.42), (medium, 0.38), ("Low", 0.12)]
        case .zypper, .windows:
            return [("Critical", 0.15), ("Important", 0.5), ("Moderate", 0.25), ("Low", 0.1)]
        case .apt:
            return [("Required", 0.05), ("Important", 0.15), ("Standard", 0.1), ("Optional", 0.7)]
        case .macOS:
            return [("Unspecified", 1)]
        }
    }
}

/// Release codenames for the APT products.
enum AptNaming {
    static func ubuntuCodename(_ product: String) -> String {
        let names = ["Ubuntu14.04": "trusty", "Ubuntu16.04": "xenial", "Ubuntu18.04": "bionic", "Ubuntu20.04": "focal",
                     "Ubuntu20.10": "groovy", "Ubuntu22.04": "jammy", "Ubuntu24.04": "noble"]
        return names[product] ?? "focal"
    }

    static func debianCodename(_ product: String) -> String {
        let names = ["Debian8": "jessie", "Debian9": "stretch", "Debian10": "buster", "Debian11": "bullseye", "Debian12": "bookworm"]
        return names[product] ?? "bookworm"
    }

    static func debianMajor(_ product: String) -> String {
        String(product.drop { !$0.isNumber })
    }
}
