import Testing
@testable import PatchBaselines
@testable import PatchModel
import PatchWorld

@Suite("Baseline resolution ([BL-1]..[BL-4]) — regression cases #50-#57, #81")
struct ResolutionTests {
    func custom(_ name: String, _ os: OperatingSystem) -> PatchBaseline {
        PatchBaseline(baselineId: "pb-\(name)-0123456789abcdef", name: name, operatingSystem: os)
    }

    @Test("#50 a group registered only for Windows: an AL2 node gets the AL2 default")
    func case50() throws {
        var reg = BaselineRegistry()
        try reg.create(custom("win-dev", .windows))
        try reg.register(patchGroup: "DEV", baselineId: "pb-win-dev-0123456789abcdef")
        let (b, why) = try reg.resolve(os: .amazonLinux2, tags: ["PatchGroup": "DEV"])
        #expect(b.name == "AWS-AmazonLinux2DefaultPatchBaseline" && why == "default baseline")
        #expect(try reg.resolve(os: .windows, tags: ["PatchGroup": "DEV"]).0.name == "win-dev")
    }

    @Test("#51 #52 [BL-3] tag keys are case-sensitive; an unregistered group uses the default")
    func cases51and52() throws {
        var reg = BaselineRegistry()
        try reg.create(custom("al2-qa", .amazonLinux2))
        try reg.register(patchGroup: "QA", baselineId: "pb-al2-qa-0123456789abcdef")
        #expect(try reg.resolve(os: .amazonLinux2, tags: ["patch group": "QA"]).0.name == "AWS-AmazonLinux2DefaultPatchBaseline")
        #expect(try reg.resolve(os: .amazonLinux2, tags: ["Patch Group": "QA"]).0.name == "al2-qa")
        #expect(try reg.resolve(os: .amazonLinux2, tags: ["PatchGroup": "PROD"]).0.name == "AWS-AmazonLinux2DefaultPatchBaseline")
        // AMBIGUOUS: both keys: `Patch Group` wins.
        #expect(BaselineRegistry.patchGroup(tags: ["Patch Group": "A", "PatchGroup": "B"]) == "A")
    }

    @Test("#53 #54 [BL-1] AlreadyExistsException and ResourceInUseException")
    func cases53and54() throws {
        var reg = BaselineRegistry()
        try reg.create(custom("w1", .windows))
        try reg.create(custom("w2", .windows))
        try reg.register(patchGroup: "DEV", baselineId: "pb-w1-0123456789abcdef")
        #expect(throws: BaselineRegistry.RegistryError.alreadyExists("patch group 'DEV' already has WINDOWS baseline pb-w1-0123456789abcdef")) {
            try reg.register(patchGroup: "DEV", baselineId: "pb-w2-0123456789abcdef")
        }
        #expect(throws: BaselineRegistry.RegistryError.resourceInUse("baseline pb-w1-0123456789abcdef is registered to patch group 'DEV'")) {
            try reg.delete("pb-w1-0123456789abcdef")
        }
        try reg.delete("pb-w2-0123456789abcdef")
    }

    @Test("#55 [BL-4] void by [AGT-5]: a BaselineOverride without the node's OS fails (exit 163), with two entries for it exit 165")
    func case55() throws {
        let reg = BaselineRegistry()
        let ctx = BaselineRegistry.OperationContext(baselineOverride: [custom("o-al2", .amazonLinux2), custom("o-centos", .centOS)])
        #expect(throws: BaselineRegistry.RegistryError.baselineOverride("BaselineOverride has no baseline for REDHAT_ENTERPRISE_LINUX", exitCode: 163)) {
            try reg.resolve(os: .redhatEnterpriseLinux, tags: [:], context: ctx)
        }
        #expect(try reg.resolve(os: .centOS, tags: [:], context: ctx).0.name == "o-centos")
        let twice = BaselineRegistry.OperationContext(baselineOverride: [custom("o-c1", .centOS), custom("o-c2", .centOS)])
        #expect(throws: BaselineRegistry.RegistryError.baselineOverride("BaselineOverride has 2 baselines for CENTOS", exitCode: 165)) {
            try reg.resolve(os: .centOS, tags: [:], context: twice)
        }
    }

    @Test("#57 [BL-4] BaselineTags matching two baselines is an error")
    func case57() throws {
        var reg = BaselineRegistry()
        try reg.create(custom("a1", .amazonLinux2), tags: ["Env": "prod"])
        try reg.create(custom("a2", .amazonLinux2), tags: ["Env": "prod"])
        let ctx = BaselineRegistry.OperationContext(baselineTags: (key: "Env", values: ["prod"]))
        #expect(throws: BaselineRegistry.RegistryError.self) { try reg.resolve(os: .amazonLinux2, tags: [:], context: ctx) }
    }

    @Test("#81 [BL-4] a patch policy's baseline wins over the patch group")
    func case81() throws {
        var reg = BaselineRegistry()
        try reg.create(custom("D", .amazonLinux2))
        try reg.register(patchGroup: "DEV", baselineId: "pb-D-0123456789abcdef")
        let ctx = BaselineRegistry.OperationContext(policyBaselines: [.amazonLinux2: custom("P", .amazonLinux2)])
        #expect(try reg.resolve(os: .amazonLinux2, tags: ["PatchGroup": "DEV"], context: ctx).0.name == "P")
    }

    @Test("[BL-2] a registered custom default replaces the predefined one")
    func customDefault() throws {
        var reg = BaselineRegistry()
        try reg.create(custom("mine", .ubuntu))
        try reg.registerDefault("pb-mine-0123456789abcdef")
        #expect(try reg.resolve(os: .ubuntu, tags: [:]).0.name == "mine")
        try reg.registerDefault("AWS-UbuntuDefaultPatchBaseline")
        #expect(try reg.resolve(os: .ubuntu, tags: [:]).0.name == "AWS-UbuntuDefaultPatchBaseline")
    }
}

