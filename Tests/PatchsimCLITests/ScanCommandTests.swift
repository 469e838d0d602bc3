import Foundation
import Testing
@testable import PatchsimCLI

/// The fixtures live with the world tests; the CLI tests read them in place.
func fixture(_ relative: String) -> String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("PatchWorldTests/Fixtures/\(relative)").path
}

@Suite("patchsim scan and explain")
struct ScanCommandTests {
    @Test("a Debian host: MISSING is what apt would upgrade from the security suite")
    func debian() throws {
        let (code, out, err) = runPatchsim(["scan", "--os", "DEBIAN", "--product", "Debian12", "--dpkg-status", fixture("dpkg-status"),
                                            "--apt-lists", fixture("apt-lists"), "--format", "json"])
        #expect(code == 0, "\(err)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
        let patches = try #require(json["Patches"] as? [[String: Any]])
        let missing = patches.filter { $0["State"] as? String == "MISSING" }.compactMap { $0["KBId"] as? String }.sorted()
        // curl's newer version is in the main suite (a point release), not security: not MISSING.
        #expect(missing == ["apt.amd64", "libssl3.amd64", "openssl.amd64", "tzdata.all"])
        #expect(json["MissingCount"] as? Int == 4 && json["ComplianceStatus"] as? String == "NON_COMPLIANT")
        #expect(json["BaselineId"] as? String == "arn:aws:ssm:us-east-1:075727635805:patchbaseline/pb-09a5f8eb62bde80b1")
        // --at defaults to the newest date in the inputs (the security Release file's Date).
        #expect(json["OperationStartTime"] as? String == "2026-11-20T00:12:41Z")
        let openssl = try #require(patches.first { $0["KBId"] as? String == "openssl.amd64" })
        // [AGT-4]: a MISSING record's title carries the version the update installs.
        #expect(openssl["Title"] as? String == "openssl.amd64:3.0.22-1~deb12u2" && openssl["InstalledTime"] == nil)
    }

    @Test("an Amazon Linux 2 host from rpm -qa and repodata; --at moves the 7-day clock")
    func amazonLinux2() throws {
        let args = ["scan", "--os", "AMAZON_LINUX_2", "--product", "AmazonLinux2", "--rpm-qa", fixture("rpm/rpm-qa.txt"), "--repodata", fixture("rpm")]
        let (code, out, _) = runPatchsim(args + ["--at", "2021-04-20T00:00:00Z"])
        #expect(code == 0)
        #expect(out.contains("Missing 3") && out.contains("openssl.x86_64") && out.contains("bind-libs.x86_64"))
        // ALAS2-2021-1622 (openssl) was issued 2021-04-01: not 7 days old on 04-05.
        let (_, early, _) = runPatchsim(args + ["--at", "2021-04-05T00:00:00Z"])
        #expect(early.contains("Missing 2") && !early.contains("MISSING                   openssl"))
    }

    @Test("explain says which rule, date and pocket decided")
    func explain() {
        let (code, out, _) = runPatchsim(["scan", "--os", "AMAZON_LINUX_2", "--product", "AmazonLinux2", "--rpm-qa", fixture("rpm/rpm-qa.txt"),
                                          "--repodata", fixture("rpm"), "--at", "2021-04-05T00:00:00Z", "--explain", "openssl"])
        #expect(code == 0)
        #expect(out.contains("openssl.x86_64: installed 1:1.0.2k-19.amzn2.0.3"))
        #expect(out.contains("ApproveAfterDays 7: date 2021-04-01T18:40:00Z + 7 days > 2021-04-05T00:00:00Z"), "\(out)")
        #expect(out.contains("=> INSTALLED_OTHER"))
    }

    @Test("bad inputs: unsupported product, unknown baseline, invalid baseline file — exit 2", arguments: [
        (["--product", "Raspbian8", "--os", "RASPBIAN"], "not supported"),
        (["--baseline", "AWS-NoSuchBaseline"], "--baseline: found 'AWS-NoSuchBaseline'"),
        (["--baseline", "AWS-UbuntuDefaultPatchBaseline"], "is a UBUNTU baseline"),
    ])
    func errors(_ c: ([String], String)) {
        var args = ["scan", "--os", "DEBIAN", "--product", "Debian12", "--dpkg-status", fixture("dpkg-status"), "--apt-lists", fixture("apt-lists")]
        for k in stride(from: 0, to: c.0.count, by: 2) {
            if let i = args.firstIndex(of: c.0[k]) { args[i + 1] = c.0[k + 1] } else { args += [c.0[k], c.0[k + 1]] }
        }
        let (code, _, err) = runPatchsim(args)
        #expect(code == 2 && err.contains(c.1), "\(err)")
    }

