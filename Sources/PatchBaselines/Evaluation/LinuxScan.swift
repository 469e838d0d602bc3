import PatchModel

/// One version as the baseline judges it: the decision, and the attributes its record
/// shows (those of the notice that approved it with the highest level).
struct VersionVerdict {
    var identity: PackageIdentity
    var decision: ApprovalDecision
    var attributes: PatchAttributes
    /// The notices that list this version, as the node's package manager reads them.
    var notices: [UpdateNotice]

    var effective: Bool { decision.effective }
}

/// One installed version's record in a context, for a node whose own record does not
/// touch it (not failed, not pending a reboot, no live patch): the install time is the
/// node's, set after.
struct UnitOutcome {
    var record: PatchComplianceRecord
    var keepsInstalledTime: Bool
    var missingTarget: String?
    /// Whether some version of its unit is approved ([CMP-6]).
    var approvedOffered = false
}

/// What the baseline decides about one installed version, before the node's own record
/// (failed installs, pending reboots, live patches) is applied: the same for every node
/// with that version under one content, baseline and instant ([18], `UnitVerdictCache`).
struct UnitJudgement {
    var target: VersionVerdict?
    var installedVerdict: VersionVerdict?
    var reportsRejected: Bool
    /// The CVEs the target fixes, over every version it skips.
    var targetCVEs: [String] = []
    /// The verdict an INSTALLED_REJECTED record shows.
    var rejectedShown: VersionVerdict? = nil
}

