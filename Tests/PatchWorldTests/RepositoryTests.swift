import Testing
@testable import PatchModel
@testable import PatchWorld
@testable import PatchBaselines

@Suite("Repositories over simulated time")
struct RepositoryTests {
    static let t0 = Instant(year: 2026, month: 11, day: 1)

    func pkg(_ name: String, _ evr: String) -> AvailablePackage {
        AvailablePackage(identity: PackageIdentity(name: name, arch: "x86_64", version: .rpm(RPMVersion(parsing: evr) ?? RPMVersion(version: "0"))),
                         repository: "r")
    }

    @Test("the repository as seen at t: published at or before t, not withdrawn, latest re-issue")
    func asSeenAt() {
        var r = Repository(name: "amzn2-core", os: .amazonLinux2)
        r.publish(pkg("bash", "4.2-1"), at: Self.t0)
        r.publish(pkg("bash", "4.2-2"), at: Self.t0.adding(days: 3))
        let notice = UpdateNotice(id: "ALAS2-2026-1", classification: "Security", severity: "Medium",
                                  issued: Self.t0.adding(days: 3), updated: Self.t0.adding(days: 3))
        r.publish(notice, at: Self.t0.adding(days: 3))
        var reissued = notice
        reissued.severity = "Important"
        reissued.updated = Self.t0.adding(days: 5)
        r.publish(reissued, at: Self.t0.adding(days: 5))
        r.withdrawPackage(pkg("bash", "4.2-2").identity, at: Self.t0.adding(days: 10))

        #expect(r.snapshot(at: Self.t0.adding(seconds: -1)).packages.isEmpty)
        #expect(r.snapshot(at: Self.t0).packages.count == 1)
        let day4 = r.snapshot(at: Self.t0.adding(days: 4))
        #expect(day4.packages.count == 2 && day4.notices.first?.severity == "Medium")
        let day6 = r.snapshot(at: Self.t0.adding(days: 6))
        #expect(day6.notices.count == 1 && day6.notices.first?.severity == "Important")
        #expect(r.snapshot(at: Self.t0.adding(days: 10)).packages.map(\.version.description) == ["4.2-1"])
        let withdrawn = r.withdrawNotice(id: "ALAS2-2026-1", at: Self.t0.adding(days: 12))
        #expect(withdrawn)
        #expect(r.snapshot(at: Self.t0.adding(days: 12)).notices.isEmpty)
        #expect(r.snapshot(at: Self.t0.adding(days: 11)).notices.count == 1)
        let unknown = r.withdrawNotice(id: "nope", at: Self.t0)
        #expect(!unknown)
    }

    @Test("revisions number the states: same revision, same content")
    func revisions() {
        var r = Repository(name: "x", os: .amazonLinux2)
        r.publish(pkg("a", "1-1"), at: Self.t0)
        r.publish(pkg("b", "1-1"), at: Self.t0)
        r.publish(pkg("a", "1-2"), at: Self.t0.adding(days: 2))
        #expect(r.revision(at: Self.t0.adding(seconds: -1)) == 0)
        #expect(r.revision(at: Self.t0) == 1)
        #expect(r.revision(at: Self.t0.adding(days: 1)) == 1)
        #expect(r.revision(at: Self.t0.adding(days: 2)) == 2)
        #expect(r.snapshot(at: Self.t0.adding(hours: 1)).packages == r.snapshot(at: Self.t0.adding(days: 1)).packages)
    }
}

@Suite("Generated repositories")
struct GeneratorTests {
    static let start = Instant(year: 2026, month: 11, day: 1)
    static let end = Instant(year: 2026, month: 12, day: 1)

    func generate(_ os: OperatingSystem, product: String? = nil, seed: UInt64 = 9, count: Int = 300) -> RepositoryGenerator.Output {
        RepositoryGenerator(profile: RepositoryProfile(os: os, product: product, packageCount: count, meanDaysBetweenUpdates: 60,
                                                       start: Self.start, end: Self.end), seed: seed).generate()
    }

    @Test("same profile and seed, same history; another seed, another history")
    func deterministic() {
        let a = generate(.amazonLinux2).repositories[0], b = generate(.amazonLinux2).repositories[0]
        #expect(a.packages == b.packages && a.notices == b.notices)
        let c = generate(.amazonLinux2, seed: 10).repositories[0]
        #expect(a.notices != c.notices)
    }

