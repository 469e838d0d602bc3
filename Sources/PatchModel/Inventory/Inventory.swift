/// One installed package: what, at which version and arch, and since when.
public struct InstalledPackage: Hashable, Sendable {
    public var identity: PackageIdentity
    /// When it was installed, where the source says (rpm's INSTALLTIME; dpkg keeps none).
    public var installedAt: Instant?
    /// macOS: which package manager installed it (its CLASSIFICATION, [AGT-1]).
    public var macOSPackageManager: PackageTooling?

    public init(identity: PackageIdentity, installedAt: Instant? = nil, macOSPackageManager: PackageTooling? = nil) {
        self.identity = identity
        self.installedAt = installedAt
        self.macOSPackageManager = macOSPackageManager
    }

    public var name: String { identity.name }
    public var arch: String { identity.arch }
    public var version: PackageVersion { identity.version }
}

/// A package's place in an inventory: its name, then its arch.
public struct UnitName: Comparable, Hashable, Sendable {
    public var name: String
    public var arch: String
    public init(name: String, arch: String) { self.name = name; self.arch = arch }
    /// The patch unit key, `name.arch`; a bare name when there is no arch (macOS).
    public var unitKey: String { arch.isEmpty ? name : "\(name).\(arch)" }
    public static func < (a: UnitName, b: UnitName) -> Bool { a.name != b.name ? a.name < b.name : a.arch < b.arch }
}

extension InstalledPackage: LayeredElement {
    public var layerKey: UnitName { UnitName(name: identity.name, arch: identity.arch) }
}

/// What is installed on a node, sorted by `name.arch`. Instances made from one image
/// hold the image's list as their shared base and keep only their own changes over it
/// ([18], `LayeredList`): a node drifted by k packages costs O(k), and a scan can start
/// from the answer computed for the base.
public struct Inventory: Hashable, Sendable {
    public private(set) var packages: LayeredList<InstalledPackage>

    /// Builds an inventory; when the same `name.arch` appears twice (dpkg multi-version
    /// or duplicate rpm entries) the newest version is kept, as package managers report.
    public init(_ packages: [InstalledPackage]) {
        let sorted = packages.sorted { a, b in
            if a.name != b.name { return a.name < b.name }
            if a.arch != b.arch { return a.arch < b.arch }
            return a.version < b.version
        }
        var unique: [InstalledPackage] = []
        unique.reserveCapacity(sorted.count)
        for p in sorted {
            if let last = unique.last, last.name == p.name, last.arch == p.arch {
                unique[unique.count - 1] = p
            } else {
                unique.append(p)
            }
        }
        self.packages = LayeredList(sorted: unique)
    }

    public var count: Int { packages.count }

    /// Installs or replaces the package of the same `name.arch`, keeping the order.
    public mutating func upsert(_ package: InstalledPackage) { packages.upsert(package) }

    /// Removes the package of this `name.arch`; returns it, nil when it was not installed.
    @discardableResult
    public mutating func remove(named name: String, arch: String) -> InstalledPackage? {
        packages.remove(UnitName(name: name, arch: arch))
    }

    /// Makes what is installed now the shared base of this inventory and its later copies
    /// (an image version that many drifted nodes start from).
    public mutating func rebase() { packages.flatten() }

    /// The installed package with this name and arch. O(log n).
    public func package(named name: String, arch: String) -> InstalledPackage? {
        packages.element(for: UnitName(name: name, arch: arch))
    }

    /// Every installed arch of a name (multiarch, i686 + x86_64). O(log n + k).
    public func packages(named name: String) -> [InstalledPackage] {
        var out: [InstalledPackage] = []
        var i = packages.index(atOrAfter: UnitName(name: name, arch: ""))
        while i < packages.endIndex, packages[i].name == name {
            out.append(packages[i])
            i = packages.index(after: i)
        }
        return out
    }
}
