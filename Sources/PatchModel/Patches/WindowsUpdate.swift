/// One Windows update in the Microsoft catalogue (spec §2.3, §2.4 [MD-3]).
public struct WindowsUpdate: Hashable, Sendable {
    public var kb: WindowsKB
    /// `Patch.Id`: a GUID, not the KB id.
    public var id: String
    public var title: String
    /// `CriticalUpdates`, `SecurityUpdates`, `Updates`, ... (CLASSIFICATION).
    public var classification: String
    /// `Critical`, `Important`, `Moderate`, `Low`, `Unspecified` (MSRC_SEVERITY).
    public var msrcSeverity: String
    /// `WindowsServer2019`, `Office 2016`, ...
    public var product: String
    /// `Windows`, `Office`, `SQL Server`, ...
    public var productFamily: String
    public var patchSet: PatchSet
    public var msrcNumber: MSRCBulletin?
    /// Application updates without an explicit date carry 1970-01-01 (§2.4).
    public var releaseDate: Instant
    /// The updates this one replaces.
    public var supersedes: [WindowsKB]
    public var cveIds: [String]
    /// Installs that need a reboot (most cumulative updates do).
    public var requiresReboot: Bool

    public enum PatchSet: String, Hashable, Sendable {
        case os = "OS"
        case application = "APPLICATION"
    }

    public init(kb: WindowsKB, id: String, title: String, classification: String, msrcSeverity: String = "Unspecified",
                product: String, productFamily: String = "Windows", patchSet: PatchSet = .os,
                msrcNumber: MSRCBulletin? = nil, releaseDate: Instant = .epoch, supersedes: [WindowsKB] = [],
                cveIds: [String] = [], requiresReboot: Bool = true) {
        self.kb = kb
        self.id = id
        self.title = title
        self.classification = classification
        self.msrcSeverity = msrcSeverity
        self.product = product
        self.productFamily = productFamily
        self.patchSet = patchSet
        self.msrcNumber = msrcNumber
        self.releaseDate = releaseDate
        self.supersedes = supersedes
        self.cveIds = cveIds
        self.requiresReboot = requiresReboot
    }

    public var isSecurity: Bool { classification.caseInsensitiveEquals("SecurityUpdates") }
}

/// Who replaces whom among Windows updates. The catalogue removes superseded updates
/// ([MD-3]); a node that has a superseding update installed finds the older one
/// NOT_APPLICABLE ([WIN-1]). Chains are followed transitively; cycles in bad input
/// are cut, never looped on.
public struct SupersedenceGraph: Sendable {
    private var supersededBy: [WindowsKB: Set<WindowsKB>] = [:]

    public init(_ updates: [WindowsUpdate]) {
        for u in updates {
            for old in u.supersedes where old != u.kb { supersededBy[old, default: []].insert(u.kb) }
        }
    }

    /// The updates that directly replace `kb`.
    public func directSuccessors(of kb: WindowsKB) -> Set<WindowsKB> { supersededBy[kb] ?? [] }

    /// Whether anything replaces `kb` (then the catalogue no longer offers it).
    public func isSuperseded(_ kb: WindowsKB) -> Bool { !(supersededBy[kb]?.isEmpty ?? true) }

    /// Every update that replaces `kb`, directly or through a chain.
    public func allSuccessors(of kb: WindowsKB) -> Set<WindowsKB> {
        var seen: Set<WindowsKB> = []
        var stack = Array(directSuccessors(of: kb))
        while let next = stack.popLast() {
            guard next != kb, seen.insert(next).inserted else { continue }
            stack.append(contentsOf: directSuccessors(of: next))
        }
        return seen
    }

    /// Whether an installed update replaces `kb`, so installing `kb` is not applicable.
    public func isSuperseded(_ kb: WindowsKB, byAnyOf installed: Set<WindowsKB>) -> Bool {
        !allSuccessors(of: kb).isDisjoint(with: installed)
    }
}

/// A macOS package of one of its package managers (§2.1: only name and version count).
public struct MacOSPackage: Hashable, Sendable {
    public var name: String
    public var version: MacOSVersion
    /// The CLASSIFICATION value: `softwareupdate`, `installer`, `brew`, `brew cask`.
    public var packageManager: PackageTooling

    public init(name: String, version: MacOSVersion, packageManager: PackageTooling) {
        self.name = name
        self.version = version
        self.packageManager = packageManager
    }

    /// `installer` cannot discover updates: its packages are never MISSING ([MAC-1]).
    public var canBeOfferedAsUpdate: Bool { packageManager != .installer }
}
