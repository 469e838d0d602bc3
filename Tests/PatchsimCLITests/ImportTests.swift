import Foundation
import Testing
@testable import PatchsimCLI
import PatchModel
import PatchScenarios

/// The hand-written account export: a dozen nodes (Amazon Linux 2, RHEL 8.6, Ubuntu
/// 22.04, Windows Server 2022 with one hybrid node), two windows, a patch policy's
/// association, a node whose Install failed, one inventory file missing.
func exportExample() -> String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/export-example").path
}

/// Every file under a folder, by relative path.
func folderContents(_ dir: String) throws -> [String: String] {
    var out: [String: String] = [:]
    let base = URL(fileURLWithPath: dir).standardizedFileURL.path
    guard let e = FileManager.default.enumerator(atPath: base) else { return out }
    while let relative = e.nextObject() as? String {
        var isDirectory: ObjCBool = false
        let path = (base as NSString).appendingPathComponent(relative)
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
            out[relative] = try String(contentsOfFile: path, encoding: .utf8)
        }
    }
    return out
}

/// Every string of the export that identifies the customer ([17] item 4): instance ids,
/// addresses, host names, the account id, tag keys (but Patch Group) and values, names,
/// descriptions and owner information of windows, targets, tasks, custom baselines and
/// associations, and bucket names. Collected from the export's own files, not the code.
func identifiers(inExport dir: String) throws -> Set<String> {
    var found: Set<String> = []
    func tags(_ v: Any) {
        for t in v as? [[String: Any]] ?? [] {
            if let k = t["Key"] as? String {
                let key = k.hasPrefix("tag:") ? String(k.dropFirst(4)) : k
                if !["Patch Group", "PatchGroup", "InstanceIds", "WindowTargetIds", "tag-key"].contains(key) && !key.hasPrefix("aws:") {
                    found.insert(key)
                    if let value = t["Value"] as? String { found.insert(value) }
                    found.formUnion(t["Values"] as? [String] ?? [])
                }
                if key == "Patch Group" || key == "InstanceIds" { found.formUnion(t["Values"] as? [String] ?? []) }
                if key == "Patch Group", let value = t["Value"] as? String { found.insert(value) }
            }
        }
    }
    func walk(_ v: Any, key: String?) {
        if let o = v as? [String: Any] {
            for (k, value) in o {
                if ["Tags", "TagList", "Targets"].contains(k) { tags(value) }
                walk(value, key: k)
            }
        } else if let a = v as? [Any] {
            for item in a { walk(item, key: key) }
        } else if let s = v as? String, let key {
            let identifying = ["InstanceId", "IPAddress", "ComputerName", "PrivateIpAddress", "PrivateDnsName", "AccountId", "OwnerId",
                               "OwnerInformation", "OutputS3BucketName", "PatchGroup", "AssociationName"]
            if identifying.contains(key) { found.insert(s) }
        }
    }
    for (relative, text) in try folderContents(dir) where relative.hasSuffix(".json") {
        let doc = try JSONSerialization.jsonObject(with: Data(text.utf8))
        walk(doc, key: nil)
        // Names and descriptions of the account's own windows, targets, tasks and baselines.
        var owned: [[String: Any]] = []
        if relative.hasPrefix("get-maintenance-window") || relative.hasPrefix("get-patch-baseline/"), let o = doc as? [String: Any] { owned = [o] }
        if relative.hasPrefix("describe-maintenance-window-targets/"), let o = doc as? [String: Any] { owned = o["Targets"] as? [[String: Any]] ?? [] }
        for o in owned {
            for k in ["Name", "Description"] { if let s = o[k] as? String, !s.isEmpty { found.insert(s) } }
        }
    }
    // "Name" is also a member name of every AWS shape; the fleet test checks the tag key itself.
    found.remove("Name")
    return found.filter { !$0.isEmpty }
}

/// Whether `word` stands in `text` as a whole word (not inside a longer one).
func containsWord(_ text: String, _ word: String) -> Bool {
    var rest = text[...]
    while let r = rest.range(of: word) {
        let before = r.lowerBound == text.startIndex ? nil : text[text.index(before: r.lowerBound)]
        let after = r.upperBound == text.endIndex ? nil : text[r.upperBound]
        if !(before?.isLetter ?? false) && !(before?.isNumber ?? false) && !(after?.isLetter ?? false) && !(after?.isNumber ?? false) { return true }
        rest = text[r.upperBound...]
    }
    return false
}

@Suite("patchsim import: an account export as a scenario ([17])")
struct ImportTests {
    @Test("the bundled imported-example is exactly the import of the bundled export, and its round trip holds")
    func bundledExampleIsTheImport() throws {
        let out = try temporaryFolder().appendingPathComponent("imported").path
        let (code, stdout, err) = runPatchsim(["import", exportExample(), "--out", out])
        #expect(code == 0, "\(err)")
        #expect(err.contains("12 nodes imported, 12 of 12 with a report reproduced exactly by the round trip"))
        #expect(err.contains("Round trip: every exported record and count is reproduced."))
        #expect(stdout.contains("run it with: patchsim run"))
        let written = try folderContents(out)
        let bundled = try folderContents((scenariosFolder() as NSString).appendingPathComponent("imported-example"))
        #expect(written.keys.sorted() == bundled.keys.sorted())
        for (path, text) in written where bundled[path] != text {
            Issue.record("Scenarios/imported-example/\(path) differs from a fresh import; regenerate it with patchsim import")
        }
        let (runCode, runOut, _) = runPatchsim(["run", out, "--quiet"])
        #expect(runCode == 0, "\(runOut)")
    }

