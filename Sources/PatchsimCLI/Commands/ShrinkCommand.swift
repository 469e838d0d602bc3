import Foundation
import PatchModel
import PatchScenarios

/// `patchsim shrink`: the smallest scenario that still fails one expectation.
enum ShrinkCommand: Command {
    static let name = "shrink"
    static let abstract = "Reduce a scenario to what one failing expectation needs (delta debugging)."
    static let usage = "usage: patchsim shrink SCENARIO --expectation NAME [--out FILE]"
    static let help = """
        \(usage)

        Removes what the failure does not need, by delta debugging over the scenario's lists:
        the other expectations, events, patch policies, associations, windows and their
        targets and tasks, fleet groups and each group's nodes (count or InstanceIds),
        repository packages (packageCount, declared Patches), baselines, patch groups,
        images, repositories, and the span (end brought toward start). Each candidate is
        loaded and run as `run` does; it is kept only if the expectation still fails the same
        way (fails, with the same first word of what was found, numbers aside). The same
        input gives the same result. Writes the result to --out (default: standard output;
        relative file names in it resolve against the output's folder, so write it beside
        the original) and prints what it removed on standard error. Exit 0; 2 when the
        scenario is invalid, has no such expectation, or the expectation holds.

        Example:
          patchsim shrink Scenarios/customer-tuesday-stops --expectation 'the window keeps going' --out small.json
        """

    static func run(_ raw: [String], console: Console) throws -> Int32 {
        let args = try Arguments(raw, options: ["--expectation", "--out"], usage: usage)
        guard args.positionals.count == 1, let file = args.positionals.first else { throw UsageError(message: "shrink needs one scenario", usage: usage) }
        guard let name = args.value("--expectation") else { throw UsageError(message: "shrink needs --expectation NAME (the failing expectation to keep failing)", usage: usage) }
        if let p = args.value("--out") { try OutputSet.checkFile(p, option: "--out") }
        let doc = try ScenarioLoader.document(file)
        var shrinker = try Shrinker(file: file, document: doc, expectation: name)
        let shrunk = shrinker.shrink(doc)
        let text = JSONOutput(shrunk).rendered()
        if let p = args.value("--out") {
            var outputs = OutputSet()
            outputs.add(option: "--out", path: p) { text }
            try outputs.write()
        } else {
            console.out.write(text)
        }
        console.err.writeLine("shrunk '\(name)' (\(shrinker.original.found)) in \(Wording.count(shrinker.runs, "run")): \(Shrinker.Size(doc).line(to: Shrinker.Size(shrunk)))")
        return ExitCode.success
    }
}
