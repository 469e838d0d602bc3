import PatchModel

/// A stored JSON report that a later run must reproduce ([20] golden reports): "did this
/// release of our baseline change anything at all?" in CI.
///
/// The golden is the run's `--report` with each scenario's `file` reduced to its last path
/// component: where the checkout sits is not behaviour, and a golden written in one
/// clone must compare clean in another.
public enum GoldenReport {
    /// How many differences a comparison prints before it says how many more there are.
    public static let printedDifferencesLimit = 40

    /// The golden text of a run: the JSON report of `runs`, files by name only.
    public static func render(_ runs: [ScenarioRun], patchesFor: [String] = []) -> String {
        JSONReport.render(runs.map { r in
            var copy = r
            copy.scenario.file = PathText.lastComponent(r.scenario.file)
            return copy
        }, patchesFor: patchesFor)
    }

    /// The differences from the stored golden to this run's golden text.
    public static func compare(golden: JSONValue, actual: String, file: String) throws -> [JSONDifference] {
        JSONDifference.between(golden, try JSONValue.parse(embedded: actual, file: file, at: ""))
    }

    /// The lines a reader sees: the count, then each difference (at most the limit).
    public static func describe(_ differences: [JSONDifference], golden: String) -> [String] {
        guard !differences.isEmpty else { return ["golden \(golden): no difference"] }
        var lines = ["golden \(golden): \(Wording.count(differences.count, "difference")) (path: golden → this run)"]
        lines += differences.prefix(printedDifferencesLimit).map { "  " + $0.line }
        if differences.count > printedDifferencesLimit { lines.append("  ... and \(differences.count - printedDifferencesLimit) more") }
        return lines
    }
}
