import Foundation
import Testing
import PatchScenarios

/// The `--events` log ([RPT-5]): EventBridge envelopes, one event per status transition,
/// the compliance event only when a node's status changes, and the same bytes for the
/// same seed.
@Suite("EventBridge event log")
struct EventsReportTests {
    /// `smallScenario` with a Scan before the first window (NON_COMPLIANT), the Tuesday
    /// installs (COMPLIANT), a Scan after (no change), and the window disabled at the end.
    static let scenario = smallScenario.replacingOccurrences(of: "\"expectations\": [", with: """
      "events": [
        { "at": "2026-11-02T00:00:00Z", "name": "scan-before", "action": "SendCommand", "DocumentName": "AWS-RunPatchBaseline",
          "Targets": [ { "Key": "tag:PatchGroup", "Values": ["g"] } ], "Parameters": { "Operation": ["Scan"] } },
        { "at": "2026-11-11T00:00:00Z", "name": "scan-after", "action": "SendCommand", "DocumentName": "AWS-RunPatchBaseline",
          "InstanceIds": ["i-0s000000000000000"], "Parameters": { "Operation": ["Scan"] } },
        { "at": "2026-11-11T12:00:00Z", "name": "off", "action": "UpdateMaintenanceWindow", "WindowId": "mw-00000000000000001", "Enabled": false }
      ],
      "expectations": [
    """)

    struct Event {
        var type: String, source: String, time: String, detail: [String: Any], resources: [String]
        var status: String { detail["status"] as? String ?? detail["compliance-status"] as? String ?? detail["step"] as? String ?? "" }
    }

    /// RFC 4122 version 4 in shape: 8-4-4-4-12 lower-case hex, version 4, variant 8/9/a/b.
    static func isUUIDv4(_ s: String) -> Bool {
        let parts = s.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.map(\.count) == [8, 4, 4, 4, 12], s.allSatisfy({ $0 == "-" || ("0"..."9").contains($0) || ("a"..."f").contains($0) }) else { return false }
        return parts[2].first == "4" && "89ab".contains(parts[3].first ?? "x")
    }

    static func events(seed: UInt64? = nil) throws -> (text: String, events: [Event]) {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("events.json").path
        try Self.scenario.write(toFile: file, atomically: true, encoding: .utf8)
        let text = EventsReport.render(ScenarioRun.run(try ScenarioLoader.load(file, seedOverride: seed)))
        let events = try text.split(separator: "\n").map { line -> Event in
            let o = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect(o["version"] as? String == "0" && o["account"] as? String == "123456789012" && o["region"] as? String == "us-east-1")
            #expect(Self.isUUIDv4(o["id"] as? String ?? ""), "\(o["id"] ?? "")")
            return Event(type: o["detail-type"] as? String ?? "", source: o["source"] as? String ?? "", time: o["time"] as? String ?? "",
                         detail: o["detail"] as? [String: Any] ?? [:], resources: o["resources"] as? [String] ?? [])
        }
        return (text, events)
    }

    @Test("[RPT-5] events are in time order, each status transition once, window and commands included")
    func transitions() throws {
        let (_, events) = try Self.events()
        #expect(events.map(\.time) == events.map(\.time).sorted())
        let windows = events.filter { $0.type == "Maintenance Window Execution State-change Notification" }.map(\.status)
        // Tuesdays Nov 3 and Nov 10, each IN_PROGRESS then SUCCESS.
        #expect(windows == ["IN_PROGRESS", "SUCCESS", "IN_PROGRESS", "SUCCESS"])
        let commands = events.filter { $0.type == "EC2 Command Status-change Notification" }
        // Two SendCommands and two window task commands: Pending, InProgress, Success each.
        #expect(commands.map(\.status) == Array(repeating: ["Pending", "InProgress", "Success"], count: 4).flatMap { $0 })
        #expect(commands.first?.resources.count == 3 && commands.first?.resources.first?.hasPrefix("arn:aws:ec2:us-east-1:123456789012:instance/i-0s") == true)
        let node = "i-0s000000000000000"
        let invocations = events.filter { $0.type == "EC2 Command Invocation Status-change Notification" && $0.detail["instance-id"] as? String == node }
        #expect(invocations.map(\.status) == Array(repeating: ["InProgress", "Success"], count: 4).flatMap { $0 })
        // A node's steps sit between its invocation's InProgress and its final status.
        let mine = events.filter { ($0.detail["instance-id"] as? String ?? $0.detail["resource-id"] as? String) == node }
        let firstSteps = mine.prefix(5).map { "\($0.type.prefix(4)):\($0.status)" }
        #expect(firstSteps == ["EC2 :InProgress", "Patc:OperationStarted", "Patc:OperationFinished", "Conf:non_compliant", "EC2 :Success"], "\(firstSteps)")
        #expect(events.filter { $0.type == "Patch Operation Step" }.allSatisfy { $0.source == "patchsim" })
        #expect(events.filter { $0.type != "Patch Operation Step" }.allSatisfy { $0.source == "aws.ssm" })
        let state = events.filter { $0.type == "Maintenance Window State-change Notification" }
        #expect(state.count == 1 && state.first?.status == "DISABLED" && state.first?.time == "2026-11-11T12:00:00Z")
        let target = events.first { $0.type == "Maintenance Window Task Target Invocation State-change Notification" }
        #expect(target?.detail["window-target-id"] as? String == "t1" && (target?.detail["start-time"] as? String)?.hasSuffix(".000Z") == true)
    }

