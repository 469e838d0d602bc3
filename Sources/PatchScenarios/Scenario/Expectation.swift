import PatchBaselines
import PatchModel
import PatchScheduling
import PatchWorld

/// Something that must hold at the end of a run, or at the instant `at`, with the spec
/// rule it exercises.
public struct Expectation: Sendable {
    public enum Check: Sendable {
        /// Share of reporting instances (optionally of one OS or patch group) that are COMPLIANT.
        case compliantShare(os: OperatingSystem?, patchGroup: String?, min: Double, max: Double)
        /// How many of the selected nodes report COMPLIANT (exact where a share would be a range).
        case compliantInstances(os: OperatingSystem?, patchGroup: String?, min: Int, max: Int)
        /// How many instances have at least one patch in a state.
        case instancesWithState(PatchComplianceState, min: Int, max: Int)
        /// nil state: the stored report lists no record for the patch (`"state": "none"`).
        case patchState(instance: String, patch: String, state: PatchComplianceState?)
        /// Exact `InstancePatchState` fields (counts, ComplianceStatus, Operation, BaselineId).
        /// nil fields: the node must have no stored report (`"summary": "none"`).
        case summary(instance: String, fields: [(String, String)]?)
        /// The n-th execution's status and, optionally, its invocation counts over all tasks.
        case windowStatus(window: String, execution: Int, status: WindowExecutionStatus, invocations: [(InvocationStatusDetails, Int)],
                          statusDetails: String?)
        /// The n-th run of a patch policy's scan or install association.
        case associationStatus(policy: String, operation: RunPatchBaselineParameters.Operation, execution: Int, status: String)
        /// A command a timed event sent (SendCommand, Patch now): its status and invocation counts.
        case commandStatus(name: String, status: String?, invocations: [(InvocationStatusDetails, Int)])
        case reboots(instance: String, count: Int)
        /// A node's compliance for one State Manager association ([OP-3]): what
        /// AWS-RunPatchBaselineAssociation stores instead of patch data (nil: none stored).
        case associationCompliance(instance: String, association: String, associationId: String, status: String?)
        /// Invariants over the whole run.
        case noRebootOutsideWindow
        case concurrencyWithinMax
        case noBlockedPackageInstalled
        /// [20] No node's stored report replaced by another source's with another baseline or operation.
        case noComplianceSourceConflict
        case scannedWithin(days: Int)
    }

    public var name: String
    public var rule: String
    public var check: Check
    /// Checked when the clock reaches this instant instead of at the end.
    public var at: Instant?

    public struct Outcome: Sendable {
        public var name: String
        public var rule: String
        public var passed: Bool
        public var expected: String
        public var found: String
        /// A few instances involved (ids, not a million).
        public var examples: [String]
        /// For fleet-wide kinds, the counts behind the verdict (they add up across shards).
        public var tally: Tally? = nil
    }

    static let maxExamples = 5

    /// What an expectation may refer to.
    struct References {
        var windows: [MaintenanceWindow]
        var policies: [PatchPolicy]
        var associations: [StateManagerAssociation] = []
        var events: [TimedEvent]
        var start: Instant
        var end: Instant
    }

    static func decode(_ v: JSONValue, references: References, fleet: Fleet) throws -> Expectation {
        var e = try decodeCheck(v, references: references, fleet: fleet)
        if let atV = v["at"] {
            let at = try atV.instant()
            guard at >= references.start, at <= references.end else {
                throw atV.error(found: at.iso8601, allowed: "an instant from the scenario's start \(references.start.iso8601) to its end \(references.end.iso8601)")
            }
            e.at = at
        }
        return e
    }

