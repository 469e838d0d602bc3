import PatchBaselines
import PatchModel

/// `AWS-RunPatchBaseline` on one simulated node: prerequisites and faults, the Linux,
/// macOS and Windows pipelines ([LNX-1], [WIN-1], [MAC-1]), dependencies under
/// RejectedPatchesAction ([LST-9]), reboots ([RBT-1]) and the report ([CMP-2]).
public struct RunPatchBaseline {
    public static let minimumAgent = "2.0.834.0"
    public static let windows2008MaximumAgent = "2.3.1644.0"
    /// Python `requests` at or above this works behind a proxy ([PRE-6]; the docs say only "current").
    public static let minimumRequestsBehindProxy = "2.18.0"

    public let baseline: PatchBaseline
    public let parameters: RunPatchBaselineParameters
    public let profile: EvaluationProfile

    public init(baseline: PatchBaseline, parameters: RunPatchBaselineParameters, profile: EvaluationProfile = .standard) {
        self.baseline = baseline
        self.parameters = parameters
        self.profile = profile
    }

    /// Exit codes the payload ends with when its BaselineOverride cannot be used ([AGT-5]).
    public enum OverrideExitCode {
        public static let noEntryForOS: Int64 = 163
        public static let twoEntriesForOS: Int64 = 165
        public static let withInstallOverrideList: Int64 = 167
    }

    /// Dotted agent versions compare numerically.
    /// The payload's Python bounds: 2.6 (3.0 on APT) up to, not including, 3.10.
    static let python26 = MacOSVersion(numbers: [2, 6]), python30 = MacOSVersion(numbers: [3, 0]), python310 = MacOSVersion(numbers: [3, 10])

    static func versionAtLeast(_ v: String, _ minimum: String) -> Bool {
        guard let a = MacOSVersion(v), let b = MacOSVersion(minimum) else { return false }
        return a >= b
    }

    func failure(_ node: ManagedInstance, at t: Instant, code: Int64, _ message: String, report: ScanResult? = nil) -> OperationResult {
        var r = OperationResult(status: .Failed, exitCode: code, output: message, report: report, writesCompliance: report != nil,
                                startTime: t, endTime: t.adding(seconds: 5))
        r.events = [PatchEvent(time: t, instanceId: node.instanceId, kind: "OperationFailed", detail: message)]
        return r
    }

    /// The prerequisite checks of baselines.md §9 and scheduling.md §5, in the order a
    /// run meets them; nil when the node can patch.
    func prerequisiteFailure(_ node: ManagedInstance, at t: Instant) -> OperationResult? {
        if !Self.versionAtLeast(node.agentVersion, Self.minimumAgent) {
            return failure(node, at: t, code: 1, "AWS-RunPatchBaseline is not supported by SSM Agent \(node.agentVersion) (minimum \(Self.minimumAgent))")
        }
        if node.os == .windows, node.product.hasPrefix("WindowsServer2008"),
           Self.versionAtLeast(node.agentVersion, Self.windows2008MaximumAgent), node.agentVersion != Self.windows2008MaximumAgent {
            return failure(node, at: t, code: 1, "SSM Agent \(node.agentVersion) is not supported on \(node.product); the last supported version is \(Self.windows2008MaximumAgent)")
        }
        if case .unsupported(let reason) = OSCatalogue.support(of: node.product, on: node.os) {
            return failure(node, at: t, code: 1, "UnsupportedOperatingSystem: \(reason)")
        }
        if node.faults.contains(.noexecMount) && node.os != .windows {
            return failure(node, at: t, code: 126, "/var/lib/amazon/ssm/\(node.instanceId)/document/orchestration/PatchLinux/_script.sh: Permission denied\nfailed to run commands: exit status 126")
        }
        if node.faults.contains(.s3Unreachable) {
            return node.os == .windows
                ? failure(node, at: t, code: 4_294_967_295, "An error occurred when executing PatchBaselineOperations: Unable to connect to the remote server\nfailed to run commands: exit status 4294967295")
                : failure(node, at: t, code: 156, "Unable to download payload: https://s3.amazonaws.com/aws-ssm-region/patchbaselineoperations/linux/payloads/patch-baseline-operations-1.80.tar.gz.failed to run commands: exit status 156")
        }
        if node.faults.contains(.varFull) {
            return failure(node, at: t, code: 155, "Unable to extract tar file: /var/log/amazon/ssm/patch-baseline-operations/patch-baseline-operations-1.80.tar.gz.failed to run commands: exit status 155")
        }
        if node.os.family != .windows {
            let apt = node.os.family == .apt
            let python = node.pythonVersion.flatMap { MacOSVersion($0) }
            let ok = python.map { $0 >= (apt ? Self.python30 : Self.python26) && $0 < Self.python310 } ?? false
            if !ok {
                let manager = apt ? "Apt" : (OSCatalogue.entry(node.os).tooling.last?.rawValue ?? "the package manager")
                let wants = apt ? "Python3" : "Python 2.6-3.9"
                return failure(node, at: t, code: 1, "An unsupported package manager and python version combination was found. \(manager) requires \(wants) to be installed.\nfailed to run commands: exit status 1")
            }
        }
        if [.amazonLinux, .amazonLinux2, .amazonLinux2022, .amazonLinux2023].contains(node.os), node.behindProxy,
           !Self.versionAtLeast(node.requestsVersion, Self.minimumRequestsBehindProxy) {
            return failure(node, at: t, code: 1, "Patching failed: the Python requests module \(node.requestsVersion) cannot use the proxy; upgrade requests")
        }
        if node.faults.contains(.repositoriesUnreachable) && node.os.family != .windows {
            return failure(node, at: t, code: 1, "[Errno 256] No more mirrors to try.\nfailed to run commands: exit status 1")
        }
        return nil
    }

