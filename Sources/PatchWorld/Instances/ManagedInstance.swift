import PatchBaselines
import PatchModel

/// A machine image: an OS, a product and an inventory, shared by every instance made
/// from it. Instances store only their own changes on top of it.
public final class MachineImage: Sendable {
    public let imageId: String
    public let os: OperatingSystem
    public let product: String
    public let inventory: Inventory
    public let installedKBs: Set<WindowsKB>
    /// Windows: the Microsoft applications installed (`Office 2016`, ...): application
    /// updates apply only to these ([WIN-1]).
    public let applicationProducts: Set<String>
    /// How long runs take on it (the OS family's table unless the scenario says otherwise).
    public let timing: OperationTiming

    public init(imageId: String, os: OperatingSystem, product: String, inventory: Inventory, installedKBs: Set<WindowsKB> = [],
                applicationProducts: Set<String> = [], timing: OperationTiming? = nil) {
        self.imageId = imageId
        self.os = os
        self.product = product
        self.inventory = inventory
        self.installedKBs = installedKBs
        self.applicationProducts = applicationProducts
        self.timing = timing ?? .standard(for: os.family)
    }
}

/// Where a node runs: EC2 (`i-`), a hybrid/on-premises machine (`mi-`), an edge device.
public enum InstancePlatform: String, Sendable {
    case ec2 = "EC2"
    case onPremises = "OnPremises"
    case edge = "Edge"
}

/// The instance tier of a non-EC2 (hybrid, edge) node: Microsoft application patching
/// needs Advanced (FLT-41). EC2 instances have no tier.
public enum InstanceTier: String, Sendable {
    case Standard, Advanced
}

/// A failure a scenario injects on one node (spec baselines.md §9, scheduling.md §5).
public enum InjectedFault: Hashable, Sendable {
    /// [PRE-7]/FLT-8: repositories unreachable or a corrupt yum cache.
    case repositoriesUnreachable
    /// [PRE-9]/FLT-9 and FLT-14: AWS-managed S3 buckets unreachable.
    case s3Unreachable
    /// [PRE-8]/FLT-12: Windows Update / WSUS unreachable.
    case windowsUpdateUnreachable
    /// [PRE-11]/FLT-11: too little free space under /var.
    case varFull
    /// [PRE-12]/FLT-15: /var/lib/amazon mounted noexec.
    case noexecMount
    /// FLT-20: the package manager fails to install this package (name) or KB.
    case installFailure(String)
    /// FLT-32: the node-local patch tracking file is lost.
    case trackingFileLost
    /// FLT-23: the node never comes back from a Patch Manager reboot.
    case rebootNeverCompletes
}

/// The node-local record Patch Manager keeps between operations ([RBT-1]):
/// what it installed since the last boot, and when it last installed without rebooting.
public struct NodePatchRecord: Equatable, Sendable {
    public var pendingReboot: Set<String> = []
    public var lastNoRebootInstallOperationTime: Instant?
    public init() {}
}

/// One managed node: identity, platform facts, agent, network and disk conditions, and
/// its installed software as an image plus its own changes.
public struct ManagedInstance: Sendable {
    public var instanceId: String
    public let image: MachineImage
    public var arch: String
    public var platform: InstancePlatform
    public var tags: [String: String] { didSet { patchGroup = BaselineRegistry.patchGroup(tags: tags) ?? "" } }
    /// The patch group from the tags ([BL-3]), kept in step with them.
    public private(set) var patchGroup: String
    public var agentVersion: String { didSet { prerequisitesPass = nil } }
    /// `nil`: no Python installed.
    public var pythonVersion: String? { didSet { prerequisitesPass = nil } }
    public var behindProxy: Bool { didSet { prerequisitesPass = nil } }
    /// The Python `requests` version (matters on Amazon Linux behind a proxy, [PRE-6]).
    public var requestsVersion: String { didSet { prerequisitesPass = nil } }
    public var managed: Bool
    public var online: Bool
    public var bootTime: Instant
    public var faults: Set<InjectedFault> { didSet { prerequisitesPass = nil } }
    /// Whether the node's own facts passed the prerequisite checks last time; nil when
    /// not known (any of those facts changed since). Spares re-parsing versions per run.
    var prerequisitesPass: Bool?
    public var record = NodePatchRecord()
    /// `/etc/yum.conf` `exclude=` entries: kept to show they are not honoured ([LNX-1]).
    public var yumExcludes: [String] = []
    public private(set) var kbChanges: Set<WindowsKB> = []
    public var reboots = 0
    /// Amazon Linux 2 Kernel Live Patching enabled ([KLP-1]).
    public var kernelLivePatching = false
    /// Matters for non-EC2 nodes only (FLT-41).
    public var instanceTier = InstanceTier.Standard
    /// The private IPv4 address a scenario gives; nil: `generatedIPAddress(instanceId:)`.
    public var givenIPAddress: String?
    /// The node's IP address as DescribeInstanceInformation reports it.
    public var ipAddress: String { givenIPAddress ?? Self.generatedIPAddress(instanceId: instanceId) }

