import Foundation
import Testing
@testable import PatchsimCLI
import PatchScenarios
import PatchScheduling

func scenariosFolder() -> String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Scenarios").path
}

func temporaryFolder() throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("patchsim-run-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
}

/// A small valid scenario to mutate in the error tests.
let smallScenario = """
{
  "name": "small", "seed": 3, "start": "2026-11-01T00:00:00Z", "end": "2026-11-12T00:00:00Z",
  "repositories": [ { "generate": { "os": "AMAZON_LINUX_2", "product": "AmazonLinux2", "packageCount": 50 } } ],
  "images": [ { "ImageId": "ami-1", "OperatingSystem": "AMAZON_LINUX_2", "Product": "AmazonLinux2" } ],
  "fleet": [ { "count": 3, "idPrefix": "i-0s", "ImageId": "ami-1", "tags": { "PatchGroup": "g" } } ],
  "baselines": [ { "BaselineId": "pb-0000000000000000001", "Name": "base-1", "OperatingSystem": "AMAZON_LINUX_2",
                   "ApprovalRules": { "PatchRules": [ { "PatchFilterGroup": { "PatchFilters": [] }, "ApproveAfterDays": 0 } ] } } ],
  "patchGroups": [ { "PatchGroup": "g", "BaselineId": "pb-0000000000000000001" } ],
  "maintenanceWindows": [ { "WindowId": "mw-00000000000000001", "Name": "win-1", "Schedule": "cron(0 2 ? * TUE *)", "Duration": 3, "Cutoff": 1,
    "AllowUnassociatedTargets": false,
    "Targets": [ { "WindowTargetId": "t1", "Targets": [ { "Key": "tag:PatchGroup", "Values": ["g"] } ] } ],
    "Tasks": [ { "WindowTaskId": "k1", "Targets": [ { "Key": "WindowTargetIds", "Values": ["t1"] } ], "MaxConcurrency": "2", "MaxErrors": "0",
                 "TaskInvocationParameters": { "RunCommand": { "Parameters": { "Operation": ["Install"] } } } } ] } ],
  "expectations": [ { "name": "compliant", "rule": "[RBT-1]", "fleet": { "compliantShare": { "min": 1.0 } } } ]
}
"""

@Suite("patchsim run and check")
struct RunCommandTests {
    @Test("the bundled scenarios pass")
    func bundled() {
        let (code, out, err) = runPatchsim(["run", scenariosFolder(), "--quiet"])
        #expect(code == 0, "\(out)\(err)")
    }

