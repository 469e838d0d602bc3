import Foundation
import Testing
@testable import PatchModel
@testable import PatchScenarios
@testable import PatchWorld

/// [18] A fleet group's diversity: image versions and drift, seeded per node.
@Suite("Fleet diversity")
struct FleetDiversityTests {
    @Test("an older build sorts before the release under rpm and dpkg, further back further down")
    func olderBuilds() throws {
        let rpm = try #require(PackageVersion("0:2.7.15-1.amzn2", scheme: .rpm))
        let one = try #require(FleetDiversity.older(rpm, steps: 1)), two = try #require(FleetDiversity.older(rpm, steps: 2))
        #expect(one.description == "0:2.7.15-1.amzn2~b999" && two.description == "0:2.7.15-1.amzn2~b998")
        #expect(PackageVersion.compare(two, one) < 0 && PackageVersion.compare(one, rpm) < 0)
        let deb = try #require(PackageVersion("7.88.1-10+deb12u5", scheme: .deb))
        let d1 = try #require(FleetDiversity.older(deb, steps: 1))
        #expect(d1.description == "7.88.1-10+deb12u5~b999" && PackageVersion.compare(d1, deb) < 0)
        // Greater than the release before it: 10+deb12u4 < 10+deb12u5~b999 < 10+deb12u5.
        #expect(PackageVersion.compare(d1, try #require(PackageVersion("7.88.1-10+deb12u4", scheme: .deb))) > 0)
    }

    static func diverse(_ diversity: String, count: Int = 200) throws -> Scenario {
        let text = """
            { "name": "diverse", "seed": 3, "start": "2026-11-01T00:00:00Z", "end": "2026-11-02T00:00:00Z",
              "repositories": [ { "generate": { "os": "AMAZON_LINUX_2", "product": "AmazonLinux2", "packageCount": 100 } } ],
              "images": [ { "ImageId": "ami-0al2", "OperatingSystem": "AMAZON_LINUX_2", "Product": "AmazonLinux2" } ],
              "fleet": [ { "count": \(count), "ImageId": "ami-0al2", "diversity": \(diversity) } ],
              "expectations": [ { "name": "runs", "invariant": "concurrencyWithinMax" } ] }
            """
        let file = try temporaryFolder().path + "/diverse.json"
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        return try ScenarioLoader.load(file)
    }

    @Test("image versions and held-back packages give nodes their own software; the same seed the same fleet")
    func distinctStates() throws {
        let plain = try Self.diverse("{}")
        #expect(plain.fleet.distinctInstalledStates == 1)
        let versions = try Self.diverse(#"{ "imageVersions": 10, "packagesBehindPerVersion": 0.1 }"#)
        // Every node of one version shares its software: at most 10 states, and version 0 is the image itself.
        #expect(versions.fleet.distinctInstalledStates == 10)
        #expect(versions.fleet.instances.values.contains { $0.inventoryKey == "ami-0al2" })
        let drifted = try Self.diverse(#"{ "imageVersions": 10, "packagesBehindPerVersion": 0.1, "heldBack": { "nodes": 1, "packages": 2 } }"#)
        #expect(drifted.fleet.distinctInstalledStates > 150)
        let again = try Self.diverse(#"{ "imageVersions": 10, "packagesBehindPerVersion": 0.1, "heldBack": { "nodes": 1, "packages": 2 } }"#)
        #expect(drifted.fleet.instances.values.map(\.inventoryKey).sorted() == again.fleet.instances.values.map(\.inventoryKey).sorted())
        // An older version is behind in what a newer one is: more packages carry a ~b suffix.
        let node = try #require(drifted.fleet.instances.values.first { $0.inventory.packages.contains { $0.version.description.contains("~b") } })
        #expect(node.inventory.count == drifted.fleet.instances.values.first { $0.inventoryKey == "ami-0al2" }?.inventory.count ?? node.inventory.count)
        let failing = try Self.diverse(#"{ "failedInstalls": { "nodes": 1 } }"#, count: 5)
        #expect(failing.fleet.instances.values.allSatisfy { n in n.faults.contains { if case .installFailure = $0 { return true } else { return false } } })
    }

    @Test("diversity on a Windows image is refused with the path")
    func windowsRefused() throws {
        let text = """
            { "name": "w", "start": "2026-11-01T00:00:00Z", "end": "2026-11-02T00:00:00Z",
              "repositories": [ { "generate": { "os": "WINDOWS", "product": "WindowsServer2022" } } ],
              "images": [ { "ImageId": "ami-0win", "OperatingSystem": "WINDOWS", "Product": "WindowsServer2022" } ],
              "fleet": [ { "count": 2, "ImageId": "ami-0win", "diversity": { "imageVersions": 3 } } ],
              "expectations": [ { "name": "runs", "invariant": "concurrencyWithinMax" } ] }
            """
        let file = try temporaryFolder().path + "/w.json"
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        let (code, _, err) = runPatchsim(["check", file])
        #expect(code == 2 && err.contains("fleet[0].diversity: found diversity on a WINDOWS image"))
    }
}
