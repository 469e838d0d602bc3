import Foundation
import Testing
@testable import PatchModel

/// [20] `patchsim explain`: chains checked against the rules they cite.
@Suite("patchsim explain")
struct ExplainCommandTests {
    static let overwrite = scenariosFolder() + "/policy-and-window-overwrite.json"

    /// At 03:00 on Nov 1 only the policy's 02:00 scan has written ([BL-4] step 1: its own
    /// baseline A though the node is in patch group web); at 05:00 the window's 04:00 scan
    /// has replaced it under the patch group's B ([OP-8]).
    @Test("[BL-4][OP-8] which source wrote the record, which baseline and why, and the overwrite")
    func baselineAndWrites() throws {
        let (c1, early, e1) = runPatchsim(["explain", Self.overwrite, "--instance", "i-0web0000000000000", "--at", "2026-11-01T03:00:00Z"])
        #expect(c1 == 0, "\(e1)")
        #expect(early.contains("stored report: Scan by PatchPolicy web-scan-policy, 2026-11-01T02:00:00Z"))
        #expect(early.contains("why this baseline: [BL-4] step 1: patch policy web-scan-policy delivers policy-baseline-A for AMAZON_LINUX_2"))
        let (c2, late, _) = runPatchsim(["explain", Self.overwrite, "--instance", "i-0web0000000000000", "--at", "2026-11-01T05:00:00Z"])
        #expect(c2 == 0)
        #expect(late.contains("stored report: Scan by MaintenanceWindow mw-0b000000000000004/web-scan, 2026-11-01T04:00:00Z"))
        #expect(late.contains("baseline window-baseline-B (pb-0b0000000000000000b), ExecutionType Command"))
        #expect(late.contains("why this baseline: [BL-4] the node's tag PatchGroup=web puts it in patch group 'web', registered to window-baseline-B (pb-0b0000000000000000b) for AMAZON_LINUX_2"))
        let writes = late.components(separatedBy: "\n").filter { $0.hasPrefix("  2026-11-01T0") && $0.contains(": Scan, pb-") }
        #expect(writes.count == 2)
        #expect(writes.last?.hasSuffix("(overwrote PatchPolicy web-scan-policy: another baseline)") == true)
        #expect(late.contains("  2026-11-01T02:00:00Z  PatchPolicy web-scan-policy Scan: Success"))
    }

    /// approve-after-days-rollout-agent ([AGT-6] exact seconds): ALAS2-2026-3001 is dated
    /// Nov 2 10:00; at the Nov 20 noon scan, 10:00 + 7 days is before the run start, so
    /// rule 0 (Security, Critical/Important) approves 2.0-1 over the installed 1.0-1: MISSING.
    @Test("[APR-4][AGT-6] the decision chain for a patch names the rule, the filters and the dates")
    func patchChain() throws {
        let file = scenariosFolder() + "/approve-after-days-rollout-agent.json"
        let (code, out, err) = runPatchsim(["explain", file, "--instance", "i-0canary0000000000", "--patch", "alpha"])
        #expect(code == 0, "\(err)")
        #expect(out.contains("stored record: alpha.x86_64 MISSING, Title alpha.x86_64:0:2.0-1.amzn2, Classification Security, Severity Important"))
        #expect(out.contains("as ALAS2-2026-3001 (Security/Important, dated 2026-11-02T10:00:00Z):"))
        #expect(out.contains("SEVERITY [\"Critical\", \"Important\"] vs 'Important': match"))
        #expect(out.contains("ApproveAfterDays 7: date 2026-11-02T10:00:00Z + 7 days < 2026-11-20T12:00:00Z (exact seconds): approved"))
        #expect(out.contains("=> MISSING (target 0:2.0-1.amzn2)"))
    }

    /// maxerrors-stops-rollout: one at a time, ids in order; i-0a...0-2 fail (full /var); the
    /// third error passes MaxErrors 2 ([RC-3]) and the other 17 never start.
    @Test("[RC-3] a window's dispatch order and the error that stopped it")
    func windowStop() throws {
        let (code, out, err) = runPatchsim(["explain", scenariosFolder() + "/maxerrors-stops-rollout.json", "--window", "mw-0a1b2c3d4e5f60718", "--format", "json"])
        #expect(code == 0, "\(err)")
        let doc = try JSONValue.parse(embedded: out, file: "out", at: "")
        let x = try doc.required("window").required("Executions").array()
        #expect(x.count == 1)
        let inv = try x[0].required("Tasks").array()[0].required("Invocations").array()[0]
        #expect(try inv.required("AllowedErrors").int(in: 0...100) == 2)
        let order = try inv.required("Dispatch").array().map { try $0.required("InstanceId").string() }
        #expect(Array(order.prefix(4)) == ["i-0a000000000000000", "i-0a000000000000001", "i-0a000000000000002", "i-0a000000000000003"])
        #expect(try inv.required("Dispatch").array()[3].required("StatusDetails").string() == "Terminated")
        let stop = try inv.required("StoppedBy").string()
        #expect(stop.hasPrefix("[RC-3] error 3 (i-0a000000000000002 Failed at "))
        #expect(stop.hasSuffix("passed MaxErrors 2 (2 allowed of 20 targets): dispatch stopped then; 17 targets never started (Terminated)"))
    }

    @Test("bad arguments are exit 2 and say what is allowed")
    func badArguments() {
        #expect(runPatchsim(["explain", Self.overwrite]).0 == 2)
        let (c1, _, e1) = runPatchsim(["explain", Self.overwrite, "--instance", "i-0nope"])
        #expect(c1 == 2 && e1.contains("is not a node of policy-and-window-overwrite"))
        let (c2, _, e2) = runPatchsim(["explain", Self.overwrite, "--patch", "openssl"])
        #expect(c2 == 2 && e2.contains("--patch needs --instance"))
        let (c3, _, e3) = runPatchsim(["explain", Self.overwrite, "--window", "mw-0b000000000000004", "--at", "2030-01-01T00:00:00Z"])
        #expect(c3 == 2 && e3.contains("allowed: an ISO-8601 instant from 2026-11-01T00:00:00Z to 2026-11-05T00:00:00Z"))
    }
}