    @Test("same scenario and seed: byte-identical reports; another seed changes them")
    func deterministic() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("small.json").path
        try smallScenario.write(toFile: file, atomically: true, encoding: .utf8)
        var reports: [String] = []
        for (k, seed) in ["3", "3", "4"].enumerated() {
            let report = dir.appendingPathComponent("r\(k).json").path
            let (code, _, _) = runPatchsim(["run", file, "--report", report, "--seed", seed])
            #expect(code == 0)
            reports.append((try? String(contentsOfFile: report, encoding: .utf8)) ?? "")
        }
        #expect(!reports[0].isEmpty && reports[0] == reports[1] && reports[0] != reports[2])
    }

    @Test("a failing expectation: exit 1, expected and found, instances, the reproducing command")
    func failing() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("small.json").path
        try smallScenario.replacingOccurrences(of: "\"min\": 1.0", with: "\"max\": 0.5").write(toFile: file, atomically: true, encoding: .utf8)
        let (code, out, _) = runPatchsim(["run", file])
        #expect(code == 1)
        #expect(out.contains("FAIL [RBT-1] compliant: expected a compliant share of at most 50%, found 3 of 3 reporting nodes compliant (100%)"), "\(out)")
        // The summary line of what happened comes first, then the verdict.
        #expect(out.contains("small (user-guide): 3 nodes, 3 compliant at the end (100% of 3 reporting), "), "\(out)")
        #expect(out.contains("FAIL small: 0 of 1 expectation hold"))
        #expect(out.contains("reproduce: patchsim run \(file) --seed 3"))
    }

    /// Each kind of mistake: exit 2, the file and JSON path named, no report written.
    @Test("scenario mistakes name the path and write nothing", arguments: [
        ("\"count\": 3", "\"count\": \"three\"", "fleet[0].count: found \"three\"; allowed: an integer"),
        ("\"idPrefix\": \"i-0s\"", "\"idPrefx\": \"i-0s\"", "fleet[0].idPrefx: unknown key 'idPrefx'"),
        ("\"Duration\": 3", "\"Duration\": 30", "maintenanceWindows[0].Duration: found 30; allowed: an integer from 1 to 24 (CreateMaintenanceWindow.Duration)"),
        ("\"BaselineId\": \"pb-0000000000000000001\" }", "\"BaselineId\": \"pb-missing-0000000000\" }", "patchGroups[0].BaselineId: DoesNotExistException"),
        ("\"Values\": [\"t1\"]", "\"Values\": [\"t9\"]", "maintenanceWindows[0].Tasks[0]: Targets: unknown WindowTargetId 't9'"),
        ("\"OperatingSystem\": \"AMAZON_LINUX_2\", \"Product\"", "\"OperatingSystem\": \"AMAZON_LINUX_3\", \"Product\"", "images[0].OperatingSystem: found \"AMAZON_LINUX_3\""),
        ("cron(0 2 ? * TUE *)", "cron(0 2 * * TUE *)", "maintenanceWindows[0].Schedule: Day-of-month/Day-of-week"),
        ("\"ImageId\": \"ami-1\", \"tags\"", "\"ImageId\": \"ami-2\", \"tags\"", "fleet[0].ImageId: found \"ami-2\""),
        ("\"expectations\": [", "\"events\": [ { \"at\": \"2026-11-02T00:00:00Z\", \"action\": \"TerminateInstances\" } ], \"expectations\": [",
         "events[0].action: found \"TerminateInstances\""),
        ("\"expectations\": [", "\"events\": [ { \"at\": \"2027-01-01T00:00:00Z\", \"action\": \"StopInstances\" } ], \"expectations\": [",
         "events[0].at: found 2027-01-01T00:00:00Z; allowed: an instant from the scenario's start"),
        ("\"expectations\": [", "\"patchPolicies\": [ { \"Name\": \"p1\", \"ConfigurationDefinitions\": [ { \"Type\": \"AWSQuickSetupType-PatchPolicy\", \"Parameters\": { \"ConfigurationOptionsScanValue\": \"rate(10 minutes)\" } } ] } ], \"expectations\": [",
         "patchPolicies[0].ConfigurationDefinitions[0].Parameters.ConfigurationOptionsScanValue: ScheduleExpression: rate of 10 minutes"),
        ("\"fleet\": { \"compliantShare\": { \"min\": 1.0 } }", "\"command\": \"nope\"",
         "expectations[0].command: found \"nope\"; allowed: the name of a SendCommand or PatchNow event"),
        ("\"rule\": \"[RBT-1]\", \"fleet\"", "\"rule\": \"[RBT-1]\", \"window\": \"mw-00000000000000001\", \"fleet\"",
         "expectations[0]: found \"fleet\" and \"window\"; allowed: one of"),
        // scheduling §6 #58: a targetless Automation task takes no rate control; a Run Command task needs targets.
        ("{ \"WindowTaskId\": \"k1\",", "{ \"WindowTaskId\": \"a1\", \"TaskType\": \"AUTOMATION\", \"TaskArn\": \"AWS-RestartEC2Instance\", \"MaxConcurrency\": \"5\" }, { \"WindowTaskId\": \"k1\",",
         "maintenanceWindows[0].Tasks[0].MaxConcurrency: MaxConcurrency: Maintenance window tasks without targets don't support MaxConcurrency values"),
        ("{ \"WindowTaskId\": \"k1\",", "{ \"WindowTaskId\": \"r1\", \"MaxConcurrency\": \"5\", \"MaxErrors\": \"1\" }, { \"WindowTaskId\": \"k1\",",
         "maintenanceWindows[0].Tasks[0]: Targets: a RUN_COMMAND task needs targets"),
        ("\"Operation\": [\"Install\"]", "\"Operation\": [\"{{ssm:op}}\"], \"Reboot\": [\"x\"]",
         "maintenanceWindows[0].Tasks[0].TaskInvocationParameters.RunCommand.Parameters.Reboot: unknown key 'Reboot'"),
        ("\"expectations\": [", "\"parameters\": [ { \"Name\": \"op\", \"Value\": \"\" } ], \"expectations\": [",
         "parameters[0].Value: found 0 bytes; allowed: 1-4096"),
        ("\"expectations\": [", "\"events\": [ { \"at\": \"2026-11-02T00:00:00Z\", \"action\": \"StopInstances\", \"InstanceIds\": [\"i-0s00000000000009\"] } ], \"expectations\": [",
         "events[0].InstanceIds[0]: found \"i-0s00000000000009\"; allowed: an instance id of the fleet (InvalidInstanceID.NotFound)"),
    ])
    func mistakes(_ c: (String, String, String)) throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("bad.json").path
        let text = smallScenario.replacingOccurrences(of: c.0, with: c.1)
        #expect(text != smallScenario, "the mutation must apply")
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        let report = dir.appendingPathComponent("report.json").path
        let (code, _, err) = runPatchsim(["run", file, "--report", report])
        #expect(code == 2)
        #expect(err.contains("\(file): \(c.2)"), "\(err)")
        #expect(!FileManager.default.fileExists(atPath: report))
        let (checkCode, _, checkErr) = runPatchsim(["check", file])
        #expect(checkCode == 2 && checkErr.contains(c.2))
    }

    @Test("check accepts the bundled scenarios")
    func check() {
        let (code, out, _) = runPatchsim(["check", scenariosFolder()])
        #expect(code == 0 && out.contains("ok ") && out.contains("al2-patch-tuesday.json"))
    }
}

