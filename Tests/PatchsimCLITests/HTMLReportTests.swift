import Foundation
import Testing
@testable import PatchScenarios
import PatchScheduling
@testable import PatchsimCLI

/// [19] The HTML page tells an operator which nodes failed, why and when.
@Suite("HTML report")
struct HTMLReportTests {
    static func page(_ names: [String]) throws -> String {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let html = dir.appendingPathComponent("r.html").path
        let (code, out, err) = runPatchsim(["run"] + names.map { scenariosFolder() + "/" + $0 } + ["--html", html, "--quiet"])
        #expect(code == 0, "\(out)\(err)")
        return try String(contentsOfFile: html, encoding: .utf8)
    }

    @Test("a failing rollout: the failed nodes with their reasons, the nodes never started, window names and counts, dated axes")
    func failingRollout() throws {
        let page = try Self.page(["maxerrors-stops-rollout.json", "month-mixed-fleet-weekly.json"])
        // The index: every scenario, its verdict and a link to its section.
        #expect(page.contains("PASS: 2 of 2 scenarios passed"))
        #expect(page.contains("<a href=\"#scenario-1\">maxerrors-stops-rollout</a>") && page.contains("<h2 id=\"scenario-2\">month-mixed-fleet-weekly"))
        // The failed nodes, with the operation's own message as the reason.
        #expect(page.contains("<span class=\"id\">i-0a000000000000000</span></td><td class=\"id\">2026-11-03T03:00:00Z</td><td>window api-rollout, task "))
        #expect(page.contains("exit status 155</td>"))
        // The 17 never started: one row, its nodes named, the reason in words.
        #expect(page.contains("and 9 more</td>") && page.contains("not started: the command stopped when its errors passed MaxErrors"))
        // An offline node: Delivery Timed Out with when it expired.
        #expect(page.contains("<td class=\"\">Delivery Timed Out</td><td>the node was offline until the command expired at 2026-11-10T10:00:00Z</td>"))
        // Windows by name, each execution's counts on its bar, every drawn status in the legend.
        #expect(page.contains(">web-tuesday-scan</text>") && page.contains(">7/8</text>"))
        #expect(page.contains("<i class=\"sw\" style=\"background:#2ca02c\"></i>SUCCESS</span>") && page.contains("</i>FAILED</span>"))
        // Dated axes, values on points, and a no-data note where nothing reported.
        #expect(page.contains(">2026-11-05</text>") && page.contains("<title>web 2026-11-04: 3 of 7 compliant (42.9%)</title>"))
        #expect(page.contains("No data: no node reported compliance during the scenario."))
        // Patch states per group, with counts.
        #expect(page.contains("<td>MISSING</td><td class=\"n\">0</td><td class=\"n\">82</td>"))
        #expect(!page.contains("<script"))
    }

    @Test("a CANCELLED execution is drawn in a colour its legend lists")
    func cancelledLegend() {
        for status in WindowExecutionStatus.allCases {
            #expect(HTMLReport.statusColor[status] != nil, "\(status)")
        }
    }
}
