import Foundation
import PatchBaselines
import PatchModel
import PatchScheduling
import PatchWorld

/// The full report: stable key order, rows sorted, so two runs compare byte for byte.
public enum JSONReport {
    public static func render(_ runs: [ScenarioRun]) -> String {
        JSONOutput.object([("scenarios", .array(runs.map(scenario)))]).rendered()
    }

    static func scenario(_ r: ScenarioRun) -> JSONOutput {
        let stored = r.fleet.compliance.patchCompliance
        let ids = r.fleet.instances.keys.sorted()
        let compliant = ids.filter { stored[$0]?.summary.complianceStatus == "COMPLIANT" }.count
        return .object([
            ("name", .string(r.scenario.name)), ("file", .string(r.scenario.file)), ("seed", .string(String(r.scenario.seed))),
            ("start", .string(r.scenario.start.iso8601)), ("end", .string(r.scenario.end.iso8601)),
            ("passed", .bool(r.passed)),
            ("fleet", .object([("instances", .int(ids.count)), ("reporting", .int(stored.count)), ("compliant", .int(compliant))])),
            ("expectations", .array(r.outcomes.map { o in
                .object([("name", .string(o.name)), ("rule", .string(o.rule)), ("passed", .bool(o.passed)),
                         ("expected", .string(o.expected)), ("found", .string(o.found)), ("examples", .array(o.examples.map { .string($0) }))])
            })),
            ("windowExecutions", .array(r.executions.map { e in
                .object([
                    ("WindowId", .string(e.windowId)), ("WindowExecutionId", .string(e.windowExecutionId)),
                    ("StartTime", .string(e.start.iso8601)), ("EndTime", .string(e.end.iso8601)), ("Status", .string(e.status.rawValue)),
                    ("Tasks", .array(e.tasks.map { t in
                        .object([("WindowTaskId", .string(t.windowTaskId)), ("Priority", .int(t.priority)), ("Status", .string(t.status.rawValue)),
                                 ("Invocations", .array(t.invocations.map { i in
                                     let c = i.command
                                     return .object([("WindowTargetId", i.windowTargetId.map { .string($0) } ?? .null),
                                                     ("Status", .string(i.status.rawValue)), ("CommandStatus", .string(c.status)),
                                                     ("StatusDetails", .string(c.statusDetails)), ("TargetCount", .int(c.targetCount)),
                                                     ("ErrorCount", .int(c.errorCount)),
                                                     ("Terminated", .int(c.count(.Terminated)))])
                                 }))])
                    })),
                ])
            })),
            ("associationExecutions", .array(r.history.associationExecutions.map { a in
                .object([("PatchPolicyName", .string(a.policyName)), ("AssociationId", .string(a.associationId)),
                         ("ExecutionId", .string(a.executionId)), ("Operation", .string(a.operation.rawValue)),
                         ("CreatedTime", .string(a.start.iso8601)), ("EndTime", .string(a.end.iso8601)), ("Status", .string(a.status)),
                         ("Command", command(a.command))])
            })),
            ("commands", .array(r.history.commands.map { c in
                .object([("Name", .string(c.name)), ("Origin", .string(c.origin)), ("CommandId", .string(c.commandId)),
                         ("RequestedDateTime", .string(c.requestedDateTime.iso8601)), ("Operation", .string(c.operation.rawValue)),
                         ("Command", command(c.result))])
            })),
            ("events", .array(r.history.actions.map { a in
                .object([("At", .string(a.at.iso8601)), ("Name", .string(a.name)), ("Action", .string(a.action)),
                         ("Outcome", .string(a.outcome)), ("Failed", .bool(a.failed))])
            })),
            ("instancePatchStates", .array(ids.compactMap { id in
                guard let s = stored[id]?.summary else { return nil }
                return .object([
                    ("InstanceId", .string(id)), ("PatchGroup", .string(s.patchGroup)), ("BaselineId", .string(s.baselineId)),
                    ("Operation", .string(s.operation)), ("OperationEndTime", .string(s.operationEndTime.iso8601)),
                    ("InstalledCount", .int(s.installedCount)), ("InstalledOtherCount", .int(s.installedOtherCount)),
                    ("InstalledPendingRebootCount", .int(s.installedPendingRebootCount)),
                    ("InstalledRejectedCount", .int(s.installedRejectedCount)), ("MissingCount", .int(s.missingCount)),
                    ("FailedCount", .int(s.failedCount)), ("NotApplicableCount", .int(s.notApplicableCount)),
                    ("CriticalNonCompliantCount", .int(s.criticalNonCompliantCount)),
                    ("SecurityNonCompliantCount", .int(s.securityNonCompliantCount)),
                    ("OtherNonCompliantCount", .int(s.otherNonCompliantCount)),
                    ("ComplianceStatus", .string(s.complianceStatus)),
                    ("ExecutionType", .string(r.fleet.compliance.executionType(id)?.rawValue ?? "Command")),
                ])
            })),
        ])
    }
}

extension JSONReport {
    /// A command's outcome: status, counts per invocation status, and the nodes that did not succeed.
    static func command(_ c: CommandResult) -> JSONOutput {
        .object([("Status", .string(c.status)), ("StatusDetails", .string(c.statusDetails)), ("TargetCount", .int(c.targetCount)),
                 ("ErrorCount", .int(c.errorCount)), ("CompletedTime", .string(c.end.iso8601)),
                 ("Invocations", .object(InvocationStatusDetails.allCases.filter { c.count($0) > 0 }.map { ($0.rawValue, .int(c.count($0))) })),
                 ("Unsuccessful", .array(c.invocations.filter { $0.details != .Success }.prefix(100).map { .string("\($0.instanceId) \($0.details.rawValue)") }))])
    }
}

/// JUnit XML: one testcase per expectation, so any CI shows them.
public enum JUnitReport {
    public static func render(_ runs: [ScenarioRun]) -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n"
        for r in runs {
            let failures = r.outcomes.filter { !$0.passed }.count
            out += "  <testsuite name=\"\(xml(r.scenario.name))\" tests=\"\(r.outcomes.count)\" failures=\"\(failures)\">\n"
            for o in r.outcomes {
                out += "    <testcase classname=\"\(xml(r.scenario.name))\" name=\"\(xml(o.rule.isEmpty ? o.name : "\(o.rule) \(o.name)"))\""
                if o.passed {
                    out += "/>\n"
                } else {
                    out += ">\n      <failure message=\"expected \(xml(o.expected)), found \(xml(o.found))\">instances: \(xml(o.examples.joined(separator: ", ")))</failure>\n    </testcase>\n"
                }
            }
            out += "  </testsuite>\n"
        }
        return out + "</testsuites>\n"
    }

    static func xml(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
