import Foundation
import Testing
@testable import PatchBaselines
@testable import PatchModel
@testable import PatchScenarios
import PatchScheduling
import PatchWorld
@testable import PatchsimCLI

/// Issue 15's defects found from outside, each with a test that fails on the code before
/// the fix.
@Suite("Fidelity defects (issue 15)")
struct FidelityDefectTests {
    /// Writes a scenario to a temporary file and runs `patchsim` on it.
    static func run(_ json: String, _ extra: [String] = []) throws -> (Int32, String, String, String) {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("patchsim-defect-\(UUID().uuidString).json").path
        try json.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (code, out, err) = runPatchsim(["run", path] + extra)
        return (code, out, err, path)
    }

    @Test("[PRE-5] CentOS and RHEL 6.0-6.4 are not supported, 6.5 and later are; scan and scenarios ask the same function", arguments: [
        ("CentOS6.0", OperatingSystem.centOS, false), ("CentOS6.4", .centOS, false), ("CentOS6.3", .centOS, false), ("CentOS6.5", .centOS, true),
        ("CentOS6.10", .centOS, true), ("RedhatEnterpriseLinux6.4", .redhatEnterpriseLinux, false), ("RedhatEnterpriseLinux6.5", .redhatEnterpriseLinux, true),
        ("RedhatEnterpriseLinux7.0", .redhatEnterpriseLinux, true),
    ])
    func rhel6(_ c: (String, OperatingSystem, Bool)) {
        let support = OSCatalogue.support(of: c.0, on: c.1)
        #expect((support == .supported) == c.2, "\(c.0): \(support)")
        if !c.2, case .unsupported(let reason) = support { #expect(reason.contains("6.5")) }
    }

    @Test("[PRE-5] scan refuses unknown products as scenarios do: 'Debian 12', OracleLinux6.9, Suse11.4")
    func scanProducts() {
        for (os, product) in [("DEBIAN", "Debian 12"), ("ORACLE_LINUX", "OracleLinux6.9"), ("SUSE", "Suse11.4"), ("CENTOS", "CentOS6.2")] {
            let (code, _, err) = runPatchsim(["scan", "--os", os, "--product", product, "--rpm-qa", fixture("rpm/rpm-qa.txt"), "--repodata", fixture("rpm")])
            #expect(code == 2 && err.contains("--product"), "\(product): \(err)")
        }
    }

    @Test("[MW-1] ScheduleTimezone: an exact IANA name, else a case-insensitive match (america/new_york, etc/UTC), else an error")
    func timeZones() throws {
        #expect(try ScheduleTimeZoneProbe.name("america/new_york") == "America/New_York")
        #expect(try ScheduleTimeZoneProbe.name("etc/UTC") == "Etc/UTC")
        #expect(try ScheduleTimeZoneProbe.name("Europe/Berlin") == "Europe/Berlin")
        #expect(throws: (any Error).self) { try ScheduleTimeZoneProbe.name("EST") }
        #expect(throws: (any Error).self) { try ScheduleTimeZoneProbe.name("Mars/Olympus") }
        let (code, out, _) = runPatchsim(["schedule", "cron(0 2 ? * SUN *)", "--from", "2024-03-01T00:00:00Z", "--timezone", "america/new_york", "--count", "1"])
        #expect(code == 0 && out == "2024-03-03T07:00:00Z\n")
    }

    @Test("[BL-3] patch group names: 1-256 letters, digits, spaces and _ . : / = + - @", arguments: [
        ("web", true), ("web servers", true), ("prod:eu-west-1/app=a+b@c_d.e", true), ("bad#group", false), ("", false),
        (String(repeating: "g", count: 256), true), (String(repeating: "g", count: 257), false), ("Gruppe-Ä", true), ("a*b", false),
    ])
    func patchGroupNames(_ c: (String, Bool)) {
        #expect((BaselineRegistry.patchGroupNameProblem(c.0) == nil) == c.1, "\(c.0)")
        var reg = BaselineRegistry()
        let registered = (try? reg.register(patchGroup: c.0, baselineId: "AWS-AmazonLinux2DefaultPatchBaseline")) != nil
        #expect(registered == c.1)
    }

    static let al2 = """
        "repositories": [ { "generate": { "os": "AMAZON_LINUX_2", "product": "AmazonLinux2", "packageCount": 40, "meanDaysBetweenUpdates": 5 } } ],
        "images": [ { "ImageId": "ami-0al2", "OperatingSystem": "AMAZON_LINUX_2", "Product": "AmazonLinux2" } ],
        "fleet": [ { "count": 2, "idPrefix": "i-0aa", "ImageId": "ami-0al2", "tags": { "Patch": "yes" } } ],
        "baselines": [ { "BaselineId": "pb-0al2everything00001", "Name": "everything", "OperatingSystem": "AMAZON_LINUX_2",
          "ApprovalRules": { "PatchRules": [ { "PatchFilterGroup": { "PatchFilters": [ { "Key": "PRODUCT", "Values": ["*"] } ] }, "ApproveUntilDate": "2026-11-20", "EnableNonSecurity": true } ] } } ],
        "defaultBaselines": ["pb-0al2everything00001"]
        """

    @Test("a stop and start is a boot: pending reboots clear and the next Scan reports INSTALLED; RebootInstances does the same for a running node")
    func stopStartIsABoot() throws {
        func scenario(_ events: String) -> String {
            """
            { "name": "boots", "seed": 3, "start": "2026-11-01T00:00:00Z", "end": "2026-11-30T00:00:00Z", \(Self.al2),
              "events": [
                { "at": "2026-11-25T00:00:00Z", "name": "install", "action": "SendCommand", "DocumentName": "AWS-RunPatchBaseline",
                  "Targets": [ { "Key": "tag:Patch", "Values": ["yes"] } ], "Parameters": { "Operation": ["Install"], "RebootOption": ["NoReboot"] } },
                \(events)
                { "at": "2026-11-26T00:00:00Z", "name": "scan", "action": "SendCommand", "DocumentName": "AWS-RunPatchBaseline",
                  "Targets": [ { "Key": "tag:Patch", "Values": ["yes"] } ], "Parameters": { "Operation": ["Scan"] } } ],
              "expectations": [
                { "name": "nothing pending after the boot", "rule": "[RBT-1][OP-2]", "fleet": { "state": "INSTALLED_PENDING_REBOOT", "instancesWith": { "max": 0 } } },
                { "name": "compliant", "rule": "[CMP-4]", "fleet": { "compliantShare": { "min": 1.0 } } } ] }
            """
        }
        let stopStart = """
            { "at": "2026-11-25T06:00:00Z", "name": "stop", "action": "StopInstances", "InstanceIds": ["i-0aa00000000000000", "i-0aa00000000000001"] },
            { "at": "2026-11-25T07:00:00Z", "name": "start", "action": "StartInstances", "InstanceIds": ["i-0aa00000000000000", "i-0aa00000000000001"] },
            """
        let reboot = """
            { "at": "2026-11-25T06:00:00Z", "name": "reboot", "action": "RebootInstances", "Targets": [ { "Key": "tag:Patch", "Values": ["yes"] } ] },
            """
        for events in [stopStart, reboot] {
            let (code, out, err, _) = try Self.run(scenario(events))
            #expect(code == 0, "\(out)\(err)")
        }
        // Without the boot the installs stay pending: the expectations fail.
        let (code, out, _, _) = try Self.run(scenario(""))
        #expect(code == 1 && out.contains("INSTALLED_PENDING_REBOOT"))
    }

    @Test("[RC-7] TimeoutSeconds of a SendCommand and of a window task set the command's expiry (ExpiresAfter in the event log)")
    func timeoutSeconds() throws {
        let json = """
            { "name": "timeouts", "seed": 3, "start": "2026-11-01T00:00:00Z", "end": "2026-11-05T00:00:00Z", \(Self.al2),
              "maintenanceWindows": [ { "WindowId": "mw-0123456789abcdef0", "Name": "weekly-scan", "Schedule": "cron(0 2 ? * TUE *)", "Duration": 2, "Cutoff": 1,
                "AllowUnassociatedTargets": false, "Targets": [ { "WindowTargetId": "all", "Targets": [ { "Key": "tag:Patch", "Values": ["yes"] } ] } ],
                "Tasks": [ { "WindowTaskId": "scan", "Targets": [ { "Key": "WindowTargetIds", "Values": ["all"] } ], "MaxConcurrency": "2", "MaxErrors": "0",
                             "TaskInvocationParameters": { "RunCommand": { "TimeoutSeconds": 600, "Parameters": { "Operation": ["Scan"] } } } } ] } ],
              "events": [ { "at": "2026-11-02T00:00:00Z", "name": "send", "action": "SendCommand", "DocumentName": "AWS-RunPatchBaseline", "TimeoutSeconds": 900,
                            "InstanceIds": ["i-0aa00000000000000"], "Parameters": { "Operation": ["Scan"] } } ],
              "expectations": [ { "name": "runs", "rule": "[MW-5]", "window": "mw-0123456789abcdef0", "execution": 1, "status": "SUCCESS" } ] }
            """
        let events = FileManager.default.temporaryDirectory.appendingPathComponent("patchsim-defect-\(UUID().uuidString).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: events) }
        let (code, _, err, _) = try Self.run(json, ["--events", events])
        #expect(code == 0, "\(err)")
        let lines = try String(contentsOfFile: events, encoding: .utf8).split(separator: "\n")
        let expiries = Set(lines.filter { $0.contains("EC2 Command Status-change Notification") }.compactMap { line -> String? in
            guard let r = line.range(of: "\"expire-after\":\"") else { return nil }
            return String(line[r.upperBound...].prefix(24))
        })
        // 2026-11-02T00:00 + 900 + 21600 s and 2026-11-03T02:00 + 600 + 21600 s.
        #expect(expiries == ["2026-11-02T06:15:00.000Z", "2026-11-03T08:10:00.000Z"], "\(expiries)")
    }

    @Test("[SCH-6][SCH-10] a rate window in a run keeps its anchor's milliseconds, as `patchsim schedule` does")
    func rateMilliseconds() throws {
        let json = """
            { "name": "rate-ms", "start": "2019-05-11T16:41:16.991Z", "end": "2019-05-11T16:59:00Z",
              "maintenanceWindows": [ { "WindowId": "mw-0123456789abcdef0", "Name": "every-5", "Schedule": "rate(5 minutes)", "Duration": 2, "Cutoff": 1,
                                        "AllowUnassociatedTargets": false } ],
              "expectations": [ { "name": "no tasks", "rule": "[MW-4]", "window": "mw-0123456789abcdef0", "execution": 3, "status": "SUCCESS" } ] }
            """
        let report = FileManager.default.temporaryDirectory.appendingPathComponent("patchsim-defect-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: report) }
        let (code, _, err, _) = try Self.run(json, ["--report", report])
        #expect(code == 0, "\(err)")
        let text = try String(contentsOfFile: report, encoding: .utf8)
        for t in ["2019-05-11T16:46:16.991Z", "2019-05-11T16:51:16.991Z", "2019-05-11T16:56:16.991Z"] { #expect(text.contains("\"StartTime\": \"\(t)\""), "\(t)") }
        let (_, schedule, _) = runPatchsim(["schedule", "rate(5 minutes)", "--from", "2019-05-11T16:41:16.991Z", "--count", "3"])
        #expect(schedule == "2019-05-11T16:46:16.991Z\n2019-05-11T16:51:16.991Z\n2019-05-11T16:56:16.991Z\n")
    }

    @Test("[CMP-3] UnreportedNotApplicableCount counts the NotApplicable patches a node does not list: every one on Linux, none on Windows")
    func unreportedNotApplicable() throws {
        let (code, out, _) = runPatchsim(["scan", "--os", "DEBIAN", "--product", "Debian12", "--dpkg-status", fixture("dpkg-status"),
                                          "--apt-lists", fixture("apt-lists"), "--format", "json"])
        #expect(code == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
        let na = try #require(json["NotApplicableCount"] as? Int)
        #expect(na > 0 && json["UnreportedNotApplicableCount"] as? Int == na)
        let patches = try #require(json["Patches"] as? [[String: Any]])
        #expect(!patches.contains { $0["State"] as? String == "NOT_APPLICABLE" })
        let node = NodeState(os: .windows, product: "WindowsServer2019", installedKBs: [])
        let office = WindowsUpdate(kb: WindowsKB(number: 4000001), id: "g", title: "Office", classification: "SecurityUpdates", msrcSeverity: "Important",
                                   product: "Office 2016", productFamily: "Office", patchSet: .application)
        let b = try #require(PredefinedBaselines.named("AWS-WindowsPredefinedPatchBaseline-OS-Applications"))
        let r = NodeScanner(baseline: b, at: Instant(year: 2026, month: 1, day: 1)).scan(node, AvailableContent(windowsUpdates: [office]))
        #expect(r.summary.notApplicableCount == 1 && r.summary.unreportedNotApplicableCount == 0 && r.records.first?.state == .NOT_APPLICABLE)
    }

    @Test("[WIN-1] a Windows image's Microsoft applications make their updates apply: MISSING under an application rule, installed by Install")
    func windowsApplications() throws {
        func scenario(_ applications: String) -> String {
            """
            { "name": "office", "seed": 5, "start": "2026-11-01T00:00:00Z", "end": "2026-11-30T00:00:00Z",
              "repositories": [ { "generate": { "os": "WINDOWS", "product": "WindowsServer2019", "historyStart": "2026-06-01T00:00:00Z" } } ],
              "images": [ { "ImageId": "ami-0win", "OperatingSystem": "WINDOWS", "Product": "WindowsServer2019", "inventory": { "installedKBs": [], \(applications) } } ],
              "fleet": [ { "count": 1, "idPrefix": "i-0win", "ImageId": "ami-0win" } ],
              "events": [ { "at": "2026-11-29T00:00:00Z", "name": "scan", "action": "SendCommand", "DocumentName": "AWS-RunPatchBaseline",
                            "InstanceIds": ["i-0win0000000000000"], "Parameters": { "Operation": ["Scan"] } } ],
              "baselines": [ { "BaselineId": "pb-0office00000000001", "Name": "office", "OperatingSystem": "WINDOWS",
                "ApprovalRules": { "PatchRules": [ { "PatchFilterGroup": { "PatchFilters": [ { "Key": "PATCH_SET", "Values": ["APPLICATION"] }, { "Key": "PRODUCT", "Values": ["Office 2016"] } ] }, "ApproveAfterDays": 0 } ] } } ],
              "defaultBaselines": ["pb-0office00000000001"],
              "expectations": [ { "name": "Office updates missing", "rule": "[WIN-1]", "fleet": { "state": "MISSING", "instancesWith": { "min": 1 } } } ] }
            """
        }
        let (ok, out, err, _) = try Self.run(scenario("\"applications\": [\"Office 2016\"]"))
        #expect(ok == 0, "\(out)\(err)")
        let (none, _, _, _) = try Self.run(scenario("\"applications\": []"))
        #expect(none == 1, "without Office the updates are NOT_APPLICABLE")
    }

    @Test("[MD-2] the generated Windows catalogue has every classification and MSRC severity", arguments: [3, 11])
    func windowsVocabulary(_ seed: UInt64) throws {
        var names = Set<String>(), severities = Set<String>()
        for product in ["WindowsServer2019", "WindowsServer2022", "WindowsServer2016"] {
            let profile = RepositoryProfileProbe.windows(product)
            for r in profile.generate(seed: seed) { for u in r { names.insert(u.classification); severities.insert(u.msrcSeverity) } }
        }
        #expect(Set(OSCatalogue.entry(.windows).classifications).isSubset(of: names), "\(Set(OSCatalogue.entry(.windows).classifications).subtracting(names))")
        #expect(severities == Set(OSCatalogue.entry(.windows).severities), "\(severities)")
    }
}

/// Small seams into the scheduling and world modules for the tests above.
enum ScheduleTimeZoneProbe {
    static func name(_ text: String) throws -> String {
        let schedule = try PatchScheduling.ScheduleTimeZone(identifier: text)
        return schedule.identifier
    }
}

enum RepositoryProfileProbe {
    struct Windows {
        let product: String
        func generate(seed: UInt64) -> [[WindowsUpdate]] {
            let profile = RepositoryProfile(os: .windows, product: product, historyStart: Instant(year: 2024, month: 1, day: 1),
                                            start: Instant(year: 2026, month: 1, day: 1), end: Instant(year: 2026, month: 12, day: 1))
            return RepositoryGenerator(profile: profile, seed: seed).generate().repositories.map { $0.windowsUpdates.map(\.value) }
        }
    }
    static func windows(_ product: String) -> Windows { Windows(product: product) }
}