    static func decodeCheck(_ v: JSONValue, references: References, fleet: Fleet) throws -> Expectation {
        try v.checkKeys(["name", "rule", "fleet", "instance", "patch", "state", "summary", "window", "execution", "status", "reboots",
                         "invariant", "days", "at", "patchPolicy", "association", "stateManagerAssociation", "command", "invocations", "statusDetails", "associationCompliance"])
        let windows = references.windows
        let kinds = ["invariant", "fleet", "window", "patchPolicy", "stateManagerAssociation", "command", "instance"].filter { v[$0] != nil }
        guard kinds.count <= 1 else {
            throw v.error(found: kinds.map { "\"\($0)\"" }.joined(separator: " and "), allowed: "one of \"invariant\", \"fleet\", \"window\", \"patchPolicy\", \"command\", \"instance\"")
        }
        let name = try v.required("name").string()
        let rule = try v["rule"]?.string() ?? ""
        func instanceId() throws -> String {
            let iv = try v.required("instance")
            let id = try iv.string()
            guard fleet.instances[id] != nil else {
                throw iv.error(found: iv.shortDescription, allowed: "an instance id of the fleet, e.g. \(fleet.instances.keys.sorted().prefix(2).joined(separator: ", "))")
            }
            return id
        }
        func state(_ sv: JSONValue) throws -> PatchComplianceState {
            PatchComplianceState(rawValue: try sv.oneOf(PatchComplianceState.allCases.map(\.rawValue))) ?? .MISSING
        }
        if let inv = v["invariant"] {
            let check: Check
            switch try inv.oneOf(["noRebootOutsideWindow", "concurrencyWithinMax", "noBlockedPackageInstalled", "noComplianceSourceConflict", "scannedWithinDays"]) {
            case "noRebootOutsideWindow": check = .noRebootOutsideWindow
            case "concurrencyWithinMax": check = .concurrencyWithinMax
            case "noBlockedPackageInstalled": check = .noBlockedPackageInstalled
            case "noComplianceSourceConflict": check = .noComplianceSourceConflict
            default: check = .scannedWithin(days: try v.required("days").int(in: 1...3660))
            }
            return Expectation(name: name, rule: rule, check: check)
        }
        if let f = v["fleet"] {
            try f.checkKeys(["compliantShare", "compliantInstances", "os", "patchGroup", "state", "instancesWith"])
            if let count = f["compliantInstances"] {
                try count.checkKeys(["min", "max"])
                let os = try f["os"].map { OperatingSystem(rawValue: try $0.oneOf(OperatingSystem.allCases.map(\.rawValue))) } ?? nil
                return Expectation(name: name, rule: rule, check: .compliantInstances(
                    os: os, patchGroup: try f["patchGroup"]?.string(),
                    min: try count["min"]?.int(in: 0...Int.max / 2) ?? 0, max: try count["max"]?.int(in: 0...Int.max / 2) ?? Int.max / 2))
            }
            if let share = f["compliantShare"] {
                try share.checkKeys(["min", "max"])
                let os = try f["os"].map { OperatingSystem(rawValue: try $0.oneOf(OperatingSystem.allCases.map(\.rawValue))) } ?? nil
                return Expectation(name: name, rule: rule, check: .compliantShare(
                    os: os, patchGroup: try f["patchGroup"]?.string(),
                    min: try share["min"]?.double(in: 0...1) ?? 0, max: try share["max"]?.double(in: 0...1) ?? 1))
            }
            let sv = try f.required("state")
            let range = try f.required("instancesWith")
            try range.checkKeys(["min", "max"])
            return Expectation(name: name, rule: rule, check: .instancesWithState(
                try state(sv), min: try range["min"]?.int(in: 0...Int.max / 2) ?? 0, max: try range["max"]?.int(in: 0...Int.max / 2) ?? Int.max / 2))
        }
        if let w = v["window"] {
            let id = try w.string()
            guard windows.contains(where: { $0.windowId == id }) else {
                throw w.error(found: w.shortDescription, allowed: "a WindowId of maintenanceWindows: \(windows.map(\.windowId).joined(separator: ", "))")
            }
            let status = WindowExecutionStatus(rawValue: try v.required("status").oneOf(
                ["SUCCESS", "FAILED", "TIMED_OUT", "CANCELLED", "SKIPPED_OVERLAPPING"])) ?? .SUCCESS
            return Expectation(name: name, rule: rule, check: .windowStatus(window: id, execution: try v.required("execution").int(in: 1...1_000_000),
                                                                            status: status, invocations: try invocationCounts(v),
                                                                            statusDetails: try v["statusDetails"]?.string()))
        }
        if let p = v["patchPolicy"] {
            let policy = try p.string()
            guard references.policies.contains(where: { $0.name == policy }) else {
                throw p.error(found: p.shortDescription, allowed: "a PatchPolicyName of patchPolicies: \(references.policies.map(\.name).joined(separator: ", "))")
            }
            let op = RunPatchBaselineParameters.Operation(rawValue: try v["association"]?.oneOf(["Scan", "Install"]) ?? "Scan") ?? .Scan
            return Expectation(name: name, rule: rule, check: .associationStatus(
                policy: policy, operation: op, execution: try v.required("execution").int(in: 1...1_000_000),
                status: try v.required("status").oneOf(["Success", "Failed"])))
        }
        if let a = v["stateManagerAssociation"] {
            // A State Manager association's runs: its records carry its name and operation.
            let associationName = try a.string()
            guard let association = references.associations.first(where: { $0.name == associationName }) else {
                throw a.error(found: a.shortDescription, allowed: "an AssociationName of associations: \(references.associations.map(\.name).joined(separator: ", "))")
            }
            return Expectation(name: name, rule: rule, check: .associationStatus(
                policy: associationName, operation: association.parameters.operation, execution: try v.required("execution").int(in: 1...1_000_000),
                status: try v.required("status").oneOf(["Success", "Failed"])))
        }
        if let c = v["command"] {
            let command = try c.string()
            guard references.events.contains(where: { $0.name == command && $0.action.sendsCommand }) else {
                throw c.error(found: c.shortDescription, allowed: "the name of a SendCommand or PatchNow event: \(references.events.filter(\.action.sendsCommand).map(\.name).joined(separator: ", "))")
            }
            let counts = try invocationCounts(v)
            let status = try v["status"]?.oneOf(["Success", "Failed", "TimedOut", "Cancelled"])
            return Expectation(name: name, rule: rule, check: .commandStatus(name: command, status: status, invocations: counts))
        }
        let instance = try instanceId()
        if let p = v["patch"] {
            let sv = try v.required("state")
            let expected: PatchComplianceState? = (try? sv.string()) == "none" ? nil : try state(sv)
            return Expectation(name: name, rule: rule, check: .patchState(instance: instance, patch: try p.string(), state: expected))
        }
        if let s = v["summary"] {
            if case .string = s.kind {
                _ = try s.oneOf(["none"])
                return Expectation(name: name, rule: rule, check: .summary(instance: instance, fields: nil))
            }
            let fields = try s.object().map { (key, value) -> (String, String) in
                // [21] A misspelt member is refused here, not failed at the end of the run.
                guard Self.summaryCountKeys.contains(key) || Self.summaryTextKeys.keys.contains(key) else {
                    throw value.error(found: "member \"\(InputError.cut(key))\"",
                                      allowed: "an InstancePatchState member: \((Self.summaryCountKeys + Self.summaryTextKeys.keys.sorted()).joined(separator: ", "))")
                }
                if Self.summaryCountKeys.contains(key) {
                    guard case .number = value.kind else { throw value.error(found: value.shortDescription, allowed: "a count (a number)") }
                } else if let allowed = Self.summaryTextKeys[key], !allowed.isEmpty {
                    _ = try value.oneOf(allowed)
                }
                switch value.kind {
                case .number: return (key, String(try value.int(in: -1...Int.max / 2)))
                default:
                    let text = try value.string()
                    // [AGT-1]: a baseline may be named by its Name as well as its id.
                    if key == "BaselineId", let b = fleet.registry.baseline(text) { return (key, b.baselineId) }
                    return (key, text)
                }
            }
            return Expectation(name: name, rule: rule, check: .summary(instance: instance, fields: fields))
        }
        if let c = v["associationCompliance"] {
            let pairs = try c.object()
            guard pairs.count == 1, let (associationName, statusV) = pairs.first else {
                throw c.error(found: "\(pairs.count) entries", allowed: "one { AssociationName: COMPLIANT | NON_COMPLIANT | none }")
            }
            guard let association = references.associations.first(where: { $0.name == associationName }) else {
                throw c.error(found: "\"\(InputError.cut(associationName))\"", allowed: "an AssociationName of associations: \(references.associations.map(\.name).joined(separator: ", "))")
            }
            let status = try statusV.oneOf(["COMPLIANT", "NON_COMPLIANT", "none"])
            return Expectation(name: name, rule: rule, check: .associationCompliance(instance: instance, association: associationName,
                                                                                      associationId: association.associationId,
                                                                                      status: status == "none" ? nil : status))
        }
        if let r = v["reboots"] {
            return Expectation(name: name, rule: rule, check: .reboots(instance: instance, count: try r.int(in: 0...1_000_000)))
        }
        throw v.error("needs one of \"fleet\", \"window\", \"patchPolicy\", \"stateManagerAssociation\", \"command\", or \"instance\" with \"patch\", \"summary\", \"reboots\" or \"associationCompliance\"")
    }