@Suite("run outputs: CSV and events")
struct RunOutputTests {
    @Test("[RPT-3] the compliance CSV has the export's header and a row per instance; [RPT-5] events are JSON lines")
    func outputs() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("small.json").path
        try smallScenario.write(toFile: file, atomically: true, encoding: .utf8)
        let events = dir.appendingPathComponent("events.jsonl").path
        let html = dir.appendingPathComponent("report.html").path
        let (code, _, _) = runPatchsim(["run", file, "--csv", dir.path, "--events", events, "--html", html, "--quiet"])
        #expect(code == 0)
        let page = try String(contentsOfFile: html, encoding: .utf8)
        #expect(page.hasPrefix("<!DOCTYPE html>") && page.components(separatedBy: "role=\"img\"").count - 1 == 3 && !page.contains("<script"))
        let csv = try String(contentsOfFile: dir.appendingPathComponent("small/compliance-summary.csv").path, encoding: .utf8)
        let lines = csv.split(separator: "\n")
        #expect(lines.count == 4 && lines[0].hasPrefix("Index,Instance ID,Instance name,Instance IP,Platform name"))
        #expect(lines[1].contains("i-0s") && lines[1].contains(",COMPLIANT,"))
        let eventLines = try String(contentsOfFile: events, encoding: .utf8).split(separator: "\n")
        #expect(!eventLines.isEmpty)
        for line in eventLines {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            // AWS's own events, and the node's operation steps (no EventBridge event in AWS).
            let source = object?["source"] as? String
            #expect(source == "aws.ssm" || (source == "patchsim" && object?["detail-type"] as? String == "Patch Operation Step"))
        }
        #expect(eventLines.contains { $0.contains("Maintenance Window Execution State-change Notification") && $0.contains("\"status\":\"SUCCESS\"") })
    }
}

