import PatchModel
import PatchWorld

/// `MaintenanceWindowExecutionStatus` ([MW-5]).
public enum WindowExecutionStatus: String, Sendable, CaseIterable {
    case PENDING, IN_PROGRESS, SUCCESS, FAILED, TIMED_OUT, CANCELLING, CANCELLED, SKIPPED_OVERLAPPING
}

public struct TaskInvocationRecord: Sendable {
    public var windowTargetId: String?
    /// When the invocation's command was sent (the targets of one task go one after another).
    public var start: Instant
    /// The Run Command command id; nil for Automation, Lambda and Step Functions tasks.
    public var commandId: String?
    public var command: CommandResult
    public var status: WindowExecutionStatus
}

public struct TaskExecutionRecord: Sendable {
    public var windowTaskId: String
    public var priority: Int
    public var start: Instant?
    public var end: Instant?
    public var status: WindowExecutionStatus
    public var invocations: [TaskInvocationRecord]
    /// The AWS-RunPatchBaseline parameters its commands were sent with (resolved for this
    /// execution); nil for other task types and for a task that failed before sending.
    public var parameters: RunPatchBaselineParameters? = nil
    /// What the task is, for the API's records of it.
    public var taskArn = CommandDocument.runPatchBaselineName
    public var taskType = "RUN_COMMAND"
    public var maxConcurrency = "1", maxErrors = "0"
    public var timeoutSeconds = PatchCommand.defaultTimeoutSeconds
}

public struct WindowExecutionRecord: Sendable {
    public var windowId: String
    public var windowExecutionId: String
    public var start: Instant
    public var end: Instant
    public var status: WindowExecutionStatus
    public var statusDetails: String
    public var tasks: [TaskExecutionRecord]
    /// The milliseconds past the second of every time in this execution: a rate window
    /// keeps its anchor's ([SCH-6], [SCH-10]); the simulation itself runs on whole seconds.
    public var milliseconds = 0
}

/// Runs one execution of a window at its scheduled instant S ([MW-4]): priority groups
/// in ascending order, each started only when the previous one is done and not after the
/// cutoff K = S + Duration − Cutoff ([SCH-9]); each task sends one Run Command command per
/// window target, one after another, under the task's rate control ([RC-*]).
public struct WindowExecutor {
    public init() {}

    /// `cancelAt`: when `CancelMaintenanceWindowExecution` arrives for this execution
    /// ([MW-5] 9): tasks not started by then never start, running ones finish, and the
    /// execution ends CANCELLED (a cancel after the end changes nothing).
    public func execute(_ window: MaintenanceWindow, at s: Instant, executionNumber: Int, fleet: inout Fleet,
                        snapshots: inout SnapshotStore, cancelAt: Instant? = nil, returns: NodeReturns = .none,
                        parameterStore: [String: String] = [:]) -> WindowExecutionRecord {
        let executionId = Self.uuid(seed: fleet.seed, "\(window.windowId):\(executionNumber)")
        guard !window.tasks.isEmpty else {
            return WindowExecutionRecord(windowId: window.windowId, windowExecutionId: executionId, start: s, end: s,
                                         status: .SUCCESS, statusDetails: "No tasks to execute.", tasks: [])
        }
        // [MW-4] 4: Parameter Store references are resolved first; one missing fails the
        // whole execution before any task starts (about 0.1 s: the same second here).
        let missing = Set(window.tasks.flatMap { $0.parameterTemplate?.parameterStoreReferences ?? [] }).filter { parameterStore[$0] == nil }.sorted()
        guard missing.isEmpty else {
            return WindowExecutionRecord(windowId: window.windowId, windowExecutionId: executionId, start: s, end: s, status: .FAILED,
                                         statusDetails: "The following SSM parameters are invalid: \(missing.joined(separator: ", "))", tasks: [])
        }
        let cutoff = s.adding(seconds: Int64(window.durationHours - window.cutoffHours) * 3600)
        var tasks: [TaskExecutionRecord] = []
        var clock = s
        var skippedForCutoff = false
        for priority in Set(window.tasks.map(\.priority)).sorted() {
            let group = window.tasks.filter { $0.priority == priority }.sorted { $0.windowTaskId < $1.windowTaskId }
            if let c = cancelAt, c <= clock {
                // Use: the tasks that never start are listed CANCELLED, with no invocations.
                for t in group {
                    var r = TaskExecutionRecord(windowTaskId: t.windowTaskId, priority: priority, status: .CANCELLED, invocations: [])
                    Self.describe(&r, t)
                    tasks.append(r)
                }
                continue
            }
            guard clock <= cutoff else {
                skippedForCutoff = true
                for t in group {
                    var r = TaskExecutionRecord(windowTaskId: t.windowTaskId, priority: priority, status: .PENDING, invocations: [])
                    Self.describe(&r, t)
                    tasks.append(r)
                }
                continue
            }
            // Tasks of one group start together; the group ends when all are done.
            var groupEnd = clock
            for task in group {
                let record = runTask(task, window: window, at: clock, executionStart: s, cutoff: cutoff, executionId: executionId,
                                     fleet: &fleet, snapshots: &snapshots, returns: returns, parameterStore: parameterStore)
                groupEnd = max(groupEnd, record.end ?? clock)
                tasks.append(record)
            }
            for k in tasks.indices.suffix(group.count) { Self.describe(&tasks[k], group[k - (tasks.count - group.count)]) }
            clock = groupEnd
        }
        let status: WindowExecutionStatus
        if let c = cancelAt, c <= clock { status = .CANCELLED }
        else if tasks.contains(where: { $0.status == .TIMED_OUT }) || skippedForCutoff { status = .TIMED_OUT }
        else if tasks.contains(where: { $0.status == .FAILED }) { status = .FAILED }
        else { status = .SUCCESS }
        return WindowExecutionRecord(windowId: window.windowId, windowExecutionId: executionId, start: s, end: clock,
                                     status: status, statusDetails: status.rawValue, tasks: tasks)
    }

