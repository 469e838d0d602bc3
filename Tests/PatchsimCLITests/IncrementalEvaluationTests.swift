import Foundation
import Testing
@testable import PatchModel
@testable import PatchScenarios
@testable import PatchsimCLI

/// [18] Per-package decisions shared across the nodes of a context give the same reports,
/// byte for byte, as deciding every package of every node afresh.
@Suite("Incremental evaluation")
struct IncrementalEvaluationTests {
    static let bundled: [String] = ((try? RunCommand.scenarioFiles([scenariosFolder()])) ?? []).map { PathText.lastComponent($0) }

    static func report(_ file: String, sharing: Bool, patchesFor: [String]) throws -> String {
        var scenario = try ScenarioLoader.load(file)
        scenario.fleet.scanCache.sharesUnitVerdicts = sharing
        scenario.fleet.memoiseOutcomes = sharing
        return JSONReport.render([ScenarioRun.run(scenario)], patchesFor: patchesFor)
    }

    @Test("shared decisions and fresh ones give the same report", arguments: bundled)
    func sameReport(_ name: String) throws {
        let file = scenariosFolder() + "/" + name
        let ids = try GoldenReportTests.patchesFor(file).split(separator: ",").map(String.init)
        #expect(try Self.report(file, sharing: true, patchesFor: ids) == Self.report(file, sharing: false, patchesFor: ids))
    }

    /// [18] `--threads`: scans computed ahead on several cores give the same report.
    @Test("one thread and four give the same report", arguments: bundled)
    func threadsSameReport(_ name: String) throws {
        let file = scenariosFolder() + "/" + name
        let ids = try GoldenReportTests.patchesFor(file).split(separator: ",").map(String.init)
        func report(_ threads: Int) throws -> String {
            var s = try ScenarioLoader.load(file)
            s.fleet.prefetchThreads = threads
            return JSONReport.render([ScenarioRun.run(s)], patchesFor: ids)
        }
        #expect(try report(1) == report(4))
    }

    /// A window over the `web` patch group with one AWS-RunPatchBaseline task (its id: the
    /// operation in lower case), errors never stopping it.
    static func webWindow(id: String, name: String, schedule: String, hours: Int, operation: String, concurrency: String) -> String {
        """
        { "WindowId": "\(id)", "Name": "\(name)", "Schedule": "\(schedule)", "Duration": \(hours), "Cutoff": 1,
          "AllowUnassociatedTargets": false,
          "Targets": [ { "WindowTargetId": "web", "Targets": [ { "Key": "tag:PatchGroup", "Values": ["web"] } ] } ],
          "Tasks": [ { "WindowTaskId": "\(operation.lowercased())", "Targets": [ { "Key": "WindowTargetIds", "Values": ["web"] } ],
                       "MaxConcurrency": "\(concurrency)", "MaxErrors": "100%",
                       "TaskInvocationParameters": { "RunCommand": { "Parameters": { "Operation": ["\(operation)"] } } } } ] }
        """
    }

    @Test("a diverse fleet: nodes that differ by a few packages reuse the others' decisions, same records")
    func diverseFleet() throws {
        let text = """
            { "name": "diverse", "seed": 3, "start": "2026-11-01T00:00:00Z", "end": "2026-11-04T00:00:00Z",
              "repositories": [ { "generate": { "os": "AMAZON_LINUX_2", "product": "AmazonLinux2", "packageCount": 150 } } ],
              "images": [ { "ImageId": "ami-0al2", "OperatingSystem": "AMAZON_LINUX_2", "Product": "AmazonLinux2" } ],
              "fleet": [ { "count": 300, "ImageId": "ami-0al2", "tags": { "PatchGroup": "web" },
                           "diversity": { "imageVersions": 8, "packagesBehindPerVersion": 0.05, "heldBack": { "nodes": 0.6, "packages": 2 },
                                          "extraPackages": { "nodes": 0.2, "packages": 2 }, "failedInstalls": { "nodes": 0.1 } } } ],
              "maintenanceWindows": [ \(Self.webWindow(id: "mw-0a0000000000000a1", name: "daily", schedule: "cron(0 3 * * ? *)", hours: 4,
                                                        operation: "Install", concurrency: "50%")) ],
              "expectations": [ { "name": "runs", "invariant": "concurrencyWithinMax" } ] }
            """
        let file = try temporaryFolder().path + "/diverse.json"
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        let ids = ["i-0000000000000000", "i-000000000000000a", "i-0000000000000063", "i-000000000000012b"]
        let shared = try ScenarioLoader.load(file)
        #expect(shared.fleet.distinctInstalledStates > 150)
        let run = ScenarioRun.run(shared)
        let counts = run.fleet.scanCache.unitCounts
        // Most decisions are reused: far fewer computed than taken.
        #expect(counts.misses > 0 && counts.hits > 10 * counts.misses)
        #expect(JSONReport.render([run], patchesFor: ids) == (try Self.report(file, sharing: false, patchesFor: ids)))
        // Scans computed ahead on several cores: the run asks for them and gets the same answers.
        var threaded = try ScenarioLoader.load(file)
        threaded.fleet.prefetchThreads = 2
        let ahead = ScenarioRun.run(threaded)
        #expect(JSONReport.render([ahead], patchesFor: ids) == JSONReport.render([run], patchesFor: ids))
        #expect(ahead.fleet.scanCache.counts.hits > run.fleet.scanCache.counts.hits)
    }

    @Test("[18] the run states its distinct installed states and evaluations, the same for any thread count")
    func engineCounts() throws {
        // Two images of one product (two states, whatever their packages), three nodes each;
        // one Scan at 01:00 and one at 01:30 (no publication between): the second asks the same
        // questions, so 2 evaluations in all.
        let text = """
            { "name": "engine-counts", "seed": 5, "start": "2026-11-02T00:00:00Z", "end": "2026-11-03T00:00:00Z",
              "repositories": [ { "generate": { "os": "AMAZON_LINUX_2", "product": "AmazonLinux2", "packageCount": 40 } } ],
              "images": [ { "ImageId": "ami-0aaa", "OperatingSystem": "AMAZON_LINUX_2", "Product": "AmazonLinux2" },
                          { "ImageId": "ami-0bbb", "OperatingSystem": "AMAZON_LINUX_2", "Product": "AmazonLinux2" } ],
              "fleet": [ { "count": 3, "idPrefix": "i-0a", "ImageId": "ami-0aaa", "tags": { "PatchGroup": "web" } },
                         { "count": 3, "idPrefix": "i-0b", "ImageId": "ami-0bbb", "tags": { "PatchGroup": "web" } } ],
              "maintenanceWindows": [ \(Self.webWindow(id: "mw-0a0000000000000e1", name: "scans", schedule: "cron(0,30 1 * * ? *)", hours: 2,
                                                        operation: "Scan", concurrency: "100%")) ],
              "expectations": [ { "name": "runs", "invariant": "concurrencyWithinMax" } ] }
            """
        let file = try temporaryFolder().path + "/engine.json"
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        for threads in ["1", "4"] {
            let (code, out, _) = runPatchsim(["run", file, "--threads", threads])
            #expect(code == 0)
            #expect(out.contains("engine-counts: engine: 2 distinct installed-software states at the start, 2 evaluations"), "\(out)")
        }
    }
}
