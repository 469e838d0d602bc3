import Foundation
import Testing
@testable import PatchModel
@testable import PatchScenarios
@testable import PatchsimCLI

/// [19] `Scenarios/scenario.schema.json` describes the format the decoder reads: every
/// bundled scenario validates, and on a set of invalid files the schema and `check` both
/// refuse.
@Suite("The scenario JSON Schema agrees with the decoder")
struct ScenarioSchemaTests {
    static var schema: JSONSchemaSubset {
        get throws { JSONSchemaSubset(root: try JSONValue.parse(contentsOf: scenariosFolder() + "/scenario.schema.json")) }
    }

    @Test("the schema is 2020-12 and uses only keywords the test's validator knows")
    func keywords() throws {
        let s = try Self.schema
        #expect(s.root["$schema"]?.stringValueOrNil == "https://json-schema.org/draft/2020-12/schema")
        #expect(s.unknownKeywords().isEmpty, "\(s.unknownKeywords())")
    }

    @Test("every bundled scenario (folders assembled) validates; run and check skip the schema file")
    func bundled() throws {
        let s = try Self.schema
        let files = try RunCommand.scenarioFiles([scenariosFolder()]) + [scenariosFolder() + "/scale/scale-1m.json"]
        #expect(files.count > 30 && !files.contains { $0.hasSuffix(".schema.json") })
        for file in files {
            let errors = s.errors(try ScenarioLoader.document(file))
            #expect(errors.isEmpty, "\(file): \(errors.prefix(3))")
        }
    }

    @Test("invalid files: the schema and check both refuse", arguments: [
        ("\"seed\": 3", "\"seed\": 3, \"colour\": \"red\""),
        ("\"count\": 3", "\"count\": \"three\""),
        ("\"count\": 3", "\"count\": 0"),
        ("\"idPrefix\": \"i-0s\"", "\"idPrefx\": \"i-0s\""),
        ("\"Duration\": 3", "\"Duration\": 30"),
        ("\"ApproveAfterDays\": 0", "\"ApproveAfterDays\": 400"),
        ("\"start\": \"2026-11-01T00:00:00Z\"", "\"start\": \"0001-11-01T00:00:00Z\""),
        ("\"seed\": 3", "\"seed\": 3, \"evaluationProfile\": \"agent\""),
        ("\"OperatingSystem\": \"AMAZON_LINUX_2\", \"Product\"", "\"OperatingSystem\": \"AMAZON_LINUX_3\", \"Product\""),
        ("\"MaxErrors\": \"0\",", "\"MaxErrors\": \"0\", \"TaskType\": \"SHELL\","),
        ("\"fleet\": { \"compliantShare\": { \"min\": 1.0 } }", "\"fleet\": { \"compliantShare\": { \"min\": 1.5 } }"),
        ("\"fleet\": { \"compliantShare\": { \"min\": 1.0 } }", "\"fleet\": { \"compliantShare\": { \"min\": 1.0 } }, \"invariant\": \"concurrencyWithinMax\""),
        ("\"expectations\": [ { \"name\": \"compliant\", \"rule\": \"[RBT-1]\", \"fleet\": { \"compliantShare\": { \"min\": 1.0 } } } ]", "\"expectations\": []"),
        ("\"tags\": { \"PatchGroup\": \"g\" }", "\"tags\": { \"PatchGroup\": \"g\" }, \"ipAddresses\": [\"10.0.0\"]"),
        ("\"expectations\": [", "\"events\": [ { \"at\": \"2026-11-02T00:00:00Z\", \"action\": \"ExplodeInstances\" } ], \"expectations\": ["),
        ("\"expectations\": [", "\"expectations\": [ { \"name\": \"s\", \"instance\": \"i-0s000000000000000\", \"summary\": { \"MisingCount\": 0 } },"),
        ("\"WindowId\": \"mw-00000000000000001\"", "\"WindowId\": \"mw-1\""),
    ])
    func invalid(_ c: (String, String)) throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = smallScenario.replacingOccurrences(of: c.0, with: c.1)
        #expect(text != smallScenario, "the mutation must apply")
        let file = dir.appendingPathComponent("bad.json").path
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        let schemaErrors = try Self.schema.errors(try JSONValue.parse(contentsOf: file))
        #expect(!schemaErrors.isEmpty, "the schema accepts \(c.1)")
        let (code, _, err) = runPatchsim(["check", file])
        #expect(code == 2 && err.contains("bad.json"), "check accepts \(c.1): \(err)")
    }

    @Test("the unmutated small scenario is valid for both")
    func valid() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("ok.json").path
        try smallScenario.write(toFile: file, atomically: true, encoding: .utf8)
        #expect(try Self.schema.errors(try JSONValue.parse(contentsOf: file)).isEmpty)
        #expect(runPatchsim(["check", file]).0 == 0)
    }
}
