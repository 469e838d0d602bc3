import Foundation
import Testing
@testable import PatchModel
@testable import PatchScenarios

/// [20] `patchsim shrink`: a known minimal reproducer.
@Suite("patchsim shrink")
struct ShrinkCommandTests {
    /// maxerrors-stops-rollout with one more expectation, "the rollout succeeds", which fails:
    /// the execution is FAILED. One node with a full /var fails its invocation, and one
    /// failed invocation fails the task and the execution ([RC-6][MW-5]); the healthy
    /// group, the other expectations and all but one package are not needed; the window's
    /// first run, Tuesday Nov 3 03:00, is the last instant the span must reach.
    @Test("[MW-5][RC-6] a 20-node FAILED rollout shrinks to one failing node, one package, the span to the first Tuesday 03:00")
    func knownMinimum() throws {
        let dir = try temporaryFolder().path
        var text = try String(contentsOfFile: scenariosFolder() + "/maxerrors-stops-rollout.json", encoding: .utf8)
        let extra = #"{ "name": "the rollout succeeds", "rule": "[MW-5]", "window": "mw-0a1b2c3d4e5f60718", "execution": 1, "status": "SUCCESS" },"#
        text = text.replacingOccurrences(of: "\"expectations\": [", with: "\"expectations\": [ " + extra)
        try text.write(toFile: dir + "/in.json", atomically: true, encoding: .utf8)
        let (code, _, err) = runPatchsim(["shrink", dir + "/in.json", "--expectation", "the rollout succeeds", "--out", dir + "/out.json"])
        #expect(code == 0, "\(err)")
        #expect(err.contains("nodes 20 → 1, fleet groups 2 → 1, windows 1 → 1, tasks 1 → 1, events 0 → 0"))
        #expect(err.contains("expectations 4 → 1, repository packages 200 → 1, baselines 0 → 0, days 4 → 2.12"))
        let out = try JSONValue.parse(contentsOf: dir + "/out.json")
        let fleet = try out.required("fleet").array()
        #expect(fleet.count == 1)
        #expect(try fleet[0].required("idPrefix").string() == "i-0a")
        #expect(try out.required("end").string() == "2026-11-03T03:00:00Z")
        // Still a valid scenario failing the same way; the same input, the same bytes.
        let (runCode, runOut, _) = runPatchsim(["run", dir + "/out.json"])
        #expect(runCode == 1 && runOut.contains("FAIL [MW-5] the rollout succeeds: expected SUCCESS, found FAILED"))
        #expect(runPatchsim(["shrink", dir + "/in.json", "--expectation", "the rollout succeeds"]).1 == (try String(contentsOfFile: dir + "/out.json", encoding: .utf8)))
    }

    @Test("an expectation that holds or does not exist is exit 2")
    func refusals() {
        let file = scenariosFolder() + "/maxerrors-stops-rollout.json"
        let (c1, _, e1) = runPatchsim(["shrink", file, "--expectation", "a healthy node never patched never reboots"])
        #expect(c1 == 2 && e1.contains("holds"))
        let (c2, _, e2) = runPatchsim(["shrink", file, "--expectation", "nope"])
        #expect(c2 == 2 && e2.contains("no expectation named 'nope'"))
    }

    @Test("sameWay: a status stays the status; counts may change")
    func sameWay() {
        func o(_ found: String, _ passed: Bool = false) -> PatchScenarios.Expectation.Outcome {
            PatchScenarios.Expectation.Outcome(name: "e", rule: "", passed: passed, expected: "x", found: found, examples: [])
        }
        #expect(Shrinker.sameWay(o("FAILED (execution at 2026-11-03T03:00:00Z)"), o("FAILED (execution at 2026-11-10T03:00:00Z)")))
        #expect(!Shrinker.sameWay(o("FAILED (execution at 2026-11-03T03:00:00Z)"), o("only 0 executions")))
        #expect(Shrinker.sameWay(o("14 nodes"), o("1 node")))
        #expect(Shrinker.sameWay(o("123 nodes"), o("1 node")))
        #expect(!Shrinker.sameWay(o("MissingCount=12"), o("FailedCount=1")))
        #expect(!Shrinker.sameWay(o("14 nodes"), o("0 nodes", true)))
    }
}