extension NodeScanner {
    /// Linux (YUM, DNF, Zypper, APT) and macOS ([LNX-1], [MAC-1], [AGT-3], [AGT-4], [AGT-6]).
    func linux(_ node: NodeState, _ content: AvailableContent, only: String?, trace: inout [String]?) -> Outcome {
        let manager = PackageManager.of(os: node.os, product: node.product)
        let evaluator = evaluator(manager)
        let index = content.index
        // [APR-7]: in an alternative-source repository a notice without a date in epoch
        // seconds does not classify its packages.
        let alternative = baseline.sources.isEmpty ? [] : baseline.alternativeRepositoryNames(product: node.product)
        func cmp(_ a: PackageVersion, _ b: PackageVersion) -> Int {
            NodeScanner.compare(a, b, manager: manager, profile: profile)
        }

        /// The notices a version inherits its attributes from ([MD-1]), as this package
        /// manager reads them: DNF ignores a notice without a severity ([AGT-3]).
        func notices(_ identity: PackageIdentity, _ offers: [AvailablePackage]) -> [UpdateNotice] {
            guard manager == .yum || manager == .dnf || manager == .zypper else { return [] }
            let fromAlternative = !alternative.isEmpty && offers.contains { alternative.contains($0.repository) }
            return (index.noticesByPackage[identity] ?? []).map { content.notices[$0] }.filter { n in
                guard !n.classification.isEmpty else { return false }
                if fromAlternative && (!n.datesInEpochForm || (n.updated ?? n.issued) == nil) { return false }
                return manager != .dnf || n.severity != nil
            }
        }

        /// The date a notice's clock runs from ([APR-4], [APR-5], [AGT-3]): YUM the updated
        /// date (a re-issue restarts it), DNF the issued date (it does not); a notice without
        /// a date counts as 1970.
        func date(_ n: UpdateNotice) -> Instant {
            switch manager {
            case .dnf: return n.issued ?? .epoch
            default: return n.updated ?? n.issued ?? .epoch
            }
        }

        /// Each way the baseline can see one version: one set per notice (each judged on
        /// its own, [AGT-3]), or the notice-less one.
        func variants(_ identity: PackageIdentity, _ offers: [AvailablePackage], _ ns: [UpdateNotice],
                      installedBy: PackageTooling? = nil) -> [PatchAttributes] {
            switch manager {
            case .apt:
                // The first offer from a security pocket, else the first offer (one pass, no
                // array: this runs for every unit of a 60,000-package index).
                var chosen: DebianPackageFields? = nil, security = false
                for o in offers {
                    guard let f = o.debian else { continue }
                    if f.isSecurityPocket { chosen = f; security = true; break }
                    if chosen == nil { chosen = f }
                }
                var a = PatchAttributes(product: node.product, isSecurity: security, noticeless: false, datesIgnored: true,
                                        securityClassified: security)
                a.priority = chosen?.priority
                a.section = chosen?.section
                a.origin = chosen?.archive
                return [a]
            case .macOS:
                // On macOS the classification is the package manager ([AGT-1]).
                var a = PatchAttributes(classification: (offers.first?.macOSPackageManager ?? installedBy)?.rawValue, product: node.product,
                                        isSecurity: false, noticeless: false, datesIgnored: true, securityClassified: false)
                a.origin = offers.first?.repository
                return [a]
            default:
                if ns.isEmpty {
                    // [APR-6] on YUM: the build time, else no delay; DNF and Zypper count
                    // a notice-less version as dated 1970 ([AGT-3]).
                    let fallback: Instant? = manager == .yum ? offers.compactMap(\.buildTime).min() : .epoch
                    var a = PatchAttributes(product: node.product, referenceDate: fallback, isSecurity: false, noticeless: true,
                                            datesIgnored: false, securityClassified: false)
                    a.origin = offers.first?.repository
                    return [a]
                }
                return ns.map { n in
                    var a = PatchAttributes(classification: n.classification, severity: n.severity, product: node.product,
                                            referenceDate: date(n), isSecurity: true, noticeless: false, datesIgnored: false,
                                            securityClassified: n.isSecurityType)
                    a.cveIds = n.cveIds
                    a.rank = Self.noticeRank(n)
                    a.origin = offers.first?.repository
                    return a
                }
            }
        }

        /// The baseline's verdict on one version ([LST-4]..[LST-7]).
        func verdict(_ identity: PackageIdentity, offers: [AvailablePackage], noticeless: Bool = false,
                     installedBy: PackageTooling? = nil) -> VersionVerdict {
            let ns = noticeless ? [] : notices(identity, offers)
            let all = variants(identity, offers, ns, installedBy: installedBy)
            var best: (level: ComplianceLevel, attributes: PatchAttributes)? = nil
            for (k, a) in all.enumerated() {
                if k < ns.count, trace != nil { trace?.append("  as \(ns[k].id) (\(ns[k].classification)/\(ns[k].severity ?? "no severity"), dated \(a.referenceDate.map(\.description) ?? "-")):") }
                let r = evaluator.ruleDecision(a, trace: &trace)
                guard r.approved else { continue }
                if best == nil || r.level > best!.level || (r.level == best!.level && a.rank > best!.attributes.rank) {
                    best = (r.level, a)
                }
            }
            let security = all.contains(where: \.isSecurity)
            let lists = evaluator.listDecision(ListSubject(identity, notices: ns), security: security, trace: &trace)
            var d = ApprovalDecision()
            if let best { d.approved = true; d.level = best.level }
            if lists.approved {
                if !d.approved || baseline.approvedPatchesComplianceLevel > d.level { d.level = baseline.approvedPatchesComplianceLevel }
                d.approved = true
                d.explicitlyApproved = true
            }
            d.rejected = lists.rejected
            let shown = best?.attributes ?? all.max(by: { $0.rank < $1.rank }) ?? all[0]
            return VersionVerdict(identity: identity, decision: d, attributes: shown, notices: ns)
        }

        /// Offered versions of a unit, one entry per distinct version, newest first.
        func distinctVersions(_ offers: [AvailablePackage]) -> [PackageVersion] {
            if offers.count == 1 { return [offers[0].version] }  // most units of an index
            var versions: [PackageVersion] = []
            for o in offers where !versions.contains(where: { cmp($0, o.version) == 0 }) { versions.append(o.version) }
            return versions.sorted { cmp($0, $1) > 0 }
        }

        let livePatched = node.os == .amazonLinux2 && livePatchedKernelIsInstalled ? livePatchedCVEs(node, content) : []
        let blockDNF = manager == .dnf && baseline.rejectedPatchesAction == .BLOCK && !baseline.rejectedPatches.isEmpty
        let resolver = DependencyResolver(inventory: node.inventory, content: content)

        // [18] What the baseline decides about one installed version depends on that version,
        // the content and the baseline alone: computed once per context when a cache is given
        // (never while tracing, nor where DNF's BLOCK closure reads the node's own packages).
        let cacheable = unitCache != nil && trace == nil && !blockDNF && manager != .macOS
        func judge(_ installed: InstalledPackage) -> UnitJudgement {
            let unit = installed.identity.unitKey
            let offers = index.byUnit[unit] ?? []
            func offered(_ v: PackageVersion) -> [AvailablePackage] { offers.filter { cmp($0.version, v) == 0 } }
            let versions = distinctVersions(offers)

            // The versions judged for an update, in the order the first approved one wins.
            var order: [PackageVersion]
            switch (manager, profile.aptVersionChoice) {
            case (.apt, .candidateOnly):
                // [APR-8]: apt's candidate (the newest version) alone.
                order = versions.first.map { cmp($0, installed.version) > 0 ? [$0] : [] } ?? []
            case (.apt, .everyNewerVersionByString):
                // [AGT-6]: every newer version, in descending order of the version string.
                order = versions.filter { cmp($0, installed.version) > 0 }
                    .sorted { $1.description.utf8.lexicographicallyPrecedes($0.description.utf8) }
            default:
                order = versions.filter { cmp($0, installed.version) > 0 }
            }
            var target: VersionVerdict? = nil
            for v in order {
                let identity = PackageIdentity(name: installed.name, arch: installed.arch, version: v)
                let offersOfV = offered(v)
                // macOS installer packages can never be offered ([MAC-1]).
                if manager == .macOS && offersOfV.first?.macOSPackageManager == .installer {
                    trace?.append(" candidate \(v): an installer package, never offered as an update")
                    continue
                }
                trace?.append(" candidate \(v) from \(offersOfV.first?.repository ?? "?"):")
                let vv = verdict(identity, offers: offersOfV)
                guard vv.effective else { continue }
                // [AGT-4]: DNF under BLOCK drops an update whose dependency closure (installed
                // packages included) holds a rejected package, spelt n-e:v-r.a.
                if blockDNF, let offer = offersOfV.first, let hit = rejectedInClosure(offer, resolver: resolver) {
                    trace?.append("  dropped: its dependency closure holds \(hit), which RejectedPatches names (BLOCK)")
                    continue
                }
                target = vv
                break
            }

            // Whether the installed software counts as approved ([AGT-4]).
            let installedVerdict: VersionVerdict?
            switch manager {
            case .yum:
                // The newest approved version a repository offers is at or below the installed one.
                trace?.append(" installed version \(installed.version) (YUM: the newest approved offer at or below it):")
                var found: VersionVerdict? = nil
                for v in versions where cmp(v, installed.version) <= 0 {
                    let vv = verdict(PackageIdentity(name: installed.name, arch: installed.arch, version: v), offers: offered(v))
                    if vv.effective { found = vv; break }
                }
                installedVerdict = found
            case .dnf:
                // The installed build carries no notice data: judged as notice-less.
                trace?.append(" installed version \(installed.version) (DNF: no notice data on the installed build):")
                let vv = verdict(installed.identity, offers: offered(installed.version), noticeless: true)
                installedVerdict = vv.effective ? vv : nil
            default:
                trace?.append(" installed version \(installed.version):")
                let vv = verdict(installed.identity, offers: offered(installed.version), installedBy: installed.macOSPackageManager)
                installedVerdict = vv.effective ? vv : nil
            }
            let installedNotices = manager == .dnf ? [] : notices(installed.identity, offered(installed.version))
            let installedRejected = evaluator.isRejected(ListSubject(installed.identity, notices: installedNotices))
            // [LST-9], [AGT-4]: DNF and Zypper report an installed rejected package under both actions.
            let reportsRejected = installedRejected
                && (baseline.rejectedPatchesAction == .BLOCK || manager == .dnf || manager == .zypper)

            // The CVEs an update fixes: those of every version it skips over too.
            func fixedCVEs(upTo t: VersionVerdict) -> [String] {
                var cves: Set<String> = []
                for v in versions where cmp(v, installed.version) > 0 && cmp(v, t.identity.version) <= 0 {
                    for n in notices(PackageIdentity(name: installed.name, arch: installed.arch, version: v), offered(v)) {
                        cves.formUnion(n.cveIds)
                    }
                }
                return cves.sorted()
            }

            var j = UnitJudgement(target: target, installedVerdict: installedVerdict, reportsRejected: reportsRejected)
            if let t = target { j.targetCVEs = fixedCVEs(upTo: t) }
            if reportsRejected { j.rejectedShown = verdict(installed.identity, offers: offered(installed.version), noticeless: manager == .dnf) }
            return j
            }

        /// The record one installed version gets, given the node's own flags: the one place
        /// states are decided ([CMP-2], [AGT-4], [KLP-1], [LST-9]), for both paths.
        func unitRecord(_ installed: InstalledPackage, _ j: UnitJudgement, failed: Bool, pending: Bool, livePatched: Set<String>) -> UnitOutcome {
            let (target, installedVerdict, reportsRejected) = (j.target, j.installedVerdict, j.reportsRejected)
            let state: PatchComplianceState
            var shown: VersionVerdict? = installedVerdict
            var title = installed.identity.title
            var keepsInstalledTime = true
            var cves: [String] = []
            var missingTarget: String? = nil
            if failed {
                state = .FAILED
                if let t = target {
                    shown = t
                    title = t.identity.title  // [AGT-4]: the target version, no install time
                    cves = j.targetCVEs
                }
                keepsInstalledTime = false
            } else if reportsRejected {
                state = .INSTALLED_REJECTED
                shown = j.rejectedShown
            } else if let t = target, installed.name == "kernel", case let fixes = j.targetCVEs, !fixes.isEmpty,
                      Set(fixes).isSubset(of: livePatched) {
                // [KLP-1]: the live patches bring the running kernel to the newer kernel's fix
                // level (Use: every CVE it fixes is live-patched): INSTALLED, no install time.
                state = .INSTALLED
                shown = t
                title = t.identity.title
                keepsInstalledTime = false
                trace?.append(" live-patched to the fix level of \(t.identity.version)")
            } else if let t = target {
                state = .MISSING
                shown = t
                title = t.identity.title  // [AGT-4]
                keepsInstalledTime = false
                cves = j.targetCVEs
                missingTarget = t.identity.version.description
            } else if pending {
                state = .INSTALLED_PENDING_REBOOT
            } else if installedVerdict != nil {
                state = .INSTALLED
            } else {
                state = .INSTALLED_OTHER
            }
            trace?.append(" => \(state.rawValue)\(target.map { " (target \($0.identity.version))" } ?? "")")
            let blank = state == .INSTALLED_OTHER  // [CMP-2]: blank classification/severity
            let a = shown?.attributes
            let record = PatchComplianceRecord(
                title: title, kbId: installed.identity.kbId,
                classification: blank ? "" : (a?.classification ?? ""), severity: blank ? "" : (a?.severity ?? a?.priority ?? ""),
                state: state, installedTime: nil, cveIds: cves,
                complianceLevel: blank ? .UNSPECIFIED : (shown?.decision.level ?? .UNSPECIFIED),
                isSecurity: a?.securityClassified ?? false)
            return UnitOutcome(record: record, keepsInstalledTime: keepsInstalledTime, missingTarget: missingTarget)
        }

        // [CMP-6] with a cache: the units whose some version is approved, once per context.
        let approvedOffered: Set<String>? = cacheable ? unitCache!.approvedUnits {
            Set(index.byUnit.compactMap { unit, offers in
                distinctVersions(offers).contains { v in
                    verdict(PackageIdentity(name: offers[0].name, arch: offers[0].arch, version: v), offers: offers.filter { cmp($0.version, v) == 0 }).effective
                } ? unit : nil
            })
        } : nil
        /// The context's outcome for a version the node's own record does not touch.
        func sharedOutcome(_ installed: InstalledPackage) -> UnitOutcome {
            unitCache!.outcome(installed.identity) {
                var o = unitRecord(installed, unitCache!.judgement(installed.identity) { judge(installed) }, failed: false, pending: false, livePatched: [])
                o.approvedOffered = approvedOffered?.contains(installed.identity.unitKey) ?? false
                return o
            }
        }
        /// One installed version's outcome on this node, its own record applied.
        func nodeOutcome(_ installed: InstalledPackage, unit: String) -> UnitOutcome {
            let unaffectedKernel = installed.name != "kernel" || livePatched.isEmpty
            let failed = node.failed.contains(unit), pending = node.pendingReboot.contains(unit)
            // The whole outcome is the context's, the install time the node's.
            if cacheable && !failed && !pending && unaffectedKernel { return sharedOutcome(installed) }
            let j = cacheable ? unitCache!.judgement(installed.identity) { judge(installed) } : judge(installed)
            var out = unitRecord(installed, j, failed: failed, pending: pending, livePatched: livePatched)
            out.approvedOffered = approvedOffered?.contains(unit) ?? false
            return out
        }
        func finished(_ out: UnitOutcome, _ installed: InstalledPackage) -> PatchComplianceRecord {
            var record = out.record
            record.installedTime = out.keepsInstalledTime ? installed.installedAt : nil
            return record
        }

        if cacheable, let approvedOffered {
            // [18] The node's answer is its inventory base's (computed once per context, as
            // if no record of the node's touched it) with the units it changes redone: those
            // its inventory changes over the base, those its own record flags, and under
            // live patching its kernels. O(k) for a node k packages away from its base.
            let base = node.inventory.packages.base
            let answer = unitCache!.baseAnswer(base) {
                var records: [PatchComplianceRecord] = [], targets: [String: String] = [:]
                var approvedInstalled = 0
                records.reserveCapacity(base.elements.count)
                for installed in base.elements {
                    let out = sharedOutcome(installed)
                    if out.approvedOffered { approvedInstalled += 1 }
                    let record = finished(out, installed)
                    records.append(record)
                    if let t = out.missingTarget { targets[record.kbId] = t }
                }
                if !records.isSorted(by: { $0.kbId < $1.kbId }) { records.sort { $0.kbId < $1.kbId } }
                return UnitVerdictCache.BaseAnswer(base: base, records: PatchRecords(sorted: records), approvedInstalled: approvedInstalled,
                                                   targets: MissingTargets(targets), tally: RecordTally(records))
            }
            var records = answer.records, targets = answer.targets, tally = answer.tally
            var approvedInstalled = answer.approvedInstalled
            var redone: Set<String> = []
            func redo(_ kbId: String, _ installed: InstalledPackage?) {
                guard redone.insert(kbId).inserted else { return }
                if let old = answer.records.element(for: kbId) {
                    tally.remove(old)
                    if approvedOffered.contains(kbId) { approvedInstalled -= 1 }
                }
                guard let installed else {
                    records.remove(kbId)
                    if targets[kbId] != nil { targets[kbId] = nil }
                    return
                }
                let out = nodeOutcome(installed, unit: kbId)
                let record = finished(out, installed)
                if out.approvedOffered { approvedInstalled += 1 }
                tally.add(record)
                records.upsert(record)
                // Only a target that differs from the base's costs an entry of its own.
                if targets[kbId] != out.missingTarget { targets[kbId] = out.missingTarget }
            }
            for change in node.inventory.packages.changedElements {
                redo(change.key.unitKey, change.element)
            }
            for unit in node.failed.union(node.pendingReboot).sorted() {
                if let installed = Self.installed(unit, in: node.inventory) { redo(unit, installed) }
            }
            if !livePatched.isEmpty { for kernel in node.inventory.packages(named: "kernel") { redo(kernel.identity.unitKey, kernel) } }
            unitCache!.noteReused(answer.records.count - redone.count)
            return Outcome(records: records, notApplicable: approvedOffered.count - approvedInstalled, targets: targets, tally: tally)
        }

        // The straightforward path: every package decided afresh (no cache, or tracing).
        var records: [PatchComplianceRecord] = []
        var targets: [String: String] = [:]
        var installedUnits: Set<String> = []
        for installed in node.inventory.packages {
            let unit = installed.identity.unitKey
            installedUnits.insert(unit)
            if let only, only != unit && only != installed.name { continue }
            trace?.append("\(unit): installed \(installed.version) (\(manager.rawValue))")
            let out = nodeOutcome(installed, unit: unit)
            let record = finished(out, installed)
            records.append(record)
            if let t = out.missingTarget { targets[record.kbId] = t }
        }
        var notApplicable = 0
        for (unit, offers) in index.byUnit where !installedUnits.contains(unit) {
            if let only, only != unit && only != offers.first?.name { continue }
            if only != nil { trace?.append("\(unit): not installed") }
            var approved = false
            for v in distinctVersions(offers) {
                let identity = PackageIdentity(name: offers[0].name, arch: offers[0].arch, version: v)
                if verdict(identity, offers: offers.count == 1 ? offers : offers.filter { cmp($0.version, v) == 0 }).effective { approved = true; break }
            }
            if approved { notApplicable += 1 }
            if only != nil { trace?.append(" => \(approved ? "NOT_APPLICABLE (counted, not listed)" : "not reported")") }
        }
        records.sort { $0.kbId < $1.kbId }
        return Outcome(records, notApplicable, targets)
    }

