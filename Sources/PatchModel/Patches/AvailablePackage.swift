/// A package version a repository offers, with what the evaluator and the simulated
/// package managers need about it.
public struct AvailablePackage: Hashable, Sendable {
    public var identity: PackageIdentity
    /// The repository (or pocket) that offers it.
    public var repository: String
    /// What this version needs installed ([LNX-1] step 9 resolves it transitively).
    public var requires: [PackageRequirement]
    /// Capabilities it provides besides its own name.
    public var provides: [PackageCapability]
    /// APT only: priority, section, archive (pocket).
    public var debian: DebianPackageFields?
    /// macOS only: which package manager offers it.
    public var macOSPackageManager: PackageTooling?
    /// When the package was built (rpm `time@build`); a fallback date for ApproveAfterDays.
    public var buildTime: Instant?

    public init(identity: PackageIdentity, repository: String, requires: [PackageRequirement] = [],
                provides: [PackageCapability] = [], debian: DebianPackageFields? = nil, macOSPackageManager: PackageTooling? = nil,
                buildTime: Instant? = nil) {
        self.identity = identity
        self.repository = repository
        self.requires = requires
        self.provides = provides
        self.debian = debian
        self.macOSPackageManager = macOSPackageManager
        self.buildTime = buildTime
    }

    public var name: String { identity.name }
    public var arch: String { identity.arch }
    public var version: PackageVersion { identity.version }

    /// Kernel packages: installs need a reboot, and AL2 kernels can be live-patched.
    public var isKernel: Bool { PackageIdentity.isKernelName(identity.name) }
}

extension PackageIdentity {
    /// Names of kernel packages across families (`kernel`, `kernel-core`, `kernel-default`,
    /// `linux-image-6.1.0-27-amd64`, `kernel-livepatch-...`).
    public static func isKernelName(_ name: String) -> Bool {
        name == "kernel" || name.hasPrefix("kernel-") || name.hasPrefix("linux-image-") || name == "linux-image"
    }
}