    /// Runs the document on `node` at `t`. `content` is what the node's repositories
    /// (or the Windows catalogue) offer then.
    public func run(on node: inout ManagedInstance, content: AvailableContent, at t: Instant,
                    rng: inout SeededGenerator, cache: ScanCache? = nil, contentKey: String = "") -> OperationResult {
        if let f = preflight(node, at: t) { return f }
        return main(on: &node, content: content, at: t, rng: &rng, cache: cache, contentKey: contentKey)
    }

    /// What stops a run before it patches anything, in the order a run meets it:
    /// prerequisites, a run already in progress, Windows Update out of reach. These depend
    /// on the node's own facts, so they are never memoised.
    func preflight(_ node: ManagedInstance, at t: Instant) -> OperationResult? {
        // [OVR-2], FLT-16, [AGT-5]: the payload refuses the pair before anything else.
        if parameters.baselineOverride != nil && parameters.installOverrideList != nil {
            return failure(node, at: t, code: OverrideExitCode.withInstallOverrideList,
                           "BaselineOverride and InstallOverrideList cannot be used together\nfailed to run commands: exit status \(OverrideExitCode.withInstallOverrideList)")
        }
        if node.prerequisitesPass != true, let f = prerequisiteFailure(node, at: t) { return f }
        // FLT-10 / [PRE-10]: a second run while one is in progress fails; the first is unaffected.
        if let busy = node.busyUntil, t < busy {
            return node.os.family == .yumDNF
                ? failure(node, at: t, code: 1, "another process has acquired yum lock, waiting 2 s and retry.\nfailed to run commands: exit status 1")
                : failure(node, at: t, code: 155, "Unable to extract tar file: /var/log/amazon/ssm/patch-baseline-operations/patch-baseline-operations-1.80.tar.gz.failed to run commands: exit status 155")
        }
        if node.os == .windows, node.platform != .ec2, node.instanceTier == .Standard, baseline.patchesApplications {
            // FLT-41: Microsoft application patching on a hybrid node needs the advanced tier.
            return failure(node, at: t, code: 1, "UnsupportedFeatureRequiredException: patching applications released by Microsoft on \(node.instanceId) requires the advanced-instances tier\nfailed to run commands: exit status 1")
        }
        if node.os == .windows && node.faults.contains(.windowsUpdateUnreachable) {
            // [PRE-8]: the all -1 summary is stored.
            let summary = InstancePatchState.searchFailed(instanceId: node.instanceId, patchGroup: node.patchGroup,
                                                          baselineId: baseline.baselineId, operation: parameters.operation.rawValue)
            var f = failure(node, at: t, code: 4_294_967_295, "Exception from HRESULT: 0x80072EE2\nfailed to run commands: exit status 4294967295",
                            report: ScanResult(records: [], summary: summary, targets: [:]))
            f.writesCompliance = parameters.baselineOverride == nil || parameters.associationId != nil
            return f
        }
        return nil
    }

