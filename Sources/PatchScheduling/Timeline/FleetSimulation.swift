import PatchBaselines
import PatchModel
import PatchWorld

/// The discrete-event run of a fleet from one instant to another: maintenance-window
/// executions, patch-policy associations, commands and timed state changes, in time order.
///
/// At one instant the order is fixed (scheduling.md §0, and Use where it is silent):
/// state changes (tags, stops, baseline edits) in file order, then patch-policy baseline
/// syncs, then window executions by window id, then policy associations (scan before
/// install), then commands (SendCommand, Patch now) in file order.
///
/// An execution is carried out whole at the instant it starts: its nodes' runs are
/// computed then, with their own simulated times. What can change under a running command
/// is known in advance and looked up at each node's own start: baseline edits (the
/// registry's timeline, case 68; a window's baseline is frozen at first use anyway,
/// [SNP-1]), `StartInstances` of an offline target (case 42), cancels (case 52) and
/// repository outages (part of the repository's timeline). Tag changes and stops act on
/// the executions that start after them.
public struct FleetSimulation {
    public var windows: [MaintenanceWindow]
    public var policies: [PatchPolicy]
    /// State Manager associations ([OP-3]), after the policies at each instant.
    public var associations: [StateManagerAssociation] = []
    public var events: [TimedEvent]
    /// Parameter Store at the start (name → value); `PutParameter`/`DeleteParameter` change it.
    public var parameterStore: [String: String]
    /// Upper bound on executions per window and run, so a rate(5 minutes) window over a
    /// long period stays bounded.
    public static let maxExecutionsPerWindow = 100_000

    /// When the simulated span begins: a window created before it (an imported account's)
    /// runs from here on, its cron or rate phase kept.
    public var start: Instant?

    public init(windows: [MaintenanceWindow], policies: [PatchPolicy] = [], associations: [StateManagerAssociation] = [],
                events: [TimedEvent] = [], parameterStore: [String: String] = [:]) {
        self.windows = windows
        self.policies = policies
        self.associations = associations
        self.events = events
        self.parameterStore = parameterStore
    }

    /// The window executions only.
    public func run(fleet: inout Fleet, until end: Instant) -> [WindowExecutionRecord] {
        simulate(fleet: &fleet, until: end).windowExecutions
    }

    enum Kind {
        case event(Int)
        case policySync
        case policyCreated(Int)
        case window(Int)
        case association(Int, install: Bool)
        case stateManager(Int)
    }

    struct Occurrence {
        var at: Instant
        var rank: Int
        var order: Int
        var kind: Kind
    }

