/// A version in its OS's native scheme. Versions of different schemes never meet in
/// one comparison (a node has one OS); if they do, the scheme order decides, stably.
public enum PackageVersion: Hashable, Comparable, Sendable, CustomStringConvertible {
    case rpm(RPMVersion)
    case deb(DebianVersion)
    case macOS(MacOSVersion)

    /// Parses `text` in `scheme`; nil when the text is not a version there.
    public init?(_ text: String, scheme: VersionScheme) {
        switch scheme {
        case .rpm:
            guard let v = RPMVersion(parsing: text) else { return nil }
            self = .rpm(v)
        case .deb:
            guard let v = DebianVersion(lenient: text) else { return nil }
            self = .deb(v)
        case .macOS, .windowsKB:
            guard let v = MacOSVersion(text) else { return nil }
            self = .macOS(v)
        }
    }

    public var description: String {
        switch self {
        case .rpm(let v): return v.description
        case .deb(let v): return v.description
        case .macOS(let v): return v.description
        }
    }

    /// -1, 0 or 1 in native order.
    public static func compare(_ a: PackageVersion, _ b: PackageVersion) -> Int {
        switch (a, b) {
        case let (.rpm(x), .rpm(y)): return RPMVersion.compare(x, y)
        case let (.deb(x), .deb(y)): return DebianVersion.compare(x, y)
        case let (.macOS(x), .macOS(y)): return MacOSVersion.compare(x, y)
        default: return a.schemeRank < b.schemeRank ? -1 : 1
        }
    }

    var schemeRank: Int {
        switch self {
        case .rpm: return 0
        case .deb: return 1
        case .macOS: return 2
        }
    }

    public static func < (a: PackageVersion, b: PackageVersion) -> Bool { compare(a, b) < 0 }
}
