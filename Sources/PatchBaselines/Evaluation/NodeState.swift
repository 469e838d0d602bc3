import PatchModel
import Synchronization

/// What one node has: its OS and product, what is installed, and the node-local record
/// of the last operation (pending reboot, failures).
public struct NodeState: Sendable {
    public var instanceId: String
    public var os: OperatingSystem
    public var product: String
    public var patchGroup: String
    public var inventory: Inventory
    /// Windows: the installed updates.
    public var installedKBs: Set<WindowsKB>
    /// Windows: application products present (application updates apply only to them).
    public var applicationProducts: Set<String>
    /// Unit keys (`name.arch`, KB ids) installed by a Patch Manager Install since the last boot.
    public var pendingReboot: Set<String>
    /// Unit keys whose install failed in the latest operation.
    public var failed: Set<String>

    public init(instanceId: String = "i-0000000000000000", os: OperatingSystem, product: String, patchGroup: String = "",
                inventory: Inventory = Inventory([]), installedKBs: Set<WindowsKB> = [], applicationProducts: Set<String> = [],
                pendingReboot: Set<String> = [], failed: Set<String> = []) {
        self.instanceId = instanceId
        self.os = os
        self.product = product
        self.patchGroup = patchGroup
        self.inventory = inventory
        self.installedKBs = installedKBs
        self.applicationProducts = applicationProducts
        self.pendingReboot = pendingReboot
        self.failed = failed
    }
}

/// What the node's repositories (or the Windows catalogue) offer at the evaluation instant.
/// Its lookup index is built once, on first use, and shared by every copy, so all the nodes
/// that read the same repository state share it; changing the content drops it.
public struct AvailableContent: Sendable {
    public var packages: [AvailablePackage] { didSet { indexBox = LazyValue(); requiredByBox = LazyValue() } }
    public var notices: [UpdateNotice] { didSet { indexBox = LazyValue() } }
    public var windowsUpdates: [WindowsUpdate]
    private var indexBox = LazyValue<Index>()
    private var requiredByBox = LazyValue<[String: [(package: Int, requirement: Int)]]>()

    public init(packages: [AvailablePackage] = [], notices: [UpdateNotice] = [], windowsUpdates: [WindowsUpdate] = []) {
        self.packages = packages
        self.notices = notices
        self.windowsUpdates = windowsUpdates
    }

    /// Offers by `name.arch`, by name and by provided capability, and notices by the
    /// package versions they list.
    public struct Index: Sendable {
        public let byUnit: [String: [AvailablePackage]]
        public let byName: [String: [AvailablePackage]]
        public let byCapability: [String: [AvailablePackage]]
        public let noticesByPackage: [PackageIdentity: [Int]]
    }

    public var index: Index {
        indexBox.get { () -> Index in
            // The tables are independent: the by-unit one and the other three built side by
            // side, each in package order, so they are the same whatever the core count (a
            // Debian index is 60,000 offers; below 10,000 a thread costs more than it saves).
            let packages = self.packages, notices = self.notices
            let parts = ParallelMap.run(2, threads: packages.count >= 10_000 ? 2 : 1) { part -> Index in
                guard part == 1 else { return Index(byUnit: Self.offersByUnit(packages), byName: [:], byCapability: [:], noticesByPackage: [:]) }
                let (byName, byCapability) = Self.offersByName(packages)
                return Index(byUnit: [:], byName: byName, byCapability: byCapability, noticesByPackage: Self.noticesByPackage(notices))
            }
            return Index(byUnit: parts[0].byUnit, byName: parts[1].byName, byCapability: parts[1].byCapability,
                         noticesByPackage: parts[1].noticesByPackage)
        }
    }

    private static func offersByUnit(_ packages: [AvailablePackage]) -> [String: [AvailablePackage]] {
        var byUnit: [String: [AvailablePackage]] = [:]
        byUnit.reserveCapacity(packages.count)  // rehashing as keys arrive cost a tenth of a Debian scan
        for p in packages { byUnit[p.identity.unitKey, default: []].append(p) }
        return byUnit
    }

