import Foundation
import PatchBaselines
import PatchModel

/// Checks an imported scenario against its export ([17] item 3): runs its first hour
/// (the round-trip commands at the export instant) and compares, node by node, each
/// stored record and count with what the node reported. Every difference is one line
/// of the import report; the NotApplicable shortfall per node feeds the fillers.
public enum RoundTrip {
    public struct Result: Sendable {
        public var differences: [String]
        /// Linux nodes' exported minus simulated NotApplicableCount.
        public var notApplicableShortfall: [String: Int]
        public var nodesReproduced: Int
    }

    public static func check(folder: String, nodes: [FleetImport.Node], start: Instant) throws -> Result {
        var scenario = try ScenarioLoader.load(folder)
        scenario.end = Instant(secondsSinceEpoch: start.secondsSinceEpoch + 3600)
        let run = ScenarioRun.run(scenario)
        var differences: [String] = []
        var shortfall: [String: Int] = [:]
        var reproduced = 0
        for n in nodes where n.hasReport {
            guard let stored = run.fleet.compliance.patchCompliance[n.id] else {
                differences.append("\(n.id): no report after the round-trip run (the node did not run the command)")
                continue
            }
            var lines: [String] = []
            let simulated = Dictionary(stored.records.map { ($0.kbId, $0) }, uniquingKeysWith: { a, _ in a })
            for r in n.expected {
                guard let s = simulated[r.kbId] else {
                    lines.append("\(n.id): \(r.kbId): exported \(r.state.rawValue), simulated not listed")
                    continue
                }
                if s.state != r.state { lines.append("\(n.id): \(r.kbId): exported \(r.state.rawValue), simulated \(s.state.rawValue)") }
                else if s.title != r.title { lines.append("\(n.id): \(r.kbId): exported Title \"\(r.title)\", simulated \"\(s.title)\"") }
            }
            let exported = Set(n.expected.map(\.kbId))
            for s in stored.records where !exported.contains(s.kbId) {
                lines.append("\(n.id): \(s.kbId): not exported, simulated \(s.state.rawValue)")
            }
            let fields = Expectation.fields(stored.summary)
            for (key, value) in n.expectedCounts where fields[key] != String(value) {
                if key == "NotApplicableCount" && n.os != .windows { shortfall[n.id] = value - stored.summary.notApplicableCount }
                lines.append("\(n.id): \(key): exported \(value), simulated \(fields[key] ?? "-")")
            }
            if lines.isEmpty { reproduced += 1 }
            differences += lines
        }
        return Result(differences: differences, notApplicableShortfall: shortfall, nodesReproduced: reproduced)
    }
}

/// `patchsim import`'s work: read, build, check, add fillers, check again.
public enum AccountImport {
    public struct Output: Sendable {
        public var files: [(path: String, text: String)]
        public var report: String
        public var reproduced: Bool
    }

    /// Builds the scenario in `workDirectory` (a scratch folder), checks its round trip,
    /// and returns the files to write and the report.
    public static func run(exportDirectory: String, options: FleetImport.Options, workDirectory: String) throws -> Output {
        let export = try AccountExport.read(exportDirectory)
        var built = try FleetImport.build(export, options: options)
        // A definition the scenario loader refuses (an account feature patchsim does not
        // model) still leaves the folder written, with the reason in the report.
        func checked(_ built: FleetImport.Built) -> RoundTrip.Result {
            do { return try check(built, in: workDirectory) } catch {
                let reason = "\(error)".replacingOccurrences(of: workDirectory + "/", with: "")
                return RoundTrip.Result(differences: ["the imported scenario does not load, so nothing was reproduced: \(reason)"],
                                        notApplicableShortfall: [:], nodesReproduced: 0)
            }
        }
        var result = checked(built)
        let fillers = result.notApplicableShortfall.filter { $0.value > 0 }
        if !fillers.isEmpty {
            built = try FleetImport.build(export, options: options, fillers: fillers)
            result = checked(built)
        }
        var report = "patchsim import of \((exportDirectory as NSString).lastPathComponent) (exported \(export.exportTime.iso8601)): \(built.nodes.count) nodes imported, "
            + "\(result.nodesReproduced) of \(built.nodes.filter { $0.hasReport }.count) with a report reproduced exactly by the round trip\n"
        if !built.notes.isEmpty {
            report += "\nWhat the export did not say, and what the import chose:\n" + built.notes.map { "  \($0)\n" }.joined()
        }
        if result.differences.isEmpty {
            report += "\nRound trip: every exported record and count is reproduced.\n"
        } else {
            report += "\nRound-trip differences (exported vs simulated at the export instant):\n"
                + result.differences.map { "  \($0)\n" }.joined()
        }
        built.files.append(("import-report.txt", report))
        return Output(files: built.files, report: report, reproduced: result.differences.isEmpty)
    }

    static func check(_ built: FleetImport.Built, in directory: String) throws -> RoundTrip.Result {
        try? FileManager.default.removeItem(atPath: directory)
        for f in built.files {
            let path = (directory as NSString).appendingPathComponent(f.path)
            try FileManager.default.createDirectory(atPath: PathText.parent(path), withIntermediateDirectories: true)
            try Data(f.text.utf8).write(to: URL(fileURLWithPath: path))
        }
        return try RoundTrip.check(folder: directory, nodes: built.nodes, start: built.start)
    }
}