    @Test("[RPT-5] the compliance event fires only when a node's status changes")
    func compliance() throws {
        let (_, events) = try Self.events()
        let node = "i-0s000000000000000"
        let changes = events.filter { $0.type == "Configuration Compliance State Change" && $0.detail["resource-id"] as? String == node }
        // Scan before: non_compliant; the first install: compliant; the second install and
        // the Scan after leave it compliant, so nothing more.
        #expect(changes.map(\.status) == ["non_compliant", "compliant"])
        #expect(changes.first?.detail["patch-baseline-id"] as? String == "pb-0000000000000000001")
        #expect(changes.first?.detail["compliance-type"] as? String == "Patch" && changes.last?.detail["severity"] as? String == "unspecified")
        #expect(changes.first?.resources == ["arn:aws:ssm:us-east-1:123456789012:managed-instance/\(node)"])
        #expect(changes.first?.time == "2026-11-02T00:00:00Z" || (changes.first?.time ?? "") > "2026-11-02T00:00:00Z")
    }

    @Test("[RPT-5] same seed, same event log byte for byte; another seed changes it")
    func deterministic() throws {
        let a = try Self.events().text, b = try Self.events().text, c = try Self.events(seed: 4).text
        #expect(!a.isEmpty && a == b && a != c)
    }

    @Test("[19] every id an event carries is an RFC 4122 UUID (command, execution, task and event ids)")
    func uuids() throws {
        let (_, events) = try Self.events()
        var checked = 0
        for e in events {
            for key in ["command-id", "window-execution-id", "task-execution-id"] {
                if let id = e.detail[key] as? String { #expect(Self.isUUIDv4(id), "\(key) \(id)"); checked += 1 }
            }
        }
        #expect(checked > 20)
    }

    @Test("[19] an event over EventBridge's 256 KB is split by resources; several scenarios write one time-ordered file each")
    func splitAndPerScenario() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        // 5,000 nodes in one command: its status events list 5,000 ARNs, about 330 KB.
        let big = dir.appendingPathComponent("big.json").path
        try smallScenario.replacingOccurrences(of: "\"count\": 3", with: "\"count\": 5000")
            .replacingOccurrences(of: "\"MaxConcurrency\": \"2\"", with: "\"MaxConcurrency\": \"100%\"")
            .replacingOccurrences(of: "\"name\": \"small\"", with: "\"name\": \"big\"")
            .write(toFile: big, atomically: true, encoding: .utf8)
        let small = dir.appendingPathComponent("small.json").path
        try smallScenario.write(toFile: small, atomically: true, encoding: .utf8)
        let events = dir.appendingPathComponent("events.jsonl").path
        let (code, out, err) = runPatchsim(["run", big, small, "--events", events, "--quiet"])
        #expect(code == 0, "\(out)\(err)")
        #expect(!FileManager.default.fileExists(atPath: events))
        for name in ["events-big.jsonl", "events-small.jsonl"] {
            let text = try String(contentsOfFile: dir.appendingPathComponent(name).path, encoding: .utf8)
            let lines = text.split(separator: "\n")
            #expect(!lines.isEmpty)
            #expect(lines.allSatisfy { $0.utf8.count <= 262_144 }, "\(name): an event over 256 KB")
            let times = try lines.map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])["time"] as? String ?? "" }
            #expect(times == times.sorted(), "\(name) in time order")
            if name == "events-big.jsonl" {
                // The Pending event of the window's command: 5,000 ARNs over two events, none lost.
                let pending = try lines.map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
                    .filter { $0["detail-type"] as? String == "EC2 Command Status-change Notification" && ($0["detail"] as? [String: Any])?["status"] as? String == "Pending" }
                let first = pending.prefix { ($0["detail"] as? [String: Any])?["command-id"] as? String == (pending[0]["detail"] as? [String: Any])?["command-id"] as? String }
                #expect(first.count == 2)
                #expect(Set(first.flatMap { $0["resources"] as? [String] ?? [] }).count == 5000)
            }
        }
    }
}