    private static func offersByName(_ packages: [AvailablePackage]) -> ([String: [AvailablePackage]], [String: [AvailablePackage]]) {
        var byName: [String: [AvailablePackage]] = [:], byCapability: [String: [AvailablePackage]] = [:]
        byName.reserveCapacity(packages.count)
        for p in packages {
            byName[p.name, default: []].append(p)
            if p.provides.isEmpty { continue }
            for c in Set(p.provides.map(\.name)) where c != p.name { byCapability[c, default: []].append(p) }
        }
        return (byName, byCapability)
    }

    private static func noticesByPackage(_ notices: [UpdateNotice]) -> [PackageIdentity: [Int]] {
        var byPackage: [PackageIdentity: [Int]] = [:]
        for (k, n) in notices.enumerated() { for p in n.packages { byPackage[p, default: []].append(k) } }
        return byPackage
    }

    /// For each package name, the requirements that mention it: (position in `packages`,
    /// position among its requirements), of the first offer of each distinct version of a
    /// unit (the record a package manager reads for an installed version). Built once, on
    /// first use, for apt's check that an upgrade breaks no installed package ([AGT-5]).
    public var requiredBy: [String: [(package: Int, requirement: Int)]] {
        requiredByBox.get {
            var out: [String: [(package: Int, requirement: Int)]] = [:]
            var seen: [String: [PackageVersion]] = [:]
            for (k, p) in packages.enumerated() {
                let unit = p.identity.unitKey
                if seen[unit]?.contains(where: { $0 == p.version }) == true { continue }
                seen[unit, default: []].append(p.version)
                for (r, requirement) in p.requires.enumerated() {
                    for name in Set(requirement.alternatives.map(\.name)) { out[name, default: []].append((k, r)) }
                }
            }
            return out
        }
    }

    /// A value built once, on first use, and shared by every copy of the content.
    final class LazyValue<Value>: @unchecked Sendable {
        private let lock = Mutex<Value?>(nil)
        func get(_ build: () -> Value) -> Value {
            lock.withLock { cached in
                if let cached { return cached }
                let made = build()
                cached = made
                return made
            }
        }
    }
}

/// The result of a Scan: per-patch records (sorted by KBId) and the node summary.
/// A drifted node's records are kept as changes over its base inventory's answer ([18]).
public struct ScanResult: Sendable {
    public var records: PatchRecords
    public var summary: InstancePatchState
    /// The version each MISSING record would install, by KBId.
    public var targets: MissingTargets

    public init(records: [PatchComplianceRecord], summary: InstancePatchState, targets: [String: String]) {
        self.init(records: PatchRecords(sorted: records), summary: summary, targets: MissingTargets(targets))
    }

    init(records: PatchRecords, summary: InstancePatchState, targets: MissingTargets) {
        self.records = records
        self.summary = summary
        self.targets = targets
    }
}

public typealias PatchRecords = LayeredList<PatchComplianceRecord>

extension PatchComplianceRecord: LayeredElement {
    public var layerKey: String { kbId }
}

/// The version each MISSING record of a scan would install, by KBId: a base shared with
/// the scan it was derived from, and this scan's own entries (nil: none here).
public struct MissingTargets: Sendable, Equatable {
    private var base: [String: String]
    private var own: [String: String?] = [:]

    public init(_ targets: [String: String] = [:]) { base = targets }

    public subscript(kbId: String) -> String? {
        get { if let o = own[kbId] { return o }; return base[kbId] }
        set { own[kbId] = .some(newValue) }
    }

    public var isEmpty: Bool { all.isEmpty }

    /// Every entry, base and own merged.
    public var all: [String: String] {
        guard !own.isEmpty else { return base }
        var out = base
        for (k, v) in own { out[k] = v }
        return out
    }
}