    /// `invocations`: expected counts per invocation status (`Success`, `Failed`, `Terminated`, ...).
    static func invocationCounts(_ v: JSONValue) throws -> [(InvocationStatusDetails, Int)] {
        var counts: [(InvocationStatusDetails, Int)] = []
        for (key, n) in try v["invocations"]?.object() ?? [] {
            guard let details = InvocationStatusDetails(rawValue: key) else {
                throw n.error(found: "\"\(key)\"", allowed: InvocationStatusDetails.allCases.map(\.rawValue).joined(separator: ", "))
            }
            counts.append((details, try n.int(in: 0...Int.max / 2)))
        }
        return counts
    }

    /// Checks the expectation against the fleet and what has happened by `end`.
    func evaluate(fleet: Fleet, history: SimulationHistory, windows: [MaintenanceWindow] = [], end: Instant = .epoch) -> Outcome {
        let records = history.windowExecutions
        func outcome(_ passed: Bool, _ expected: String, _ found: String, _ examples: [String] = []) -> Outcome {
            Outcome(name: name, rule: rule, passed: passed, expected: expected, found: found, examples: Array(examples.prefix(Self.maxExamples)))
        }
        let stored = fleet.compliance.patchCompliance
        switch check {
        case .compliantShare, .compliantInstances, .instancesWithState, .noRebootOutsideWindow, .concurrencyWithinMax, .noBlockedPackageInstalled, .noComplianceSourceConflict, .scannedWithin:
            guard let t = tally(fleet: fleet, history: history, windows: windows, end: end) else { return outcome(false, "a count", "none") }
            var judged = t.judge(name: name, rule: rule)
            judged.tally = t
            return judged
        case let .patchState(instance, patch, state):
            let found = stored[instance]?.records.first { $0.kbId == patch }?.state.rawValue ?? (stored[instance] == nil ? "no report" : "not listed")
            let wanted = state?.rawValue ?? "not listed"
            return outcome(found == wanted, wanted, found, [instance])
        case let .summary(instance, fields):
            guard let fields else {
                return outcome(stored[instance] == nil, "no report", stored[instance].map { "a report from \($0.summary.operation) at \($0.summary.operationStartTime)" } ?? "no report", [instance])
            }
            guard let s = stored[instance]?.summary else { return outcome(false, "a report", "no report", [instance]) }
            var actual = Self.fields(s)
            actual["ExecutionType"] = fleet.compliance.executionType(instance)?.rawValue
            let wrong = fields.filter { actual[$0.0] != $0.1 }
            return outcome(wrong.isEmpty, fields.map { "\($0.0)=\($0.1)" }.joined(separator: ", "),
                           wrong.isEmpty ? "as expected" : wrong.map { "\($0.0)=\(actual[$0.0] ?? "(no such field)")" }.joined(separator: ", "), [instance])
        case let .windowStatus(window, execution, status, counts, details):
            let runs = records.filter { $0.windowId == window }
            guard execution <= runs.count else { return outcome(false, status.rawValue, "only \(Wording.count(runs.count, "execution"))") }
            let r = runs[execution - 1]
            let commands = r.tasks.flatMap(\.invocations).map(\.command)
            let failedNodes = commands.flatMap(\.invocations).filter { $0.details != .Success }.map(\.instanceId)
            func total(_ d: InvocationStatusDetails) -> Int { commands.reduce(0) { $0 + $1.count(d) } }
            let wrong = counts.filter { total($0.0) != $0.1 }
            let detailsWrong = details.map { $0 != r.statusDetails } ?? false
            let expected = ([status.rawValue] + (details.map { ["StatusDetails \"\($0)\""] } ?? []) + counts.map { "\($0.0.rawValue)=\($0.1)" }).joined(separator: ", ")
            let found = ["\(r.status.rawValue) (execution at \(r.start))"] + (detailsWrong ? ["StatusDetails \"\(r.statusDetails)\""] : [])
                + wrong.map { "\($0.0.rawValue)=\(total($0.0))" }
            return outcome(r.status == status && wrong.isEmpty && !detailsWrong, expected, found.joined(separator: ", "), failedNodes)
        case let .associationStatus(policy, operation, execution, status):
            let runs = history.associationExecutions.filter { $0.policyName == policy && $0.operation == operation }
            guard execution <= runs.count else { return outcome(false, status, "only \(Wording.count(runs.count, "\(operation.rawValue) execution"))") }
            let r = runs[execution - 1]
            let failedNodes = r.command.invocations.filter { $0.details != .Success }.map(\.instanceId)
            return outcome(r.status == status, status, "\(r.status) (execution at \(r.start), \(Wording.count(r.command.targetCount, "target")))", failedNodes)
        case let .commandStatus(command, status, counts):
            guard let r = history.commands.first(where: { $0.name == command }) else { return outcome(false, "the command sent", "not sent (yet)") }
            let c = r.result
            var wrong = counts.filter { c.count($0.0) != $0.1 }.map { "\($0.0.rawValue)=\(c.count($0.0))" }
            if let status, c.status != status { wrong.insert("status \(c.status)", at: 0) }
            let expected = ((status.map { ["status \($0)"] } ?? []) + counts.map { "\($0.0.rawValue)=\($0.1)" }).joined(separator: ", ")
            return outcome(wrong.isEmpty, expected, wrong.isEmpty ? "as expected" : wrong.joined(separator: ", "),
                           c.invocations.filter { $0.details != .Success }.map(\.instanceId))
        case let .reboots(instance, count):
            let n = fleet.instances[instance]?.reboots ?? 0
            return outcome(n == count, Wording.count(count, "reboot"), Wording.count(n, "reboot"), [instance])
        case let .associationCompliance(instance, association, associationId, status):
            let found = fleet.compliance.associationCompliance[instance]?[associationId]
            return outcome(found == status, "\(association): \(status ?? "no compliance")", found ?? "no compliance", [instance])
        }
    }

