/// The package manager the patching payload drives on a node. The OS alone does not
/// decide it: CentOS, RHEL and Oracle Linux moved from YUM to DNF at major version 8
/// (spec §1.1, §7.2; agent.md: yum for Amazon Linux 1/2 and RHEL/CentOS/Oracle 7, dnf
/// for 8). Every other DNF-family OS (AL2022/2023, Rocky, Alma, RHEL 9) behaves as DNF.
public enum PackageManager: String, Hashable, Sendable {
    case yum, dnf, zypper, apt
    case windowsUpdate = "windows-update"
    case macOS = "macos"

    public static func of(os: OperatingSystem, product: String) -> PackageManager {
        switch os {
        case .windows: return .windowsUpdate
        case .macOS: return .macOS
        case .ubuntu, .debian, .raspbian: return .apt
        case .suse: return .zypper
        case .amazonLinux, .amazonLinux2: return .yum
        case .amazonLinux2022, .amazonLinux2023, .rockyLinux, .almaLinux: return .dnf
        case .centOS, .redhatEnterpriseLinux, .oracleLinux:
            return (majorVersion(of: product) ?? 8) >= 8 || product.hasPrefix("CentOSStream") ? .dnf : .yum
        }
    }

    /// The major version in a compact product string (`RedhatEnterpriseLinux7.9` → 7).
    static func majorVersion(of product: String) -> Int? {
        guard let start = product.firstIndex(where: \.isNumber) else { return nil }
        return Int(product[start...].prefix { $0.isNumber })
    }

    public var isYumOrDNF: Bool { self == .yum || self == .dnf }
}