@Suite("Predefined baselines on generated repositories ([PRE-DEF])")
struct PredefinedOnGeneratedTests {
    static let start = Instant(year: 2026, month: 11, day: 1)
    static let end = Instant(year: 2026, month: 12, day: 1)

    /// Scans the base inventory against the generated repository at the end of the month
    /// and checks every MISSING target against the baseline's rules by hand.
    @Test("each predefined baseline approves exactly what its rules say", arguments: PredefinedBaselines.all.map(\.name))
    func predefined(_ name: String) throws {
        let b = try #require(PredefinedBaselines.named(name))
        let os = b.operatingSystem
        let product = OSCatalogue.entry(os).products.last ?? ""
        let profile = RepositoryProfile(os: os, product: product, packageCount: 150, meanDaysBetweenUpdates: 20,
                                        historyStart: os == .windows ? Instant(year: 2026, month: 6, day: 1) : nil, start: Self.start, end: Self.end)
        let out = RepositoryGenerator(profile: profile, seed: 5).generate()
        var content = AvailableContent()
        for r in out.repositories {
            let s = r.snapshot(at: Self.end)
            content.packages += s.packages
            content.notices += s.notices
            content.windowsUpdates += s.windowsUpdates
        }
        let node = NodeState(os: os, product: product, inventory: out.baseInventory,
                             installedKBs: os == .windows ? [content.windowsUpdates.sorted { $0.kb < $1.kb }[0].kb] : [])
        let result = NodeScanner(baseline: b, at: Self.end).scan(node, content)
        // [AGT-4]: predefined levels are UNSPECIFIED, so a non-compliant node reports INFORMATIONAL.
        #expect(result.summary.criticalNonCompliantCount == 0)
        #expect(result.summary.complianceSeverity == (result.summary.complianceStatus == "NON_COMPLIANT" ? .INFORMATIONAL : .UNSPECIFIED))
        let missing = result.records.filter { $0.state == .MISSING }
        if os != .windows { #expect(!missing.isEmpty, "\(name) approves nothing on a month of \(os.rawValue) updates") }
        let dnf = PackageManager.of(os: os, product: product) == .dnf
        switch os.family {
        case .yumDNF where os != .centOS, .zypper:
            // [AGT-1] Security with the listed severities, or the other classification rule
            // (Bugfix; Oracle Enhancement or Bugfix; none on SUSE), 7 days old: YUM from the
            // updated date, DNF from the issued one ([AGT-3]); DNF skips severity-less notices.
            let allowed = os == .oracleLinux ? ["Critical", "Important", "Moderate"] : ["Critical", "Important"]
            let others = os == .suse ? [] : os == .oracleLinux ? ["Enhancement", "Bugfix"] : ["Bugfix"]
            for m in missing {
                let name = String(m.kbId.split(separator: ".").dropLast().joined(separator: "."))
                guard let target = result.targets[m.kbId] else { Issue.record("no target for \(m.kbId)"); continue }
                let notices = content.notices.filter { n in n.packages.contains { $0.name == name && $0.version.description == target } }
                let ok = notices.contains { n in
                    if dnf && n.severity == nil { return false }
                    let date = dnf ? (n.issued ?? .epoch) : (n.updated ?? n.issued ?? .epoch)
                    let dated = date.utcDay + 7 <= Self.end.utcDay
                    let security = n.isSecurityType && allowed.contains(n.severity ?? "")
                    let other = others.contains(n.classification)
                    return dated && (security || other)
                }
                #expect(ok, "\(name): \(m.kbId) -> \(target) is not approvable by \(b.name)")
            }
        case .yumDNF:  // CentOS: everything 7 days after its build (no notices)
            #expect(result.summary.missingCount > 0)
        case .apt:
            // Only candidates from the security pocket.
            for m in missing {
                let name = String(m.kbId.split(separator: ".").dropLast().joined(separator: "."))
                let newest = content.packages.filter { $0.name == name }.max { $0.version < $1.version }
                #expect(newest?.debian?.isSecurityPocket == true, "\(m.kbId)")
            }
        case .windows:
            // The current cumulative update is MISSING when Critical/Important, else an
            // AVAILABLE_SECURITY_UPDATE (it is past the 7 days either way).
            let graph = SupersedenceGraph(content.windowsUpdates)
            let cu = try #require(content.windowsUpdates.filter { $0.title.contains("Cumulative Update for Windows") && !graph.isSuperseded($0.kb) }.first)
            let expected: PatchComplianceState = ["Critical", "Important"].contains(cu.msrcSeverity) ? .MISSING : .AVAILABLE_SECURITY_UPDATE
            #expect(result.records.first { $0.kbId == cu.kb.description }?.state == expected)
            // Only OS security/critical updates of Critical/Important severity, 7 days old, not superseded.
            for m in missing {
                let u = try #require(content.windowsUpdates.first { $0.kb.description == m.kbId })
                #expect(u.patchSet == .os || name.hasSuffix("-OS-Applications"))
                #expect(u.releaseDate.utcDay + 7 <= Self.end.utcDay)
            }
        case .macOS:
            #expect(missing.count == result.records.count - result.summary.installedCount - result.summary.installedOtherCount)
        }
    }
}
