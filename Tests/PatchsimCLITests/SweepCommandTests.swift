import Foundation
import Testing
@testable import PatchModel
@testable import PatchScenarios

/// [20] `patchsim sweep`: distributions whose values follow from the rules by hand.
@Suite("patchsim sweep")
struct SweepCommandTests {
    @Test("nearest-rank percentiles: each is one of the samples")
    func percentiles() throws {
        let four = try #require(Sweep.Distribution([4, 1, 3, 2]))
        #expect([four.min, four.p5, four.p50, four.p95, four.max] == [1, 1, 2, 4, 4])
        let twenty = try #require(Sweep.Distribution((1...20).map(Double.init)))
        #expect([twenty.p5, twenty.p50, twenty.p95] == [1, 10, 19])
        #expect(Sweep.Distribution([]) == nil)
    }

    @Test("--vary values split at top-level commas only; the cross product varies the first slowest")
    func variations() throws {
        let v = try Sweep.variation(#"a.b=1,"x,y",{"k":[1,2]},word"#)
        #expect(v.values == ["1", "\"x,y\"", #"{"k":[1,2]}"#, "word"])
        let product = Sweep.variants([try Sweep.variation("p=1,2"), try Sweep.variation("q=a,b,c")])
        #expect(product.map { $0.settings.map(\.value).joined(separator: "") } == ["1a", "1b", "1c", "2a", "2b", "2c"])
        #expect(throws: InputError.self) { try Sweep.variation("p=1,,2") }
    }

    /// maxerrors-stops-rollout, one node at a time by id, the 6 nodes with a full /var
    /// first ([RC-3]): MaxErrors 2 stops at the 3rd error, 5 at the 6th, both before any
    /// healthy node; 6 is never passed, so the 14 healthy nodes install. The faults are
    /// certain (varFull 1.0), so every seed gives the same: p50 = min = max.
    @Test("[RC-3] MaxErrors 2, 5, 6 on five seeds: failures 3, 6, 6 and nodes patched 0, 0, 14")
    func maxErrorsSweep() throws {
        let file = scenariosFolder() + "/maxerrors-stops-rollout.json"
        let (code, out, err) = runPatchsim(["sweep", file, "--vary", "maintenanceWindows[0].Tasks[0].MaxErrors=2,5,6", "--seeds", "5", "--format", "json"])
        #expect(code == 0, "\(err)")
        let variants = try JSONValue.parse(embedded: out, file: "out", at: "").required("variants").array()
        #expect(variants.count == 3)
        func p50(_ v: JSONValue, _ metric: String) throws -> Double { try v.required("distributions").required(metric).required("p50").double() }
        #expect(try variants.map { try p50($0, "invocationsFailed") } == [3, 6, 6])
        #expect(try variants.map { try p50($0, "nodesPatched mw-0a1b2c3d4e5f60718 #1") } == [0, 0, 14])
        #expect(try variants.map { try p50($0, "compliantShare") } == [0, 0, 1])
        #expect(try variants[2].required("seeds").array().map { try $0.string() } == ["7", "8", "9", "10", "11"])
        #expect(try variants[2].required("distributions").required("invocationsFailed").required("samples").int(in: 0...10) == 5)
        // The same bytes on one thread and on four.
        let one = runPatchsim(["sweep", file, "--vary", "maintenanceWindows[0].Tasks[0].MaxErrors=2,5,6", "--seeds", "5", "--format", "json", "--threads", "1"]).1
        let four = runPatchsim(["sweep", file, "--vary", "maintenanceWindows[0].Tasks[0].MaxErrors=2,5,6", "--seeds", "5", "--format", "json", "--threads", "4"]).1
        #expect(one == out && four == out)
    }

    @Test("the HTML draws one chart per metric; bad input is exit 2")
    func htmlAndErrors() throws {
        let dir = try temporaryFolder().path
        let file = scenariosFolder() + "/maxerrors-stops-rollout.json"
        #expect(runPatchsim(["sweep", file, "--vary", "maintenanceWindows[0].Tasks[0].MaxErrors=2,6", "--seeds", "2", "--html", dir + "/s.html"]).0 == 0)
        let html = try String(contentsOfFile: dir + "/s.html", encoding: .utf8)
        #expect(html.components(separatedBy: "<svg ").count - 1 == 5)
        #expect(html.contains("<h2>nodesPatched mw-0a1b2c3d4e5f60718 #1</h2>") && !html.contains("<script"))
        #expect(runPatchsim(["sweep", file]).0 == 2)
        let (c, _, e) = runPatchsim(["sweep", file, "--vary", "maintenanceWindows[0].Tasks[0].MaxErrors=two"])
        #expect(c == 2 && e.contains("MaxErrors"))
        #expect(runPatchsim(["sweep", file, "--vary", "description=a,b", "--seeds", "0"]).0 == 2)
    }
}
