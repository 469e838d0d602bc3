/// A package at a version on one architecture: NEVRA for rpm, name/version/arch for
/// dpkg, name/version for macOS (arch empty). The compliance record's `KBId` and
/// `Title` are derived from it exactly as spec §2.1 shows.
public struct PackageIdentity: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var name: String
    public var arch: String
    public var version: PackageVersion

    public init(name: String, arch: String, version: PackageVersion) {
        self.name = name
        self.arch = arch
        self.version = version
    }

    /// The patch unit key, `name.arch` (`bind-libs.x86_64`); macOS: the bare name.
    public var unitKey: String { arch.isEmpty ? name : "\(name).\(arch)" }

    /// Compliance `KBId` (§2.1): `name.arch`.
    public var kbId: String { unitKey }

    /// Compliance `Title` (§2.1): `name.arch:epoch:version-release` for rpm,
    /// `name.arch:version` for dpkg, `name version` for macOS.
    public var title: String {
        switch version {
        case .rpm(let v): return "\(unitKey):\(v.epochNumber):\(v.version)-\(v.release ?? "")"
        case .deb(let v): return "\(unitKey):\(v)"
        case .macOS(let v): return "\(name) \(v)"
        }
    }

    /// The form approved/rejected lists match for rpm (`name-version-release.arch`, no epoch).
    public var listForm: String {
        switch version {
        case .rpm(let v): return "\(name)-\(v.version)-\(v.release ?? "").\(arch)"
        case .deb, .macOS: return name
        }
    }

    public var description: String { title }

    /// By name, then arch, then version: the order reports list packages in.
    public static func < (a: PackageIdentity, b: PackageIdentity) -> Bool {
        if a.name != b.name { return a.name < b.name }
        if a.arch != b.arch { return a.arch < b.arch }
        return a.version < b.version
    }
}

/// "Needs at least this version of that package" (an rpm `Requires: x >= v` or a dpkg
/// `Depends: x (>= v)`), which is all the simulated package managers resolve.
public struct PackageRequirement: Hashable, Sendable, CustomStringConvertible {
    public var name: String
    public var minimumVersion: PackageVersion?

    public init(name: String, minimumVersion: PackageVersion? = nil) {
        self.name = name
        self.minimumVersion = minimumVersion
    }

    public var description: String { minimumVersion.map { "\(name) >= \($0)" } ?? name }
}
