import Foundation
import Testing
@testable import PatchModel
@testable import PatchWorld

@Suite("Importers of real-format metadata and inventories")
struct ImporterTests {
    @Test("dpkg status: only 'install ok installed' entries count")
    func dpkgStatus() throws {
        let inventory = try DpkgStatusImporter.importFile(Fixture.path("dpkg-status"))
        #expect(inventory.count == 9)
        #expect(inventory.package(named: "old-removed-tool", arch: "amd64") == nil)
        let bash = try #require(inventory.package(named: "bash", arch: "amd64"))
        guard case .deb(let v) = bash.version else { Issue.record("bash should have a Debian version"); return }
        #expect(v.upstream.hasPrefix("5.2"))
        #expect(inventory.package(named: "adduser", arch: "all") != nil)
    }

    @Test("apt lists: pockets from InRelease, LZ4 and plain Packages, security pocket recognised")
    func aptLists() throws {
        let repos = try AptListsImporter.importDirectory(Fixture.path("apt-lists"), os: .debian, products: ["Debian12"])
        #expect(repos.map(\.name).sorted() == ["bookworm", "bookworm-security"])
        let security = try #require(repos.first { $0.name == "bookworm-security" })
        let snapshot = security.snapshot(at: Instant(year: 2030, month: 1, day: 1))
        #expect(snapshot.packages.count == 7)
        let openssl = try #require(snapshot.packages.first { $0.name == "openssl" })
        #expect(openssl.debian?.isSecurityPocket == true)
        #expect(openssl.debian?.label == "Debian-Security")
        #expect(openssl.debian?.priority == "optional")
        #expect(openssl.requires.contains { $0.name == "libssl3" && $0.minimumVersion != nil })
        // Published at the Release file's Date: invisible before it.
        #expect(security.snapshot(at: Instant(year: 2020, month: 1, day: 1)).packages.isEmpty)
        let main = try #require(repos.first { $0.name == "bookworm" })
        #expect(main.snapshot(at: Instant(year: 2030, month: 1, day: 1)).packages.first?.debian?.isSecurityPocket == false)
    }

    @Test("primary.xml: NEVRA, times and versioned requires")
    func primary() throws {
        var repo = Repository(name: "amzn2-core", os: .amazonLinux2)
        try RPMPrimaryImporter.importFile(Fixture.path("rpm/primary.xml"), into: &repo)
        let all = repo.snapshot(at: Instant(year: 2030, month: 1, day: 1)).packages
        #expect(all.count == 5)
        let bind = try #require(all.first { $0.name == "bind-libs" })
        #expect(bind.identity.title == "bind-libs.x86_64:32:9.11.4-26.P2.amzn2.5.2")
        #expect(bind.identity.listForm == "bind-libs-9.11.4-26.P2.amzn2.5.2.x86_64")
        #expect(bind.requires.map(\.name) == ["bind-libs-lite", "libc.so.6(GLIBC_2.14)(64bit)"])
        // time@file 1614706500 = 2021-03-02T17:35:00Z: the package appears then.
        #expect(repo.snapshot(at: Instant(iso8601: "2021-03-02T17:34:59Z")!).packages.allSatisfy { $0.name != "bind-libs" })
        #expect(repo.snapshot(at: Instant(iso8601: "2021-03-02T17:35:00Z")!).packages.contains { $0.name == "bind-libs" })
        // No file time: build time is used.
        #expect(repo.snapshot(at: Instant(secondsSinceEpoch: 1_612_000_000)).packages.map(\.name) == ["python3-urllib3"])
    }