    /// What a fleet-wide expectation counts, for the kinds that add up over parts of a
    /// fleet (shards); nil for an expectation about one instance, window, policy or command.
    func tally(fleet: Fleet, history: SimulationHistory, windows: [MaintenanceWindow], end: Instant) -> Tally? {
        let stored = fleet.compliance.patchCompliance
        switch check {
        case let .compliantShare(os, group, _, _), let .compliantInstances(os, group, _, _):
            let ids = fleet.instances.values.filter { (os == nil || $0.os == os) && (group == nil || $0.patchGroup == group) }.map(\.instanceId).sorted()
            let reporting = ids.filter { stored[$0] != nil }
            let compliant = reporting.filter { stored[$0]?.summary.complianceStatus == "COMPLIANT" }.count
            let kind: Tally.Check
            switch check {
            case let .compliantInstances(_, _, lo, hi): kind = .compliantInstances(min: lo, max: hi)
            case let .compliantShare(_, _, lo, hi): kind = .compliantShare(min: lo, max: hi)
            default: return nil
            }
            return Tally(check: kind, counts: [compliant, reporting.count, ids.count],
                         lists: [reporting.filter { stored[$0]?.summary.complianceStatus != "COMPLIANT" }, ids.filter { stored[$0] == nil }])
        case let .instancesWithState(state, lo, hi):
            let ids = stored.keys.sorted().filter { id in stored[id]?.records.contains { $0.state == state } ?? false }
            return Tally(check: .instancesWithState(state, min: lo, max: hi), counts: [ids.count], lists: [ids])
        case .noRebootOutsideWindow:
            // Gathered as runs happen: a Patch Manager reboot after the end (start + Duration)
            // of the window execution that ran it.
            return Tally(check: .noRebootOutsideWindow, counts: [fleet.audit.rebootsOutsideWindowCount], lists: [fleet.audit.rebootsOutsideWindow])
        case .concurrencyWithinMax:
            var worst: [String] = []
            for r in history.windowExecutions {
                for t in r.tasks {
                    guard let task = windows.first(where: { $0.windowId == r.windowId })?.tasks.first(where: { $0.windowTaskId == t.windowTaskId }) else { continue }
                    for inv in t.invocations where inv.command.maxInFlight > task.rateControl.concurrency(targets: inv.command.targetCount) {
                        worst.append("\(r.windowExecutionId)/\(t.windowTaskId)")
                    }
                }
            }
            // Patch policies' associations and commands sent by events keep their own rate control.
            for a in history.associationExecutions where a.command.maxInFlight > a.rateControl.concurrency(targets: a.command.targetCount) {
                worst.append(a.executionId)
            }
            for c in history.commands where c.result.maxInFlight > c.rateControl.concurrency(targets: c.result.targetCount) {
                worst.append(c.name)
            }
            return Tally(check: .concurrencyWithinMax, counts: [worst.count], lists: [worst])
        case .noBlockedPackageInstalled:
            return Tally(check: .noBlockedPackageInstalled, counts: [fleet.audit.blockedInstallsCount], lists: [fleet.audit.blockedInstalls])
        case .noComplianceSourceConflict:
            let o = fleet.compliance.overwrites
            return Tally(check: .noComplianceSourceConflict, counts: [o.count, o.nodes.count], lists: [Array(o.nodes)])
        case .scannedWithin(let days):
            let limit = Int64(days) * Instant.secondsPerDay
            let stale = fleet.instances.values.filter(\.managed).map(\.instanceId).sorted().filter { id in
                guard let last = fleet.compliance.lastWrite(id) else { return true }
                return end.secondsSinceEpoch - last.secondsSinceEpoch > limit
            }
            return Tally(check: .scannedWithin(days: days), counts: [stale.count], lists: [stale])
        default:
            return nil
        }
    }