@Suite("Invariants")
struct InvariantTests {
    @Test("a stale-scan invariant fails and names the instances; the others hold")
    func invariants() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("small.json").path
        let extra = """
          "expectations": [
            { "name": "in window", "rule": "[RBT-1]", "invariant": "noRebootOutsideWindow" },
            { "name": "concurrency", "rule": "[RC-3]", "invariant": "concurrencyWithinMax" },
            { "name": "no blocked", "rule": "[LST-9]", "invariant": "noBlockedPackageInstalled" },
            { "name": "fresh", "rule": "[OP-8]", "invariant": "scannedWithinDays", "days": 1 } ]
        }
        """
        let text = smallScenario.replacingOccurrences(of: "\"expectations\": [ { \"name\": \"compliant\", \"rule\": \"[RBT-1]\", \"fleet\": { \"compliantShare\": { \"min\": 1.0 } } } ]\n}", with: extra)
        #expect(text != smallScenario)
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        let (code, out, _) = runPatchsim(["run", file])
        // The only window run is Tue Nov 10; the scenario ends Nov 12: more than a day ago.
        #expect(code == 1 && out.contains("FAIL [OP-8] fresh: expected every managed node reported within 1 day of the end, found 3 nodes did not"), "\(out)")
        #expect(out.contains("FAIL small: 3 of 4 expectations hold"))
    }
}

@Suite("Threads")
struct ThreadTests {
    @Test("reports and event logs from 1 and 4 threads are byte-identical")
    func threads() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        var reports: [String] = [], logs: [String] = []
        for threads in ["1", "4"] {
            let report = dir.appendingPathComponent("r\(threads).json").path
            let events = dir.appendingPathComponent("e\(threads)")
            try FileManager.default.createDirectory(at: events, withIntermediateDirectories: true)
            let (code, _, _) = runPatchsim(["run", scenariosFolder(), "--threads", threads, "--report", report,
                                            "--events", events.appendingPathComponent("events.jsonl").path, "--quiet"])
            #expect(code == 0)
            reports.append((try? String(contentsOfFile: report, encoding: .utf8)) ?? "")
            // One file per scenario: all of them, in name order, as one text.
            let names = try FileManager.default.contentsOfDirectory(atPath: events.path).sorted()
            #expect(names.count > 20 && names.allSatisfy { $0.hasPrefix("events-") })
            logs.append(try names.map { try String(contentsOfFile: events.appendingPathComponent($0).path, encoding: .utf8) }.joined())
        }
        #expect(!reports[0].isEmpty && reports[0] == reports[1])
        #expect(!logs[0].isEmpty && logs[0] == logs[1])
    }
}

@Suite("Scenario folders")
struct ScenarioFolderTests {
    /// `smallScenario` split into a folder: scenario.json with the scalars and the fleet,
    /// the rest in parts whose lists are appended in file-name order.
    static func writeFolder(_ dir: URL, extraPart: String? = nil) throws -> String {
        let folder = dir.appendingPathComponent("split")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let whole = try JSONSerialization.jsonObject(with: Data(smallScenario.utf8)) as? [String: Any] ?? [:]
        func write(_ name: String, _ keys: [String]) throws {
            let part = whole.filter { keys.contains($0.key) }
            try JSONSerialization.data(withJSONObject: part, options: [.sortedKeys]).write(to: folder.appendingPathComponent(name))
        }
        try write("scenario.json", ["name", "seed", "start", "end", "repositories", "images", "fleet"])
        try write("baselines.json", ["baselines", "patchGroups"])
        try write("windows.json", ["maintenanceWindows", "expectations"])
        if let extraPart { try extraPart.write(to: folder.appendingPathComponent("zz-extra.json"), atomically: true, encoding: .utf8) }
        return folder.path
    }

