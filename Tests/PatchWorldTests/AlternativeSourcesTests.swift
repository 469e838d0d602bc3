import Testing
@testable import PatchBaselines
@testable import PatchModel
@testable import PatchWorld

@Suite("Alternative patch sources ([SRC-1])")
struct AlternativeSourcesTests {
    let core = Repository(name: "amzn2-core", os: .amazonLinux2), docker = Repository(name: "amzn2extra-docker", os: .amazonLinux2)
    let epel = Repository(name: "epel", os: .amazonLinux2)

    func baseline(_ sources: [PatchSource]) -> PatchBaseline {
        PatchBaseline(baselineId: "pb-sources-0000000000", name: "sources", operatingSystem: .amazonLinux2, sources: sources)
    }

    @Test("sources replace the defaults for their products; other products keep their defaults")
    func replace() {
        let src = PatchSource(name: "My-EPEL", products: ["AmazonLinux2"],
                              configuration: "[main]\ncachedir=/var/cache/yum\n[epel]\nname=EPEL\nbaseurl=https://example.invalid/epel\nenabled=1")
        let b = baseline([src])
        #expect(AlternativeSources.effective(baseline: b, product: "AmazonLinux2", defaults: [core, docker], all: [core, docker, epel]).map(\.name) == ["epel"])
        #expect(AlternativeSources.effective(baseline: b, product: "AmazonLinux2.0", defaults: [core, docker], all: [core, docker, epel]).map(\.name) == ["amzn2-core", "amzn2extra-docker"])
    }

    @Test("to keep the defaults a source lists them too; several sources are a union")
    func union() {
        let a = PatchSource(name: "defaults", products: ["AmazonLinux2"], configuration: "[amzn2-core]\nenabled=1\n[amzn2extra-docker]\nenabled=1")
        let e = PatchSource(name: "epel", products: ["AmazonLinux2"], configuration: "[epel]\nenabled=1")
        #expect(AlternativeSources.effective(baseline: baseline([a, e]), product: "AmazonLinux2", defaults: [core], all: [core, docker, epel]).map(\.name)
                == ["amzn2-core", "amzn2extra-docker", "epel"])
    }

    @Test("APT sources name suites in deb lines")
    func apt() {
        let source = PatchSource(name: "s", products: ["Ubuntu20.04"], configuration: "deb [arch=amd64] http://archive.ubuntu.com/ubuntu focal-security main\ndeb http://x focal main")
        #expect(source.repositoryNames(family: .apt)
                == ["focal-security", "focal"])
    }
}
