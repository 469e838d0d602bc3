import Testing
@testable import PatchBaselines
@testable import PatchModel
@testable import PatchWorld

/// [LNX-1] step 9: what an install brings along, as the native package manager resolves it.
@Suite("Dependency resolution ([LNX-1], [LST-9])")
struct DependencyResolverTests {
    static func p(_ name: String, _ evr: String, requires: [PackageRequirement] = [], provides: [PackageCapability] = []) -> AvailablePackage {
        AvailablePackage(identity: PackageIdentity(name: name, arch: "x86_64", version: .rpm(RPMVersion(parsing: evr) ?? RPMVersion(version: "0"))),
                         repository: "repo", requires: requires, provides: provides)
    }
    static func v(_ evr: String) -> PackageVersion { .rpm(RPMVersion(parsing: evr) ?? RPMVersion(version: "0")) }
    static func req(_ name: String, _ relation: PackageRequirement.Relation? = nil, _ evr: String? = nil) -> PackageRequirement {
        PackageRequirement(alternatives: [.init(name: name, relation: relation, version: evr.map(v))])
    }

    func pulled(_ target: AvailablePackage, installed: [AvailablePackage] = [], offered: [AvailablePackage]) -> [String]? {
        let resolver = DependencyResolver(inventory: Inventory(installed.map { InstalledPackage(identity: $0.identity) }),
                                          content: AvailableContent(packages: offered + [target]))
        guard case .resolved(let c) = resolver.resolve([target]) else { return nil }
        return c.pulled.map(\.identity.description).sorted()
    }

    @Test("transitively: a needs b, b needs c")
    func transitive() {
        let c = Self.p("c", "1.0-1"), b = Self.p("b", "1.0-1", requires: [Self.req("c")]), a = Self.p("a", "2.0-1", requires: [Self.req("b")])
        #expect(pulled(a, offered: [b, c]) == ["b.x86_64:0:1.0-1", "c.x86_64:0:1.0-1"])
        #expect(pulled(a, installed: [c], offered: [b, c]) == ["b.x86_64:0:1.0-1"], "an installed c meets b's need")
    }

    @Test("through a provided capability, versioned or not")
    func capabilities() {
        let postfix = Self.p("postfix", "3.5-1", provides: [PackageCapability(name: "MTA"), PackageCapability(name: "smtpdaemon", version: Self.v("3.5-1"))])
        let mailx = Self.p("mailx", "12.5-2", requires: [Self.req("MTA")])
        #expect(pulled(mailx, offered: [postfix]) == ["postfix.x86_64:0:3.5-1"])
        let needs = Self.p("cron", "1.0-2", requires: [Self.req("smtpdaemon", .greaterOrEqual, "3.0")])
        #expect(pulled(needs, offered: [postfix]) == ["postfix.x86_64:0:3.5-1"])
        let tooNew = Self.p("cron", "1.0-2", requires: [Self.req("smtpdaemon", .greaterOrEqual, "4.0")])
        #expect(pulled(tooNew, offered: [postfix]) == nil)
        let unversionedOnly = Self.p("cron", "1.0-2", requires: [Self.req("MTA", .greaterOrEqual, "1")])
        #expect(pulled(unversionedOnly, offered: [postfix]) == nil, "an unversioned provide meets no versioned requirement")
    }

    @Test("version constraints pick the newest version that satisfies them", arguments: [
        (PackageRequirement.Relation.lessThan, "2.0-1", "1.9-1"), (.lessOrEqual, "2.0-1", "2.0-1"), (.equal, "1.5-1", "1.5-1"),
        (.greaterOrEqual, "1.0-1", "2.1-1"), (.greaterThan, "2.0-1", "2.1-1"),
    ])
    func constraints(_ c: (PackageRequirement.Relation, String, String)) {
        let libs = ["1.5-1", "1.9-1", "2.0-1", "2.1-1"].map { Self.p("libfoo", $0) }
        let tool = Self.p("tool", "1.0-2", requires: [Self.req("libfoo", c.0, c.1)])
        #expect(pulled(tool, offered: libs) == ["libfoo.x86_64:0:\(c.2)"])
    }