    /// A private address in 10.0.0.0/8 drawn from the id (FNV-1a): the same on every run,
    /// stored nowhere, so a million nodes cost nothing for it.
    public static func generatedIPAddress(instanceId: String) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in instanceId.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return "10.\((h >> 16) & 0xFF).\((h >> 8) & 0xFF).\(1 + (h & 0xFF) % 254)"
    }
    /// When the AWS-RunPatchBaseline run in progress on this node ends (FLT-10).
    public var busyUntil: Instant?

    public init(instanceId: String, image: MachineImage, arch: String = "x86_64", platform: InstancePlatform = .ec2,
                tags: [String: String] = [:], agentVersion: String = "3.3.1142.0", pythonVersion: String? = "3.9",
                behindProxy: Bool = false, requestsVersion: String = "2.25.1", managed: Bool = true, online: Bool = true,
                bootTime: Instant = .epoch, faults: Set<InjectedFault> = []) {
        self.instanceId = instanceId
        self.image = image
        self.inventory = image.inventory
        self.arch = arch
        self.platform = platform
        self.tags = tags
        self.patchGroup = BaselineRegistry.patchGroup(tags: tags) ?? ""
        self.agentVersion = agentVersion
        self.pythonVersion = pythonVersion
        self.behindProxy = behindProxy
        self.requestsVersion = requestsVersion
        self.managed = managed
        self.online = online
        self.bootTime = bootTime
        self.faults = faults
    }

    public var os: OperatingSystem { image.os }
    public var product: String { image.product }

    /// The inventory as installed now: the image's (shared, not copied) until this node
    /// changes something, then rebuilt once per change.
    public private(set) var inventory: Inventory

    public var installedKBs: Set<WindowsKB> { image.installedKBs.union(kbChanges) }

    /// Installs (or upgrades to) a package version.
    public mutating func install(_ identity: PackageIdentity, at t: Instant) {
        let package = InstalledPackage(identity: identity, installedAt: t)
        // The digest covers versions that differ from the image's: no per-node change list is
        // kept, the inventory itself is the record (and is shared between alike nodes).
        let imageVersion = image.inventory.package(named: identity.name, arch: identity.arch)?.version
        if let current = inventory.package(named: identity.name, arch: identity.arch) {
            if current.version != imageVersion { changesDigest &-= Self.changeHash(identity.unitKey, current.version.description) }
        } else if imageVersion != nil {
            changesDigest &-= Self.changeHash(identity.unitKey, "-")  // reinstalled after a removal
        }
        if identity.version != imageVersion {
            changesDigest &+= Self.changeHash(identity.unitKey, identity.version.description)
        }
        inventory.upsert(package)
    }

    /// Removes a package (what the node's change digest records as a version "-").
    public mutating func remove(named name: String, arch: String) {
        guard let current = inventory.remove(named: name, arch: arch) else { return }
        let unit = current.identity.unitKey
        let imageVersion = image.inventory.package(named: name, arch: arch)?.version
        if current.version != imageVersion { changesDigest &-= Self.changeHash(unit, current.version.description) }
        if imageVersion != nil { changesDigest &+= Self.changeHash(unit, "-") }
    }

    public mutating func install(_ kb: WindowsKB) {
        if kbChanges.insert(kb).inserted { changesDigest &+= Self.changeHash(kb.description, "") }
    }

    /// Identifies the installed software: the image, plus an order-independent digest of
    /// this node's own changes (nodes patched alike share it), updated in O(1) per install.
    public var inventoryKey: String { changesDigest == 0 ? image.imageId : "\(image.imageId)+\(changesDigest)" }
    private var changesDigest: UInt64 = 0

    static func changeHash(_ unit: String, _ version: String) -> UInt64 {
        // Mixed so that sums of different change sets do not collide by construction.
        var z = ScanCache.stableHash(unit + "=" + version) &+ 0x9e37_79b9_7f4a_7c15
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        return z ^ (z >> 31)
    }

    /// Makes the installed software now the shared base later changes are kept over.
    mutating func rebaseInventory() { inventory.rebase() }

    /// Adopts an inventory another node with the same `inventoryKey` already holds, so
    /// nodes patched alike share one copy.
    public mutating func share(_ other: Inventory) { inventory = other }

    /// Takes over another node's installed software (same image): its inventory, KB
    /// changes and their digest, shared rather than copied.
    mutating func adoptInstalledSoftware(of other: ManagedInstance) {
        inventory = other.inventory
        kbChanges = other.kbChanges
        changesDigest = other.changesDigest
    }

    /// Identifies this node's installed software cheaply: the image object and the digest.
    var softwareIdentity: (ObjectIdentifier, UInt64) { (ObjectIdentifier(image), changesDigest) }
}

extension ManagedInstance {
    /// A reboot outside Patch Manager's own: the node-local pending list is cleared, but
    /// no stored compliance changes until the next report ([OP-2]).
    public mutating func reboot(at t: Instant) {
        boot(at: t)
        reboots += 1
    }

    /// A start from stopped: a boot, but not a reboot of a running node.
    public mutating func boot(at t: Instant) {
        bootTime = t
        record.pendingReboot = []
    }
}
