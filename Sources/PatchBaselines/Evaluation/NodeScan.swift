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
    public var packages: [AvailablePackage] { didSet { indexBox = IndexBox() } }
    public var notices: [UpdateNotice] { didSet { indexBox = IndexBox() } }
    public var windowsUpdates: [WindowsUpdate]
    private var indexBox = IndexBox()

    public init(packages: [AvailablePackage] = [], notices: [UpdateNotice] = [], windowsUpdates: [WindowsUpdate] = []) {
        self.packages = packages
        self.notices = notices
        self.windowsUpdates = windowsUpdates
    }

    /// Offers by `name.arch` and by name, and notices by the package versions they list.
    public struct Index: Sendable {
        public let byUnit: [String: [AvailablePackage]]
        public let byName: [String: [AvailablePackage]]
        public let noticesByPackage: [PackageIdentity: [Int]]
    }

    public var index: Index {
        indexBox.get { () -> Index in
            var byUnit: [String: [AvailablePackage]] = [:], byName: [String: [AvailablePackage]] = [:]
            for p in packages {
                byUnit[p.identity.unitKey, default: []].append(p)
                byName[p.name, default: []].append(p)
            }
            var notices: [PackageIdentity: [Int]] = [:]
            for (k, n) in self.notices.enumerated() { for p in n.packages { notices[p, default: []].append(k) } }
            return Index(byUnit: byUnit, byName: byName, noticesByPackage: notices)
        }
    }

    final class IndexBox: @unchecked Sendable {
        private let lock = Mutex<Index?>(nil)
        func get(_ build: () -> Index) -> Index {
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
public struct ScanResult: Sendable {
    public var records: [PatchComplianceRecord]
    public var summary: InstancePatchState
    /// The version each MISSING record would install, by KBId.
    public var targets: [String: String]

    public init(records: [PatchComplianceRecord], summary: InstancePatchState, targets: [String: String]) {
        self.records = records
        self.summary = summary
        self.targets = targets
    }
}

/// Evaluates a baseline on one node at one instant, as a Scan reports it ([LNX-1] steps
/// 2-9, [WIN-1], [MAC-1], [CMP-2], [CMP-3]).
public struct NodeScanner {
    public let baseline: PatchBaseline
    public let settings: EvaluationSettings
    public let now: Instant

    public init(baseline: PatchBaseline, at now: Instant, settings: EvaluationSettings = .standard) {
        self.baseline = baseline
        self.now = now
        self.settings = settings
    }

    var evaluator: BaselineEvaluator { BaselineEvaluator(baseline: baseline, settings: settings, now: now) }

    public func scan(_ node: NodeState, _ content: AvailableContent) -> ScanResult {
        var trace: [String]? = nil
        let (records, notApplicable, targets) = node.os.family == .windows
            ? windows(node, content, only: nil, trace: &trace)
            : linux(node, content, only: nil, trace: &trace)
        let summary = InstancePatchState(instanceId: node.instanceId, patchGroup: node.patchGroup, baselineId: baseline.baselineId,
                                         operation: "Scan", at: now, records: records, notApplicableCount: notApplicable,
                                         availableSecurityUpdatesNonCompliant: baseline.availableSecurityUpdatesNonCompliant)
        return ScanResult(records: records, summary: summary, targets: targets)
    }

    /// Why one patch (a unit key such as `openssl.amd64`, a package name, or a KB id) has its state.
    public func explain(_ unit: String, _ node: NodeState, _ content: AvailableContent) -> [String] {
        var trace: [String]? = []
        let (records, _, _) = node.os.family == .windows
            ? windows(node, content, only: unit, trace: &trace)
            : linux(node, content, only: unit, trace: &trace)
        if records.isEmpty && (trace?.isEmpty ?? true) { return ["\(unit): not installed and not offered by any repository"] }
        return trace ?? []
    }

    // MARK: - Linux and macOS

    typealias Outcome = (records: [PatchComplianceRecord], notApplicable: Int, targets: [String: String])

    func linux(_ node: NodeState, _ content: AvailableContent, only: String?, trace: inout [String]?) -> Outcome {
        let family = node.os.family
        let index = content.index
        let byUnit = index.byUnit
        let noticeIndex = (family == .yumDNF || family == .zypper) ? index.noticesByPackage : [:]
        // [APR-7]: in an alternative-source repository a notice dated other than in epoch
        // seconds has no usable date (so it does not classify its packages, [MD-1]).
        let alternative = baseline.sources.isEmpty ? [] : baseline.alternativeRepositoryNames(product: node.product)
        func attributes(_ identity: PackageIdentity, offers: [AvailablePackage]) -> PatchAttributes {
            var a = PatchAttributes(product: node.product, isSecurity: false, unclassified: true,
                                    datesIgnored: family == .apt || family == .macOS, securityClassified: false)
            switch family {
            case .apt:
                let fields = offers.compactMap(\.debian)
                let security = fields.first { $0.isSecurityPocket }
                a.isSecurity = security != nil
                a.securityClassified = a.isSecurity
                let chosen = security ?? fields.first
                a.priority = chosen?.priority
                a.section = chosen?.section
                a.origin = chosen?.archive
                a.unclassified = false
            case .macOS:
                a.classification = offers.first?.macOSPackageManager?.rawValue
                a.unclassified = false
                a.origin = offers.first?.repository
            default:
                let fromAlternative = !alternative.isEmpty && offers.contains { alternative.contains($0.repository) }
                let notices = (noticeIndex[identity] ?? []).map { content.notices[$0] }
                    .filter { $0.isWellFormed && (!fromAlternative || $0.datesInEpochForm) }
                a.origin = offers.first?.repository
                // A package listed in any (well-formed) notice is security-related ([MD-1]).
                if let primary = notices.max(by: { Self.noticeRank($0) < Self.noticeRank($1) }) {
                    a.isSecurity = true
                    a.unclassified = false
                    a.classification = primary.classification
                    a.severity = primary.severity
                    a.securityClassified = notices.contains(where: \.isSecurityType)
                    // [APR-4]/[APR-5]: the newest updated (else issued) date restarts the clock.
                    a.referenceDate = notices.compactMap { $0.updated ?? $0.issued }.max()
                    a.advisoryIds = notices.map(\.id)
                    a.cveIds = Array(Set(notices.flatMap(\.cveIds))).sorted()
                    a.bugzillaIds = Array(Set(notices.flatMap(\.bugzillaIds))).sorted()
                } else {
                    // [APR-6]: build time, else no delay.
                    a.referenceDate = offers.compactMap(\.buildTime).min()
                }
            }
            return a
        }

        var records: [PatchComplianceRecord] = []
        var targets: [String: String] = [:]
        var installedUnits: Set<String> = []
        let livePatched = node.os == .amazonLinux2 ? livePatchedCVEs(node, content) : []
        for installed in node.inventory.packages {
            let unit = installed.identity.unitKey
            installedUnits.insert(unit)
            if let only, only != unit && only != installed.name { continue }
            trace?.append("\(unit): installed \(installed.version)")
            let offers = byUnit[unit] ?? []
            // Candidate versions newer than the installed one; APT considers only the newest
            // candidate (apt's candidate version, [APR-8]).
            let newer = offers.filter { $0.version > installed.version }
            var candidates: [PackageVersion] = []
            for o in newer where !candidates.contains(o.version) { candidates.append(o.version) }
            candidates.sort()
            if family == .apt, let newest = (offers.map(\.version).max()), newest > installed.version {
                candidates = [newest]
            } else if family == .apt {
                candidates = []
            }
            func offered(_ v: PackageVersion) -> [AvailablePackage] { newer.filter { $0.version == v } }
            var target: (PackageVersion, ApprovalDecision, PatchAttributes)? = nil
            for v in candidates.reversed() {
                let identity = PackageIdentity(name: installed.name, arch: installed.arch, version: v)
                let offersOfV = offered(v)
                let a = attributes(identity, offers: offersOfV)
                trace?.append(" candidate \(v) from \(a.origin ?? "?")\(a.isSecurity ? " (security)" : ""):")
                let d = evaluator.decide(a, identity: identity, trace: &trace)
                // macOS installer packages can never be offered ([MAC-1]).
                if family == .macOS && (offersOfV.first?.macOSPackageManager == .installer) { continue }
                if d.effective { target = (v, d, a); break }
            }
            let installedOffers = offers.filter { $0.version == installed.version }
            let ia = attributes(installed.identity, offers: installedOffers)
            trace?.append(" installed version \(installed.version):")
            let installedDecision = evaluator.decide(ia, identity: installed.identity, trace: &trace)

            let state: PatchComplianceState
            var level = ComplianceLevel.UNSPECIFIED
            var attrs = ia
            if node.failed.contains(unit) {
                state = .FAILED
                if let t = target { level = t.1.level; attrs = t.2 }
            } else if installedDecision.rejected && baseline.rejectedPatchesAction == .BLOCK {
                state = .INSTALLED_REJECTED
            } else if let t = target, installed.name == "kernel", !t.2.cveIds.isEmpty, Set(t.2.cveIds).isSubset(of: livePatched) {
                // [KLP-1]: the live patches bring the running kernel to the newer kernel's
                // fix level (Use: every CVE its notices name is live-patched): INSTALLED,
                // with no install time, and nothing to install.
                trace?.append(" => INSTALLED (live-patched to \(t.0))")
                records.append(PatchComplianceRecord(
                    title: PackageIdentity(name: installed.name, arch: installed.arch, version: t.0).title, kbId: installed.identity.kbId,
                    classification: t.2.classification ?? "", severity: t.2.severity ?? "", state: .INSTALLED, installedTime: nil,
                    cveIds: [], complianceLevel: t.1.level, isSecurity: t.2.securityClassified))
                continue
            } else if let t = target {
                state = .MISSING
                level = t.1.level
                attrs = t.2
                targets[installed.identity.kbId] = t.0.description
            } else if node.pendingReboot.contains(unit) {
                state = .INSTALLED_PENDING_REBOOT
                level = installedDecision.level
            } else if installedDecision.effective {
                state = .INSTALLED
                level = installedDecision.level
            } else {
                state = .INSTALLED_OTHER
            }
            trace?.append(" => \(state.rawValue)\(target.map { " (would install \($0.0))" } ?? "")")
            let blank = state == .INSTALLED_OTHER  // [CMP-2]: blank classification/severity
            records.append(PatchComplianceRecord(
                title: installed.identity.title, kbId: installed.identity.kbId,
                classification: blank ? "" : (attrs.classification ?? ""), severity: blank ? "" : (attrs.severity ?? attrs.priority ?? ""),
                state: state, installedTime: installed.installedAt,
                cveIds: state == .MISSING || state == .FAILED ? attrs.cveIds : [],
                complianceLevel: level, isSecurity: attrs.securityClassified))
        }
        // [CMP-6] Approved available packages whose software is not installed: counted only.
        var notApplicable = 0
        for (unit, offers) in byUnit where !installedUnits.contains(unit) {
            if let only, only != unit && only != offers.first?.name { continue }
            guard let newest = offers.map(\.version).max() else { continue }
            let identity = PackageIdentity(name: offers[0].name, arch: offers[0].arch, version: newest)
            if only != nil { trace?.append("\(unit): not installed; newest offered \(newest)") }
            let d = evaluator.decide(attributes(identity, offers: offers.filter { $0.version == newest }), identity: identity, trace: &trace)
            if d.effective { notApplicable += 1 }
            if only != nil { trace?.append(" => \(d.effective ? "NOT_APPLICABLE (counted, not listed)" : "not reported")") }
        }
        records.sort { $0.kbId < $1.kbId }
        return (records, notApplicable, targets)
    }

    /// The CVEs the live patches installed for the node's kernel fix ([KLP-1]): those of
    /// every notice on that kernel's live-patch package up to the installed version (live
    /// patches are cumulative).
    func livePatchedCVEs(_ node: NodeState, _ content: AvailableContent) -> Set<String> {
        guard let kernel = KernelLivePatch.runningKernel(in: node.inventory),
              let name = KernelLivePatch.packageName(forKernel: kernel.version),
              let patch = node.inventory.package(named: name, arch: kernel.arch) else { return [] }
        let index = content.index
        var cves: Set<String> = []
        for offer in index.byUnit[patch.identity.unitKey] ?? [] where offer.version <= patch.version {
            for k in index.noticesByPackage[offer.identity] ?? [] { cves.formUnion(content.notices[k].cveIds) }
        }
        return cves
    }

    /// Security first, then by severity: the notice whose attributes a package shows.
    static func noticeRank(_ n: UpdateNotice) -> Int {
        let severity: Int
        switch n.severity {
        case .none: severity = 0
        case let s?:
            switch s.lowercased() {
            case "low": severity = 1
            case "medium", "moderate": severity = 2
            case "important": severity = 3
            case "critical": severity = 4
            default: severity = 0
            }
        }
        return (n.isSecurityType ? 10 : 0) + severity
    }

    // MARK: - Windows

    func windows(_ node: NodeState, _ content: AvailableContent, only: String?, trace: inout [String]?) -> Outcome {
        let graph = SupersedenceGraph(content.windowsUpdates)
        var records: [PatchComplianceRecord] = []
        var seen: Set<WindowsKB> = []
        for u in content.windowsUpdates.sorted(by: { $0.kb < $1.kb }) where seen.insert(u.kb).inserted {
            if let only, WindowsKB(only) != u.kb { continue }
            let applies = u.patchSet == .os ? u.product == node.product : node.applicationProducts.contains(u.product)
            var a = PatchAttributes(classification: u.classification, severity: u.msrcSeverity, product: u.product,
                                    productFamily: u.productFamily, patchSet: u.patchSet.rawValue,
                                    referenceDate: u.releaseDate, isSecurity: u.isSecurity, unclassified: false,
                                    datesIgnored: false, securityClassified: u.isSecurity)
            a.cveIds = u.cveIds
            trace?.append("\(u.kb) \(u.title):")
            let d = evaluator.decide(a, identity: nil, kb: u.kb, bulletin: u.msrcNumber, trace: &trace)
            let installed = node.installedKBs.contains(u.kb)
            let supersededByInstalled = graph.isSuperseded(u.kb, byAnyOf: node.installedKBs)
            let state: PatchComplianceState?
            if node.failed.contains(u.kb.description) {
                state = .FAILED
            } else if installed && d.rejected && baseline.rejectedPatchesAction == .BLOCK {
                state = .INSTALLED_REJECTED
            } else if installed {
                state = node.pendingReboot.contains(u.kb.description) ? .INSTALLED_PENDING_REBOOT : (d.effective ? .INSTALLED : .INSTALLED_OTHER)
            } else if !applies {
                state = d.effective ? .NOT_APPLICABLE : nil
            } else if d.effective && supersededByInstalled {
                state = .NOT_APPLICABLE  // [WIN-1] superseded by an installed update
            } else if graph.isSuperseded(u.kb) {
                state = nil  // removed from the catalogue ([MD-3])
            } else if d.effective {
                state = .MISSING
            } else if u.isSecurity && !d.rejected {
                state = .AVAILABLE_SECURITY_UPDATE
            } else {
                state = nil
            }
            trace?.append(" => \(state?.rawValue ?? "not reported")")
            guard let state else { continue }
            let blank = state == .INSTALLED_OTHER
            records.append(PatchComplianceRecord(
                title: u.title, kbId: u.kb.description, classification: blank ? "" : u.classification,
                severity: blank ? "" : u.msrcSeverity, state: state, installedTime: nil,
                cveIds: state == .MISSING || state == .FAILED ? u.cveIds : [], complianceLevel: d.effective ? d.level : .UNSPECIFIED,
                isSecurity: u.isSecurity))
        }
        // Installed updates the catalogue does not know are installed, not approved.
        for kb in node.installedKBs.sorted() where !seen.contains(kb) && (only == nil || WindowsKB(only ?? "") == kb) {
            records.append(PatchComplianceRecord(title: kb.description, kbId: kb.description, classification: "", severity: "",
                                                 state: .INSTALLED_OTHER, installedTime: nil, cveIds: [],
                                                 complianceLevel: .UNSPECIFIED, isSecurity: false))
        }
        records.sort { $0.kbId < $1.kbId }
        return (records, 0, [:])
    }
}
