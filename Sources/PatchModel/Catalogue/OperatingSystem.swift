/// The SSM API's `OperatingSystem` enum: exactly 15 values, spelled as the API spells
/// them (spec baselines.md §1.1).
public enum OperatingSystem: String, CaseIterable, Codable, Sendable, CustomStringConvertible {
    case windows = "WINDOWS"
    case amazonLinux = "AMAZON_LINUX"
    case amazonLinux2 = "AMAZON_LINUX_2"
    case amazonLinux2022 = "AMAZON_LINUX_2022"
    case amazonLinux2023 = "AMAZON_LINUX_2023"
    case centOS = "CENTOS"
    case redhatEnterpriseLinux = "REDHAT_ENTERPRISE_LINUX"
    case rockyLinux = "ROCKY_LINUX"
    case almaLinux = "ALMA_LINUX"
    case oracleLinux = "ORACLE_LINUX"
    case suse = "SUSE"
    case ubuntu = "UBUNTU"
    case debian = "DEBIAN"
    case raspbian = "RASPBIAN"
    case macOS = "MACOS"

    public var description: String { rawValue }

    /// `CreatePatchBaseline.OperatingSystem` defaults to WINDOWS when omitted (API).
    public static let apiDefault: OperatingSystem = .windows

    /// The package family decides identity, version order and metadata shape.
    public var family: PackageFamily {
        switch self {
        case .windows: return .windows
        case .macOS: return .macOS
        case .ubuntu, .debian, .raspbian: return .apt
        case .suse: return .zypper
        default: return .yumDNF
        }
    }

    /// How versions of this OS's packages are ordered.
    public var versionScheme: VersionScheme { family.versionScheme }
}

/// Families of package tooling that share identity, ordering and metadata rules.
public enum PackageFamily: String, Sendable, CaseIterable {
    /// Amazon Linux (all), CentOS, RHEL, Rocky, Alma, Oracle: NEVRA + updateinfo notices.
    case yumDNF
    /// SLES: NEVRA + zypper patches.
    case zypper
    /// Ubuntu, Debian, Raspbian: Debian versions, pockets, priorities.
    case apt
    /// Windows Update: KB ids, supersedence.
    case windows
    /// softwareupdate, installer, Homebrew: name + dotted version.
    case macOS

    public var versionScheme: VersionScheme {
        switch self {
        case .yumDNF, .zypper: return .rpm
        case .apt: return .deb
        case .windows: return .windowsKB
        case .macOS: return .macOS
        }
    }
}

/// The native version ordering (spec §0: "version order means the native package manager's").
public enum VersionScheme: String, Sendable {
    case rpm, deb, windowsKB, macOS
}

/// The native tool(s) an OS patches with (spec §1.1, §7.2).
public enum PackageTooling: String, Sendable {
    case yum = "YUM"
    case dnf = "DNF"
    case zypper = "Zypper"
    case apt = "APT"
    case windowsUpdate = "Windows Update API"
    case softwareupdate
    case installer
    case brew
    case brewCask = "brew_cask"
}
