import Foundation
import Testing
@testable import PatchsimCLI

/// [AGT-1]: the predefined baselines as the API prints them.
@Suite("patchsim baselines ([AGT-1])")
struct PredefinedBaselinesTests {
    static let names = ((try? FileManager.default.contentsOfDirectory(atPath: fixture("predefined-baselines"))) ?? [])
        .filter { $0.hasPrefix("AWS-") && $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()

    static func json(_ text: String) throws -> Any { try JSONSerialization.jsonObject(with: Data(text.utf8)) }

    /// Key-sorted canonical form, so two documents compare field for field.
    static func canonical(_ v: Any) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: v, options: [.sortedKeys, .fragmentsAllowed]), as: UTF8.self)
    }

    @Test("[AGT-1] all 17 predefined baselines print equal, field for field, to get-patch-baseline's output")
    func allSeventeen() throws {
        #expect(Self.names.count == 17)
        let (code, out, err) = runPatchsim(["baselines", "--format", "json"])
        #expect(code == 0, "\(err)")
        let printed = try #require(try Self.json(out) as? [[String: Any]])
        #expect(printed.count == 17)
        for name in Self.names {
            let file = try String(contentsOfFile: fixture("predefined-baselines/\(name).json"), encoding: .utf8)
            let mine = try #require(printed.first { $0["Name"] as? String == name }, "\(name) not printed")
            #expect(try Self.canonical(mine) == Self.canonical(try Self.json(file)), "\(name)")
            // One name prints one object, byte for byte as the CLI printed it.
            let (_, single, _) = runPatchsim(["baselines", name, "--format", "json"])
            #expect(single == file, "\(name)")
        }
    }

    @Test("[AGT-1] the baselines are found by Name, ARN and pb- id; the macOS, Oracle and Windows rules are AWS's")
    func lookups() throws {
        for key in ["AWS-OracleLinuxDefaultPatchBaseline", "arn:aws:ssm:us-east-1:075727635805:patchbaseline/pb-06bff38e95fe85c02",
                    "pb-06bff38e95fe85c02", "arn:aws:ssm:eu-west-1:075727635805:patchbaseline/pb-06bff38e95fe85c02"] {
            let (code, out, _) = runPatchsim(["baselines", key])
            #expect(code == 0 && out.contains("SEVERITY Critical,Important,Moderate") && out.contains("CLASSIFICATION Enhancement,Bugfix"), "\(key): \(out)")
        }
        let (_, mac, _) = runPatchsim(["baselines", "AWS-MacOSDefaultPatchBaseline"])
        #expect(mac.contains("CLASSIFICATION softwareupdate,installer,brew,brew_cask") && mac.contains("EnableNonSecurity false"))
        for win in ["AWS-DefaultPatchBaseline", "AWS-WindowsPredefinedPatchBaseline-OS", "AWS-WindowsPredefinedPatchBaseline-OS-Applications"] {
            let (_, out, _) = runPatchsim(["baselines", win])
            #expect(out.contains("AvailableSecurityUpdatesComplianceStatus NON_COMPLIANT"), "\(win)")
        }
        let (code, _, err) = runPatchsim(["baselines", "AWS-DefaultRaspbianPatchBaseline"])
        #expect(code == 2 && err.contains("AWS-RaspbianDefaultPatchBaseline"))
    }

    @Test("[AGT-1] each file loads as a --baseline and in a scenario's baselines", arguments: names)
    func loads(_ name: String) throws {
        let path = fixture("predefined-baselines/\(name).json")
        let doc = try #require(try Self.json(try String(contentsOfFile: path, encoding: .utf8)) as? [String: Any])
        let os = try #require(doc["OperatingSystem"] as? String)
        // As a --baseline, on a host of its OS (Windows hosts are not scanned: their catalogue is the service's).
        let products = ["DEBIAN": "Debian12", "UBUNTU": "Ubuntu22.04", "RASPBIAN": "Raspbian10", "AMAZON_LINUX": "AmazonLinux2018.03",
                        "AMAZON_LINUX_2": "AmazonLinux2", "AMAZON_LINUX_2022": "AmazonLinux2022", "AMAZON_LINUX_2023": "AmazonLinux2023",
                        "CENTOS": "CentOS7.9", "REDHAT_ENTERPRISE_LINUX": "RedhatEnterpriseLinux8.6", "ROCKY_LINUX": "RockyLinux8.8",
                        "ALMA_LINUX": "AlmaLinux8.8", "ORACLE_LINUX": "OracleLinux8.6", "SUSE": "Suse15.3", "MACOS": "BigSur11.4"]
        if let product = products[os] {
            var args = ["scan", "--os", os, "--product", product, "--baseline", path]
            switch os {
            case "DEBIAN", "UBUNTU", "RASPBIAN": args += ["--dpkg-status", fixture("dpkg-status"), "--apt-lists", fixture("apt-lists")]
            case "MACOS": args += ["--brew-list", fixture("macos/brew-list-versions.txt")]
            default: args += ["--rpm-qa", fixture("rpm/rpm-qa.txt"), "--repodata", fixture("rpm")]
            }
            let (code, out, err) = runPatchsim(args)
            #expect(code == 0 && out.contains("under \(name)"), "\(err)")
        } else {
            #expect(os == "WINDOWS")
        }
        let scenario = FileManager.default.temporaryDirectory.appendingPathComponent("patchsim-predef-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: scenario) }
        let file = try String(contentsOfFile: path, encoding: .utf8)
        try """
            { "name": "predefined-\(name)", "start": "2026-11-01T00:00:00Z", "end": "2026-11-02T00:00:00Z",
              "baselines": [\(file)], "defaultBaselines": ["\(doc["BaselineId"] as? String ?? "")"],
              "expectations": [ { "name": "loads", "rule": "[AGT-1]", "invariant": "noRebootOutsideWindow" } ] }
            """.write(toFile: scenario, atomically: true, encoding: .utf8)
        let (code, _, err) = runPatchsim(["check", scenario])
        #expect(code == 0, "\(err)")
    }
}