    @Test("a folder with scenario.json is one scenario; run on its parent, it runs as one; the report equals the single file's")
    func folder() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let parent = dir.appendingPathComponent("scenarios")
        let folder = try Self.writeFolder(parent)
        let single = dir.appendingPathComponent("small.json").path
        try smallScenario.write(toFile: single, atomically: true, encoding: .utf8)
        let (code, out, err) = runPatchsim(["run", folder, "--report", dir.appendingPathComponent("a.json").path])
        #expect(code == 0 && out.contains("small (user-guide): 3 nodes, ") && out.contains("PASS small: 1 of 1 expectation hold"), "\(out)\(err)")
        _ = runPatchsim(["run", single, "--report", dir.appendingPathComponent("b.json").path])
        let a = try String(contentsOfFile: dir.appendingPathComponent("a.json").path, encoding: .utf8)
        let b = try String(contentsOfFile: dir.appendingPathComponent("b.json").path, encoding: .utf8)
        #expect(a.replacingOccurrences(of: folder, with: "F") == b.replacingOccurrences(of: single, with: "F"))
        let (parentCode, parentOut, _) = runPatchsim(["check", parent.path])
        #expect(parentCode == 0 && parentOut.contains("ok \(folder): 3 instances"), "\(parentOut)")
    }

    @Test("a part may only add to lists; a mistake names the part's file and path")
    func partMistakes() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        var folder = try Self.writeFolder(dir, extraPart: "{ \"seed\": 4 }")
        var (code, _, err) = runPatchsim(["check", folder])
        #expect(code == 2 && err.contains("zz-extra.json: seed: found \"seed\" in a part of a scenario folder"), "\(err)")
        try FileManager.default.removeItem(atPath: folder)
        folder = try Self.writeFolder(dir, extraPart: "{ \"fleet\": [ { \"count\": 0, \"ImageId\": \"ami-1\" } ] }")
        (code, _, err) = runPatchsim(["check", folder])
        #expect(code == 2 && err.contains("zz-extra.json: fleet[0].count"), "\(err)")
    }
}

@Suite("Timed events in a scenario")
struct TimedEventScenarioTests {
    /// `smallScenario` with events and expectations replacing its own.
    static func scenario(events: String, expectations: String) -> String {
        smallScenario.replacingOccurrences(
            of: "\"expectations\": [ { \"name\": \"compliant\", \"rule\": \"[RBT-1]\", \"fleet\": { \"compliantShare\": { \"min\": 1.0 } } } ]",
            with: "\"events\": [ \(events) ], \"expectations\": [ \(expectations) ]")
    }

    static func run(_ text: String) throws -> (Int32, String) {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("events.json").path
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        let (code, out, err) = runPatchsim(["run", file])
        return (code, out + err)
    }

    @Test("UpdatePatchBaseline lays its fields over the stored definition; a later SendCommand Scan writes the record")
    func updateThenSendCommand() throws {
        let events = """
            { "at": "2026-11-02T00:00:00Z", "action": "UpdatePatchBaseline", "BaselineId": "pb-0000000000000000001",
              "ApprovalRules": { "PatchRules": [ { "PatchFilterGroup": { "PatchFilters": [ { "Key": "PRODUCT", "Values": ["AmazonLinux2023"] } ] }, "ApproveAfterDays": 0 } ] } },
            { "at": "2026-11-11T00:00:00Z", "name": "scan-all", "action": "SendCommand", "DocumentName": "AWS-RunPatchBaseline",
              "Targets": [ { "Key": "tag:PatchGroup", "Values": ["g"] } ], "Parameters": { "Operation": ["Scan"] }, "MaxConcurrency": "1" }
            """
        let expectations = """
            { "name": "nothing approved by the edited rules, so the Tuesday Install installed nothing approved", "rule": "[BL-1]",
              "at": "2026-11-10T12:00:00Z", "instance": "i-0s000000000000000", "summary": { "Operation": "Install", "InstalledCount": 0, "MissingCount": 0 } },
            { "name": "the command ran on all three, one at a time", "rule": "[RC-2]", "command": "scan-all", "status": "Success", "invocations": { "Success": 3 } },
            { "name": "its Scan is the stored record", "rule": "[OP-8]", "instance": "i-0s000000000000002", "summary": { "Operation": "Scan", "BaselineId": "pb-0000000000000000001" } },
            { "name": "one in flight", "rule": "[RC-2]", "invariant": "concurrencyWithinMax" }
            """
        let (code, out) = try Self.run(Self.scenario(events: events, expectations: expectations))
        #expect(code == 0, "\(out)")
        // Without the edit, the Install installs the approved updates: the first expectation fails.
        let (unedited, text) = try Self.run(Self.scenario(events: events.replacingOccurrences(of: "AmazonLinux2023", with: "AmazonLinux2"), expectations: expectations))
        #expect(unedited == 1 && text.contains("FAIL [BL-1]"), "\(text)")
    }

