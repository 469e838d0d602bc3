import PatchModel
import PatchWorld

/// A window target ([MW-2]): `InstanceIds`, `tag:<key>`, `tag-key` and `resource-groups:`
/// entries, ANDed.
public struct WindowTarget: Sendable {
    public var windowTargetId: String
    public var targets: [(key: String, values: [String])]
    public var ownerInformation: String?
    /// The groups `resource-groups:Name` names, resolved when the target is made.
    public var resourceGroups: [ResourceGroup] = []

    public init(windowTargetId: String, targets: [(key: String, values: [String])], ownerInformation: String? = nil,
                resourceGroups table: [String: ResourceGroup] = [:]) throws {
        guard (1...5).contains(targets.count) else {
            throw ScheduleError(field: "Targets", "\(targets.count) entries; allowed: 1-5")
        }
        for t in targets {
            guard t.key == "InstanceIds" || t.key == "tag-key" || t.key.hasPrefix("tag:") || t.key == "resource-groups:Name"
                || t.key == "resource-groups:ResourceTypeFilters" else {
                throw ScheduleError(field: "Targets.Key", "'\(t.key)'; allowed: InstanceIds, tag:<key>, tag-key, resource-groups:Name, resource-groups:ResourceTypeFilters")
            }
            guard (1...50).contains(t.values.count) else { throw ScheduleError(field: "Targets.Values", "\(t.values.count) values; allowed: 1-50") }
            if t.key == "resource-groups:Name" {
                // The service resolves the name when it runs; a name no group has reaches no node,
                // which is almost always a typo in a scenario: refused here.
                guard t.values.count == 1 else { throw ScheduleError(field: "Targets.Values", "\(t.values.count) group names; allowed: one resource group") }
                guard let g = table[t.values[0]] else {
                    let known = table.keys.sorted()
                    throw ScheduleError(field: "Targets.Values", "resource group '\(t.values[0])'; allowed: a group of the scenario's resourceGroups (\(known.isEmpty ? "none declared" : known.joined(separator: ", ")))")
                }
                resourceGroups.append(g)
            }
        }
        if targets.contains(where: { $0.key == "resource-groups:ResourceTypeFilters" }) && !targets.contains(where: { $0.key == "resource-groups:Name" }) {
            throw ScheduleError(field: "Targets", "resource-groups:ResourceTypeFilters without resource-groups:Name; allowed: the filters narrow a named group")
        }
        self.windowTargetId = windowTargetId
        self.targets = targets
        self.ownerInformation = ownerInformation
    }

    /// Whether a node is a target: every entry must hold; tag values are ORed; `tag-key`
    /// keys are ANDed (AMBIGUOUS; Use). Unmanaged nodes match only by explicit id ([MW-7]),
    /// unless `managedOnly` is false (EC2 calls such as CreateTags reach every instance).
    public func matches(_ node: ManagedInstance, managedOnly: Bool = true) -> Bool {
        targets.allSatisfy { entry in
            if entry.key == "InstanceIds" { return entry.values.contains(node.instanceId) }
            guard node.managed || !managedOnly else { return false }
            if let byTags = Self.matches(entry, tags: node.tags) { return byTags }
            if entry.key == "resource-groups:Name" { return resourceGroups.allSatisfy { $0.contains(node) } }
            if entry.key == "resource-groups:ResourceTypeFilters" { return ResourceGroup.typesAdmit(entry.values, node) }
            return true
        }
    }
}

extension WindowTarget {
    /// Whether a `tag:` or `tag-key` entry admits these tags; nil for the other kinds.
    static func matches(_ entry: (key: String, values: [String]), tags: [String: String]) -> Bool? {
        if entry.key == "tag-key" { return entry.values.allSatisfy { tags[$0] != nil } }
        if entry.key.hasPrefix("tag:") { return tags[String(entry.key.dropFirst(4))].map { entry.values.contains($0) } ?? false }
        return nil
    }

    /// Whether this target admits nodes with these tags, when it selects by tags alone
    /// (nil: it names ids or resource groups). Bounds a window's reach before nodes exist.
    public func matches(tags: [String: String]) -> Bool? {
        var all = true
        for entry in targets {
            guard let ok = Self.matches(entry, tags: tags) else { return nil }
            all = all && ok
        }
        return all
    }
}

/// A registered task ([MW-3]). The patch documents run through Run Command; Automation,
/// Lambda and Step Functions tasks are accepted as the API accepts them and run as
/// `otherTaskSeconds` of simulated time that succeeds (Use: the simulator models patching,
/// not runbooks or functions).
public struct WindowTask: Sendable {
    public enum CutoffBehavior: String, Sendable { case CONTINUE_TASK, CANCEL_TASK }
    public enum TaskType: String, Sendable, CaseIterable { case RUN_COMMAND, AUTOMATION, STEP_FUNCTIONS, LAMBDA }

    public var windowTaskId: String
    public var taskType: TaskType
    public var taskArn: String
    /// Window target ids the task runs on, in order (one invocation each).
    public var windowTargetIds: [String]
    /// Or node ids directly (only with AllowUnassociatedTargets).
    public var instanceIds: [String]
    public var priority: Int
    /// As stored and reported: a targetless task holds the placeholder "1" for both.
    public var maxConcurrency: String
    public var maxErrors: String
    public var rateControl: RateControl
    public var cutoffBehavior: CutoffBehavior
    public var parameters: RunPatchBaselineParameters
    /// A RUN_COMMAND task's document (`TaskArn`): a patch document or any other.
    public var document = CommandDocument.runPatchBaseline
    /// `TaskInvocationParameters.RunCommand.TimeoutSeconds` ([RC-7]).
    public var timeoutSeconds: Int64 = PatchCommand.defaultTimeoutSeconds
    /// The registered `Parameters` when they hold references resolved at execution time
    /// (`{{ssm:...}}`, pseudo parameters); `parameters` is then only the document's defaults.
    public var parameterTemplate: TaskParameters?

