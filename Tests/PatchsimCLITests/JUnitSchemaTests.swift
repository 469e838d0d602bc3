import Foundation
import Testing
@testable import PatchScenarios
@testable import PatchsimCLI

/// Runs an external tool; nil when it is not installed.
func runTool(_ tool: String, _ arguments: [String]) -> (code: Int32, output: String)? {
    guard let path = ["/usr/bin/\(tool)", "/usr/local/bin/\(tool)", "/bin/\(tool)"].first(where: FileManager.default.isExecutableFile) else { return nil }
    let p = Process()
    p.executableURL = URL(fileURLWithPath: path)
    p.arguments = arguments
    let pipe = Pipe()
    p.standardOutput = pipe
    p.standardError = pipe
    guard (try? p.run()) != nil else { return nil }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return (p.terminationStatus, String(decoding: data, as: UTF8.self))
}

/// A check whose tool is missing fails under CI=true and is skipped (said so) elsewhere.
func toolMissing(_ tool: String) -> Bool {
    if ProcessInfo.processInfo.environment["CI"] == "true" { Issue.record("\(tool) is not installed (CI must install it)") }
    else { print("note: \(tool) not installed; the schema check is skipped") }
    return true
}

/// [19] The JUnit file against the two strict schemas CI tools use. Jenkins xUnit's
/// junit-10.xsd takes the whole document; Surefire's 3.0 schema describes one
/// `<testsuite>` per file, so each suite is validated on its own against it.
@Suite("JUnit output validates against junit-10.xsd and surefire-test-report-3.0.xsd")
struct JUnitSchemaTests {
    static let schemas = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/junit")

    func validate(_ junit: String, in dir: URL) throws {
        guard runTool("xmllint", ["--version"]) != nil || !toolMissing("xmllint") else { return }
        let whole = dir.appendingPathComponent("whole.xml")
        try junit.write(to: whole, atomically: true, encoding: .utf8)
        let jenkins = try #require(runTool("xmllint", ["--noout", "--schema", Self.schemas.appendingPathComponent("junit-10.xsd").path, whole.path]))
        #expect(jenkins.code == 0, "junit-10.xsd: \(jenkins.output)")
        let suites = junit.components(separatedBy: "  <testsuite ").dropFirst()
        #expect(!suites.isEmpty)
        for (k, body) in suites.enumerated() {
            let element = "<testsuite " + (body.components(separatedBy: "  </testsuite>\n").first ?? "") + "</testsuite>\n"
            let file = dir.appendingPathComponent("suite\(k).xml")
            try ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + element).write(to: file, atomically: true, encoding: .utf8)
            let surefire = try #require(runTool("xmllint", ["--noout", "--schema", Self.schemas.appendingPathComponent("surefire-test-report-3.0.xsd").path, file.path]))
            #expect(surefire.code == 0, "surefire 3.0, suite \(k): \(surefire.output)")
        }
    }

    @Test("every bundled scenario's JUnit is valid; totals on <testsuites>, classname from the path, time on each testcase")
    func bundled() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let junit = dir.appendingPathComponent("j.xml").path
        let (code, out, err) = runPatchsim(["run", scenariosFolder(), "--junit", junit, "--quiet"])
        #expect(code == 0, "\(out)\(err)")
        let text = try String(contentsOfFile: junit, encoding: .utf8)
        try validate(text, in: dir)
        #expect(text.contains("<testsuites name=\"patchsim\" tests=\""))
        #expect(text.contains("classname=\"") && text.contains(".al2-patch-tuesday\" name=\""))
        #expect(!text.contains("<testcase classname=\"al2-patch-tuesday\""), "classname is the path, not the bare name")
    }

    @Test("[20] diff's JUnit (a failure per changed node and window execution, or one passing testcase) is valid")
    func diffJUnit() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let rollout = scenariosFolder() + "/maxerrors-stops-rollout.json"
        let (code, changed, _) = runPatchsim(["diff", rollout, "--set", "maintenanceWindows[0].Tasks[0].MaxErrors=6", "--format", "junit"])
        #expect(code == 0)
        #expect(changed.contains("<testsuites name=\"patchsim diff\" tests=\"15\" failures=\"15\""))
        try validate(changed, in: dir)
        let (_, same, _) = runPatchsim(["diff", rollout, "--set", "description=x", "--format", "junit"])
        #expect(same.contains("tests=\"1\" failures=\"0\""))
        try validate(same, in: dir)
    }

    @Test("a failing expectation and an invalid scenario: <failure type> and <error type> beside the others, still valid; exit 2")
    func failureAndError() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let good = dir.appendingPathComponent("a-good.json").path, failing = dir.appendingPathComponent("b-failing.json").path
        let broken = dir.appendingPathComponent("c-broken.json").path
        try smallScenario.write(toFile: good, atomically: true, encoding: .utf8)
        try smallScenario.replacingOccurrences(of: "\"min\": 1.0", with: "\"max\": 0.5").write(toFile: failing, atomically: true, encoding: .utf8)
        try smallScenario.replacingOccurrences(of: "\"count\": 3", with: "\"count\": \"three\"").write(toFile: broken, atomically: true, encoding: .utf8)
        let junit = dir.appendingPathComponent("j.xml").path, report = dir.appendingPathComponent("r.json").path
        let (code, _, err) = runPatchsim(["run", good, failing, broken, "--junit", junit, "--report", report, "--quiet"])
        #expect(code == 2 && err.contains("c-broken.json: fleet[0].count: found \"three\""), "\(err)")
        // The JUnit file lists all three; the other outputs are written too (a whole set),
        // the report naming the invalid file.
        let reportText = try String(contentsOfFile: report, encoding: .utf8)
        #expect(reportText.contains("\"invalidScenarios\": [") && reportText.contains("c-broken.json: fleet[0].count"))
        let text = try String(contentsOfFile: junit, encoding: .utf8)
        #expect(text.contains("<testsuites name=\"patchsim\" tests=\"3\" failures=\"1\" errors=\"1\" time=\"0\">"), "\(text)")
        #expect(text.contains("<failure type=\"ExpectationFailed\" message=\"expected a compliant share of at most 50%"))
        #expect(text.contains("<testsuite name=\"c-broken.json\" tests=\"1\" failures=\"0\" errors=\"1\" skipped=\"0\" time=\"0\">"))
        #expect(text.contains("<error type=\"InvalidScenario\" message=\"\(dir.path)/c-broken.json: fleet[0].count"))
        try validate(text, in: dir)
    }

    @Test("classname from the scenario's path", arguments: [
        ("Scenarios/al2-patch-tuesday.json", "Scenarios.al2-patch-tuesday"), ("./x.json", "x"), ("/tmp/a/b.json", "tmp.a.b"),
        ("Scenarios/customer-tuesday-stops", "Scenarios.customer-tuesday-stops"), ("Scenarios/customer-tuesday-stops/", "Scenarios.customer-tuesday-stops"),
    ])
    func className(_ c: (String, String)) {
        #expect(JUnitReport.className(c.0) == c.1)
    }
}
