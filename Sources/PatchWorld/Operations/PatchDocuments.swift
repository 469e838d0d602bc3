import PatchBaselines
import PatchModel

/// `AWS-RunPatchBaselineWithHooks` ([OP-4], [RBT-1]): Scan, then for Install the hook
/// lifecycle around an Install with NoReboot and, if needed, an Install with
/// RebootIfNeeded that reboots and reports. Each upload overwrites the previous, so the
/// stored compliance is that of the last AWS-RunPatchBaseline step that ran.
public struct RunPatchBaselineWithHooks {
    public static let minimumAgent = "3.0.502"

    public let baseline: PatchBaseline
    public let operation: RunPatchBaselineParameters.Operation
    public let rebootOption: RunPatchBaselineParameters.RebootOption
    /// Hook documents (default `AWS-Noop`); a name listed in `failingHooks` fails.
    public var preInstallHook = "AWS-Noop", postInstallHook = "AWS-Noop", onExitHook = "AWS-Noop"
    public var failingHooks: Set<String> = []

    public init(baseline: PatchBaseline, operation: RunPatchBaselineParameters.Operation,
                rebootOption: RunPatchBaselineParameters.RebootOption = .RebootIfNeeded) {
        self.baseline = baseline
        self.operation = operation
        self.rebootOption = rebootOption
    }

    public struct Outcome: Sendable {
        public var status: OperationResult.Status
        /// Step names in the order they ran, with their result.
        public var steps: [(String, OperationResult.Status)]
        /// Every AWS-RunPatchBaseline run, in order (each one's report is an upload).
        public var runs: [OperationResult]
    }

    public func run(on node: inout ManagedInstance, content: AvailableContent, at t: Instant, rng: inout SeededGenerator) -> Outcome {
        var steps: [(String, OperationResult.Status)] = []
        var runs: [OperationResult] = []
        guard RunPatchBaseline.versionAtLeast(node.agentVersion, Self.minimumAgent) else {
            return Outcome(status: .Failed, steps: [("Scan", .Failed)], runs: [])  // [PRE-2]
        }
        var clock = t
        func patch(_ op: RunPatchBaselineParameters.Operation, _ reboot: RunPatchBaselineParameters.RebootOption) -> OperationResult {
            let r = RunPatchBaseline(baseline: baseline, parameters: RunPatchBaselineParameters(operation: op, rebootOption: reboot))
                .run(on: &node, content: content, at: clock, rng: &rng)
            clock = r.endTime
            node.busyUntil = nil  // the steps run one after another inside this document
            runs.append(r)
            return r
        }
        func hook(_ name: String, _ doc: String) -> Bool {
            let ok = !failingHooks.contains(doc)
            steps.append((name, ok ? .Success : .Failed))
            return ok
        }
        // 1 Scan
        let scan = patch(.Scan, .NoReboot)
        steps.append(("Scan", scan.status))
        guard operation == .Install else { return Outcome(status: scan.status, steps: steps, runs: runs) }
        var failed = scan.status == .Failed
        if !failed {
            // 2 Verify local state
            let missing = scan.report?.summary.missingCount ?? 0
            let pending = scan.report?.summary.installedPendingRebootCount ?? 0
            let nothingToDo = missing == 0 && (pending == 0 || rebootOption == .NoReboot)
            if !nothingToDo {
                // 3-5: pre-install hook, Install with NoReboot, post-install hook.
                if !hook("PreInstallHook", preInstallHook) {
                    failed = true
                } else {
                    let install = patch(.Install, .NoReboot)
                    steps.append(("InstallNoReboot", install.status))
                    if install.status == .Failed || !hook("PostInstallHook", postInstallHook) {
                        failed = true
                    } else if rebootOption == .RebootIfNeeded && (!install.installed.isEmpty || !node.record.pendingReboot.isEmpty) {
                        // 7 Reboot and report.
                        let report = patch(.Install, .RebootIfNeeded)
                        steps.append(("RebootAndReport", report.status))
                        failed = report.status == .Failed
                    }
                }
            }
        }
        // 8 On-exit hook, always.
        let exitOK = hook("OnExitHook", onExitHook)
        return Outcome(status: failed || !exitOK ? .Failed : .Success, steps: steps, runs: runs)
    }
}

/// `AWS-RunPatchBaselineAssociation` ([OP-3]): EC2 only; the baseline from BaselineTags,
/// else the patch group, else the default; results stored as that association's
/// node-level compliance only.
public struct RunPatchBaselineAssociation {
    public let registry: BaselineRegistry
    public let associationId: String
    public let operation: RunPatchBaselineParameters.Operation
    public let baselineTags: (key: String, values: [String])?

    public init(registry: BaselineRegistry, associationId: String, operation: RunPatchBaselineParameters.Operation,
                baselineTags: (key: String, values: [String])? = nil) {
        self.registry = registry
        self.associationId = associationId
        self.operation = operation
        self.baselineTags = baselineTags
    }

    public func run(on node: inout ManagedInstance, content: AvailableContent, at t: Instant, rng: inout SeededGenerator,
                    store: inout ComplianceStore) -> OperationResult {
        let fail = { (message: String) -> OperationResult in
            OperationResult(status: .Failed, exitCode: 1, output: message, report: nil, writesCompliance: false, startTime: t, endTime: t)
        }
        guard node.platform == .ec2 else { return fail("AWS-RunPatchBaselineAssociation is not supported on \(node.platform.rawValue) nodes") }  // FLT-40
        let baseline: PatchBaseline
        do {
            baseline = try registry.resolve(os: node.os, tags: node.tags,
                                            context: BaselineRegistry.OperationContext(baselineTags: baselineTags)).0
        } catch {
            return fail("\(error)")  // FLT-18
        }
        var r = RunPatchBaseline(baseline: baseline, parameters: RunPatchBaselineParameters(operation: operation, associationId: associationId))
            .run(on: &node, content: content, at: t, rng: &rng)
        r.writesCompliance = false  // never the AWS-RunPatchBaseline patch data
        store.recordAssociation(r, instanceId: node.instanceId, associationId: associationId)
        return r
    }
}