    /// Runs everything up to `end`. `atCheckpoint(k, fleet, history)` is called once per
    /// instant of `checkpoints` (ascending), before anything at or after that instant;
    /// `progress` with each occurrence's instant before it happens.
    public func simulate(fleet: inout Fleet, until end: Instant, checkpoints: [Instant] = [],
                         atCheckpoint: (Int, Fleet, SimulationHistory) -> Void = { _, _, _ in },
                         progress: (Instant) -> Void = { _ in }) -> SimulationHistory {
        var occurrences: [Occurrence] = []
        let windowOrder = windows.indices.sorted { windows[$0].windowId < windows[$1].windowId }
        for (rank, k) in windowOrder.enumerated() {
            // Each schedule the window has over the run, up to the next update's instant.
            let segments = Self.scheduleSegments(windows[k], events: events.filter { $0.at <= end })
            var count = 0
            for (j, segment) in segments.enumerated() {
                var schedule = segment.schedule
                if let start, schedule.created < start { Self.advance(&schedule, to: start) }
                let until = j + 1 < segments.count ? segments[j + 1].from : nil
                while count < Self.maxExecutionsPerWindow {
                    let batch = schedule.nextRuns(count: 256).filter { t in t <= end && until.map { t < $0 } ?? true }
                    occurrences += batch.map { Occurrence(at: $0, rank: 2, order: rank, kind: .window(k)) }
                    count += batch.count
                    guard batch.count == 256, let last = batch.last else { break }
                    schedule.created = last
                }
            }
        }
        for (k, p) in policies.enumerated() {
            occurrences.append(Occurrence(at: p.created, rank: 1, order: k, kind: .policyCreated(k)))
            occurrences += p.scan.runs(until: end).map { Occurrence(at: $0, rank: 3, order: 2 * k, kind: .association(k, install: false)) }
            occurrences += (p.install?.runs(until: end) ?? []).map { Occurrence(at: $0, rank: 3, order: 2 * k + 1, kind: .association(k, install: true)) }
        }
        for (k, a) in associations.enumerated() {
            occurrences += a.runs(until: end).map { Occurrence(at: $0, rank: 3, order: 2 * policies.count + k, kind: .stateManager(k)) }
        }
        for (k, e) in events.enumerated() where e.at <= end {
            occurrences.append(Occurrence(at: e.at, rank: e.action.sendsCommand ? 4 : 0, order: k, kind: .event(k)))
            if e.action.editsBaselines && !policies.isEmpty {
                occurrences.append(Occurrence(at: PatchPolicy.syncInstant(afterEditAt: e.at), rank: 1, order: -1, kind: .policySync))
            }
        }
        if let start { occurrences.removeAll { $0.at < start } }
        occurrences.sort { ($0.at, $0.rank, $0.order) < ($1.at, $1.rank, $1.order) }

        var history = SimulationHistory()
        var state = RunState(windows: windows, policies: policies)
        state.parameterStore = parameterStore
        // Each window's scheduled instants (a cancel belongs to the execution running then)
        // and the cancels aimed at it.
        for o in occurrences { if case .window(let k) = o.kind { state.starts[k, default: []].append(o.at) } }
        for e in events where e.at <= end {
            if case let .cancelWindowExecution(windowId, executionId) = e.action, let k = windows.firstIndex(where: { $0.windowId == windowId }) {
                state.cancels[k, default: []].append((e.at, executionId))
            }
        }
        state.returns = NodeReturns(starts: events.compactMap { e in
            if case let .setRunning(selector, true) = e.action, e.at <= end { return (e.at, selector) }
            return nil
        })
        fleet.registryTimeline = Self.registryTimeline(from: fleet.registry, events: events.filter { $0.at <= end })
        defer { fleet.registryTimeline = [] }
        var nextCheckpoint = 0
        for o in occurrences {
            progress(o.at)
            while nextCheckpoint < checkpoints.count, checkpoints[nextCheckpoint] <= o.at {
                atCheckpoint(nextCheckpoint, fleet, history)
                nextCheckpoint += 1
            }
            switch o.kind {
            case .window(let k): state.executeWindow(k, at: o.at, fleet: &fleet, history: &history)
            case .policyCreated(let k): state.policies[k].sync(from: fleet.registry)
            case .policySync: for k in state.policies.indices { state.policies[k].sync(from: fleet.registry) }
            case let .association(k, install): state.runAssociation(k, install: install, at: o.at, fleet: &fleet, history: &history)
            case .stateManager(let k): state.runStateManager(associations[k], at: o.at, fleet: &fleet, history: &history)
            case .event(let k): state.apply(events[k], fleet: &fleet, history: &history)
            }
        }
        while nextCheckpoint < checkpoints.count {
            atCheckpoint(nextCheckpoint, fleet, history)
            nextCheckpoint += 1
        }
        return history
    }

    /// Moves a schedule's search forward to just before `start` without changing when it
    /// fires: cron and at() runs are matched after `created`; a rate keeps its phase (the
    /// anchor moves by whole intervals).
    static func advance(_ schedule: inout MaintenanceWindowSchedule, to start: Instant) {
        switch schedule.expression {
        case .rate(let interval) where interval > 0:
            let behind = start.secondsSinceEpoch - schedule.created.secondsSinceEpoch
            let steps = max(0, behind / interval - 1)
            if schedule.startDate.map({ $0 <= schedule.created }) ?? true {
                schedule.created = schedule.created.adding(seconds: steps * interval)
            }
        case .rate:
            break
        default:
            schedule.created = start.adding(seconds: -1)
        }
    }

    /// The schedules a window has over the run: its own, then each one a valid
    /// `UpdateMaintenanceWindow` sets (created at the update, so a rate is anchored there).
    static func scheduleSegments(_ window: MaintenanceWindow, events: [TimedEvent]) -> [(from: Instant, schedule: MaintenanceWindowSchedule)] {
        var segments = [(from: window.schedule.created, schedule: window.schedule)]
        for e in events.enumerated().sorted(by: { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }).map(\.element) {
            guard case let .updateWindowSchedule(id, text, zone, offset) = e.action, id == window.windowId,
                  let current = segments.last?.schedule,
                  let updated = try? current.updated(expression: text, timeZone: zone, offsetDays: offset, at: e.at) else { continue }
            segments.append((e.at, updated))
        }
        return segments
    }

