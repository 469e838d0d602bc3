import PatchBaselines
import PatchModel

/// The parameters of `AWS-RunPatchBaseline` ([OP-1]).
public struct RunPatchBaselineParameters: Sendable {
    public enum Operation: String, Sendable { case Scan, Install }
    public enum RebootOption: String, Sendable { case RebootIfNeeded, NoReboot }
    public enum ExecutionType: String, Sendable { case Command, PatchPolicy }

    public var operation: Operation
    public var rebootOption: RebootOption
    public var snapshotId: String?
    /// Package (`name.arch` globs) or KB ids to install instead of the baseline's choice ([OVR-1]).
    public var installOverrideList: [String]?
    public var baselineOverride: [PatchBaseline]?
    public var associationId: String?
    /// A Quick Setup patch policy's baselines, one per OS, delivered with its
    /// `AssociationId` ([BL-4] step 1, [OP-5]): patch groups and defaults are not consulted,
    /// compliance is written with execution type `PatchPolicy`.
    public var policyBaselines: [OperatingSystem: PatchBaseline]?

    /// The compliance items' `ExecutionType` ([OP-8]).
    public var executionType: ExecutionType { policyBaselines != nil && associationId != nil ? .PatchPolicy : .Command }

    public init(operation: Operation, rebootOption: RebootOption = .RebootIfNeeded, snapshotId: String? = nil,
                installOverrideList: [String]? = nil, baselineOverride: [PatchBaseline]? = nil, associationId: String? = nil,
                policyBaselines: [OperatingSystem: PatchBaseline]? = nil) {
        self.policyBaselines = policyBaselines
        self.operation = operation
        self.rebootOption = rebootOption
        self.snapshotId = snapshotId
        self.installOverrideList = installOverrideList
        self.baselineOverride = baselineOverride
        self.associationId = associationId
    }
}

/// What one run did on one node: the Run Command outcome, the report, and whether the
/// report replaces the node's stored compliance ([CMP-7]).
public struct OperationResult: Sendable {
    /// `NoResponse`: the node stopped answering mid-run (FLT-23); Run Command keeps the
    /// invocation InProgress until it expires.
    public enum Status: String, Sendable { case Success, Failed, NoResponse }

    public var status: Status
    public var exitCode: Int64
    public var output: String
    /// The compliance report the run produced, if it got that far.
    public var report: ScanResult?
    public var writesCompliance: Bool
    public var installed: [String] = []
    public var failed: [String] = []
    public var rebooted = false
    public var startTime: Instant
    public var endTime: Instant
    public var events: [PatchEvent] = []
    /// How the run's time was spent, in order: a base duration plus a seeded jitter below
    /// a bound per step (scan, each install, each reboot), so a node that does the same
    /// work can replay it with its own draws.
    var steps: [RunStep] = []
    /// For each event, how many steps had ended when it happened.
    var eventSteps: [Int] = []
    /// Packages installed although the baseline rejects them with BLOCK (an invariant
    /// breach if ever non-empty; `InstallOverrideList` runs are the documented exception).
    public var installedBlocked: [String] = []
    /// The report in shareable form, when this result replays a memoised run.
    var sharedReport: SharedReport?
}

/// A stretch of a run's simulated time: a base duration plus a seeded jitter below a bound.
struct RunStep {
    var base: Int64
    var jitter: Int
    var isReboot = false
}

/// One entry of the event log: operation started/finished, patch installed/failed,
/// reboot, compliance changed; simulated timestamps only.
public struct PatchEvent: Equatable, Sendable {
    public var time: Instant
    public var instanceId: String
    /// `OperationStarted`, `OperationFinished`, `OperationFailed`, `PatchInstalled`,
    /// `PatchFailed`, `Rebooted`, `RebootNeverCompleted`, `NodeConfiguration`,
    /// `ComplianceChanged`.
    public var kind: String
    public var detail: String
    /// For `ComplianceChanged`: the baseline of the report that changed it and the report's
    /// compliance severity (what the EventBridge compliance event carries, [RPT-5]).
    public var baselineId: String? = nil
    public var severity: ComplianceLevel? = nil