    @Test("the report says what the export lacked and what the import chose, per node and per patch")
    func reportNotes() throws {
        let report = try String(contentsOfFile: (scenariosFolder() as NSString).appendingPathComponent("imported-example/import-report.txt"), encoding: .utf8)
        // The one inventory file the export lacks: the installed version had to be assumed.
        #expect(report.contains("i-0c1d2e3f4a5b60702: openssl.amd64: the installed version is not in the inventory export; assumed 0~imported, older than 3.0.2-0ubuntu1.12"))
        // gpg-pubkey is in the inventory but the agent reports no patch for it.
        #expect(report.contains("i-0a1b2c3d4e5f60701: 1 inventory entries have no patch record"))
        // Amazon Linux 2 nodes count 4 NotApplicable patches the export does not name.
        #expect(report.contains("4 filler packages stand for NotApplicable patches"))
        #expect(report.contains("association 8dfe3659-4309-493a-8755-0123456789ab: its BaselineOverride is in S3"))
    }

    @Test("the failed node's round trip is an Install of its FAILED patch, which fails again; the pending reboot is kept")
    func failedNode() throws {
        let fleet = try String(contentsOfFile: (scenariosFolder() as NSString).appendingPathComponent("imported-example/fleet.json"), encoding: .utf8)
        #expect(fleet.contains("\"installFailures\": [\n          \"openssl\"\n        ]"))
        #expect(fleet.contains("\"pendingReboot\": [\n        \"kernel.x86_64\"\n      ]"))
        let expectations = try String(contentsOfFile: (scenariosFolder() as NSString).appendingPathComponent("imported-example/expectations.json"), encoding: .utf8)
        #expect(expectations.contains("round trip: i-0a1b2c3d4e5f60703 openssl.x86_64 is FAILED"))
        #expect(expectations.contains("round trip: i-0a1b2c3d4e5f60703 kernel.x86_64 is INSTALLED_PENDING_REBOOT"))
    }

