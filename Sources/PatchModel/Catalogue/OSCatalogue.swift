/// The operating-system catalogue as data (spec baselines.md §1): products and their
/// support, package tooling, architectures, vocabularies and predefined baseline names.
/// `DescribePatchProperties` is authoritative in AWS; this table seeds it.
public struct OSCatalogueEntry: Sendable {
    public let os: OperatingSystem
    /// What the enum covers, in words.
    public let covers: String
    /// Supported products in the compact form the `PRODUCT` filter compares to.
    public let products: [String]
    /// Products that exist but cannot be patched (§1.3), with the reason.
    public let unsupportedProducts: [(product: String, reason: String)]
    /// The product shape that later minor versions follow (`CentOS<maj>.<min>`).
    public let productPattern: String
    /// Tooling per major version where it differs (CentOS 6/7 YUM, 8 DNF).
    public let tooling: [PackageTooling]
    public let architectures: [String]
    /// Predefined baselines by their AWS names; the first is the OS default.
    public let predefinedBaselines: [String]
    /// CLASSIFICATION values (for macOS: the package managers; empty where the key is invalid).
    public let classifications: [String]
    /// SEVERITY values (Windows: MSRC_SEVERITY; APT: PRIORITY).
    public let severities: [String]

    public var defaultBaselineName: String { predefinedBaselines[0] }
}

public enum OSCatalogue {
    /// The entry for one OS.
    public static func entry(_ os: OperatingSystem) -> OSCatalogueEntry { entries[os.index] }

    /// Whether a node running `product` can be patched, and if not why (§1.3, [PRE-5]).
    public enum ProductSupport: Equatable, Sendable {
        case supported
        case unsupported(reason: String)
        /// Not in the catalogue and not of the OS's product shape.
        case unknown
    }

    /// The one place product support is decided: `scan` refuses what is not supported,
    /// scenarios refuse unknown products and run unsupported ones into
    /// UnsupportedOperatingSystem ([PRE-5]).
    public static func support(of product: String, on os: OperatingSystem) -> ProductSupport {
        let e = entry(os)
        if let u = e.unsupportedProducts.first(where: { matches(product, $0.product) }) {
            return .unsupported(reason: u.reason)
        }
        if let reason = belowMinimumMinor(product, os) { return .unsupported(reason: reason) }
        if e.products.contains(product) { return .supported }
        if let shape = productShapes[os], shape(product) { return .supported }
        return .unknown
    }

    /// CentOS and RHEL 6 are supported from 6.5 (§1.2: "6.5+"; 6.3 is the documented
    /// example of what is not, not the only one).
    static func belowMinimumMinor(_ product: String, _ os: OperatingSystem) -> String? {
        let prefix: String
        switch os {
        case .centOS: prefix = "CentOS"
        case .redhatEnterpriseLinux: prefix = "RedhatEnterpriseLinux"
        default: return nil
        }
        guard product.hasPrefix(prefix + "6.") else { return nil }
        guard let minor = Int(product.dropFirst(prefix.count + 2)), minor < 5 else { return nil }
        return "\(os == .centOS ? "CentOS" : "RHEL") 6.\(minor) is not supported by Patch Manager (6.5 and later are)"
    }

    /// What an error about an unknown product allows.
    public static func productHint(_ os: OperatingSystem) -> String {
        "\(os.rawValue) products like \(entry(os).products.prefix(3).joined(separator: ", ")) (shape \(entry(os).productPattern))"
    }

    /// `*` in an unsupported entry stands for any tail (`Mojave10.14*`).
    static func matches(_ product: String, _ entry: String) -> Bool {
        entry.hasSuffix("*") ? product.hasPrefix(entry.dropLast()) : product == entry
    }

    /// Later minor versions of a listed major are accepted by shape.
    static let productShapes: [OperatingSystem: @Sendable (String) -> Bool] = [
        .centOS: { majorMinor($0, prefix: "CentOS", majors: [6, 7, 8]) || $0.hasPrefix("CentOSStream") },
        .redhatEnterpriseLinux: { majorMinor($0, prefix: "RedhatEnterpriseLinux", majors: [6, 7, 8, 9]) },
        .rockyLinux: { majorMinor($0, prefix: "RockyLinux", majors: [8, 9]) },
        .almaLinux: { majorMinor($0, prefix: "AlmaLinux", majors: [8, 9]) },
        .oracleLinux: { majorMinor($0, prefix: "OracleLinux", majors: [7, 8, 9]) },
        .suse: { majorMinor($0, prefix: "Suse", majors: [12, 15]) },
    ]

    static func majorMinor(_ product: String, prefix: String, majors: Set<Int>) -> Bool {
        guard product.hasPrefix(prefix) else { return false }
        let parts = product.dropFirst(prefix.count).split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let major = Int(parts[0]), Int(parts[1]) != nil else { return false }
        return majors.contains(major)
    }