    /// The baselines after each scheduled edit, replayed ahead of the run in the order the
    /// run applies them (time, then file order). An edit the service would refuse leaves
    /// them as they were, as it does when the run reaches it.
    static func registryTimeline(from start: BaselineRegistry, events: [TimedEvent]) -> [(at: Instant, registry: BaselineRegistry)] {
        var registry = start
        var timeline: [(at: Instant, registry: BaselineRegistry)] = []
        for e in events.enumerated().sorted(by: { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }).map(\.element) {
            // Not an edit, or one the service refuses: nothing changes.
            guard e.action.baselineEditName != nil, (try? apply(e.action, to: &registry)) != nil else { continue }
            if let last = timeline.last, last.at == e.at { timeline[timeline.count - 1].registry = registry } else { timeline.append((e.at, registry)) }
        }
        return timeline
    }

    /// Applies a baseline edit (`UpdatePatchBaseline`, ...); other actions change nothing.
    /// Throws what the service would refuse.
    static func apply(_ action: TimedAction, to registry: inout BaselineRegistry) throws {
        switch action {
        case .updateBaseline(let b): try registry.update(b)
        case .deleteBaseline(let id): try registry.delete(id)
        case let .registerPatchGroup(group, id): try registry.register(patchGroup: group, baselineId: id)
        case let .deregisterPatchGroup(group, id): try registry.deregister(patchGroup: group, baselineId: id)
        case .registerDefaultBaseline(let id): try registry.registerDefault(id)
        default: break
        }
    }

    /// What changes while the clock runs: windows switched on and off, policies' baseline
    /// copies, and bookkeeping for overlaps and ids.
    struct RunState {
        var windows: [MaintenanceWindow]
        var policies: [PatchPolicy]
        var lastEnd: [Int: Instant] = [:]
        var executions: [Int: Int] = [:]
        var associationRuns: [String: Int] = [:]
        var snapshots = SnapshotStore()
        var starts: [Int: [Instant]] = [:]
        var cancels: [Int: [(at: Instant, executionId: String?)]] = [:]
        var returns = NodeReturns.none
        var parameterStore: [String: String] = [:]

        init(windows: [MaintenanceWindow], policies: [PatchPolicy]) {
            self.windows = windows
            self.policies = policies
        }

        mutating func executeWindow(_ k: Int, at s: Instant, fleet: inout Fleet, history: inout SimulationHistory) {
            let w = windows[k]
            guard w.enabled else { return }  // a disabled window leaves no record ([MW-5] case 53)
            executions[k, default: 0] += 1
            let number = executions[k] ?? 0
            if let previous = lastEnd[k], previous > s {
                var skipped = WindowExecutionRecord(
                    windowId: w.windowId, windowExecutionId: WindowExecutor.uuid(seed: fleet.seed, "\(w.windowId):\(number)"),
                    start: s, end: s, status: .SKIPPED_OVERLAPPING, statusDetails: "SKIPPED_OVERLAPPING", tasks: [])
                skipped.milliseconds = w.schedule.runMilliseconds
                history.windowExecutions.append(skipped)
                return
            }
            // A cancel after this start and before the window's next one is for this execution.
            let executionId = WindowExecutor.uuid(seed: fleet.seed, "\(w.windowId):\(number)")
            let next = starts[k]?.first { $0 > s }
            let cancelAt = cancels[k]?.filter { c in c.at > s && next.map { c.at < $0 } ?? true && (c.executionId ?? executionId) == executionId }.map(\.at).min()
            var r = WindowExecutor().execute(w, at: s, executionNumber: number, fleet: &fleet, snapshots: &snapshots, cancelAt: cancelAt,
                                                returns: returns, parameterStore: parameterStore)
            r.milliseconds = w.schedule.runMilliseconds
            lastEnd[k] = r.end
            history.windowExecutions.append(r)
        }