    /// The installed package whose unit key (`name.arch`, or a bare name) is `unit`.
    static func installed(_ unit: String, in inventory: Inventory) -> InstalledPackage? {
        if let dot = unit.lastIndex(of: "."),
           let p = inventory.package(named: String(unit[..<dot]), arch: String(unit[unit.index(after: dot)...])), p.identity.unitKey == unit { return p }
        if let p = inventory.package(named: unit, arch: ""), p.identity.unitKey == unit { return p }
        return nil
    }

    /// The first package of an update's dependency closure that the rejected list names in
    /// its full `n-e:v-r.a` spelling ([AGT-4], DNF under BLOCK), or nil.
    func rejectedInClosure(_ offer: AvailablePackage, resolver: DependencyResolver) -> String? {
        guard case .resolved(let closure) = resolver.resolve([offer]) else { return nil }
        let members = closure.pulled.map(\.identity) + closure.reliedOn
        for p in members {
            let spelling = PatchListEntry.nevra(p)
            if baseline.rejectedPatches.contains(where: { Glob.matches($0.text, spelling) }) { return spelling }
        }
        return nil
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
}

extension Array {
    func isSorted(by areInIncreasingOrder: (Element, Element) -> Bool) -> Bool {
        var k = 1
        while k < count { if areInIncreasingOrder(self[k], self[k - 1]) { return false }; k += 1 }
        return true
    }
}