    @Test("updateinfo.xml: type, severity, dates in three forms, references, packages")
    func updateinfo() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: Fixture.path("rpm/updateinfo.xml")))
        let notices = try UpdateInfoImporter.parse(data, file: "updateinfo.xml")
        #expect(notices.map(\.id) == ["ALAS2-2021-1611", "ALAS2-2021-1622", "ALAS2-2021-1630"])
        let bind = notices[0]
        #expect(bind.classification == "Security" && bind.severity == "Important" && bind.isSecurityType)
        #expect(bind.issued == Instant(iso8601: "2021-03-02T17:35:00Z"))
        #expect(bind.updated == Instant(iso8601: "2021-03-04T19:04:00Z"))
        #expect(bind.cveIds == ["CVE-2020-8625"] && bind.bugzillaIds == ["1928995"])
        #expect(bind.packages.count == 2)
        #expect(notices[1].issued == Instant(secondsSinceEpoch: 1_617_302_400))
        #expect(notices[1].updated == nil)
        // [APR-7]: only the epoch-dated notice keeps a date an alternative source can use.
        #expect(!bind.datesInEpochForm && notices[1].datesInEpochForm)
        #expect(notices[2].classification == "Bugfix" && notices[2].severity == nil && notices[2].rebootSuggested)
    }

    @Test("rpm -qa output: epochs, install times, gpg-pubkey skipped, both kernels kept as newest")
    func rpmQuery() throws {
        let inventory = try RPMQueryImporter.importFile(Fixture.path("rpm/rpm-qa.txt"))
        #expect(inventory.count == 7)
        let kernel = try #require(inventory.package(named: "kernel", arch: "x86_64"))
        #expect(kernel.identity.title == "kernel.x86_64:0:4.14.225-169.362.amzn2")
        #expect(kernel.installedAt == Instant(secondsSinceEpoch: 1_616_000_000))
        #expect(inventory.packages(named: "gpg-pubkey").isEmpty)
    }

    /// Malformed input: the error names the file and the line or element, never a crash.
    @Test("malformed input gives located errors", arguments: [
        ("malformed/Packages-truncated", "line 8"),
        ("malformed/status-broken-field", "line 7: Status"),
        ("malformed/status-bad-version", "invalid Debian version"),
        ("malformed/rpm-qa-short.txt", "line 2"),
        ("malformed/not-updateinfo.xml", "<repomd>"),
        ("malformed/updateinfo-broken.xml", "<issued>"),
        ("malformed/primary-truncated.xml", "malformed XML"),
    ])
    func malformed(_ c: (String, String)) throws {
        let path = Fixture.path(c.0)
        do {
            switch c.0 {
            case let p where p.contains("Packages"):
                _ = try AptListsImporter.parsePackages(try FileBytes.text(path), file: path,
                                                       release: AptRelease(suite: "bookworm"), repository: "bookworm")
            case let p where p.contains("status"): _ = try DpkgStatusImporter.importFile(path)
            case let p where p.contains("rpm-qa"): _ = try RPMQueryImporter.importFile(path)
            case let p where p.contains("primary"):
                var repo = Repository(name: "r", os: .amazonLinux2)
                try RPMPrimaryImporter.importFile(path, into: &repo)
            default:
                var repo = Repository(name: "r", os: .amazonLinux2)
                try UpdateInfoImporter.importFile(path, into: &repo)
            }
            Issue.record("\(c.0) should have been rejected")
        } catch let error as InputError {
            #expect(error.description.hasPrefix(path), "\(error)")
            #expect(error.description.contains(c.1), "\(error)")
        }
    }

    @Test("an LZ4 frame that is cut short is an error, not a crash")
    func truncatedLZ4() throws {
        let bytes = try FileBytes.read(Fixture.path("apt-lists/deb.debian.org_debian-security_dists_bookworm-security_main_binary-amd64_Packages.lz4"))
        #expect(throws: InputError.self) { try LZ4Frame.decompress(Array(bytes.prefix(bytes.count / 2)), file: "x.lz4") }
        #expect(throws: InputError.self) { try LZ4Frame.decompress([0x04, 0x22, 0x4D, 0x18, 0x64], file: "x.lz4") }
    }
}