    /// A record's description of its task (arn, type, rate control), as the API lists it.
    static func describe(_ r: inout TaskExecutionRecord, _ task: WindowTask) {
        r.taskArn = task.taskArn
        r.taskType = task.taskType.rawValue
        r.maxConcurrency = task.maxConcurrency
        r.maxErrors = task.maxErrors
        r.timeoutSeconds = task.timeoutSeconds
    }

    func runTask(_ task: WindowTask, window: MaintenanceWindow, at start: Instant, executionStart: Instant, cutoff: Instant, executionId: String,
                 fleet: inout Fleet, snapshots: inout SnapshotStore, returns: NodeReturns = .none,
                 parameterStore: [String: String] = [:]) -> TaskExecutionRecord {
        guard task.taskType == .RUN_COMMAND else {
            return runOtherTask(task, window: window, at: start, fleet: &fleet)
        }
        var parameters = task.parameters
        if let template = task.parameterTemplate {
            let taskExecutionId = Self.taskExecutionId(seed: fleet.seed, windowExecutionId: executionId, windowTaskId: task.windowTaskId)
            let pseudo = ["WINDOW_ID": window.windowId, "WINDOW_TASK_ID": task.windowTaskId, "WINDOW_EXECUTION_ID": executionId,
                          "TASK_EXECUTION_ID": taskExecutionId]
            do {
                parameters = try template.substituted(store: parameterStore, pseudo: pseudo).runPatchBaselineParameters()
            } catch {
                // Use: a resolved value the document does not allow fails the task before any invocation.
                return TaskExecutionRecord(windowTaskId: task.windowTaskId, priority: task.priority, start: start, end: start,
                                           status: .FAILED, invocations: [])
            }
        }
        // [MW-4] 7: the window supplies one snapshot per execution (to the patch documents).
        if parameters.snapshotId == nil && task.document.isPatchDocument { parameters.snapshotId = executionId }
        var groups: [(String?, [String])] = []
        if !task.instanceIds.isEmpty { groups.append((nil, task.instanceIds)) }
        for id in task.windowTargetIds {
            guard let target = window.targets.first(where: { $0.windowTargetId == id }) else { continue }
            // Resolved when the invocation starts ([MW-2] Use); here, in order, at dispatch.
            groups.append((id, fleet.resolveTargets(cacheKey: "\(window.windowId)/\(id)/\(target.targets)") { target.matches($0) }))
        }
        var invocations: [TaskInvocationRecord] = []
        var clock = start
        let span = executionStart...executionStart.adding(seconds: Int64(window.durationHours) * 3600)
        for (targetId, nodes) in groups {
            var sentParameters = parameters
            sentParameters.source = ComplianceSource(.MaintenanceWindow, "\(window.windowId)/\(task.windowTaskId)")
            var command = PatchCommand(parameters: sentParameters, rateControl: task.rateControl,
                                       stopDispatchingAt: task.cutoffBehavior == .CANCEL_TASK ? cutoff : nil, window: span)
            command.returns = returns
            command.timeoutSeconds = task.timeoutSeconds
            command.document = task.document
            let sent = clock
            let result = command.send(to: nodes, at: sent, fleet: &fleet, snapshots: &snapshots)
            clock = max(clock, result.end)
            let status: WindowExecutionStatus
            switch result.status {
            case "Success": status = .SUCCESS
            case "TimedOut": status = .TIMED_OUT
            case "Cancelled": status = task.cutoffBehavior == .CANCEL_TASK ? .TIMED_OUT : .CANCELLED
            default: status = .FAILED
            }
            let commandId = Self.uuid(seed: fleet.seed, "\(executionId):\(task.windowTaskId):\(targetId ?? "")")
            invocations.append(TaskInvocationRecord(windowTargetId: targetId, start: sent, commandId: commandId, command: result, status: status))
        }
        let cutWhileRunning = task.cutoffBehavior == .CANCEL_TASK && (clock > cutoff || invocations.contains { $0.command.status == "Cancelled" })
        let status: WindowExecutionStatus
        if cutWhileRunning || invocations.contains(where: { $0.status == .TIMED_OUT }) { status = .TIMED_OUT }
        else if invocations.contains(where: { $0.status == .FAILED }) { status = .FAILED }
        else { status = .SUCCESS }
        return TaskExecutionRecord(windowTaskId: task.windowTaskId, priority: task.priority, start: start, end: clock,
                                   status: status, invocations: invocations, parameters: task.document.isPatchDocument ? parameters : nil)
    }