        mutating func runAssociation(_ k: Int, install: Bool, at t: Instant, fleet: inout Fleet, history: inout SimulationHistory) {
            let policy = policies[k]
            let associationId = install ? policy.installAssociationId : policy.scanAssociationId
            associationRuns[associationId, default: 0] += 1
            var parameters = RunPatchBaselineParameters(operation: install ? .Install : .Scan,
                                                        rebootOption: install ? policy.rebootOption : .NoReboot,
                                                        associationId: associationId, policyBaselines: policy.baselines)
            parameters.source = ComplianceSource(.PatchPolicy, policy.name)
            let targets = fleet.resolveTargets(cacheKey: "policy:\(policy.name)") { policy.matches($0) }
            var command = PatchCommand(parameters: parameters, rateControl: policy.rateControl)
            command.returns = returns
            let result = command.send(to: targets, at: t, fleet: &fleet, snapshots: &snapshots)
            history.associationExecutions.append(AssociationExecutionRecord(
                policyName: policy.name, associationId: associationId,
                executionId: WindowExecutor.uuid(seed: fleet.seed, "\(associationId):\(associationRuns[associationId] ?? 0)"),
                operation: parameters.operation, rebootOption: parameters.rebootOption, start: t, end: result.end,
                status: result.status == "Success" ? "Success" : "Failed", command: result, rateControl: policy.rateControl))
        }

        /// One application of a State Manager association: one command to its targets.
        mutating func runStateManager(_ a: StateManagerAssociation, at t: Instant, fleet: inout Fleet, history: inout SimulationHistory) {
            associationRuns[a.associationId, default: 0] += 1
            let targets = fleet.resolveTargets(cacheKey: "association:\(a.associationId)") { a.matches($0) }
            var parameters = a.parameters
            parameters.source = ComplianceSource(.Association, a.name)
            var command = PatchCommand(parameters: parameters, rateControl: a.rateControl)
            command.returns = returns
            command.document = a.document
            let result = command.send(to: targets, at: t, fleet: &fleet, snapshots: &snapshots)
            var record = AssociationExecutionRecord(
                policyName: a.name, associationId: a.associationId,
                executionId: WindowExecutor.uuid(seed: fleet.seed, "\(a.associationId):\(associationRuns[a.associationId] ?? 0)"),
                operation: a.parameters.operation, rebootOption: a.parameters.rebootOption, start: t, end: result.end,
                status: result.status == "Success" ? "Success" : "Failed", command: result, rateControl: a.rateControl)
            record.documentName = a.document.name
            history.associationExecutions.append(record)
        }

