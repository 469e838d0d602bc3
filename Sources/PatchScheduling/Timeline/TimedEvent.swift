import PatchBaselines
import PatchModel
import PatchWorld

/// Something a scenario makes happen at an instant, as the API call that would do it:
/// EC2 `CreateTags`/`DeleteTags`/`StopInstances`/`StartInstances`, SSM
/// `UpdatePatchBaseline`, `DeletePatchBaseline`, `(De)RegisterPatchBaselineForPatchGroup`,
/// `RegisterDefaultPatchBaseline`, `UpdateMaintenanceWindow`, `SendCommand`, and Patch now.
public struct TimedEvent: Sendable {
    public var at: Instant
    /// The scenario's name for it (expectations refer to commands by it).
    public var name: String
    public var action: TimedAction
    /// What a SendCommand request said that the run only echoes (`Comment`, output bucket,
    /// role, notifications, CloudWatch output): the `Command` record repeats it, as the API does.
    public var echoed: [(String, JSONOutput)] = []

    public init(at: Instant, name: String, action: TimedAction) {
        self.at = at
        self.name = name
        self.action = action
    }
}

public enum TimedAction: Sendable {
    case createTags(NodeSelector, [String: String])
    /// Keys, each with the value it must have to be deleted (nil: any value).
    case deleteTags(NodeSelector, [(key: String, value: String?)])
    /// `StopInstances` (false) / `StartInstances` (true): a stopped node is offline; a
    /// start is a boot (pending reboots clear, as after any reboot).
    case setRunning(NodeSelector, Bool)
    /// EC2 `RebootInstances`: each running node reboots (pending reboots clear; stored
    /// compliance changes only at the next report, [OP-2]).
    case rebootInstances(NodeSelector)
    /// `UpdatePatchBaseline` with the request's fields already merged into the definition.
    case updateBaseline(PatchBaseline)
    case deleteBaseline(String)
    case registerPatchGroup(patchGroup: String, baselineId: String)
    case deregisterPatchGroup(patchGroup: String, baselineId: String)
    case registerDefaultBaseline(String)
    case setWindowEnabled(windowId: String, Bool)
    /// `UpdateMaintenanceWindow` of `Schedule` (and optionally `ScheduleTimezone`,
    /// `ScheduleOffset`; omitted ones unchanged), validated when it happens: the service
    /// rejects a bad expression and the stored window stays as it was (case 24). A rate is
    /// anchored at the update (case 16).
    case updateWindowSchedule(windowId: String, schedule: String, timeZone: String?, offsetDays: Int?)
    /// `CancelMaintenanceWindowExecution` of the window's execution running at that
    /// instant (named by its WindowExecutionId, or by its window).
    case cancelWindowExecution(windowId: String, windowExecutionId: String?)
    /// Parameter Store `PutParameter` / `DeleteParameter`: what `{{ssm:name}}` in a task
    /// resolves to at the executions that start afterwards.
    case putParameter(name: String, value: String)
    case deleteParameter(name: String)
    /// `SendCommand` of a document (AWS-RunPatchBaseline by default) under its
    /// MaxConcurrency, MaxErrors and TimeoutSeconds ([RC-7]).
    case sendCommand(NodeSelector, RunPatchBaselineParameters, RateControl, timeoutSeconds: Int64, document: CommandDocument = .runPatchBaseline)
    /// `SendCommand` of `AWS-ConfigureKernelLivePatching` (`EnableOrDisable`, [KLP-1]):
    /// takes effect on the selected Amazon Linux 2 nodes at its instant.
    case configureKernelLivePatching(NodeSelector, enable: Bool)
    /// Patch now ([OP-6]): the service's fixed rate control, the patch group's baseline.
    case patchNow(NodeSelector, RunPatchBaselineParameters.Operation, RunPatchBaselineParameters.RebootOption)

    /// Whether this changes a baseline a patch policy may copy (its copies sync hourly).
    var editsBaselines: Bool {
        switch self {
        case .updateBaseline, .deleteBaseline: return true
        default: return false
        }
    }

    /// The API call when this edits the account's baselines or their registrations.
    var baselineEditName: String? {
        switch self {
        case .updateBaseline: return "UpdatePatchBaseline"
        case .deleteBaseline: return "DeletePatchBaseline"
        case .registerPatchGroup: return "RegisterPatchBaselineForPatchGroup"
        case .deregisterPatchGroup: return "DeregisterPatchBaselineForPatchGroup"
        case .registerDefaultBaseline: return "RegisterDefaultPatchBaseline"
        default: return nil
        }
    }

    /// Whether this runs AWS-RunPatchBaseline (and so comes after state changes at one instant).
    public var sendsCommand: Bool {
        switch self {
        case .sendCommand, .patchNow: return true
        default: return false
        }
    }
}

/// Which nodes an event acts on: SSM `Targets` entries (ANDed), or every managed node.
/// EC2 calls (tags, stop, start) reach unmanaged instances too; SSM calls do not.
public struct NodeSelector: Sendable {
    public var target: WindowTarget?
    public var managedOnly: Bool

    public static let allManagedNodes = NodeSelector(target: nil)

    public init(target: WindowTarget?, managedOnly: Bool = true) {
        self.target = target
        self.managedOnly = managedOnly
    }

    public func matches(_ node: ManagedInstance) -> Bool {
        target.map { $0.matches(node, managedOnly: managedOnly) } ?? (node.managed || !managedOnly)
    }
}