    /// The summary members an expectation may name: counts, and text members with their
    /// allowed values (empty: any string).
    static let summaryCountKeys = ["InstalledCount", "InstalledOtherCount", "InstalledPendingRebootCount", "InstalledRejectedCount",
                                   "MissingCount", "FailedCount", "NotApplicableCount", "AvailableSecurityUpdateCount",
                                   "CriticalNonCompliantCount", "SecurityNonCompliantCount", "OtherNonCompliantCount"]
    static let summaryTextKeys: [String: [String]] = [
        "ComplianceStatus": ["COMPLIANT", "NON_COMPLIANT"], "Operation": ["Scan", "Install"], "BaselineId": [], "PatchGroup": [],
        "ExecutionType": ["Command", "PatchPolicy"],
    ]

    static func fields(_ s: InstancePatchState) -> [String: String] {
        [
            "InstalledCount": String(s.installedCount), "InstalledOtherCount": String(s.installedOtherCount),
            "InstalledPendingRebootCount": String(s.installedPendingRebootCount), "InstalledRejectedCount": String(s.installedRejectedCount),
            "MissingCount": String(s.missingCount), "FailedCount": String(s.failedCount), "NotApplicableCount": String(s.notApplicableCount),
            "AvailableSecurityUpdateCount": String(s.availableSecurityUpdateCount),
            "CriticalNonCompliantCount": String(s.criticalNonCompliantCount), "SecurityNonCompliantCount": String(s.securityNonCompliantCount),
            "OtherNonCompliantCount": String(s.otherNonCompliantCount), "ComplianceStatus": s.complianceStatus,
            "Operation": s.operation, "BaselineId": s.baselineId, "PatchGroup": s.patchGroup,
        ]
    }
}
