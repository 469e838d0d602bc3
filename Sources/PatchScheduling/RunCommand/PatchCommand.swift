import PatchModel
import PatchWorld

/// One Run Command command of `AWS-RunPatchBaseline` to a list of nodes under rate control,
/// whoever sends it: a window task, a patch policy's association, Patch now, SendCommand.
/// Undeliverable and offline nodes behave as [MW-7] and [RC-7] say.
public struct PatchCommand {
    public var parameters: RunPatchBaselineParameters
    public var rateControl: RateControl
    /// A window cutoff under CANCEL_TASK: no dispatch from this instant on.
    public var stopDispatchingAt: Instant?
    /// The span of the window execution sending it, for the reboot audit.
    public var window: ClosedRange<Instant>?
    /// When offline targets come back.
    public var returns = NodeReturns.none
    /// The command's `TimeoutSeconds`, its delivery timeout ([RC-7]).
    public var timeoutSeconds = PatchCommand.defaultTimeoutSeconds
    /// The document it runs (AWS-RunPatchBaseline unless said otherwise).
    public var document = CommandDocument.runPatchBaseline

    /// [RC-7] AMBIGUOUS, Use: 3600 s when TimeoutSeconds is omitted.
    public static let defaultTimeoutSeconds: Int64 = 3600
    /// [RC-7] DERIVED: AWS-RunPatchBaseline's three platform steps of 7200 s each.
    public static let executionStepsSeconds: Int64 = 21_600
    public static let stepTimeoutSeconds: Int64 = 7200

    /// [RC-7]: `ExpiresAfter` = RequestedDateTime + TimeoutSeconds + the execution timeout;
    /// at expiry an invocation still waiting is Delivery Timed Out. The one place the
    /// expiry is computed (the run and the event log both ask it).
    public static func expiry(requested: Instant, timeoutSeconds: Int64) -> Instant {
        requested.adding(seconds: timeoutSeconds + executionStepsSeconds)
    }

    public init(parameters: RunPatchBaselineParameters, rateControl: RateControl, stopDispatchingAt: Instant? = nil,
                window: ClosedRange<Instant>? = nil) {
        self.parameters = parameters
        self.rateControl = rateControl
        self.stopDispatchingAt = stopDispatchingAt
        self.window = window
    }

    /// The operation's own message as a reason: its last non-empty line (where the payload
    /// writes the error), cut to a line's length.
    static func reason(_ output: String, or fallback: String) -> String {
        let line = output.split(whereSeparator: \.isNewline).last { !$0.allSatisfy(\.isWhitespace) }.map(String.init) ?? fallback
        return line.count > 300 ? String(line.prefix(300)) + "…" : line
    }

    public func send(to nodes: [String], at start: Instant, fleet: inout Fleet, snapshots: inout SnapshotStore) -> CommandResult {
        // Without an event log (a large fleet), successes are counted, not listed.
        let dispatch = CommandDispatch(rateControl: rateControl, rampUp: .onDelivery, stopDispatchingAt: stopDispatchingAt,
                                       keepSuccessfulInvocations: fleet.eventLog != .none)
        if fleet.prefetchThreads > 1, document == .runPatchBaseline {
            fleet.prefetchScans(nodes, parameters: parameters, at: start, threads: fleet.prefetchThreads)
        }
        var memo = Fleet.CommandMemo()
        var previous = -1
        let expiry = Self.expiry(requested: start, timeoutSeconds: timeoutSeconds)
        var result = dispatch.run(targets: nodes, at: start, explained: { id, t in
            guard let k = fleet.instances.position(of: id, guess: previous + 1) else { return (t, .Undeliverable, "no managed node with this id") }
            previous = k
            guard fleet.instances.values[k].managed else { return (t, .Undeliverable, "the node is not managed (no registered SSM Agent)") }
            var t = t
            if !fleet.instances.values[k].online {
                // [MW-7]: Delayed and retried; delivered if it comes back before expiry, else Delivery Timed Out (not an error).
                guard let back = returns.next(for: fleet.instances.values[k], after: t, before: expiry) else {
                    return (expiry, .deliveryTimedOut, "the node was offline until the command expired at \(expiry.iso8601)")
                }
                t = back
            }
            let r = fleet.runDocument(document, position: k, parameters: parameters, at: t, snapshots: &snapshots, window: window, memo: &memo)
            // FLT-23: no terminal report; InProgress until expiry, then Delivery Timed Out (not an error).
            if r.status == .NoResponse { return (expiry, .deliveryTimedOut, Self.reason(r.output, or: "the agent never reported the result")) }
            // [RC-7] Use: a platform step still running after 7200 s times out.
            if r.end.secondsSinceEpoch - t.secondsSinceEpoch > Self.stepTimeoutSeconds {
                return (t.adding(seconds: Self.stepTimeoutSeconds), .executionTimedOut, "a step of AWS-RunPatchBaseline ran past 7200 s")
            }
            return r.status == .Success ? (r.end, .Success, nil) : (r.end, .Failed, Self.reason(r.output, or: "the operation failed"))
        })
        result.expiresAfter = expiry
        return result
    }
}