    static func series(_ prefix: String, major: Int, minors: ClosedRange<Int>) -> [String] {
        minors.map { "\(prefix)\(major).\($0)" }
    }

    static let rpmArchitectures = ["x86_64", "aarch64", "i686", "noarch"]
    static let debArchitectures = ["amd64", "arm64", "i386", "armhf", "all"]
    static let rhelClassifications = ["Security", "Bugfix", "Enhancement", "Recommended", "Newpackage"]
    static let rhelSeverities = ["Critical", "Important", "Medium", "Low"]
    /// Both spellings vendors use; they are two values, not aliases ([AGT-3]).
    static let rhelVendorSeverities = ["Critical", "Important", "Medium", "Moderate", "Low"]
    static let aptPriorities = ["Required", "Important", "Standard", "Optional", "Extra"]

    static let amazonLinux1Products: [String] = (2012...2018).flatMap { y -> [String] in
        (y == 2018 ? ["03"] : ["03", "09"]).map { "AmazonLinux\(y).\($0)" }
    }

    static let entries: [OSCatalogueEntry] = OperatingSystem.allCases.map(makeEntry)

    static func makeEntry(_ os: OperatingSystem) -> OSCatalogueEntry {
        switch os {
        case .windows:
            return OSCatalogueEntry(
                os: os, covers: "Windows Server",
                products: ["WindowsServer2008", "WindowsServer2008R2", "WindowsServer2012", "WindowsServer2012R2",
                           "WindowsServer2016", "WindowsServer2019", "WindowsServer2022"],
                unsupportedProducts: [("Windows7", "Windows client products are filter values only; nodes running them are not supported"),
                                      ("Windows8", "Windows client products are not supported nodes"),
                                      ("Windows8.1", "Windows client products are not supported nodes"),
                                      ("Windows8Embedded", "Windows client products are not supported nodes"),
                                      ("Windows10", "Windows client products are not supported nodes"),
                                      ("Windows10LTSB", "Windows client products are not supported nodes"),
                                      ("WindowsRT", "Windows RT is not supported")],
                productPattern: "WindowsServer<year>[R2]", tooling: [.windowsUpdate],
                architectures: ["x86_64"],
                predefinedBaselines: ["AWS-DefaultPatchBaseline", "AWS-WindowsPredefinedPatchBaseline-OS",
                                      "AWS-WindowsPredefinedPatchBaseline-OS-Applications"],
                classifications: ["CriticalUpdates", "DefinitionUpdates", "Drivers", "FeaturePacks", "SecurityUpdates",
                                  "ServicePacks", "Tools", "UpdateRollups", "Updates", "Upgrades"],
                severities: ["Critical", "Important", "Moderate", "Low", "Unspecified"])
        case .amazonLinux:
            return rpmEntry(os, "Amazon Linux (1)", amazonLinux1Products, "AmazonLinux<yyyy>.<03|09>", [.yum],
                            "AWS-AmazonLinuxDefaultPatchBaseline")
        case .amazonLinux2:
            return rpmEntry(os, "Amazon Linux 2", ["AmazonLinux2", "AmazonLinux2.0"], "AmazonLinux2", [.yum],
                            "AWS-AmazonLinux2DefaultPatchBaseline")
        case .amazonLinux2022:
            return rpmEntry(os, "Amazon Linux 2022 (preview)", ["AmazonLinux2022"], "AmazonLinux2022", [.dnf],
                            "AWS-AmazonLinux2022DefaultPatchBaseline",
                            severities: ["Critical", "Important", "Medium", "Moderate", "Low", "None"])
        case .amazonLinux2023:
            return rpmEntry(os, "Amazon Linux 2023", ["AmazonLinux2023"], "AmazonLinux2023", [.dnf],
                            "AWS-AmazonLinux2023DefaultPatchBaseline",
                            severities: ["Critical", "Important", "Medium", "Moderate", "Low", "None"])
        case .centOS:
            return rpmEntry(os, "CentOS 6, 7 (YUM); CentOS 8 and CentOS Stream (DNF)",
                            series("CentOS", major: 6, minors: 5...10) + series("CentOS", major: 7, minors: 0...9)
                                + series("CentOS", major: 8, minors: 0...5) + ["CentOSStream8"],
                            "CentOS<maj>.<min>", [.yum, .dnf], "AWS-CentOSDefaultPatchBaseline",
                            unsupported: [("CentOS6.3", "CentOS 6.3 is explicitly unsupported by Patch Manager (6.5 and later are)")])
        case .redhatEnterpriseLinux:
            return rpmEntry(os, "RHEL 6 (YUM), 7 (YUM), 8 (DNF)",
                            series("RedhatEnterpriseLinux", major: 6, minors: 5...10)
                                + series("RedhatEnterpriseLinux", major: 7, minors: 0...9)
                                + series("RedhatEnterpriseLinux", major: 8, minors: 0...10),
                            "RedhatEnterpriseLinux<maj>.<min>", [.yum, .dnf], "AWS-RedHatDefaultPatchBaseline")
        case .rockyLinux:
            return rpmEntry(os, "Rocky Linux", series("RockyLinux", major: 8, minors: 0...10), "RockyLinux<maj>.<min>",
                            [.dnf], "AWS-RockyLinuxDefaultPatchBaseline")
        case .almaLinux:
            // AMBIGUOUS (§1.1): in the API enum only. Use: behave like Rocky, with this name.
            return rpmEntry(os, "AlmaLinux (API enum only; behaves like Rocky Linux)",
                            series("AlmaLinux", major: 8, minors: 0...10), "AlmaLinux<maj>.<min>",
                            [.dnf], "AWS-AlmaLinuxDefaultPatchBaseline")
        case .oracleLinux:
            return rpmEntry(os, "Oracle Linux 7 (YUM), 8 (DNF)",
                            series("OracleLinux", major: 7, minors: 0...9) + series("OracleLinux", major: 8, minors: 0...10),
                            "OracleLinux<maj>.<min>", [.yum, .dnf], "AWS-OracleLinuxDefaultPatchBaseline")
        case .suse:
            return OSCatalogueEntry(
                os: os, covers: "SUSE Linux Enterprise Server",
                products: series("Suse", major: 12, minors: 0...9) + series("Suse", major: 15, minors: 0...6),
                unsupportedProducts: [], productPattern: "Suse<maj>.<min>", tooling: [.zypper],
                architectures: rpmArchitectures, predefinedBaselines: ["AWS-SuseDefaultPatchBaseline"],
                classifications: ["Security", "Recommended", "Optional", "Feature", "Document", "Yast"],
                severities: ["Critical", "Important", "Moderate", "Low"])
        case .ubuntu:
            return aptEntry(os, "Ubuntu Server",
                            ["Ubuntu14.04", "Ubuntu16.04", "Ubuntu18.04", "Ubuntu20.04", "Ubuntu20.10", "Ubuntu22.04", "Ubuntu24.04"],
                            [], "Ubuntu<yy>.<mm>", "AWS-UbuntuDefaultPatchBaseline")
        case .debian:
            // Debian 11 and 12 come from later revisions of the support list (LATER-REV);
            // `patchsim scan --product Debian12` reproduces a node like this machine.
            return aptEntry(os, "Debian Server", ["Debian8", "Debian9", "Debian10", "Debian11", "Debian12"], [],
                            "Debian<major>", "AWS-DebianDefaultPatchBaseline")
        case .raspbian:
            return aptEntry(os, "Raspberry Pi OS (formerly Raspbian)", ["Raspbian9", "Raspbian10"],
                            [("Raspbian8", "Raspberry Pi OS 8 (Jessie) is not supported")],
                            "Raspbian<major>", "AWS-RaspbianDefaultPatchBaseline")
        case .macOS:
            return OSCatalogueEntry(
                os: os, covers: "macOS",
                products: ["BigSur11.3.1", "BigSur11.4"],
                unsupportedProducts: [("Mojave10.14*", "macOS 10.14.x is not supported (Homebrew dropped it)"),
                                      ("Catalina10.15*", "macOS 10.15.x is not supported (Homebrew dropped it)")],
                productPattern: "<Name><major>.<minor>[.<patch>]",
                tooling: [.softwareupdate, .installer, .brew, .brewCask],
                architectures: ["x86_64", "arm64"], predefinedBaselines: ["AWS-MacOSDefaultPatchBaseline"],
                classifications: ["softwareupdate", "installer", "brew", "brew_cask"], severities: [])
        }
    }

