import PatchBaselines
import PatchModel

extension Fleet {
    /// [20] `patchsim explain`: why `unit` (name, name.arch or KB id) has its state on a
    /// node, as the evaluator decides it — rule, filter, list entry, dates, pocket,
    /// dependency, profile — evaluating `baseline` as a Scan at `t` on the node's software
    /// as it is now and its repositories as they were at `t`. The evaluator's own trace:
    /// the same function a run calls, with tracing on.
    public mutating func explainPatch(_ unit: String, instanceId: String, baseline: PatchBaseline, at t: Instant) -> [String]? {
        guard let node = instances[instanceId] else { return nil }
        let (content, _, _) = content(for: node, at: t, baseline: baseline)
        var scanner = NodeScanner(baseline: baseline, at: t, profile: profile)
        scanner.livePatchedKernelIsInstalled = true
        return scanner.explain(unit, RunPatchBaseline.state(node), content)
    }
}