    /// AMBIGUOUS default priority ([MW-3]); Use: 1.
    public static let defaultPriority = 1
    /// How long an Automation, Lambda or Step Functions task invocation runs (Use).
    public static let otherTaskSeconds: Int64 = 60

    public var isTargetless: Bool { windowTargetIds.isEmpty && instanceIds.isEmpty }

    public init(windowTaskId: String, taskType: TaskType = .RUN_COMMAND, taskArn: String = "AWS-RunPatchBaseline",
                windowTargetIds: [String] = [], instanceIds: [String] = [],
                priority: Int = WindowTask.defaultPriority, maxConcurrency: String?, maxErrors: String?,
                cutoffBehavior: CutoffBehavior = .CONTINUE_TASK, parameters: RunPatchBaselineParameters,
                parameterTemplate: TaskParameters? = nil) throws {
        guard priority >= 0 else { throw ScheduleError(field: "Priority", "\(priority); allowed: 0 or more") }
        let targetless = windowTargetIds.isEmpty && instanceIds.isEmpty
        if targetless {
            guard taskType != .RUN_COMMAND else { throw ScheduleError(field: "Targets", "a RUN_COMMAND task needs targets") }
            // [MW-3]: the API's own wording; the stored placeholder is "1" for both.
            guard maxConcurrency == nil else { throw ScheduleError(field: "MaxConcurrency", "Maintenance window tasks without targets don't support MaxConcurrency values") }
            guard maxErrors == nil else { throw ScheduleError(field: "MaxErrors", "Maintenance window tasks without targets don't support MaxErrors values") }
        } else {
            guard maxConcurrency != nil else { throw ScheduleError(field: "MaxConcurrency", "required for a task with targets") }
            guard maxErrors != nil else { throw ScheduleError(field: "MaxErrors", "required for a task with targets") }
        }
        self.windowTaskId = windowTaskId
        self.taskType = taskType
        self.taskArn = taskArn
        self.windowTargetIds = windowTargetIds
        self.instanceIds = instanceIds
        self.priority = priority
        self.maxConcurrency = maxConcurrency ?? "1"
        self.maxErrors = maxErrors ?? "1"
        self.rateControl = try RateControl(maxConcurrency: self.maxConcurrency, maxErrors: self.maxErrors)
        self.cutoffBehavior = cutoffBehavior
        self.parameters = parameters
        self.parameterTemplate = parameterTemplate
    }
}

/// A maintenance window ([MW-1]) with its schedule ([SCH-*]), targets and tasks.
public struct MaintenanceWindow: Sendable {
    public var windowId: String
    public var name: String
    public var schedule: MaintenanceWindowSchedule
    public var durationHours: Int
    public var cutoffHours: Int
    public var allowUnassociatedTargets: Bool
    /// The `Schedule` as registered, for the records that print it.
    public var scheduleText = ""
    public var enabled = true
    public var targets: [WindowTarget] = []
    public var tasks: [WindowTask] = []

    public init(windowId: String, name: String, schedule: MaintenanceWindowSchedule, durationHours: Int, cutoffHours: Int,
                allowUnassociatedTargets: Bool = false) throws {
        // The service writes mw- and 17 hex digits; its documentation's examples write
        // mw-0c5ed765acEXAMPLE: an id read from an output is taken as such (ASCII letters, digits).
        guard windowId.hasPrefix("mw-"), (19...20).contains(windowId.count), windowId.dropFirst(3).allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
            throw ScheduleError(field: "WindowId", "'\(windowId)'; allowed: mw- and 17 hex digits, as the service assigns them (or 16 to 17 letters and digits, as its documentation writes them)")
        }
        guard (3...128).contains(name.count), name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "_-.".contains($0)) }) else {
            throw ScheduleError(field: "Name", "'\(name)'; allowed: 3-128 characters of [a-zA-Z0-9_.-]")
        }
        guard (1...24).contains(durationHours) else { throw ScheduleError(field: "Duration", "\(durationHours); allowed: 1-24 hours") }
        guard (0...23).contains(cutoffHours) else { throw ScheduleError(field: "Cutoff", "\(cutoffHours); allowed: 0-23 hours") }
        // [SCH-9] AMBIGUOUS; Use: a Cutoff that leaves no instant to start a task is rejected.
        guard cutoffHours < durationHours else { throw ScheduleError(field: "Cutoff", "\(cutoffHours) is not less than Duration \(durationHours)") }
        self.windowId = windowId
        self.name = name
        self.schedule = schedule
        self.durationHours = durationHours
        self.cutoffHours = cutoffHours
        self.allowUnassociatedTargets = allowUnassociatedTargets
    }

    public mutating func register(_ task: WindowTask) throws {
        if !task.instanceIds.isEmpty && !allowUnassociatedTargets {
            throw ScheduleError(field: "Targets", "InstanceIds targets need AllowUnassociatedTargets; use WindowTargetIds")
        }
        for id in task.windowTargetIds where !targets.contains(where: { $0.windowTargetId == id }) {
            throw ScheduleError(field: "Targets", "unknown WindowTargetId '\(id)'")
        }
        tasks.append(task)
    }
}
