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
    public var unitKey: String { UnitName(name: name, arch: arch).unitKey }

    /// Compliance `KBId` (§2.1): `name.arch`.
    public var kbId: String { unitKey }

    /// Compliance `Title` (§2.1): `name.arch:epoch:version-release` for rpm,
    /// `name.arch:version` for dpkg, `name.version` for macOS (the payload's form).
    public var title: String {
        switch version {
        case .rpm(let v): return "\(unitKey):\(v.epochNumber):\(v.version)-\(v.release ?? "")"
        case .deb(let v): return "\(unitKey):\(v)"
        case .macOS(let v): return "\(name).\(v)"
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

/// A dependency: one clause of an rpm `Requires:` or a dpkg `Depends:`/`Pre-Depends:`,
/// satisfied by any of its alternatives (`a (>= 1) | b`); rpm clauses have one.
public struct PackageRequirement: Hashable, Sendable, CustomStringConvertible {
    /// The relations rpm and dpkg write (`<<`/`<` less, `<=`, `=`, `>=`, `>>`/`>` greater).
    public enum Relation: String, Hashable, Sendable {
        case lessThan = "<<", lessOrEqual = "<=", equal = "=", greaterOrEqual = ">=", greaterThan = ">>"
    }

    /// A package name or a provided capability, optionally at a version.
    public struct Alternative: Hashable, Sendable, CustomStringConvertible {
        public var name: String
        public var relation: Relation?
        public var version: PackageVersion?

        public init(name: String, relation: Relation? = nil, version: PackageVersion? = nil) {
            self.name = name
            self.relation = version == nil ? nil : relation
            self.version = relation == nil ? nil : version
        }

        /// Whether `candidate` meets the version part. An rpm requirement without a release
        /// compares version only (`= 1.0` is met by `1.0-7`), as rpm does.
        public func accepts(_ candidate: PackageVersion) -> Bool {
            guard let relation, let version else { return true }
            var c = candidate
            if case .rpm(let want) = version, want.release == nil, case .rpm(let have) = candidate {
                c = .rpm(RPMVersion(epoch: have.epoch, version: have.version, release: nil))
            }
            let order = PackageVersion.compare(c, version)
            switch relation {
            case .lessThan: return order < 0
            case .lessOrEqual: return order <= 0
            case .equal: return order == 0
            case .greaterOrEqual: return order >= 0
            case .greaterThan: return order > 0
            }
        }

        public var description: String {
            guard let relation, let version else { return name }
            return "\(name) (\(relation.rawValue) \(version))"
        }
    }

    public var alternatives: [Alternative]

    public init(alternatives: [Alternative]) { self.alternatives = alternatives }

    /// "At least this version of that package" (or any version).
    public init(name: String, minimumVersion: PackageVersion? = nil) {
        alternatives = [Alternative(name: name, relation: minimumVersion == nil ? nil : .greaterOrEqual, version: minimumVersion)]
    }

    /// The first alternative's name.
    public var name: String { alternatives.first?.name ?? "" }

    /// The first alternative's lowest acceptable version (`>=`, `=`, `>>`), if any.
    public var minimumVersion: PackageVersion? {
        guard let a = alternatives.first, let r = a.relation, [.greaterOrEqual, .equal, .greaterThan].contains(r) else { return nil }
        return a.version
    }

    public var description: String { alternatives.map(\.description).joined(separator: " | ") }
}

/// A capability a package provides besides its own name (rpm `Provides:`, dpkg
/// `Provides:`), optionally at a version.
public struct PackageCapability: Hashable, Sendable {
    public var name: String
    public var version: PackageVersion?

    public init(name: String, version: PackageVersion? = nil) {
        self.name = name
        self.version = version
    }
}
