import Foundation
import Testing
@testable import PatchModel
@testable import PatchScenarios
@testable import PatchsimCLI

/// [20] Golden reports: every bundled scenario's report is kept under
/// `Fixtures/goldens/`, so an unintended change of behaviour fails here with a readable
/// difference. After an intended change: `PATCHSIM_UPDATE_GOLDENS=1 swift test --filter GoldenReportTests`,
/// then read the goldens' diff in review.
@Suite("Golden reports")
struct GoldenReportTests {
    static let goldens = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/goldens").path

    /// The bundled scenarios as `patchsim run Scenarios/` finds them, by name.
    static let bundled: [String] = ((try? RunCommand.scenarioFiles([scenariosFolder()])) ?? []).map { PathText.lastComponent($0) }

    /// Per-patch records for the first node of each fleet group (by image and patch group):
    /// every behaviour a group shows, at a size git keeps easily.
    static func patchesFor(_ file: String) throws -> String {
        let s = try ScenarioLoader.load(file)
        var first: [String: String] = [:]
        for node in s.fleet.instances.values {
            let key = node.image.imageId + "|" + node.patchGroup
            if first[key].map({ node.instanceId < $0 }) ?? true { first[key] = node.instanceId }
        }
        return first.values.sorted().joined(separator: ",")
    }

    @Test("a bundled scenario's report equals its golden", arguments: bundled)
    func bundledScenarioMatchesGolden(_ name: String) throws {
        let file = scenariosFolder() + "/" + name
        let golden = Self.goldens + "/" + (name.hasSuffix(".json") ? String(name.dropLast(5)) : name) + ".golden.json"
        let update = ProcessInfo.processInfo.environment["PATCHSIM_UPDATE_GOLDENS"] == "1"
        var args = ["run", file, "--golden", golden, "--patches-for", try Self.patchesFor(file), "--quiet"]
        if update { args.append("--update-golden") }
        let (code, out, err) = runPatchsim(args)
        #expect(code == 0, "\(out)\(err)")
        if !update { #expect(out.contains("golden \(golden): no difference"), "\(out)") }
    }

    @Test("every golden belongs to a bundled scenario")
    func noStrayGoldens() throws {
        let names = Set(Self.bundled.map { ($0.hasSuffix(".json") ? String($0.dropLast(5)) : $0) + ".golden.json" })
        let stored = Set(try FileManager.default.contentsOfDirectory(atPath: Self.goldens))
        #expect(stored == names)
        #expect(names.count > 30)
    }

    @Test("a changed seed gives readable differences and exit 1; a missing golden is exit 2")
    func differencesAreReadable() throws {
        let dir = try temporaryFolder()
        let golden = dir.path + "/g.json", file = scenariosFolder() + "/os-debian.json"
        #expect(runPatchsim(["run", file, "--golden", golden, "--update-golden", "--quiet"]).0 == 0)
        let (same, sameOut, _) = runPatchsim(["run", file, "--golden", golden, "--quiet"])
        #expect(same == 0 && sameOut == "golden \(golden): no difference\n")
        let (code, out, _) = runPatchsim(["run", file, "--golden", golden, "--seed", "5", "--quiet"])
        #expect(code == 1)
        #expect(out.contains("scenarios[name=os-debian].seed: \"711\" → \"5\""))
        // Execution ids differ wholesale between seeds: matched by position, not as removals.
        #expect(out.contains("scenarios[name=os-debian].windowExecutions[0].WindowExecutionId: "))
        #expect(out.contains("scenarios[name=os-debian].instancePatchStates[InstanceId=i-0os11000000000000].InstalledCount: "))
        #expect(out.contains("... and "))
        let (missing, _, err) = runPatchsim(["run", file, "--golden", dir.path + "/none.json"])
        #expect(missing == 2 && err.contains("none.json: no such golden report; write it first with --golden"))
        #expect(runPatchsim(["run", file, "--update-golden"]).0 == 2)
    }

    @Test("JSONDifference: keyed lists, positions, absent members")
    func structuralDifference() throws {
        func v(_ s: String) throws -> JSONValue { try JSONValue.parse(embedded: s, file: "t", at: "") }
        let a = try v(#"{"rows":[{"InstanceId":"i-1","n":1},{"InstanceId":"i-2","n":2}],"x":[1,2],"gone":true}"#)
        let b = try v(#"{"rows":[{"InstanceId":"i-2","n":3},{"InstanceId":"i-1","n":1},{"InstanceId":"i-3","n":0}],"x":[1],"new":null}"#)
        #expect(JSONDifference.between(a, b).map(\.line) == [
            "rows[InstanceId=i-2].n: 2 → 3",
            #"rows[InstanceId=i-3]: (absent) → {"InstanceId":"i-3","n":0}"#,
            "x[1]: 2 → (absent)",
            "gone: true → (absent)",
            "new: (absent) → null",
        ])
        #expect(JSONDifference.between(a, a).isEmpty)
    }
}