    static func rpmEntry(_ os: OperatingSystem, _ covers: String, _ products: [String], _ pattern: String,
                         _ tooling: [PackageTooling], _ baseline: String,
                         severities: [String] = rhelVendorSeverities,
                         unsupported: [(product: String, reason: String)] = []) -> OSCatalogueEntry {
        OSCatalogueEntry(os: os, covers: covers, products: products, unsupportedProducts: unsupported,
                         productPattern: pattern, tooling: tooling, architectures: rpmArchitectures,
                         predefinedBaselines: [baseline], classifications: rhelClassifications, severities: severities)
    }

    static func aptEntry(_ os: OperatingSystem, _ covers: String, _ products: [String],
                         _ unsupported: [(product: String, reason: String)], _ pattern: String,
                         _ baseline: String) -> OSCatalogueEntry {
        OSCatalogueEntry(os: os, covers: covers, products: products, unsupportedProducts: unsupported,
                         productPattern: pattern, tooling: [.apt], architectures: debArchitectures,
                         predefinedBaselines: [baseline], classifications: [], severities: aptPriorities)
    }
}

extension OperatingSystem {
    /// Position in `allCases` (stable: the enum's declaration order).
    var index: Int { OperatingSystem.allCases.firstIndex(of: self) ?? 0 }
}