    /// An Automation, Lambda or Step Functions task (Use: not modelled beyond its time): one
    /// invocation per window target, or one for a targetless task; its nodes in waves of
    /// the task's concurrency, `otherTaskSeconds` each; every invocation succeeds.
    func runOtherTask(_ task: WindowTask, window: MaintenanceWindow, at start: Instant, fleet: inout Fleet) -> TaskExecutionRecord {
        var groups: [(String?, Int)] = []
        if task.isTargetless { groups.append((nil, 0)) }
        if !task.instanceIds.isEmpty { groups.append((nil, task.instanceIds.count)) }
        for id in task.windowTargetIds {
            guard let target = window.targets.first(where: { $0.windowTargetId == id }) else { continue }
            groups.append((id, fleet.resolveTargets(cacheKey: "\(window.windowId)/\(id)/\(target.targets)") { target.matches($0) }.count))
        }
        var clock = start
        var invocations: [TaskInvocationRecord] = []
        for (targetId, nodes) in groups {
            let waves = nodes == 0 ? 1 : (nodes + task.rateControl.concurrency(targets: nodes) - 1) / task.rateControl.concurrency(targets: nodes)
            let end = clock.adding(seconds: Int64(waves) * WindowTask.otherTaskSeconds)
            let result = CommandResult(status: "Success", statusDetails: "Success", invocations: [], errorCount: 0, end: end, targetCount: nodes,
                                       countsByDetails: [nodes], maxInFlight: min(nodes, task.rateControl.concurrency(targets: max(nodes, 1))))
            invocations.append(TaskInvocationRecord(windowTargetId: targetId, start: clock, commandId: nil, command: result, status: .SUCCESS))
            clock = end
        }
        return TaskExecutionRecord(windowTaskId: task.windowTaskId, priority: task.priority, start: start, end: clock,
                                   status: .SUCCESS, invocations: invocations)
    }

    /// The `TaskExecutionId` of a task in one window execution (its `{{TASK_EXECUTION_ID}}`).
    public static func taskExecutionId(seed: UInt64, windowExecutionId: String, windowTaskId: String) -> String {
        uuid(seed: seed, "\(windowExecutionId):\(windowTaskId)")
    }

    /// A deterministic UUID-shaped id from the seed and a name.
    public static func uuid(seed: UInt64, _ name: String) -> String { AssignedIds.uuid(seed: seed, name) }
}
