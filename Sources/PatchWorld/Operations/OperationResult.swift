import PatchBaselines
import PatchModel

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
    /// The versions Patch Manager installed, dependencies included (the invariants check
    /// them against the baseline themselves).
    public var installedPackages: [PackageIdentity] = []
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