    /// The run past its preflight: deterministic given the node's software and record, the
    /// content, the baseline, the day and the parameters, except for the clock draws.
    func main(on node: inout ManagedInstance, content: AvailableContent, at t: Instant,
              rng: inout SeededGenerator, cache: ScanCache?, contentKey: String) -> OperationResult {
        var scanner = NodeScanner(baseline: baseline, at: t, profile: profile)
        // [AGT-5]/[KLP-1]: only an Install that may reboot replaces a live-patched kernel.
        scanner.livePatchedKernelIsInstalled = !(parameters.operation == .Install && parameters.rebootOption == .RebootIfNeeded)
        func scan(_ state: NodeState, _ node: ManagedInstance) -> ScanResult {
            guard let cache, !contentKey.isEmpty else { return scanner.scan(state, content) }
            return cache.scan(scanner, state, content, inventoryKey: node.inventoryKey, contentKey: contentKey)
        }
        var events: [PatchEvent] = [], eventSteps: [Int] = [], steps: [RunStep] = []
        var clock = t
        let instanceId = node.instanceId
        func emit(_ kind: String, _ detail: String) {
            events.append(PatchEvent(time: clock, instanceId: instanceId, kind: kind, detail: detail))
            eventSteps.append(steps.count)
        }
        let timing = node.image.timing
        func advance(_ step: OperationTiming.Step, isReboot: Bool = false) {
            clock = clock.adding(seconds: step.seconds + Int64(rng.below(step.jitter)))
            steps.append(RunStep(base: step.seconds, jitter: step.jitter, isReboot: isReboot))
        }
        emit("OperationStarted", "AWS-RunPatchBaseline \(parameters.operation.rawValue) \(parameters.rebootOption.rawValue)")
        if node.faults.contains(.trackingFileLost) { node.record.pendingReboot = [] }  // FLT-32

        // [LNX-1] step 1, Debian 8 only: jessie-backports is set aside and the Stretch
        // security key imported for the run, then both are undone; on every run.
        let debian8 = node.os == .debian && node.product == "Debian8"
        if debian8 {
            for step in ["commented out /etc/apt/sources.list.d/jessie-backports", "imported the Stretch security signing key"] {
                emit("NodeConfiguration", step)
            }
        }
        advance(timing.scan)  // the scan (after the Debian 8 set-up, at the start)
        // [LNX-1] step 1: APT upgrades python3-apt first, on every operation (AMBIGUOUS; Use).
        if node.os.family == .apt, let current = node.inventory.packages(named: "python3-apt").first,
           let newest = (content.index.byName["python3-apt"] ?? []).filter({ $0.arch == current.arch }).max(by: { $0.version < $1.version }),
           newest.version > current.version {
            node.install(newest.identity, at: clock)
            emit("PatchInstalled", "\(newest.identity.title) (python3-apt is upgraded before patching)")
        }

        var outcome = PackageTransaction.Outcome()
        if parameters.operation == .Install {
            let before = scan(state(node), node)
            let transaction = PackageTransaction(run: self, scanner: scanner, content: content)
            outcome = transaction.install(before, on: &node) { identity, ok, why in
                let at = clock
                if ok {
                    advance(timing.installPerPatch)
                    emit("PatchInstalled", identity)
                } else {
                    emit("PatchFailed", why.map { "\(identity): \($0)" } ?? identity)
                }
                return at
            }
            // Patch Manager's own installs wait for a reboot ([RBT-1]).
            node.record.pendingReboot.formUnion(outcome.installed)
            if let reason = outcome.noReport {
                // [AGT-5]: a zypper commit that failed for another reason than dependencies
                // uploads no report; the stored compliance stays as it was.
                emit("OperationFailed", reason)
                node.busyUntil = clock
                return OperationResult(status: .Failed, exitCode: 1, output: reason, report: nil, writesCompliance: false,
                                       installed: outcome.installed, failed: outcome.failed.sorted(), rebooted: false,
                                       startTime: t, endTime: clock, events: events, steps: steps, eventSteps: eventSteps,
                                       installedPackages: outcome.installedPackages)
            }
        }

        var rebooted = false
        if parameters.operation == .Install {
            switch parameters.rebootOption {
            case .RebootIfNeeded where needsReboot(node, outcome):
                if node.faults.contains(.rebootNeverCompletes) {
                    // FLT-23: the node goes down for the reboot and never reports again. No report
                    // reaches the service (stored compliance unchanged); the installs stay pending.
                    emit("RebootNeverCompleted", "RebootIfNeeded: the node did not come back from the reboot")
                    node.online = false
                    node.busyUntil = clock
                    return OperationResult(status: .NoResponse, exitCode: -1, output: "the node did not come back from the reboot",
                                           report: nil, writesCompliance: false, installed: outcome.installed, failed: outcome.failed.sorted(),
                                           rebooted: false, startTime: t, endTime: clock, events: events, steps: steps, eventSteps: eventSteps,
                                           installedPackages: outcome.installedPackages)
                }
                let rebootsNeeded = node.os == .windows ? 1 + (outcome.installed.count > 1 ? 1 : 0) : 1
                for _ in 0..<rebootsNeeded {
                    advance(timing.reboot, isReboot: true)
                    node.reboots += 1
                    emit("Rebooted", "RebootIfNeeded")
                }
                node.bootTime = clock
                node.record.pendingReboot = []
                rebooted = true
                // [KLP-1]: the plugin installs the live-patch package of the kernel now running.
                if node.kernelLivePatching, let base = KernelLivePatching.installBase(on: &node, content: content, at: clock) {
                    emit("NodeConfiguration", "kernel live patching: installed \(base.title)")
                }
            case .NoReboot:
                // [AGT-5]: every Install with NoReboot sets it, even one that installs nothing.
                node.record.lastNoRebootInstallOperationTime = t
            default:
                break
            }
        }

        if debian8 {
            for step in ["restored /etc/apt/sources.list.d/jessie-backports", "removed the Stretch security signing key"] {
                emit("NodeConfiguration", step)
            }
        }
        let after = scan(state(node, failed: outcome.failed), node)
        var report = after
        report.summary.operation = parameters.operation.rawValue
        report.summary.operationStartTime = t
        report.summary.operationEndTime = clock
        // A plain BaselineOverride run reports on stdout only ([OVR-2]).
        let writes = parameters.baselineOverride == nil || parameters.associationId != nil
        emit("OperationFinished", "\(report.summary.complianceStatus) Missing \(report.summary.missingCount) Failed \(report.summary.failedCount)")
        node.busyUntil = clock
        let failed = outcome.failed
        let status: OperationResult.Status = failed.isEmpty ? .Success : .Failed
        return OperationResult(status: status, exitCode: failed.isEmpty ? 0 : 1,
                               output: failed.isEmpty ? "" : "failed to install: \(failed.sorted().joined(separator: ", "))",
                               report: report, writesCompliance: writes, installed: outcome.installed, failed: failed.sorted(),
                               rebooted: rebooted, startTime: t, endTime: clock, events: events, steps: steps, eventSteps: eventSteps,
                               installedPackages: outcome.installedPackages)
    }

    /// [RBT-1] as the payload decides it ([AGT-5]): patches left pending since the last
    /// boot (by this run or an earlier NoReboot run), or the package step asks for it:
    /// YUM whenever a transaction ran, DNF whenever an install was attempted (even if all
    /// failed), APT, Zypper, Windows and macOS after a successful install.
    func needsReboot(_ node: ManagedInstance, _ outcome: PackageTransaction.Outcome) -> Bool {
        if !node.record.pendingReboot.isEmpty || !outcome.installed.isEmpty { return true }
        switch PackageManager.of(os: node.os, product: node.product) {
        case .yum, .dnf: return outcome.attempted
        default: return false
        }
    }

    func state(_ node: ManagedInstance, failed: Set<String> = []) -> NodeState { Self.state(node, failed: failed) }

    /// What the evaluator sees of a node: its software, its record, its patch group.
    static func state(_ node: ManagedInstance, failed: Set<String> = []) -> NodeState {
        NodeState(instanceId: node.instanceId, os: node.os, product: node.product, patchGroup: node.patchGroup,
                  inventory: node.inventory, installedKBs: node.installedKBs, applicationProducts: node.image.applicationProducts,
                  pendingReboot: node.record.pendingReboot, failed: failed)
    }
}