    public init(time: Instant, instanceId: String, kind: String, detail: String, baselineId: String? = nil, severity: ComplianceLevel? = nil) {
        self.time = time
        self.instanceId = instanceId
        self.kind = kind
        self.detail = detail
        self.baselineId = baselineId
        self.severity = severity
    }
}

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
    public let settings: EvaluationSettings

    public init(baseline: PatchBaseline, parameters: RunPatchBaselineParameters, settings: EvaluationSettings = .standard) {
        self.baseline = baseline
        self.parameters = parameters
        self.settings = settings
    }

    /// Dotted agent versions compare numerically.
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
        if parameters.baselineOverride != nil && parameters.installOverrideList != nil {
            return failure(node, at: t, code: 1, "BaselineOverride and InstallOverrideList cannot be used together")
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
            let ok = python.map { apt ? ($0 >= MacOSVersion(numbers: [3, 0]) && $0 < MacOSVersion(numbers: [3, 10]))
                                      : ($0 >= MacOSVersion(numbers: [2, 6]) && $0 < MacOSVersion(numbers: [3, 10])) } ?? false
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
        let conflict = parameters.baselineOverride != nil && parameters.installOverrideList != nil
        if conflict || node.prerequisitesPass != true, let f = prerequisiteFailure(node, at: t) { return f }
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
        func scan(_ scanner: NodeScanner, _ state: NodeState, _ node: ManagedInstance) -> ScanResult {
            guard let cache, !contentKey.isEmpty else { return scanner.scan(state, content) }
            return cache.scan(scanner, state, content, inventoryKey: node.inventoryKey, contentKey: contentKey)
        }
        var events: [PatchEvent] = [], eventSteps: [Int] = [], steps: [RunStep] = []
        var clock = t
        func emit(_ kind: String, _ detail: String) {
            events.append(PatchEvent(time: clock, instanceId: node.instanceId, kind: kind, detail: detail))
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

        let scanner = NodeScanner(baseline: baseline, at: t, settings: settings)
        var installed: [String] = []
        var installedBlocked: [String] = []
        var failedUnits: Set<String> = []
        if parameters.operation == .Install {
            let before = scan(scanner, state(node), node)
            let plan: [(unit: String, target: AvailablePackage?, kb: WindowsKB?)]
            if let list = parameters.installOverrideList {
                plan = overridePlan(list, node: node, content: content)
            } else if node.os == .windows {
                plan = before.records.filter { $0.state == .MISSING }.compactMap { r in WindowsKB(r.kbId).map { (r.kbId, nil, $0) } }
            } else {
                plan = before.records.filter { $0.state == .MISSING }.compactMap { r in
                    guard let v = before.targets[r.kbId] else { return nil }
                    let offer = content.index.byUnit[r.kbId]?.first { $0.version.description == v }
                    return (r.kbId, offer, nil)
                }
            }
            for step in plan {
                if let kb = step.kb {
                    if node.faults.contains(.installFailure(kb.description)) {
                        failedUnits.insert(step.unit)
                        emit("PatchFailed", kb.description)
                        continue
                    }
                    node.install(kb)
                    installed.append(kb.description)
                    advance(timing.installPerPatch)
                    emit("PatchInstalled", kb.description)
                    continue
                }
                guard let target = step.target else { continue }
                switch resolveDependencies(target, node: node, content: content, honourRejections: parameters.installOverrideList == nil) {
                case .failure(let reason):
                    failedUnits.insert(step.unit)
                    emit("PatchFailed", "\(target.identity.title): \(reason)")
                case .success(let dependencies):
                    if node.faults.contains(.installFailure(target.name)) {
                        failedUnits.insert(step.unit)
                        emit("PatchFailed", "\(target.identity.title): the package manager failed")
                        continue
                    }
                    for p in dependencies + [target] {
                        if baseline.rejectedPatchesAction == .BLOCK && !baseline.rejectedPatches.isEmpty && isRejected(p, content: content) {
                            installedBlocked.append(p.identity.title)
                        }
                        node.install(p.identity, at: clock)
                        installed.append(p.identity.unitKey)
                        advance(timing.installPerPatch)
                        emit("PatchInstalled", p.identity.title)
                    }
                }
            }
            // Patch Manager's own installs wait for a reboot ([RBT-1]).
            node.record.pendingReboot.formUnion(installed)
        }

        var rebooted = false
        if parameters.operation == .Install {
            switch parameters.rebootOption {
            case .RebootIfNeeded where node.faults.contains(.rebootNeverCompletes) && (!installed.isEmpty || !node.record.pendingReboot.isEmpty):
                // FLT-23: the node goes down for the reboot and never reports again. No report
                // reaches the service (stored compliance unchanged); the installs stay pending.
                emit("RebootNeverCompleted", "RebootIfNeeded: the node did not come back from the reboot")
                node.online = false
                node.busyUntil = clock
                return OperationResult(status: .NoResponse, exitCode: -1, output: "the node did not come back from the reboot",
                                       report: nil, writesCompliance: false, installed: installed, failed: failedUnits.sorted(),
                                       rebooted: false, startTime: t, endTime: clock, events: events, steps: steps, eventSteps: eventSteps,
                                       installedBlocked: installedBlocked)
            case .RebootIfNeeded where !installed.isEmpty || !node.record.pendingReboot.isEmpty:
                let rebootsNeeded = node.os == .windows ? 1 + (installed.count > 1 ? 1 : 0) : 1
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
            case .NoReboot where !installed.isEmpty:
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
        let after = scan(NodeScanner(baseline: baseline, at: t, settings: settings), state(node, failed: failedUnits), node)
        var report = after
        report.summary.operation = parameters.operation.rawValue
        report.summary.operationStartTime = t
        report.summary.operationEndTime = clock
        // A plain BaselineOverride run reports on stdout only ([OVR-2]).
        let writes = parameters.baselineOverride == nil || parameters.associationId != nil
        emit("OperationFinished", "\(report.summary.complianceStatus) Missing \(report.summary.missingCount) Failed \(report.summary.failedCount)")
        node.busyUntil = clock
        let status: OperationResult.Status = failedUnits.isEmpty ? .Success : .Failed
        return OperationResult(status: status, exitCode: failedUnits.isEmpty ? 0 : 1,
                               output: failedUnits.isEmpty ? "" : "failed to install: \(failedUnits.sorted().joined(separator: ", "))",
                               report: report, writesCompliance: writes, installed: installed, failed: failedUnits.sorted(),
                               rebooted: rebooted, startTime: t, endTime: clock, events: events, steps: steps, eventSteps: eventSteps,
                               installedBlocked: installedBlocked)
    }

    func state(_ node: ManagedInstance, failed: Set<String> = []) -> NodeState {
        NodeState(instanceId: node.instanceId, os: node.os, product: node.product, patchGroup: node.patchGroup,
                  inventory: node.inventory, installedKBs: node.installedKBs, pendingReboot: node.record.pendingReboot, failed: failed)
    }

    /// [OVR-1]: the newest available version of each installed package the list names
    /// (`name.arch` globs); KB ids on Windows. Baseline rules and lists are not applied.
    func overridePlan(_ list: [String], node: ManagedInstance, content: AvailableContent) -> [(unit: String, target: AvailablePackage?, kb: WindowsKB?)] {
        if node.os == .windows { return list.compactMap { WindowsKB($0).map { ($0.description, nil, $0) } } }
        var plan: [(unit: String, target: AvailablePackage?, kb: WindowsKB?)] = []
        for p in node.inventory.packages where list.contains(where: { PatchListEntry.glob($0, p.identity.unitKey) }) {
            if let newest = (content.index.byUnit[p.identity.unitKey] ?? []).filter({ $0.version > p.version })
                .max(by: { $0.version < $1.version }) {
                plan.append((p.identity.unitKey, newest, nil))
            }
        }
        return plan
    }

    enum DependencyOutcome { case success([AvailablePackage]), failure(String) }

    /// The packages an install must bring along: each requirement not already met by the
    /// installed version gets the newest available version that satisfies it. Under
    /// BLOCK a rejected dependency fails the update; under ALLOW_AS_DEPENDENCY it is
    /// installed ([LST-9] table). One level deep (the generated and imported metadata
    /// only ever needs one).
    func resolveDependencies(_ target: AvailablePackage, node: ManagedInstance, content: AvailableContent,
                             honourRejections: Bool) -> DependencyOutcome {
        var needed: [AvailablePackage] = []
        let inventory = node.inventory
        for req in target.requires {
            let installed = inventory.packages(named: req.name)
            if let minimum = req.minimumVersion {
                if installed.contains(where: { $0.version >= minimum }) { continue }
            } else if !installed.isEmpty {
                continue
            }
            let candidates = (content.index.byName[req.name] ?? []).filter { p in
                req.minimumVersion.map { p.version >= $0 } ?? true
            }
            guard let dep = candidates.max(by: { $0.version < $1.version }) else {
                return .failure("no available version of \(req)")
            }
            if honourRejections && baseline.rejectedPatchesAction == .BLOCK && isRejected(dep, content: content) {
                return .failure("dependency \(dep.identity.title) is rejected (BLOCK)")
            }
            needed.append(dep)
        }
        return .success(needed)
    }

    func isRejected(_ p: AvailablePackage, content: AvailableContent) -> Bool {
        baseline.rejectedPatches.contains { entry in
            switch entry {
            case .package(let pattern):
                return PatchListEntry.glob(pattern, baseline.operatingSystem.family == .apt ? p.name : p.identity.listForm)
            case .advisory(let pattern):
                return content.notices.contains { n in PatchListEntry.glob(pattern, n.id) && n.packages.contains(p.identity) }
            case .cve(let id):
                return content.notices.contains { n in n.cveIds.contains(id) && n.packages.contains(p.identity) }
            case .bugzilla(let id):
                return content.notices.contains { n in n.bugzillaIds.contains(id) && n.packages.contains(p.identity) }
            default:
                return false
            }
        }
    }
}
