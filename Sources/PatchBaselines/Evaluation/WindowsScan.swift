import PatchModel

extension NodeScanner {
    /// Windows ([WIN-1], [MD-3]): the service evaluates the catalogue; the node applies it.
    func windows(_ node: NodeState, _ content: AvailableContent, only: String?, trace: inout [String]?) -> Outcome {
        let evaluator = evaluator(.windowsUpdate)
        let graph = SupersedenceGraph(content.windowsUpdates)
        var records: [PatchComplianceRecord] = []
        var seen: Set<WindowsKB> = []
        for u in content.windowsUpdates.sorted(by: { $0.kb < $1.kb }) where seen.insert(u.kb).inserted {
            if let only, WindowsKB(only) != u.kb { continue }
            let applies = u.patchSet == .os ? u.product == node.product : node.applicationProducts.contains(u.product)
            let a = PatchAttributes(windows: u)
            trace?.append("\(u.kb) \(u.title):")
            let d = evaluator.decide(a, subject: ListSubject(identity: nil, kb: u.kb, bulletin: u.msrcNumber), trace: &trace)
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
        // Installed updates the catalogue does not know are installed, not approved; the
        // service knows no title for them either (the CLI's describe-instance-patches example
        // prints `"Title": ""` for such an InstalledOther KB).
        for kb in node.installedKBs.sorted() where !seen.contains(kb) && (only == nil || WindowsKB(only ?? "") == kb) {
            records.append(PatchComplianceRecord(title: "", kbId: kb.description, classification: "", severity: "",
                                                 state: .INSTALLED_OTHER, installedTime: nil, cveIds: [],
                                                 complianceLevel: .UNSPECIFIED, isSecurity: false))
        }
        records.sort { $0.kbId < $1.kbId }
        return Outcome(records, 0, [:])
    }
}
