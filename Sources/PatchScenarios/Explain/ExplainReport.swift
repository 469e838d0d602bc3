import PatchBaselines
import PatchModel
import PatchScheduling
import PatchWorld

/// `patchsim explain`'s text and JSON, both from one `RunExplanation`.
public enum ExplainReport {
    static func counts(_ s: InstancePatchState) -> String {
        "Installed \(s.installedCount), InstalledOther \(s.installedOtherCount), InstalledPendingReboot \(s.installedPendingRebootCount), "
            + "InstalledRejected \(s.installedRejectedCount), Missing \(s.missingCount), Failed \(s.failedCount), NotApplicable \(s.notApplicableCount)"
    }

    static func source(_ s: ComplianceSource?) -> String { s?.description ?? "an unknown source" }

    public static func text(_ e: RunExplanation) -> String {
        var out = "\(e.scenario) at \(e.at.iso8601), profile \(e.profile)\n"
        if let n = e.node {
            let tags = n.tags.keys.sorted().map { "\($0)=\(n.tags[$0] ?? "")" }.joined(separator: ", ")
            out += "\nnode \(n.instanceId): \(n.operatingSystem) \(n.product), image \(n.imageId), "
                + "\(n.patchGroup.isEmpty ? "no patch group" : "patch group '\(n.patchGroup)'")\(tags.isEmpty ? "" : " (tags \(tags))")\n"
            if let w = n.stored {
                out += "stored report: \(w.summary.operation) by \(source(w.source)), \(w.start.iso8601) – \(w.end.iso8601), "
                    + "baseline \(n.baselineName.map { "\($0) (\(w.summary.baselineId))" } ?? w.summary.baselineId), ExecutionType \(w.executionType.rawValue)\n"
                out += "  \(w.summary.complianceStatus): \(counts(w.summary))\n"
                if let why = n.baselineReason { out += "why this baseline: \(why)\n" }
            } else {
                out += "stored report: none (no run wrote one by \(e.at.iso8601))\n"
            }
            if !n.writes.isEmpty { out += "writes of the stored report (each replaces the last whole, [OP-8]):\n" }
            for (k, w) in n.writes.enumerated() {
                var line = "  \(w.end.iso8601)  \(source(w.source)): \(w.summary.operation), \(w.summary.baselineId), \(w.summary.complianceStatus)"
                if k > 0 {
                    let p = n.writes[k - 1]
                    if p.source != w.source && (p.summary.baselineId != w.summary.baselineId || p.summary.operation != w.summary.operation) {
                        line += "  (overwrote \(source(p.source)): another \(p.summary.baselineId != w.summary.baselineId ? "baseline" : "operation"))"
                    }
                }
                out += line + "\n"
            }
            if !n.runs.isEmpty { out += "invocations on this node:\n" }
            for r in n.runs {
                out += "  \(r.start?.iso8601 ?? "not started")  \(r.kind) \(r.name): \(r.details)\(r.reason.map { " (\($0))" } ?? "")\n"
            }
            if let p = n.patch {
                out += "\npatch \(p.name):\n"
                if p.records.isEmpty { out += "  stored record: none (the stored report does not list it)\n" }
                for r in p.records {
                    out += "  stored record: \(r.kbId) \(r.state.rawValue), Title \(r.title), Classification \(r.classification.isEmpty ? "-" : r.classification), Severity \(r.severity.isEmpty ? "-" : r.severity)\n"
                }
                out += "  decision chain: \(p.evaluated)\n"
                for line in p.chain { out += "    \(line)\n" }
            }
        }
        if let w = e.window {
            out += "\nwindow \(w.windowId) (\(w.name)): Duration \(w.durationHours) h, Cutoff \(w.cutoffHours) h, \(Wording.count(w.executions.count, "execution")) by \(e.at.iso8601)\n"
            for x in w.executions {
                out += "execution \(x.number) \(x.windowExecutionId): \(x.start.iso8601) – \(x.end.iso8601) \(x.status)\(x.statusDetails.isEmpty ? "" : " (\(x.statusDetails))"); cutoff \(x.cutoff.iso8601)\n"
                for t in x.tasks {
                    out += "  task \(t.windowTaskId), priority \(t.priority), MaxConcurrency \(t.maxConcurrency), MaxErrors \(t.maxErrors), \(t.cutoffBehavior): \(t.status)\n"
                    for i in t.invocations {
                        out += "    target \(i.windowTargetId ?? "-") from \(i.start.iso8601): command \(i.commandStatus), \(Wording.count(i.targetCount, "target")), "
                            + "\(Wording.count(i.errorCount, "error")) (\(i.allowedErrors) allowed), at most \(i.maxInFlight) in flight\n"
                        for (k, d) in i.dispatch.enumerated() {
                            out += "      \(k + 1). \(d.instanceId) \(d.start?.iso8601 ?? "not started") → \(d.end?.iso8601 ?? "-") \(d.details.rawValue)\(d.reason.map { ": \($0)" } ?? "")\n"
                        }
                        if let s = i.stoppedBy { out += "      stopped: \(s)\n" }
                    }
                }
            }
        }
        return out
    }