    @Test("a patch group registration made by an event governs the runs after it")
    func registerLater() throws {
        let text = Self.scenario(events: """
            { "at": "2026-11-02T00:00:00Z", "action": "DeregisterPatchBaselineForPatchGroup", "PatchGroup": "g", "BaselineId": "pb-0000000000000000001" }
            """, expectations: """
            { "name": "without its registration the group falls back to the OS default", "rule": "[BL-4]", "instance": "i-0s000000000000000",
              "summary": { "BaselineId": "AWS-AmazonLinux2DefaultPatchBaseline" } }
            """)
        let (code, out) = try Self.run(text)
        #expect(code == 0, "\(out)")
    }
}

extension TimedEventScenarioTests {
    @Test("[APR-5] a notice re-issued by PublishNotice restarts its ApproveAfterDays clock")
    func reissue() throws {
        let data = (scenariosFolder() as NSString).appendingPathComponent("data/approve-after-days")
        func scenario(reissue: Bool) -> String {
            """
            { "name": "reissue", "seed": 1, "start": "2026-11-01T00:00:00Z", "end": "2026-11-11T00:00:00Z",
              "repositories": [ { "import": { "os": "AMAZON_LINUX_2", "product": "AmazonLinux2", "name": "amzn2-core",
                                  "primary": "\(data)/primary.xml", "updateinfo": "\(data)/updateinfo.xml" } } ],
              "images": [ { "ImageId": "ami-1", "OperatingSystem": "AMAZON_LINUX_2", "Product": "AmazonLinux2", "inventory": { "rpmQa": "\(data)/rpm-qa.txt" } } ],
              "fleet": [ { "count": 1, "idPrefix": "i-0r", "ImageId": "ami-1" } ],
              "maintenanceWindows": [ { "WindowId": "mw-00000000000000001", "Name": "win-1", "Schedule": "cron(0 3 ? * TUE *)", "Duration": 2, "Cutoff": 1,
                "AllowUnassociatedTargets": false, "Targets": [ { "WindowTargetId": "t1", "Targets": [ { "Key": "InstanceIds", "Values": ["i-0r000000000000000"] } ] } ],
                "Tasks": [ { "WindowTaskId": "k1", "Targets": [ { "Key": "WindowTargetIds", "Values": ["t1"] } ], "MaxConcurrency": "1", "MaxErrors": "0",
                             "TaskInvocationParameters": { "RunCommand": { "Parameters": { "Operation": ["Install"] } } } } ] } ],
              "events": [ \(reissue ? """
                { "at": "2026-11-08T09:00:00Z", "action": "PublishNotice", "Repository": "amzn2-core", "NoticeId": "ALAS2-2026-3001", "Severity": "important",
                  "Packages": [ { "name": "alpha", "version": "2.0", "release": "1.amzn2", "epoch": "0", "arch": "x86_64" } ] }
                """ : "") ],
              "expectations": [ { "name": "re-issued Nov 8, alpha is not 7 days old on Nov 10: not approved, so not installed", "rule": "[APR-5]",
                                  "instance": "i-0r000000000000000", "patch": "alpha.x86_64", "state": "INSTALLED_OTHER" } ] }
            """
        }
        let (code, out) = try Self.run(scenario(reissue: true))
        #expect(code == 0, "\(out)")
        let (control, text) = try Self.run(scenario(reissue: false))
        #expect(control == 1 && text.contains("found INSTALLED"), "\(text)")
    }
}