    @Test("a baseline file with an invalid rule names the JSON path")
    func badBaselineFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("patchsim-bl-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try #"[{"OperatingSystem":"DEBIAN","Name":"deb-custom","ApprovalRules":{"PatchRules":[{"PatchFilterGroup":{"PatchFilters":[{"Key":"SEVERITY","Values":["Critical"]}]},"ApproveAfterDays":0}]}}]"#
            .write(toFile: path, atomically: true, encoding: .utf8)
        let (code, _, err) = runPatchsim(["scan", "--os", "DEBIAN", "--product", "Debian12", "--dpkg-status", fixture("dpkg-status"),
                                          "--apt-lists", fixture("apt-lists"), "--baseline", path])
        #expect(code == 2 && err.contains("\(path): [0].ApprovalRules.PatchRules[0].PatchFilterGroup.PatchFilters[0].Key"), "\(err)")
    }
}

@Suite("patchsim scan of a macOS host ([MAC-1])")
struct MacOSScanTests {
    @Test("[MAC-1][AGT-1] from softwareupdate --list, pkgutil --pkgs and brew list --versions: installer packages INSTALLED, updates MISSING with their target")
    func macOSHost() throws {
        let m = { (f: String) in fixture("macos/\(f)") }
        let (code, out, err) = runPatchsim(["scan", "--os", "MACOS", "--product", "BigSur11.4", "--pkgutil-pkgs", m("pkgutil-pkgs.txt"),
                                            "--brew-list", m("brew-list-versions.txt"), "--brew-cask-list", m("brew-list-cask-versions.txt"),
                                            "--softwareupdate-list", m("softwareupdate-list.txt"), "--brew-outdated", m("brew-outdated-verbose.txt"),
                                            "--brew-cask-outdated", m("brew-outdated-cask-verbose.txt"), "--format", "json"])
        #expect(code == 0, "\(err)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
        let patches = try #require(json["Patches"] as? [[String: Any]])
        let states = Dictionary(uniqueKeysWithValues: patches.compactMap { p in (p["KBId"] as? String).map { ($0, p["State"] as? String ?? "") } })
        #expect(states["com.apple.pkg.XProtectPlistConfigData_10_15.16U4211"] == "INSTALLED")
        #expect(states["python@3.9"] == "INSTALLED")
        for missing in ["git", "openssl@1.1", "firefox", "Safari", "Command Line Tools for Xcode"] { #expect(states[missing] == "MISSING", "\(missing)") }
        let git = try #require(patches.first { $0["KBId"] as? String == "git" })
        #expect(git["Title"] as? String == "git.2.32.0" && git["TargetVersion"] as? String == "2.32.0")
        #expect(json["BaselineId"] as? String == "arn:aws:ssm:us-east-1:075727635805:patchbaseline/pb-0ee4f94581368c0d4")
    }

    @Test("softwareupdate --list in the pre-Big Sur form parses too; an unreadable line names file and line")
    func oldForm() throws {
        let (code, out, err) = runPatchsim(["scan", "--os", "MACOS", "--product", "BigSur11.4", "--softwareupdate-list", fixture("macos/softwareupdate-list-mojave.txt")])
        #expect(code == 0 && out.contains("Command Line Tools (macOS Mojave version 10.14) for Xcode"), "\(err)")
        let bad = FileManager.default.temporaryDirectory.appendingPathComponent("patchsim-brew-\(UUID().uuidString).txt").path
        defer { try? FileManager.default.removeItem(atPath: bad) }
        try "git 2.31.1\nbroken-line-without-version\n".write(toFile: bad, atomically: true, encoding: .utf8)
        let (badCode, _, badErr) = runPatchsim(["scan", "--os", "MACOS", "--product", "BigSur11.4", "--brew-list", bad])
        #expect(badCode == 2 && badErr.contains("\(bad): line 2"), "\(badErr)")
    }
}
