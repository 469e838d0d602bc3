import Foundation
import Testing
@testable import PatchModel
@testable import PatchScenarios
@testable import PatchWorld

/// [20] Compliance-source conflicts: a node's stored report replaced by another source's with
/// another baseline or operation ([OP-8], scheduling.md case 61).
@Suite("Compliance-source conflicts")
struct ComplianceSourceConflictTests {
    /// A copy of a bundled scenario with one more expectation, in a temporary folder.
    static func withExpectation(_ name: String, _ expectation: String) throws -> String {
        var text = try String(contentsOfFile: scenariosFolder() + "/" + name, encoding: .utf8)
        guard let r = text.range(of: "\"expectations\": [") else { throw InputError(file: name, message: "no expectations") }
        text.replaceSubrange(r, with: "\"expectations\": [ " + expectation + ",")
        let file = try temporaryFolder().path + "/" + name
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }

    /// policy-and-window-overwrite, per node: Nov 1–3 the policy (Scan, A) at 02:00 and the
    /// window (Scan, B) at 04:00 replace each other: 5 overwrites after the first write on
    /// Nov 1; Patch now (Install, B) on Nov 3 at 06:00 replaces the window's Scan: 6; on
    /// Nov 4 the policy fails (A deleted) and writes nothing, and the window's Scan
    /// replaces Patch now's Install: 7. Ten nodes: 70 on 10.
    @Test("[OP-8] case 61: the policy, the window and Patch now overwrite each other 7 times per node")
    func overwriteCaseCounts() throws {
        let s = try ScenarioLoader.load(scenariosFolder() + "/policy-and-window-overwrite.json")
        let r = ScenarioRun.run(s)
        let o = r.fleet.compliance.overwrites
        #expect(o.count == 70)
        #expect(o.nodes.count == 10)
        let node = o.kept.filter { $0.instanceId == "i-0web0000000000000" }
        #expect(node.map { $0.source?.kind.rawValue ?? "" } == ["MaintenanceWindow", "PatchPolicy", "MaintenanceWindow", "PatchPolicy", "MaintenanceWindow", "PatchNow", "MaintenanceWindow"])
        #expect(node.map(\.operation) == ["Scan", "Scan", "Scan", "Scan", "Scan", "Install", "Scan"])
        #expect(node.map(\.baselineId) == ["pb-0b0000000000000000b", "pb-0a0000000000000000a", "pb-0b0000000000000000b", "pb-0a0000000000000000a",
                                           "pb-0b0000000000000000b", "pb-0b0000000000000000b", "pb-0b0000000000000000b"])
        #expect(node[5].previousSource == ComplianceSource(.MaintenanceWindow, "mw-0b000000000000004/web-scan"))
        #expect(node[5].source == ComplianceSource(.PatchNow, "patch-now-install"))
    }

    @Test("[20] the invariant fails on the overwrite case with the count and the nodes; holds where one source writes")
    func invariant() throws {
        let inv = #"{ "name": "one source per node", "rule": "[OP-8]", "invariant": "noComplianceSourceConflict" }"#
        let failing = try Self.withExpectation("policy-and-window-overwrite.json", inv)
        let (code, out, _) = runPatchsim(["run", failing])
        #expect(code == 1)
        #expect(out.contains("FAIL [OP-8] one source per node: expected no stored report replaced by another source's with another baseline or operation, found 70 overwrites on 10 nodes"))
        #expect(out.contains("instances: i-0web0000000000000, i-0web0000000000001"))
        #expect(out.contains("note: 70 stored reports on 10 nodes replaced by another source"))
        let holding = try Self.withExpectation("maxerrors-stops-rollout.json", inv)
        let (ok, okOut, _) = runPatchsim(["run", holding])
        #expect(ok == 0, "\(okOut)")
        #expect(!okOut.contains("note:"))
    }

    @Test("[20] the report lists them in the API's words; two shards merge into the whole's list")
    func reportAndShards() throws {
        let dir = try temporaryFolder().path
        let file = scenariosFolder() + "/policy-and-window-overwrite.json"
        #expect(runPatchsim(["run", file, "--report", dir + "/whole.json", "--quiet"]).0 == 0)
        let whole = try JSONValue.parse(contentsOf: dir + "/whole.json").required("scenarios").array()[0].required("complianceSourceOverwrites")
        #expect(try whole.required("Count").int(in: 0...1000) == 70)
        let first = try whole.required("Listed").array()[0]
        #expect(try first.required("InstanceId").string() == "i-0web0000000000001")
        #expect(try first.required("Previous").required("Source").string() == "PatchPolicy")
        #expect(try first.required("New").required("SourceName").string() == "mw-0b000000000000004/web-scan")
        for i in 0..<2 { #expect(runPatchsim(["run", file, "--shard", "\(i)/2", "--report", dir + "/part-\(i).json", "--quiet"]).0 == 0) }
        #expect(runPatchsim(["merge", dir + "/part-0.json", dir + "/part-1.json", "--report", dir + "/merged.json", "--quiet"]).0 == 0)
        #expect(try String(contentsOfFile: dir + "/merged.json", encoding: .utf8) == String(contentsOfFile: dir + "/whole.json", encoding: .utf8))
    }

    @Test("SourceOverwrites keeps the first by (instant, node, source), whatever order they come in")
    func keptOrder() {
        func o(_ s: Int64, _ id: String) -> SourceOverwrite {
            SourceOverwrite(instanceId: id, at: Instant(secondsSinceEpoch: s), previousSource: ComplianceSource(.PatchPolicy, "p"), previousBaselineId: "a",
                            previousOperation: "Scan", previousWrittenAt: .epoch, source: ComplianceSource(.PatchNow, "n"), baselineId: "b", operation: "Scan", stateChanged: false)
        }
        var all = SourceOverwrites()
        for (s, id) in [(5, "i-2"), (3, "i-9"), (5, "i-1"), (1, "i-5")] { all.add(o(Int64(s), id)) }
        #expect(all.kept.map(\.instanceId) == ["i-5", "i-9", "i-1", "i-2"])
        #expect(all.count == 4 && all.nodes.count == 4)
    }
}