@Suite("A simulated month (issue 5's done-when)")
struct MonthOfWindowsTests {
    @Test("weekly windows over a mixed fleet for November: each execution's statuses and invocation counts as derived by hand")
    func month() throws {
        let scenario = try ScenarioLoader.load(scenariosFolder() + "/month-mixed-fleet-weekly.json")
        let run = ScenarioRun.run(scenario)
        // (start, window status, command StatusDetails, targets, Success, Failed, Delivery Timed Out), derived in the scenario's description:
        // 8 targets with one full /var; a stopped node; a node tagged in (9); the failing node untagged (8).
        let expected = [
            "2026-11-03T03:00:00Z FAILED Failed targets 8 success 7 failed 1 delivery-timed-out 0 terminated 0",
            "2026-11-10T03:00:00Z FAILED Failed targets 8 success 6 failed 1 delivery-timed-out 1 terminated 0",
            "2026-11-17T03:00:00Z FAILED Failed targets 9 success 8 failed 1 delivery-timed-out 0 terminated 0",
            "2026-11-24T03:00:00Z SUCCESS Success targets 8 success 8 failed 0 delivery-timed-out 0 terminated 0",
        ]
        var found: [String] = []
        for r in run.executions {
            let command = try #require(r.tasks.first?.invocations.first?.command)
            let counts = "success \(command.count(.Success)) failed \(command.count(.Failed)) delivery-timed-out \(command.count(.deliveryTimedOut))"
            found.append("\(r.start.iso8601) \(r.status.rawValue) \(command.statusDetails) targets \(command.targetCount) \(counts) terminated \(command.count(.Terminated))")
            #expect(command.maxInFlight <= 2)
        }
        #expect(found == expected)
        // The stopped node's invocation waits until expiry: request + 3600 + 21 600 s.
        let stopped = run.executions[1].tasks[0].invocations[0].command.invocations.first { $0.details == .deliveryTimedOut }
        #expect(stopped?.instanceId == "i-0al20000000000002" && stopped?.end?.iso8601 == "2026-11-10T10:00:00Z")
        #expect(run.passed)
    }
}

@Suite("check warnings ([19])")
struct CheckWarningTests {
    @Test("a target matching no node, a patch group nobody carries, an unusable baseline, a window that never fires: warned, exit 0")
    func warnings() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("w.json").path
        try smallScenario
            .replacingOccurrences(of: "\"Values\": [\"g\"] } ] } ]", with: "\"Values\": [\"gg\"] } ] } ]")
            .replacingOccurrences(of: "\"cron(0 2 ? * TUE *)\"", with: "\"at(2027-01-05T02:00:00)\"")
            .replacingOccurrences(of: "\"patchGroups\": [ { \"PatchGroup\": \"g\", \"BaselineId\": \"pb-0000000000000000001\" } ]",
                                  with: "\"patchGroups\": [ { \"PatchGroup\": \"nobody\", \"BaselineId\": \"pb-0000000000000000001\" } ]")
            .write(toFile: file, atomically: true, encoding: .utf8)
        let (code, out, err) = runPatchsim(["check", file])
        #expect(code == 0 && out.hasPrefix("ok "), "\(out)\(err)")
        #expect(err.contains("warning: \(file): maintenanceWindows[0].Targets[0]: target t1 of win-1 matches no managed node at any instant"), "\(err)")
        #expect(err.contains("maintenanceWindows[0].Schedule: win-1 never fires between 2026-11-01T00:00:00Z and 2026-11-12T00:00:00Z"))
        #expect(err.contains("patchGroups: no node ever carries the patch group 'nobody'"))
        #expect(err.contains("baselines: no node can use base-1 (pb-0000000000000000001)"))
        // A tag given by an event later counts: no warning for a target it makes match.
        let later = dir.appendingPathComponent("later.json").path
        try smallScenario.replacingOccurrences(of: "\"Values\": [\"g\"] } ] } ]", with: "\"Values\": [\"gg\"] } ] } ]")
            .replacingOccurrences(of: "\"expectations\": [", with: "\"events\": [ { \"at\": \"2026-11-02T00:00:00Z\", \"action\": \"CreateTags\", \"Resources\": [\"i-0s000000000000000\"], \"Tags\": [ { \"Key\": \"PatchGroup\", \"Value\": \"gg\" } ] } ], \"expectations\": [")
            .write(toFile: later, atomically: true, encoding: .utf8)
        let (_, _, err2) = runPatchsim(["check", later])
        #expect(!err2.contains("matches no managed node"), "\(err2)")
        let (_, _, bundled) = runPatchsim(["check", scenariosFolder()])
        #expect(!bundled.contains("warning:"), "\(bundled)")
    }
}
