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

/// What is installed on a node, sorted by `name.arch` for binary search. Immutable and
/// shared: instances made from one image hold the same `Inventory` value (copy-on-write
/// storage), and record only their own changes on top of it.
public struct Inventory: Hashable, Sendable {
    public private(set) var packages: [InstalledPackage]

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
        self.packages = unique
    }

    public var count: Int { packages.count }

    /// Installs or replaces the package of the same `name.arch`, keeping the order.
    /// O(log n) to find, O(n) to insert.
    public mutating func upsert(_ package: InstalledPackage) {
        let k = insertionIndex(name: package.name, arch: package.arch)
        if k < packages.count, packages[k].name == package.name, packages[k].arch == package.arch {
            packages[k] = package
        } else {
            packages.insert(package, at: k)
        }
    }

    /// Removes the package of this `name.arch`; returns it, nil when it was not installed.
    @discardableResult
    public mutating func remove(named name: String, arch: String) -> InstalledPackage? {
        let k = insertionIndex(name: name, arch: arch)
        guard k < packages.count, packages[k].name == name, packages[k].arch == arch else { return nil }
        return packages.remove(at: k)
    }

    func insertionIndex(name: String, arch: String) -> Int {
        var lo = 0, hi = packages.count
        while lo < hi {
            let mid = (lo + hi) / 2
            let p = packages[mid]
            if p.name < name || (p.name == name && p.arch < arch) { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// The installed package with this name and arch. O(log n).
    public func package(named name: String, arch: String) -> InstalledPackage? {
        let lo = insertionIndex(name: name, arch: arch)
        guard lo < packages.count, packages[lo].name == name, packages[lo].arch == arch else { return nil }
        return packages[lo]
    }

    /// Every installed arch of a name (multiarch, i686 + x86_64). O(log n + k).
    public func packages(named name: String) -> ArraySlice<InstalledPackage> {
        var lo = 0, hi = packages.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if packages[mid].name < name { lo = mid + 1 } else { hi = mid }
        }
        var end = lo
        while end < packages.count && packages[end].name == name { end += 1 }
        return packages[lo..<end]
    }
}