    @Test("--anonymise: no original identifier survives, the round trip still holds, the same key gives the same bytes")
    func anonymised() throws {
        let base = try temporaryFolder()
        let a = base.appendingPathComponent("a").path, b = base.appendingPathComponent("b").path, c = base.appendingPathComponent("c").path
        let (code, _, err) = runPatchsim(["import", exportExample(), "--out", a, "--anonymise", "--key", "k1"])
        #expect(code == 0, "\(err)")
        #expect(runPatchsim(["import", exportExample(), "--out", b, "--anonymise", "--key", "k1"]).0 == 0)
        #expect(runPatchsim(["import", exportExample(), "--out", c, "--anonymise", "--key", "k2"]).0 == 0)
        let first = try folderContents(a), second = try folderContents(b), third = try folderContents(c)
        #expect(first == second)
        #expect(first["fleet.json"] != third["fleet.json"])
        let originals = try identifiers(inExport: exportExample())
        #expect(originals.contains("i-0a1b2c3d4e5f60701") && originals.contains("123456789012") && originals.contains("web-prod")
                && originals.contains("alice@example.com") && originals.contains("web-tuesday-install") && originals.contains("example-corp-patch-logs"))
        for (path, text) in first {
            for original in originals where containsWord(text, original) {
                Issue.record("\(path) still holds \(original)")
            }
        }
        // What must stay: package names, versions, KB ids, OS names, schedules, the kept tag key.
        let all = first.values.joined()
        for kept in ["openssl", "1.0.2k", "KB5044281", "AMAZON_LINUX_2", "cron(0 3 ? * TUE *)", "Patch Group"] {
            #expect(all.contains(kept), "\(kept) was replaced")
        }
        #expect(!(first["fleet.json"] ?? "").contains("\"Name\":"), "the Name tag key is the customer's too")
        let (runCode, runOut, _) = runPatchsim(["run", a, "--quiet"])
        #expect(runCode == 0, "\(runOut)")
    }

    @Test("--anonymise without --key draws a key and prints it")
    func drawnKey() throws {
        let out = try temporaryFolder().appendingPathComponent("x").path
        let (code, _, err) = runPatchsim(["import", exportExample(), "--out", out, "--anonymise"])
        #expect(code == 0)
        #expect(err.contains("anonymisation key: ") && err.contains("give --key "))
    }

    /// A copy of the example export to break.
    func copyOfExport() throws -> String {
        let dir = try temporaryFolder().appendingPathComponent("export").path
        try FileManager.default.copyItem(atPath: exportExample(), toPath: dir)
        return dir
    }

    @Test("bad exports: located errors naming the file and JSON path, exit 2")
    func badExports() throws {
        let out = try temporaryFolder().appendingPathComponent("o").path
        let noManifest = try copyOfExport()
        try FileManager.default.removeItem(atPath: noManifest + "/export.json")
        var (code, _, err) = runPatchsim(["import", noManifest, "--out", out])
        #expect(code == 2)
        #expect(err.contains("export.json: missing; the export script writes it first"))

        let badState = try copyOfExport()
        let path = badState + "/describe-instance-patches/i-0a1b2c3d4e5f60701.json"
        let text = try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(of: "\"MISSING\"", with: "\"Absent\"")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        (code, _, err) = runPatchsim(["import", badState, "--out", out])
        #expect(code == 2)
        #expect(err.contains("i-0a1b2c3d4e5f60701.json: Patches[0].State: found \"Absent\"; allowed: INSTALLED, INSTALLED_OTHER"))

        let truncated = try copyOfExport()
        try "{ \"InstanceInformationList\": [ { \"InstanceId\": ".write(toFile: truncated + "/describe-instance-information.json", atomically: true, encoding: .utf8)
        (code, _, err) = runPatchsim(["import", truncated, "--out", out])
        #expect(code == 2)
        #expect(err.contains("describe-instance-information.json: line 1, column 48: InstanceInformationList[0].InstanceId: not valid JSON"))
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test("a partial export imports what it can and lists what it skipped")
    func partialExport() throws {
        let partial = try copyOfExport()
        try FileManager.default.removeItem(atPath: partial + "/describe-instance-patches/i-0b1c2d3e4f5a60702.json")
        try FileManager.default.removeItem(atPath: partial + "/get-maintenance-window-task/mw-0b1c2d3e4f5a60718_1da3c1b5-5dc3-4d07-8c9a-a7a4cEXAMPLE.json")
        let out = try temporaryFolder().appendingPathComponent("p").path
        let (code, _, err) = runPatchsim(["import", partial, "--out", out])
        #expect(code == 0, "\(err)")
        #expect(err.contains("describe-instance-patches/i-0b1c2d3e4f5a60702.json: missing (its patches cannot be reproduced)"))
        #expect(err.contains("get-maintenance-window-task/mw-0b1c2d3e4f5a60718_1da3c1b5-5dc3-4d07-8c9a-a7a4cEXAMPLE.json: missing (task 1da3c1b5-5dc3-4d07-8c9a-a7a4cEXAMPLE imported without its parameters)"))
        #expect(runPatchsim(["run", out, "--quiet"]).0 == 0)
    }

    @Test("the export script is POSIX sh, reads only, and writes the layout the importer reads")
    func exportScript() throws {
        let (code, script, _) = runPatchsim(["export-script"])
        #expect(code == 0)
        #expect(script.hasPrefix("#!/bin/sh\n"))
        for name in [ExportLayout.instanceInformation, ExportLayout.patchStates, ExportLayout.instancePatches, ExportLayout.manifest,
                     ExportLayout.windowTask, ExportLayout.association, ExportLayout.availablePatches] {
            #expect(script.contains(name), "\(name)")
        }
        // Only Describe, Get and List calls (and sts get-caller-identity).
        let calls = script.split(separator: "\n").flatMap { line -> [String] in
            let words = line.split(separator: " ").map(String.init)
            return words.indices.dropLast().compactMap { k in ["ssm", "ec2", "sts"].contains(words[k]) ? words[k + 1] : nil }
        }
        #expect(!calls.isEmpty)
        for call in calls where !(call.hasPrefix("describe-") || call.hasPrefix("get-") || call.hasPrefix("list-")) {
            Issue.record("the script calls \(call)")
        }
        let file = try temporaryFolder().appendingPathComponent("export-fleet.sh").path
        try script.write(toFile: file, atomically: true, encoding: .utf8)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-n", file]
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
    }

    @Test("PlatformName and PlatformVersion map back to the product", arguments: [
        ("Amazon Linux", "2", "AmazonLinux2"), ("Red Hat Enterprise Linux", "8.6", "RedhatEnterpriseLinux8.6"),
        ("Ubuntu", "22.04", "Ubuntu22.04"), ("Microsoft Windows Server 2022 Datacenter", "10.0.20348", "WindowsServer2022"),
        ("Microsoft Windows Server 2012 R2 Standard", "6.3.9600", "WindowsServer2012R2"), ("Amazon Linux", "2023", "AmazonLinux2023"),
        ("Rocky Linux", "8.9", "RockyLinux8.9"), ("Debian GNU/Linux", "12", "Debian12"), ("SLES", "15.4", "Suse15.4"),
    ])
    func platformProducts(name: String, version: String, product: String) {
        #expect(PlatformIdentity.product(platformName: name, platformVersion: version)?.product == product)
    }

    @Test("HMAC-SHA-256 gives RFC 4231's test case 2")
    func hmac() {
        let mac = KeyedDigest.hmac(key: Array("Jefe".utf8), message: Array("what do ya want for nothing?".utf8))
        #expect(KeyedDigest.hex(mac) == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }
}
