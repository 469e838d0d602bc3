/// What a node's `DescribeInstanceInformation` says it runs: `PlatformName` and
/// `PlatformVersion` as the agent reads them from the OS (`/etc/os-release`, the Windows
/// build, `sw_vers`), per OS and product; the compliance CSV export carries these two.
/// Windows images are Datacenter editions unless a scenario says otherwise (AWS's own
/// Windows AMIs are); the version is the kernel build the agent reports (`10.0.20348`).
public enum PlatformIdentity {
    public static func of(os: OperatingSystem, product: String, windowsEdition: String = "Datacenter") -> (name: String, version: String) {
        // The numbers after the product's letters: `RockyLinux8.6` → `8.6`, `Ubuntu22.04` → `22.04`.
        let numbers = String(product.drop { !$0.isNumber })
        switch os {
        case .amazonLinux: return ("Amazon Linux AMI", numbers)
        case .amazonLinux2: return ("Amazon Linux", "2")
        case .amazonLinux2022: return ("Amazon Linux", "2022")
        case .amazonLinux2023: return ("Amazon Linux", "2023")
        case .centOS: return product.hasPrefix("CentOSStream") ? ("CentOS Stream", numbers) : ("CentOS Linux", numbers)
        case .redhatEnterpriseLinux:
            return (numbers.hasPrefix("8") ? "Red Hat Enterprise Linux" : "Red Hat Enterprise Linux Server", numbers)
        case .rockyLinux: return ("Rocky Linux", numbers)
        case .almaLinux: return ("AlmaLinux", numbers)
        case .oracleLinux: return ("Oracle Linux Server", numbers)
        case .suse: return ("SLES", numbers)
        case .ubuntu: return ("Ubuntu", numbers)
        case .debian: return ("Debian GNU/Linux", numbers)
        case .raspbian: return ("Raspbian GNU/Linux", numbers)
        case .macOS: return ("macOS", numbers)
        case .windows:
            let builds = ["WindowsServer2008": "6.0.6003", "WindowsServer2008R2": "6.1.7601", "WindowsServer2012": "6.2.9200",
                          "WindowsServer2012R2": "6.3.9600", "WindowsServer2016": "10.0.14393", "WindowsServer2019": "10.0.17763",
                          "WindowsServer2022": "10.0.20348"]
            let year = product.replacingOccurrences(of: "WindowsServer", with: "").replacingOccurrences(of: "R2", with: " R2")
            return ("Microsoft Windows Server \(year) \(windowsEdition)", builds[product] ?? "")
        }
    }
}

extension PlatformIdentity {
    /// The OS and product a node's `PlatformName` and `PlatformVersion` stand for (the
    /// inverse of `of(os:product:)`): an exact match of both, else the product whose
    /// version is the longest prefix of the reported one (`8.6.2` → `8.6`, a Windows build
    /// `10.0.20348.2340` → `10.0.20348`). Nil when no supported product matches.
    public static func product(platformName: String, platformVersion: String) -> (os: OperatingSystem, product: String)? {
        let name = platformName.trimmingCharacters(in: .whitespaces)
        var best: (os: OperatingSystem, product: String, length: Int)? = nil
        for os in OperatingSystem.allCases {
            for product in OSCatalogue.entry(os).products {
                let identity = of(os: os, product: product)
                let sameName = os == .windows
                    ? name.hasPrefix(identity.name.components(separatedBy: " ").dropLast().joined(separator: " ") + " ")
                        || name == identity.name.components(separatedBy: " ").dropLast().joined(separator: " ")
                    : name.caseInsensitiveCompare(identity.name) == .orderedSame
                        || (os == .redhatEnterpriseLinux && name.hasPrefix("Red Hat Enterprise Linux"))
                guard sameName, !identity.version.isEmpty else { continue }
                let v = identity.version
                let matches = platformVersion == v || platformVersion.hasPrefix(v + ".")
                guard matches, v.count > (best?.length ?? -1) else { continue }
                best = (os, product, v.count)
            }
        }
        return best.map { ($0.os, $0.product) }
    }
}
