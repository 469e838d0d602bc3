import PatchBaselines
import PatchModel

/// `patchsim baselines`: AWS's predefined baselines as the API prints them ([AGT-1]).
enum BaselinesCommand: Command {
    static let name = "baselines"
    static let abstract = "Print AWS's predefined patch baselines (get-patch-baseline shape)."
    static let usage = "usage: patchsim baselines [NAME...] [--format text|json]"
    static let help = """
        \(usage)

        Lists the 17 predefined baselines, or those named (by Name, ARN or pb- id), as
        `aws ssm get-patch-baseline` prints them in us-east-1. A baseline file in this shape
        loads as a `--baseline` and in a scenario's "baselines".

          --format text|json  one line per baseline with its rules (default); or JSON: one
                              object for one NAME, an array of objects otherwise

        Example:
          patchsim baselines AWS-AmazonLinux2DefaultPatchBaseline --format json
        """

    static func run(_ raw: [String], console: Console) throws -> Int32 {
        let args = try Arguments(raw, options: ["--format"], usage: usage)
        let format = try args.choice("--format", ["text", "json"], default: "text") ?? "text"
        var selected: [PatchBaseline] = []
        for name in args.positionals {
            guard let b = PredefinedBaselines.named(name) else {
                throw UsageError(message: "'\(name)' is not a predefined baseline; known: \(PredefinedBaselines.all.map(\.name).joined(separator: ", "))", usage: usage)
            }
            selected.append(b)
        }
        if args.positionals.isEmpty { selected = PredefinedBaselines.all }
        if format == "json" {
            let objects = selected.map { BaselineEncoder.getPatchBaseline($0) }
            console.out.write((args.positionals.count == 1 ? objects[0] : .array(objects)).renderedAsCLI())
            return ExitCode.success
        }
        for b in selected {
            console.out.writeLine("\(b.name)  \(b.operatingSystem.rawValue)  \(b.baselineId)")
            if !b.globalFilters.filters.isEmpty { console.out.writeLine("  GlobalFilters: \(describe(b.globalFilters))") }
            for (k, r) in b.approvalRules.enumerated() {
                let date = r.approveAfterDays.map { "ApproveAfterDays \($0)" } ?? "ApproveUntilDate"
                console.out.writeLine("  rule \(k + 1): \(describe(r.patchFilterGroup)); \(date); EnableNonSecurity \(r.enableNonSecurity); \(r.complianceLevel.rawValue)")
            }
            if let s = b.availableSecurityUpdatesComplianceStatus { console.out.writeLine("  AvailableSecurityUpdatesComplianceStatus \(s)") }
        }
        return ExitCode.success
    }

    static func describe(_ g: PatchFilterGroup) -> String {
        g.filters.isEmpty ? "(no filters)" : g.filters.map { "\($0.key.rawValue) \($0.values.joined(separator: ","))" }.joined(separator: " AND ")
    }
}