    @Test("an rpm requirement without a release compares the version only")
    func releaseless() {
        let lib = Self.p("libfoo", "1.0-7")
        #expect(pulled(Self.p("tool", "1.0-2", requires: [Self.req("libfoo", .equal, "1.0")]), offered: [lib]) == ["libfoo.x86_64:0:1.0-7"])
    }

    @Test("APT: the first satisfiable alternative of a clause")
    func aptAlternatives() {
        func d(_ name: String, _ version: String, requires: [PackageRequirement] = []) -> AvailablePackage {
            AvailablePackage(identity: PackageIdentity(name: name, arch: "amd64", version: .deb(DebianVersion(lenient: version) ?? DebianVersion(upstream: "0"))),
                             repository: "bookworm", requires: requires)
        }
        let clause = AptListsImporter.parseDepends("default-mta | mail-transport-agent, libc6 (>= 2.34) | libc6.1 (>= 2.34)")
        #expect(clause.count == 2 && clause[0].alternatives.map(\.name) == ["default-mta", "mail-transport-agent"])
        #expect(clause[1].alternatives.allSatisfy { $0.relation == .greaterOrEqual })
        let exim = AvailablePackage(identity: PackageIdentity(name: "exim4", arch: "amd64", version: .deb(DebianVersion(upstream: "4.96", revision: "15"))),
                                    repository: "bookworm", provides: [PackageCapability(name: "mail-transport-agent")])
        let libc = d("libc6", "2.36-9")
        let tool = d("bsd-mailx", "8.1.2-0.20220412cvs-1", requires: clause)
        let resolver = DependencyResolver(inventory: Inventory([]), content: AvailableContent(packages: [exim, libc, tool]))
        guard case .resolved(let c) = resolver.resolve([tool]) else { Issue.record("unresolved"); return }
        #expect(c.pulled.map(\.name).sorted() == ["exim4", "libc6"], "default-mta is not offered: the next alternative, through exim4's Provides")
    }

    @Test("excluded versions are never chosen; a requirement only they meet fails the install, naming them")
    func excluded() {
        let lib = Self.p("libfoo", "2.0-1"), tool = Self.p("tool", "1.0-2", requires: [Self.req("libfoo", .greaterOrEqual, "2.0")])
        let resolver = DependencyResolver(inventory: Inventory([]), content: AvailableContent(packages: [lib, tool]))
        guard case .unsatisfiable(let why) = resolver.resolve([tool], excluded: { $0.name == "libfoo" }) else { Issue.record("resolved"); return }
        #expect(why.contains("libfoo") && why.contains("excluded"))
    }

    @Test("a cycle terminates")
    func cycle() {
        let a = Self.p("a", "1.0-2", requires: [Self.req("b")]), b = Self.p("b", "1.0-1", requires: [Self.req("a")])
        #expect(pulled(a, offered: [b]) == ["b.x86_64:0:1.0-1"])
    }

    @Test("the importers keep every alternative, relation and provide (primary.xml and Packages)")
    func importers() throws {
        let deps = AptListsImporter.parseDepends("libssl3 (>= 3.0.0), debconf (>= 0.5) | debconf-2.0, perl:any, libc6 (<< 2.37), zlib1g (> 1.2)")
        #expect(deps.map { $0.alternatives.map(\.description) } == [["libssl3 (>= 3.0.0)"], ["debconf (>= 0.5)", "debconf-2.0"], ["perl"],
                                                                   ["libc6 (<< 2.37)"], ["zlib1g (>= 1.2)"]])
        let text = """
            Package: exim4-daemon-light
            Version: 4.96-15+deb12u6
            Architecture: amd64
            Provides: mail-transport-agent, exim4-localscanapi-6.0 (= 4.96)
            Depends: exim4-base (>= 4.96)

            """
        let release = try AptRelease.parse("Origin: Debian\nLabel: Debian-Security\nCodename: bookworm-security\n", file: "Release")
        let packages = try AptListsImporter.parsePackages(text, file: "Packages", release: release, repository: "bookworm-security")
        #expect(packages.first?.provides.map(\.name) == ["mail-transport-agent", "exim4-localscanapi-6.0"])
        #expect(packages.first?.provides.last?.version?.description == "4.96")
    }
}
