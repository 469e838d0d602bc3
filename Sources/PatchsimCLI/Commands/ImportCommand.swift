import Foundation
import PatchBaselines
import PatchModel
import PatchScenarios

/// `patchsim import`: an account export (the export script's folder) as a scenario folder.
enum ImportCommand: Command {
    static let name = "import"
    static let abstract = "Turn an account export (patchsim export-script) into a scenario that reproduces it."
    static let usage = "usage: patchsim import EXPORT_DIR --out SCENARIO_DIR [--start ISO] [--days N] [--anonymise [--key SECRET]] [--profile NAME]"
    static let help = """
        \(usage)

        Reads the folder `patchsim export-script` wrote in a customer's account and writes a
        scenario folder that `patchsim run` takes unchanged: images from the nodes' installed
        software, one fleet entry per node (tags, platform, agent), the account's baselines,
        patch groups, defaults, windows, targets, tasks and associations, and repositories
        rebuilt from what the nodes reported (or from real metadata under
        EXPORT_DIR/repositories/<Product>/). Its first expectations are the round trip: a Scan
        at the export instant gives back each node's records and counts. The import runs that
        round trip itself and writes what it could not reproduce, and what it had to choose,
        to SCENARIO_DIR/import-report.txt and stderr.

          --out DIR        the scenario folder to write (created; its files are replaced)
          --start ISO      the scenario's start (default: the export's ExportTime)
          --days N         how long it runs (default 30)
          --anonymise      replace ids, names, addresses, account ids, tag keys and values,
                           bucket names deterministically (package names, versions, KB ids,
                           OS names and schedules are kept)
          --key SECRET     the anonymisation key (default: drawn once and printed)
          --profile NAME   the evaluation profile (default agent-1.80: the agent that
                           produced the export)

        Exit 0 when the round trip reproduces every record, 1 when some differ (the scenario
        is written all the same), 2 on a bad export.

        Example:
          patchsim import Tests/PatchsimCLITests/Fixtures/export-example --out imported/
          patchsim run imported/
        """

    static func run(_ raw: [String], console: Console) throws -> Int32 {
        let args = try Arguments(raw, options: ["--out", "--start", "--days", "--key", "--profile"], flags: ["--anonymise"], usage: usage)
        guard args.positionals.count == 1, let source = args.positionals.first, !source.isEmpty else {
            throw UsageError(message: "import needs one export folder", usage: usage)
        }
        guard let out = args.value("--out") else { throw UsageError(message: "import needs --out SCENARIO_DIR", usage: usage) }
        try OutputSet.checkFolder(out, option: "--out")
        var options = FleetImport.Options()
        if let s = args.value("--start") {
            guard let t = Instant(iso8601: s) else {
                throw UsageError(message: "option '--start': '\(s)' is not an ISO-8601 instant such as 2026-12-01T00:00:00Z", usage: usage)
            }
            options.start = t
        }
        options.days = try args.int("--days", in: 1...3660) ?? 30
        if let p = try args.choice("--profile", EvaluationProfile.names) { options.profile = p }
        if args.value("--key") != nil && !args.has("--anonymise") {
            throw UsageError(message: "option '--key' needs --anonymise", usage: usage)
        }
        if args.has("--anonymise") {
            var key = args.value("--key") ?? ""
            if key.isEmpty {
                // Drawn here, outside the engine, and printed: the user can repeat the run.
                var generator = SystemRandomNumberGenerator()
                key = (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
                console.err.writeLine("anonymisation key: \(key) (give --key \(key) to repeat this import)")
            }
            options.anonymiser = Anonymiser(key: key)
        }
        let scratch = (NSTemporaryDirectory() as NSString).appendingPathComponent("patchsim-import-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let output = try AccountImport.run(exportDirectory: source, options: options, workDirectory: scratch)
        var outputs = OutputSet()
        outputs.addFolder(out)
        for f in output.files {
            let path = (out as NSString).appendingPathComponent(f.path)
            outputs.addFolder(PathText.parent(path))
            outputs.add(option: "--out", path: path) { f.text }
        }
        try outputs.write()
        console.err.writeLine(output.report.trimmingCharacters(in: .newlines))
        console.out.writeLine("wrote \(out) (\(output.files.count) files); run it with: patchsim run \(out)")
        return output.reproduced ? ExitCode.success : ExitCode.failure
    }
}
