import Foundation
import Testing
@testable import PatchModel
@testable import PatchScenarios

/// [20] `patchsim diff`: changes derived by hand from the scenarios' rules.
@Suite("patchsim diff")
struct DiffCommandTests {
    static let rollout = scenariosFolder() + "/maxerrors-stops-rollout.json"

    /// maxerrors-stops-rollout: 6 nodes with a full /var fail first (dispatch is by id, one
    /// at a time). With MaxErrors 2 the 3rd error stops the task ([RC-3]); with MaxErrors 6
    /// the 6 errors do not exceed it, so the 14 healthy nodes run, install and report
    /// COMPLIANT (nothing approved is left MISSING after an Install, [OP-1]); failed runs
    /// write nothing ([OP-8]), so the 6 stay without a report on both sides.
    @Test("[RC-3] raising MaxErrors past the failures patches exactly the 14 healthy nodes")
    func maxErrorsBlastRadius() throws {
        let dir = try temporaryFolder().path
        var expected: [String] = (0..<14).map { "i-0b00000000000000\(String($0, radix: 16)) ComplianceStatus: (none) → COMPLIANT" }
        expected += ["mw-0a1b2c3d4e5f60718 execution 1 Failed: 3 → 6", "mw-0a1b2c3d4e5f60718 execution 1 Success: 0 → 14",
                     "mw-0a1b2c3d4e5f60718 execution 1 Terminated: 17 → 0"]
        let (code, out, err) = runPatchsim(["diff", Self.rollout, "--set", "maintenanceWindows[0].Tasks[0].MaxErrors=6", "--json", dir + "/d.json"])
        #expect(code == 0, "\(err)")
        #expect(out.contains("14 of 20 nodes change\n"))
        #expect(out.contains("  patch group api: 14 of 20 nodes, 0 patch records; compliant 0 → 14\n"))
        #expect(out.contains("i-0b000000000000000 (api, UBUNTU): no report → COMPLIANT (201 patch records on one side only); differs since 2026-11-03T03:"))
        #expect(out.contains("mw-0a1b2c3d4e5f60718 execution 1 (2026-11-03T03:00:00Z): FAILED → FAILED, end 2026-11-03T03:00:15Z → "))
        #expect(out.contains("2026-11-03: none reporting → 100% (14/14)"))
        let lines = try DiffReport.changeLines(try JSONValue.parse(contentsOf: dir + "/d.json"))
        #expect(lines == expected.sorted())
        // --expect with the hand-written changes holds; with one left out it fails and says which.
        func expectFile(_ changes: [String], _ name: String) throws -> String {
            let nodes = changes.filter { $0.hasPrefix("i-") }.map { line -> String in
                let id = String(line.prefix(19))
                return #"{"InstanceId":"\#(id)","from":null,"to":{"ComplianceStatus":"COMPLIANT"}}"#
            }
            let text = #"{"nodes":[\#(nodes.joined(separator: ","))],"windowExecutions":[{"WindowId":"mw-0a1b2c3d4e5f60718","Execution":1,"#
                + #""from":{"Status":"FAILED","Invocations":{"Failed":3,"Terminated":17}},"to":{"Status":"FAILED","Invocations":{"Failed":6,"Success":14}}}]}"#
            try text.write(toFile: dir + "/" + name, atomically: true, encoding: .utf8)
            return dir + "/" + name
        }
        let exact = try expectFile(expected, "exact.json")
        #expect(runPatchsim(["diff", Self.rollout, "--set", "maintenanceWindows[0].Tasks[0].MaxErrors=6", "--expect", exact]).0 == 0)
        let short = try expectFile(Array(expected.dropFirst()), "short.json")
        let (c2, _, e2) = runPatchsim(["diff", Self.rollout, "--set", "maintenanceWindows[0].Tasks[0].MaxErrors=6", "--expect", short])
        #expect(c2 == 1)
        #expect(e2.contains("happened, not expected: i-0b000000000000000 ComplianceStatus: (none) → COMPLIANT"))
        #expect(runPatchsim(["diff", Self.rollout, "--set", "maintenanceWindows[0].Tasks[0].MaxErrors=6", "--expect-none"]).0 == 1)
    }

    /// MaxErrors 5: the 6th error exceeds it, still before any healthy node: no node changes,
    /// only the execution's counts and end.
    @Test("[RC-3] MaxErrors 5 stops before the healthy nodes too: the window changes, no node does")
    func maxErrorsFiveChangesNoNode() {
        let (code, out, _) = runPatchsim(["diff", Self.rollout, "--set", "maintenanceWindows[0].Tasks[0].MaxErrors=5"])
        #expect(code == 0)
        #expect(out.contains("0 of 20 nodes change\n"))
        #expect(out.contains("invocations Failed 3, Terminated 17 → Failed 6, Terminated 14"))
    }