        mutating func apply(_ event: TimedEvent, fleet: inout Fleet, history: inout SimulationHistory) {
            func record(_ action: String, _ outcome: String, failed: Bool = false) {
                history.actions.append(ActionRecord(at: event.at, name: event.name, action: action, outcome: outcome, failed: failed))
            }
            func record(_ action: String, instances n: Int) {
                history.actions.append(ActionRecord(at: event.at, name: event.name, action: action, outcome: ActionRecord.instancesOutcome(n),
                                                    failed: false, instanceCount: n))
            }
            func selected(_ selector: NodeSelector) -> [String] {
                fleet.instances.values.filter { selector.matches($0) }.map(\.instanceId).sorted()
            }
            func send(_ origin: String, to targets: [String], parameters: RunPatchBaselineParameters, rateControl: RateControl,
                      timeoutSeconds: Int64 = PatchCommand.defaultTimeoutSeconds, document: CommandDocument = .runPatchBaseline) {
                var sent = parameters
                sent.source = ComplianceSource(origin == "PatchNow" ? .PatchNow : .SendCommand, event.name)
                var command = PatchCommand(parameters: sent, rateControl: rateControl)
                command.returns = returns
                command.timeoutSeconds = timeoutSeconds
                command.document = document
                let result = command.send(to: targets, at: event.at, fleet: &fleet, snapshots: &snapshots)
                var record = CommandRecord(name: event.name, origin: origin,
                                           commandId: WindowExecutor.uuid(seed: fleet.seed, "command:\(event.name)"),
                                           requestedDateTime: event.at, operation: parameters.operation,
                                           rebootOption: parameters.rebootOption, result: result, rateControl: rateControl)
                record.documentName = document.name
                record.timeoutSeconds = timeoutSeconds
                history.commands.append(record)
            }
            func attempt(_ action: String, _ body: () throws -> Void) {
                do { try body(); record(action, "OK") } catch { record(action, "\(error)", failed: true) }
            }
            switch event.action {
            case let .createTags(selector, tags):
                let ids = selected(selector)
                for id in ids { fleet.retag(id, tags: (fleet.instances[id]?.tags ?? [:]).merging(tags) { _, new in new }) }
                record("CreateTags", instances: ids.count)
            case let .deleteTags(selector, keys):
                let ids = selected(selector)
                for id in ids {
                    var tags = fleet.instances[id]?.tags ?? [:]
                    for (key, value) in keys where value == nil || tags[key] == value { tags[key] = nil }
                    fleet.retag(id, tags: tags)
                }
                record("DeleteTags", instances: ids.count)
            case let .setRunning(selector, running):
                let ids = selected(selector)
                for id in ids {
                    guard var node = fleet.instances[id] else { continue }
                    // A stopped node that starts boots: what waited for a reboot no longer does.
                    if running && !node.online { node.boot(at: event.at) }
                    node.online = running
                    fleet.instances[id] = node
                }
                record(running ? "StartInstances" : "StopInstances", instances: ids.count)
            case let .rebootInstances(selector):
                let ids = selected(selector).filter { fleet.instances[$0]?.online == true }
                for id in ids { fleet.instances[id]?.reboot(at: event.at) }
                record("RebootInstances", instances: ids.count)
            case let .configureKernelLivePatching(selector, enable):
                // Counted: the nodes it reached that run Amazon Linux 2 on x86_64.
                let reached = selected(selector).filter { id in
                    if case .unsupported = fleet.configureKernelLivePatching(id, enable: enable, at: event.at) { return false }
                    return true
                }
                record("AWS-ConfigureKernelLivePatching", instances: reached.count)
            case .updateBaseline, .deleteBaseline, .registerPatchGroup, .deregisterPatchGroup, .registerDefaultBaseline:
                attempt(event.action.baselineEditName ?? "") { try FleetSimulation.apply(event.action, to: &fleet.registry) }
            case let .setWindowEnabled(windowId, enabled):
                guard let k = windows.firstIndex(where: { $0.windowId == windowId }) else {
                    record("UpdateMaintenanceWindow", "DoesNotExistException: window \(windowId)", failed: true)
                    return
                }
                windows[k].enabled = enabled
                record("UpdateMaintenanceWindow", enabled ? "enabled" : "disabled")
            case let .updateWindowSchedule(windowId, text, zone, offset):
                guard let k = windows.firstIndex(where: { $0.windowId == windowId }) else {
                    record("UpdateMaintenanceWindow", "DoesNotExistException: window \(windowId)", failed: true)
                    return
                }
                // The run's occurrences already follow the valid updates (scheduleSegments).
                do {
                    windows[k].schedule = try windows[k].schedule.updated(expression: text, timeZone: zone, offsetDays: offset, at: event.at)
                    record("UpdateMaintenanceWindow", "Schedule \(text)")
                } catch {
                    record("UpdateMaintenanceWindow", "ValidationException: \(error)", failed: true)
                }
            case let .cancelWindowExecution(windowId, executionId):
                // The execution itself was computed when it started, with this cancel in it.
                let running = history.windowExecutions.last { $0.windowId == windowId && $0.start < event.at && (executionId ?? $0.windowExecutionId) == $0.windowExecutionId }
                if let r = running, r.status == .CANCELLED, r.end >= event.at {
                    record("CancelMaintenanceWindowExecution", "\(r.windowExecutionId) CANCELLING, then CANCELLED at \(r.end.iso8601)")
                } else if let r = running, r.end < event.at {
                    record("CancelMaintenanceWindowExecution", "execution \(r.windowExecutionId) already ended \(r.status.rawValue)", failed: true)
                } else {
                    record("CancelMaintenanceWindowExecution", "DoesNotExistException: no execution of \(executionId ?? windowId) is running", failed: true)
                }
                history.actions[history.actions.count - 1].windowId = windowId
            case let .putParameter(name, value):
                parameterStore[name] = value
                record("PutParameter", name)
            case let .deleteParameter(name):
                let existed = parameterStore.removeValue(forKey: name) != nil
                record("DeleteParameter", existed ? name : "ParameterNotFound: \(name)", failed: !existed)
            case let .sendCommand(selector, parameters, rateControl, timeoutSeconds, document):
                send("SendCommand", to: selected(selector), parameters: parameters, rateControl: rateControl, timeoutSeconds: timeoutSeconds,
                     document: document)
            case let .patchNow(selector, operation, reboot):
                let targets = selected(selector)
                let limits = PatchNow.rateControl(nodes: targets.count, install: operation == .Install)
                guard let rateControl = try? RateControl(maxConcurrency: limits.maxConcurrency, maxErrors: limits.maxErrors) else {
                    record("PatchNow", "no rate control for \(targets.count) nodes", failed: true)
                    return
                }
                send("PatchNow", to: targets, parameters: RunPatchBaselineParameters(operation: operation, rebootOption: reboot), rateControl: rateControl)
            }
        }
    }
}
