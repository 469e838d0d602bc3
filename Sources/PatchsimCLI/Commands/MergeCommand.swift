import Foundation
import PatchModel
import PatchScenarios

/// `patchsim merge`: the shards' parts of one run, combined into its report.
enum MergeCommand: Command {
    static let name = "merge"
    static let abstract = "Combine the parts of a sharded run into the unsharded run's report."
    static let usage = "usage: patchsim merge PART.json... [--report FILE.json] [--junit FILE.xml] [--quiet]"
    static let help = """
        \(usage)

        Each PART is the --report of `patchsim run SCENARIO... --shard I/N`, for every I from 0
        to N-1 (in any order). Writes the report the unsharded run writes, byte for byte,
        judges the expectations over the whole fleet and prints the verdicts as `run` does.
        Exit 0 when every expectation holds, 1 when one fails, 2 when the parts are not the
        N shards of one run.

          --report FILE.json  the merged report
          --junit FILE.xml    one testcase per expectation
          --quiet             print only failures

        Example:
          for i in 0 1 2 3; do patchsim run Scenarios/sharded-patch-groups.json --shard $i/4 --report part-$i.json; done
          patchsim merge part-*.json --report report.json --junit junit.xml
        """

    static func run(_ raw: [String], console: Console) throws -> Int32 {
        let args = try Arguments(raw, options: ["--report", "--junit"], flags: ["--quiet"], usage: usage)
        guard !args.positionals.isEmpty else { throw UsageError(message: "merge needs the parts (one per shard)", usage: usage) }
        for option in ["--report", "--junit"] { if let p = args.value(option) { try OutputSet.checkFile(p, option: option) } }
        let parts = try args.positionals.map { file -> (file: String, report: JSONOutput) in
            guard !file.isEmpty else { throw InputError(file: "<empty path>", message: "a part argument is empty; give a part file") }
            return (file, try JSONOutput.parse(try InputFile.read(file), file: file))
        }
        let (report, verdicts) = try ReportMerge.merge(parts)
        var outputs = OutputSet()
        if let path = args.value("--report") { outputs.add(option: "--report", path: path) { report.rendered() } }
        if let path = args.value("--junit") { outputs.add(option: "--junit", path: path) { JUnitReport.render(suites: verdicts.map { JUnitReport.Suite(name: $0.name, file: $0.file, outcomes: $0.outcomes) }) } }
        try outputs.write()
        return RunCommand.printVerdicts(verdicts, quiet: args.has("--quiet"), console: console)
    }
}