    @Test("an edit that changes no behaviour is no difference (--expect-none exit 0)")
    func noDifference() {
        let (code, out, _) = runPatchsim(["diff", scenariosFolder() + "/os-debian.json", "--set", "description=edited", "--expect-none"])
        #expect(code == 0)
        #expect(out.hasSuffix("no difference: every node's stored state and every window execution are the same\n"))
    }

    /// The same predefined baseline's rules under a custom baseline's id: every state the
    /// same, only each node's BaselineId differs ([BL-2] the default baseline was replaced).
    @Test("[BL-2] a baseline in place of the default: same rules, a new id on every node")
    func baselineInPlaceOfDefault() throws {
        let (code, out, err) = runPatchsim(["diff", scenariosFolder() + "/os-amazon-linux-2.json", "--replace", "AWS-AmazonLinux2DefaultPatchBaseline",
                                            "--vs-baseline", "AWS-AmazonLinux2DefaultPatchBaseline", "--format", "json"])
        #expect(code == 0, "\(err)")
        let lines = try DiffReport.changeLines(try JSONValue.parse(embedded: out, file: "out", at: ""))
        #expect(lines.count == 6)
        #expect(lines.allSatisfy { $0.hasSuffix(" BaselineId: arn:aws:ssm:us-east-1:075727635805:patchbaseline/pb-0be8c61cde3be63f3 → pb-0d1ff0000000000000") })
    }

    /// A scenario with no custom baseline: the given baseline stands in for its OS's default
    /// ([BL-2]); Ubuntu's default under another id changes only each node's BaselineId.
    @Test("[BL-2] without --replace, a baseline stands in for its OS's default")
    func defaultReplaced() throws {
        let (code, out, err) = runPatchsim(["diff", Self.rollout, "--set", "maintenanceWindows[0].Tasks[0].MaxErrors=6",
                                            "--baseline", "AWS-UbuntuDefaultPatchBaseline", "--vs-baseline", "AWS-UbuntuDefaultPatchBaseline", "--expect-none"])
        #expect(code == 1, "\(err)")
        #expect(out.contains("14 of 20 nodes change"))
    }

    @Test("bad variants are exit 2 with the path and what is allowed")
    func badInput() {
        let (c1, _, e1) = runPatchsim(["diff", Self.rollout])
        #expect(c1 == 2 && e1.contains("diff needs a variant"))
        let (c2, _, e2) = runPatchsim(["diff", Self.rollout, "--set", "maintenanceWindows[3].Name=x"])
        #expect(c2 == 2 && e2.contains("maintenanceWindows: --set maintenanceWindows[3].Name=x: index [3] is past the end; allowed: 0...0"))
        let (c3, _, e3) = runPatchsim(["diff", Self.rollout, "--set", "nothing"])
        #expect(c3 == 2 && e3.contains("allowed: JSON.PATH=VALUE"))
        let (c4, _, e4) = runPatchsim(["diff", Self.rollout, "--set", "maintenanceWindows[0].Duration=\"six\""])
        #expect(c4 == 2 && e4.contains("maintenanceWindows[0].Duration"))
        let (c5, _, e5) = runPatchsim(["diff", scenariosFolder() + "/policy-and-window-overwrite.json", "--vs-baseline", "AWS-AmazonLinux2DefaultPatchBaseline"])
        #expect(c5 == 2 && e5.contains("--replace BASELINE: the scenario has 2 custom baselines"))
    }

    @Test("ScenarioEdit paths")
    func editPaths() throws {
        #expect(try ScenarioEdit.steps("a.b[2].c", origin: "t") == [.member("a"), .member("b"), .index(2), .member("c")])
        #expect(throws: InputError.self) { try ScenarioEdit.steps("a..b", origin: "t") }
        #expect(throws: InputError.self) { try ScenarioEdit.steps("a[x]", origin: "t") }
        let doc = try JSONValue.parse(embedded: #"{"w":[{"MaxErrors":"2"}]}"#, file: "t", at: "")
        let edited = try ScenarioEdit.parse("w[0].MaxErrors=5", origin: "--set").applied(to: doc)
        #expect(try edited.required("w").array()[0].required("MaxErrors").string() == "5")
        #expect(try ScenarioEdit.parse("w[0].MaxErrors=true", origin: "--set").applied(to: doc).required("w").array()[0].required("MaxErrors").string() == "true")
        let added = try ScenarioEdit.parse("w[0].New=[1]", origin: "--set").applied(to: doc)
        #expect(try added.required("w").array()[0].required("New").array().count == 1)
    }
}