    @Test("notice ids as each publisher writes them", arguments: [
        (OperatingSystem.amazonLinux, #"^ALAS-2026-\d{4}$"#), (.amazonLinux2, #"^ALAS2-2026-\d{4}$"#),
        (.amazonLinux2023, #"^ALAS2023-2026-\d{3,4}$"#), (.redhatEnterpriseLinux, #"^RH[SBE]A-2026:\d{4}$"#),
        (.oracleLinux, #"^EL[SBE]A-2026-\d{4}$"#), (.rockyLinux, #"^RL[SBE]A-2026:\d{4}$"#), (.almaLinux, #"^AL[SBE]A-2026:\d{4}$"#),
        (.suse, #"^SUSE-SLE-SERVER-\d+-SP\d+-2026-\d{4}$"#),
    ])
    func noticeIds(_ c: (OperatingSystem, String)) throws {
        let notices = generate(c.0).repositories[0].notices
        #expect(!notices.isEmpty)
        let regex = try Regex(c.1)
        for n in notices { #expect(n.value.id.wholeMatch(of: regex) != nil, "\(n.value.id)") }
        // Security notices carry a severity from the OS's vocabulary; others none (except SUSE).
        let vocabulary = OSCatalogue.entry(c.0).severities
        for n in notices where n.value.isSecurityType {
            #expect(vocabulary.contains { $0.caseInsensitiveEquals(n.value.severity ?? "") }, "\(n.value.severity ?? "nil")")
        }
    }

    @Test("CentOS default repositories carry no notices (§7.2)")
    func centOS() {
        let r = generate(.centOS, product: "CentOS7.9").repositories[0]
        #expect(r.notices.isEmpty && r.packages.count > 300)
    }

    @Test("updates newer than the base, dependency pairs required and in one notice")
    func dependencies() throws {
        let out = generate(.amazonLinux2, count: 400)
        let repo = out.repositories[0]
        let withDeps = repo.packages.filter { !$0.value.requires.isEmpty }
        #expect(!withDeps.isEmpty)
        for p in withDeps {
            let req = p.value.requires[0]
            #expect(req.name == p.value.name + "-libs")
            #expect(repo.packages.contains { $0.value.name == req.name && $0.value.version == req.minimumVersion && $0.published == p.published })
        }
        for p in repo.packages where p.published > Self.start {
            let base = try #require(out.baseInventory.package(named: p.value.name, arch: p.value.arch))
            #expect(base.version < p.value.version, "\(p.value.identity)")
        }
    }

    @Test("APT: base, -security and -updates pockets; Debian security label and +debNuM revisions")
    func apt() {
        let out = generate(.debian, product: "Debian12")
        #expect(out.repositories.map(\.name) == ["bookworm", "bookworm-security", "bookworm-updates"])
        let sec = out.repositories[1].packages
        #expect(!sec.isEmpty)
        #expect(sec.allSatisfy { $0.value.debian?.isSecurityPocket == true && $0.value.debian?.label == "Debian-Security" })
        #expect(sec.contains { $0.value.version.description.contains("+deb12u") })
        let ubuntu = generate(.ubuntu, product: "Ubuntu20.04")
        #expect(ubuntu.repositories[1].name == "focal-security")
        #expect(ubuntu.repositories[2].packages.contains { $0.value.version.description.contains("ubuntu0.20.04.") })
    }

    @Test("Windows: a cumulative update every Patch Tuesday, superseding the previous month's")
    func windows() throws {
        let out = RepositoryGenerator(profile: RepositoryProfile(os: .windows, product: "WindowsServer2019",
                                                                 historyStart: Instant(year: 2026, month: 6, day: 1),
                                                                 start: Self.start, end: Self.end), seed: 3).generate()
        let updates = out.repositories[0].windowsUpdates.map(\.value)
        let cus = updates.filter { $0.title.contains("Cumulative Update for Windows Server 2019") }
        #expect(cus.count == 6)  // June to November
        #expect(cus.first?.supersedes.isEmpty == true)
        for (old, new) in zip(cus, cus.dropFirst()) { #expect(new.supersedes == [old.kb]) }
        #expect(cus.map { $0.releaseDate.isoDate } == ["2026-06-09", "2026-07-14", "2026-08-11", "2026-09-08", "2026-10-13", "2026-11-10"])
        let graph = SupersedenceGraph(updates)
        let latest = try #require(cus.last)
        #expect(cus.dropLast().allSatisfy { graph.isSuperseded($0.kb) })
        #expect(!graph.isSuperseded(latest.kb))
    }

    @Test("[MAC-1] macOS: softwareupdate, Homebrew formula and cask items, and installer packages that have newer versions but are never MISSING")
    func macOS() throws {
        let out = generate(.macOS, product: "BigSur11.4")
        let repo = out.repositories[0]
        let managers = Set(repo.packages.compactMap { $0.value.macOSPackageManager })
        #expect(managers == [.softwareupdate, .brew, .brewCask, .installer])
        let installer = repo.packages.filter { $0.value.macOSPackageManager == .installer }.map(\.value)
        #expect(Set(installer.map(\.name)).count < installer.count, "newer installer versions are published")
        let content = AvailableContent(packages: repo.packages.map(\.value))
        let node = NodeState(os: .macOS, product: "BigSur11.4", inventory: out.baseInventory)
        let b = try #require(PredefinedBaselines.named("AWS-MacOSDefaultPatchBaseline"))
        let r = NodeScanner(baseline: b, at: Instant(year: 2026, month: 12, day: 1)).scan(node, content)
        for name in Set(installer.map(\.name)) { #expect(r.records.first { $0.kbId == name }?.state == .INSTALLED, "\(name)") }
        #expect(r.records.contains { $0.state == .MISSING }, "brew and softwareupdate items are MISSING")
    }
}

extension Instant {
    func adding(hours: Int) -> Instant { adding(seconds: Int64(hours) * 3600) }
}