    public static func json(_ e: RunExplanation) -> JSONOutput {
        func time(_ t: Instant?) -> JSONOutput { t.map { .string($0.iso8601) } ?? .null }
        func write(_ w: ComplianceStore.ReportWrite) -> JSONOutput {
            .object([("Source", .string(w.source?.kind.rawValue ?? "")), ("SourceName", .string(w.source?.name ?? "")),
                     ("OperationStartTime", time(w.start)), ("OperationEndTime", time(w.end)), ("Operation", .string(w.summary.operation)),
                     ("BaselineId", .string(w.summary.baselineId)), ("ExecutionType", .string(w.executionType.rawValue)),
                     ("ComplianceStatus", .string(w.summary.complianceStatus)),
                     ("InstalledCount", .int(w.summary.installedCount)), ("InstalledOtherCount", .int(w.summary.installedOtherCount)),
                     ("InstalledPendingRebootCount", .int(w.summary.installedPendingRebootCount)),
                     ("InstalledRejectedCount", .int(w.summary.installedRejectedCount)), ("MissingCount", .int(w.summary.missingCount)),
                     ("FailedCount", .int(w.summary.failedCount)), ("NotApplicableCount", .int(w.summary.notApplicableCount))])
        }
        var fields: [(String, JSONOutput)] = [("scenario", .string(e.scenario)), ("at", time(e.at)), ("evaluationProfile", .string(e.profile))]
        if let n = e.node {
            var node: [(String, JSONOutput)] = [
                ("InstanceId", .string(n.instanceId)), ("OperatingSystem", .string(n.operatingSystem)), ("Product", .string(n.product)),
                ("ImageId", .string(n.imageId)), ("PatchGroup", .string(n.patchGroup)),
                ("Tags", .array(n.tags.keys.sorted().map { .object([("Key", .string($0)), ("Value", .string(n.tags[$0] ?? ""))]) })),
                ("StoredReport", n.stored.map(write) ?? .null),
                ("Baseline", n.stored.map { w in .object([("BaselineId", .string(w.summary.baselineId)), ("Name", n.baselineName.map { .string($0) } ?? .null),
                                                          ("Reason", n.baselineReason.map { .string($0) } ?? .null)]) } ?? .null),
                ("Writes", .array(n.writes.map(write))),
                ("Invocations", .array(n.runs.map { r in
                    .object([("Kind", .string(r.kind)), ("Name", .string(r.name)), ("Start", time(r.start)), ("End", time(r.end)),
                             ("StatusDetails", .string(r.details)), ("Reason", r.reason.map { .string($0) } ?? .null)])
                })),
            ]
            if let p = n.patch {
                node.append(("Patch", .object([
                    ("Name", .string(p.name)),
                    ("Records", .array(p.records.map { r in
                        .object([("Title", .string(r.title)), ("KBId", .string(r.kbId)), ("Classification", .string(r.classification)),
                                 ("Severity", .string(r.severity)), ("State", .string(r.state.rawValue)), ("InstalledTime", time(r.installedTime))])
                    })),
                    ("Evaluated", .string(p.evaluated)), ("DecisionChain", .array(p.chain.map { .string($0) })),
                ])))
            }
            fields.append(("instance", .object(node)))
        }
        if let w = e.window {
            fields.append(("window", .object([
                ("WindowId", .string(w.windowId)), ("Name", .string(w.name)), ("Duration", .int(w.durationHours)), ("Cutoff", .int(w.cutoffHours)),
                ("Executions", .array(w.executions.map { x in
                    .object([("Execution", .int(x.number)), ("WindowExecutionId", .string(x.windowExecutionId)), ("StartTime", time(x.start)),
                             ("EndTime", time(x.end)), ("CutoffTime", time(x.cutoff)), ("Status", .string(x.status)), ("StatusDetails", .string(x.statusDetails)),
                             ("Tasks", .array(x.tasks.map { t in
                                 .object([("WindowTaskId", .string(t.windowTaskId)), ("Priority", .int(t.priority)), ("Status", .string(t.status)),
                                          ("MaxConcurrency", .string(t.maxConcurrency)), ("MaxErrors", .string(t.maxErrors)), ("CutoffBehavior", .string(t.cutoffBehavior)),
                                          ("Invocations", .array(t.invocations.map { i in
                                              .object([("WindowTargetId", i.windowTargetId.map { .string($0) } ?? .null), ("StartTime", time(i.start)),
                                                       ("Status", .string(i.status)), ("CommandStatus", .string(i.commandStatus)), ("TargetCount", .int(i.targetCount)),
                                                       ("ErrorCount", .int(i.errorCount)), ("AllowedErrors", .int(i.allowedErrors)), ("MaxInFlight", .int(i.maxInFlight)),
                                                       ("Dispatch", .array(i.dispatch.map { d in
                                                           .object([("InstanceId", .string(d.instanceId)), ("Start", time(d.start)), ("End", time(d.end)),
                                                                    ("StatusDetails", .string(d.details.rawValue)), ("Reason", d.reason.map { .string($0) } ?? .null)])
                                                       })),
                                                       ("StoppedBy", i.stoppedBy.map { .string($0) } ?? .null)])
                                          }))])
                             }))])
                })),
            ])))
        }
        return .object(fields)
    }
}
