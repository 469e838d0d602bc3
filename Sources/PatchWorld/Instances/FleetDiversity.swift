import PatchModel

/// How a fleet group's nodes differ from their image ([18]), as real fleets do: launched
/// from successive versions of the image over the months before the start, then drifted
/// (packages held back, extra packages installed, installs that keep failing). Seeded per
/// node, so a run is the same whatever the machine; each node's installed software is the
/// image plus its own changes, shared between nodes whose changes are alike.
public struct FleetDiversity: Equatable, Sendable {
    /// Successive image versions the group's nodes were launched from (1: all the same).
    public var imageVersions = 1
    /// Per version step back, the share of the image's packages one release older.
    public var packagesBehindPerVersion = 0.02
    /// Share of nodes that hold `heldBackPackages` packages one release further back.
    public var heldBackNodes = 0.0
    public var heldBackPackages = 1
    /// Share of nodes with `extraPackages` packages installed that the image lacks (the
    /// oldest version their repositories offer at the start).
    public var extraPackageNodes = 0.0
    public var extraPackages = 1
    /// Share of nodes on which `failedInstallPackages` of the image's packages fail to
    /// install (FLT-20), every time.
    public var failedInstallNodes = 0.0
    public var failedInstallPackages = 1

    public init() {}

    /// A version `steps` releases older than `v`, that sorts before it under rpm and dpkg
    /// ordering alike (a `~` suffix sorts before the end of a release; a smaller number
    /// after it sorts before a larger): `1.2-3.amzn2` → `1.2-3.amzn2~b999` (one step),
    /// `~b998` (two). Synthetic, as an image's older builds need not be in any repository.
    public static func older(_ v: PackageVersion, steps: Int) -> PackageVersion? {
        guard steps > 0 else { return v }
        let suffix = "~b" + String(1000 - min(steps, 999))
        switch v {
        case .rpm(let r): return .rpm(RPMVersion(epoch: r.epoch, version: r.version, release: (r.release ?? "0") + suffix))
        case .deb(let d): return .deb(DebianVersion(epoch: d.epoch, upstream: d.upstream, revision: (d.revision.isEmpty ? "0" : d.revision) + suffix))
        case .macOS: return nil
        }
    }

    /// Per image version (0 the newest), the packages behind and by how many releases:
    /// per package and version step a draw of its own, so each older version is behind in
    /// what the newer one is, and more. Computed once per fleet group.
    public func imageVersionSteps(imageId: String, image: Inventory, seed: UInt64) -> [[String: Int]] {
        var out: [[String: Int]] = [[:]]
        guard imageVersions > 1, packagesBehindPerVersion > 0 else { return Array(repeating: [:], count: max(1, imageVersions)) }
        for step in 1..<imageVersions {
            var steps = out[step - 1]
            for p in image.packages {
                var r = SeededGenerator(seed: seed, stream: "image-version:\(imageId):\(p.identity.unitKey):\(step)")
                if r.unit() < packagesBehindPerVersion { steps[p.identity.unitKey, default: 0] += 1 }
            }
            out.append(steps)
        }
        return out
    }

    /// Per image version, the older package versions it holds, in the image's order.
    public func versionInstalls(_ versions: [[String: Int]], image: Inventory) -> [[PackageIdentity]] {
        versions.map { steps in
            steps.isEmpty ? [] : image.packages.compactMap { p in
                steps[p.identity.unitKey].flatMap { Self.older(p.version, steps: $0) }.map { PackageIdentity(name: p.name, arch: p.arch, version: $0) }
            }
        }
    }

    /// What one node has instead of its image: the image version it was launched from,
    /// its own drift over that version (older or extra package versions to install),
    /// packages whose installs fail, and a key naming that change set (nodes with the same
    /// key share one inventory). `versions`: `imageVersionSteps`; `extraOffers`: packages
    /// its repositories offer that the image lacks, each unit once, in a fixed order.
    public func changes(instanceId: String, image: Inventory, versions: [[String: Int]],
                        extraOffers: [PackageIdentity], seed: UInt64) -> (version: Int, drift: [PackageIdentity], failing: [String], key: String) {
        var rng = SeededGenerator(seed: seed, stream: "diversity:\(instanceId)")
        let version = imageVersions > 1 ? rng.below(imageVersions) : 0
        let packages = Array(image.packages)
        // Drift: one draw per kind, always, so one share never shifts another's draws.
        let holds = rng.unit() < heldBackNodes, extras = rng.unit() < extraPackageNodes, fails = rng.unit() < failedInstallNodes
        var key = "v\(version)"
        var drift: [PackageIdentity] = []
        if holds && !packages.isEmpty {
            let steps = version < versions.count ? versions[version] : [:]
            var held: [Int: Int] = [:]
            for _ in 0..<heldBackPackages { held[rng.below(packages.count), default: 0] += 1 }
            let positions = held.keys.sorted()
            // Each draw holds its package one more release back than its image version has it.
            key += "|held:" + positions.flatMap { k in Array(repeating: String(k), count: held[k] ?? 1) }.joined(separator: ",")
            for k in positions {
                let p = packages[k]
                if let v = Self.older(p.version, steps: (steps[p.identity.unitKey] ?? 0) + (held[k] ?? 1)) {
                    drift.append(PackageIdentity(name: p.name, arch: p.arch, version: v))
                }
            }
        }
        if extras && !extraOffers.isEmpty {
            var chosen: Set<Int> = []
            for _ in 0..<min(extraPackages, extraOffers.count) { chosen.insert(rng.below(extraOffers.count)) }
            key += "|extra:" + chosen.sorted().map(String.init).joined(separator: ",")
            drift += chosen.sorted().map { extraOffers[$0] }
        }
        var failing: [String] = []
        if fails && !packages.isEmpty {
            failing = Set((0..<failedInstallPackages).map { _ in packages[rng.below(packages.count)].name }).sorted()
        }
        return (version, drift, failing, key)
    }
}

extension Fleet {
    /// Adds a node launched from image version `version` (its packages `versionInstalls`
    /// over the image) and drifted by `drift`. Each image version is built once as the
    /// shared base of its nodes' inventories; nodes given the same changes (`key`) share one
    /// inventory, as nodes patched alike do.
    public mutating func add(_ node: ManagedInstance, version: Int, versionInstalls: [PackageIdentity], drift: [PackageIdentity],
                             key changeKey: String, at t: Instant) {
        guard !versionInstalls.isEmpty || !drift.isEmpty else { add(node); return }
        var node = node
        let key = node.image.imageId + "|" + changeKey
        if let template = diversityTemplates[key] {
            node.adoptInstalledSoftware(of: template)
        } else {
            let versionKey = node.image.imageId + "|v\(version)"
            if let base = diversityTemplates[versionKey] {
                node.adoptInstalledSoftware(of: base)
            } else {
                for c in versionInstalls { node.install(c, at: t) }
                node.rebaseInventory()
                diversityTemplates[versionKey] = node
            }
            for c in drift { node.install(c, at: t) }
            diversityTemplates[key] = node
        }
        add(node)
    }

    /// Drops what `add(_:version:versionInstalls:drift:key:at:)` kept to share inventories while loading.
    public mutating func finishAddingDiverseNodes() { diversityTemplates = [:] }
    /// How many distinct installed-software states the fleet's nodes hold now.
    public var distinctInstalledStates: Int {
        struct Software: Hashable { var image: ObjectIdentifier; var changes: UInt64 }
        return Set(instances.values.map { n in Software(image: n.softwareIdentity.0, changes: n.softwareIdentity.1) }).count
    }
}
