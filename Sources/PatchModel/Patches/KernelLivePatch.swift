/// Amazon Linux 2 Kernel Live Patching ([KLP-1]): live patches for a kernel ship as
/// updates of one package named after that kernel, `kernel-livepatch-4.14.165-131.185`
/// for `kernel-4.14.165-131.185.amzn2`. Enabling installs that package's empty base
/// version (`1.0-0.amzn2`); later versions carry the live patches, cumulatively.
public enum KernelLivePatch {
    public static let namePrefix = "kernel-livepatch-"
    /// Enabling on a kernel older than this installs the latest kernel and reboots first.
    public static let minimumKernel = PackageVersion.rpm(RPMVersion(version: "4.14.165", release: "131.185.amzn2"))

    /// The live-patch package for a running kernel version: its version-release without
    /// the dist tag. Nil for a kernel version that is not an RPM version.
    public static func packageName(forKernel version: PackageVersion) -> String? {
        guard case let .rpm(v) = version else { return nil }
        var release = v.release ?? ""
        if let dot = release.firstRange(of: ".amzn") { release = String(release[..<dot.lowerBound]) }
        return namePrefix + v.version + (release.isEmpty ? "" : "-" + release)
    }

    public static func isLivePatch(_ name: String) -> Bool { name.hasPrefix(namePrefix) }

    /// The kernel a node runs. Use (AMBIGUOUS): the newest installed `kernel` package (the
    /// simulator keeps one kernel version per arch, not a separate running one).
    public static func runningKernel(in inventory: Inventory) -> InstalledPackage? {
        inventory.packages(named: "kernel").max(by: { $0.version < $1.version })
    }
}
