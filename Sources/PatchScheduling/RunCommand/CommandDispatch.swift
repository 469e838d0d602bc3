import PatchModel

/// Run Command's statuses for one node's invocation ([RC-5]).
public enum InvocationStatusDetails: String, Sendable, CaseIterable {
    case Success, Failed, Terminated, Cancelled, Undeliverable
    case executionTimedOut = "Execution Timed Out"
    case deliveryTimedOut = "Delivery Timed Out"
    case invalidPlatform = "Invalid Platform"

    /// [RC-3] 4: only Failed and Execution Timed Out count as errors.
    public var countsAsError: Bool { self == .Failed || self == .executionTimedOut }

    public var status: String {
        switch self {
        case .Success: return "Success"
        case .Failed, .Undeliverable, .invalidPlatform: return "Failed"
        case .executionTimedOut, .deliveryTimedOut: return "TimedOut"
        case .Terminated, .Cancelled: return "Cancelled"
        }
    }
}

/// One node's invocation of a command.
public struct CommandInvocation: Equatable, Sendable {
    public var instanceId: String
    public var start: Instant?
    public var end: Instant?
    public var details: InvocationStatusDetails
    /// Why it did not succeed, in words (the operation's message, the prerequisite, the
    /// fault, the cutoff); nil for successes, so a million of them cost nothing.
    public var reason: String? = nil
}

/// The command-level outcome ([RC-6]).
public struct CommandResult: Equatable, Sendable {
    public var status: String
    public var statusDetails: String
    /// Per-node invocations: all of them, or only those that did not succeed when the
    /// dispatch was told not to keep successes (a million-node fleet).
    public var invocations: [CommandInvocation]
    public var errorCount: Int
    public var end: Instant
    public var targetCount: Int
    /// How many invocations ended with each status detail, successes included, in
    /// `InvocationStatusDetails.allCases` order (an array: stable to print and compare).
    public var countsByDetails: [Int]
    /// The most invocations in flight at any instant (the [RC-3] invariant's evidence).
    public var maxInFlight: Int
    /// `ExpiresAfter` of a Run Command command ([RC-7]); nil for window-level invocations.
    public var expiresAfter: Instant? = nil

    public func count(_ details: InvocationStatusDetails) -> Int {
        InvocationStatusDetails.allCases.firstIndex(of: details).map { $0 < countsByDetails.count ? countsByDetails[$0] : 0 } ?? 0
    }
}

/// Spreads one command over its targets with MaxConcurrency and MaxErrors ([RC-3]):
/// targets in node-id order, at most `concurrency` in flight, a ramp-up of generations
/// 1, 2, 4, ..., dispatch stopping once errors exceed the allowance; what was never
/// dispatched ends Terminated. The world is behind `run`: given a node and the instant
/// its invocation starts, it says when and how it ended.
public struct CommandDispatch {
    public enum RampUp: Sendable { case none, onDelivery, onCompletion }

    public var rateControl: RateControl
    public var rampUp: RampUp
    /// Stop dispatching at this instant (a window cutoff with CANCEL_TASK); nil: never.
    public var stopDispatchingAt: Instant?
    /// Keep the per-node record of invocations that succeeded (counts are always kept).
    public var keepSuccessfulInvocations: Bool

    public init(rateControl: RateControl, rampUp: RampUp = .onDelivery, stopDispatchingAt: Instant? = nil, keepSuccessfulInvocations: Bool = true) {
        self.rateControl = rateControl
        self.rampUp = rampUp
        self.stopDispatchingAt = stopDispatchingAt
        self.keepSuccessfulInvocations = keepSuccessfulInvocations
    }

    public func run(targets: [String], at start: Instant,
                    _ run: (String, Instant) -> (end: Instant, details: InvocationStatusDetails)) -> CommandResult {
        self.run(targets: targets, at: start, explained: { id, t in let r = run(id, t); return (r.end, r.details, nil) })
    }

    /// As `run`, with each invocation's reason when it does not succeed.
    public func run(targets: [String], at start: Instant,
                    explained run: (String, Instant) -> (end: Instant, details: InvocationStatusDetails, reason: String?)) -> CommandResult {
        let ids = zip(targets, targets.dropFirst()).allSatisfy({ $0 < $1 }) ? targets : targets.sorted()
        let n = ids.count
        guard n > 0 else {
            return CommandResult(status: "Success", statusDetails: "No Instances In Tag", invocations: [], errorCount: 0, end: start,
                                 targetCount: 0, countsByDetails: [], maxInFlight: 0)
        }
        let concurrency = rateControl.concurrency(targets: n)
        let allowed = rateControl.allowedErrors(targets: n)
        var invocations = ids.map { CommandInvocation(instanceId: $0, start: nil, end: nil, details: .Terminated) }
        var inFlight = CompletionHeap()
        var next = 0, errors = 0, maxInFlight = 0
        var now = start
        var stopped = false
        var cancelled = false
        // Ramp-up generations (zero delivery latency makes onDelivery behave as none).
        var generation = rampUp == .onCompletion ? 1 : Int.max
        var generationLeft = generation

        func launch(_ k: Int, at t: Instant) {
            let outcome = run(ids[k], t)
            invocations[k].start = t
            invocations[k].end = outcome.end
            invocations[k].details = outcome.details
            if outcome.details != .Success { invocations[k].reason = outcome.reason }
            inFlight.push(outcome.end, k)
        }

        while true {
            if let stop = stopDispatchingAt, now >= stop, next < n, !stopped { stopped = true; cancelled = true }
            // Fill the window (or the current ramp-up generation).
            while !stopped && next < n && inFlight.count < concurrency && generationLeft > 0 {
                launch(next, at: now)
                next += 1
                generationLeft -= 1
            }
            maxInFlight = max(maxInFlight, inFlight.count)
            guard !inFlight.isEmpty else { break }
            // Advance to the next instant with completions and take all of them before
            // dispatching again (same-instant order: completions first, scheduling.md §0).
            guard let instant = inFlight.peek?.end else { break }
            now = max(now, instant)
            while let first = inFlight.peek, first.end == instant {
                _ = inFlight.pop()
                if invocations[first.index].details.countsAsError { errors += 1 }
            }
            if errors > allowed { stopped = true }  // [RC-3] 5
            if rampUp == .onCompletion && generationLeft == 0 && inFlight.isEmpty {
                generation = generation * 2 >= concurrency ? Int.max : generation * 2
                generationLeft = generation
            }
        }
        let end = invocations.compactMap(\.end).max() ?? start
        if cancelled {
            // CancelCommand at the cutoff: what never started is Cancelled, not Terminated.
            for k in invocations.indices where invocations[k].start == nil {
                invocations[k].details = .Cancelled
                invocations[k].reason = "not started: the window reached its cutoff (CANCEL_TASK)"
            }
        } else if stopped {
            for k in invocations.indices where invocations[k].start == nil {
                invocations[k].reason = "not started: the command stopped when its errors passed MaxErrors"
            }
        }
        var result = cancelled
            ? CommandResult(status: "Cancelled", statusDetails: "Cancelled", invocations: invocations, errorCount: errors, end: max(end, stopDispatchingAt ?? end),
                            targetCount: n, countsByDetails: [], maxInFlight: maxInFlight)
            : Self.finalStatus(invocations, errors: errors, allowed: allowed, end: end)
        result.maxInFlight = maxInFlight
        let order = InvocationStatusDetails.allCases
        result.countsByDetails = Array(repeating: 0, count: order.count)
        for i in invocations { if let k = order.firstIndex(of: i.details) { result.countsByDetails[k] += 1 } }
        if !keepSuccessfulInvocations { result.invocations = invocations.filter { $0.details != .Success } }  // a new, small buffer
        return result
    }

    /// [RC-6] with T = max(A, 1).
    static func finalStatus(_ invocations: [CommandInvocation], errors: Int, allowed: Int, end: Instant) -> CommandResult {
        let threshold = max(allowed, 1)
        let deliveryTimedOut = invocations.filter { $0.details == .deliveryTimedOut }.count
        let status: String, details: String
        if errors >= threshold {
            let anyFailed = invocations.contains { $0.details == .Failed }
            (status, details) = anyFailed ? ("Failed", "Failed") : ("TimedOut", "Execution Timed Out")
        } else if deliveryTimedOut >= threshold {
            (status, details) = ("TimedOut", "Delivery Timed Out")
        } else {
            let unreachable: Set<InvocationStatusDetails> = [.Undeliverable, .invalidPlatform]
            let allOK = invocations.allSatisfy { $0.details == .Success || unreachable.contains($0.details) }
            if allOK && invocations.contains(where: { $0.details == .Success }) {
                (status, details) = ("Success", "Success")
            } else if invocations.allSatisfy({ unreachable.contains($0.details) }) {
                (status, details) = ("Failed", "Failed")
            } else {
                (status, details) = ("Failed", "Incomplete")  // AMBIGUOUS Status; Use: Failed
            }
        }
        return CommandResult(status: status, statusDetails: details, invocations: invocations, errorCount: errors, end: end,
                             targetCount: invocations.count, countsByDetails: [], maxInFlight: 0)
    }
}

/// In-flight invocations ordered by (end, target index): a binary min-heap, so each
/// completion costs O(log concurrency) rather than a sort of everything in flight.
struct CompletionHeap {
    private var items: [(end: Instant, index: Int)] = []

    var isEmpty: Bool { items.isEmpty }
    var count: Int { items.count }
    var peek: (end: Instant, index: Int)? { items.first }

    static func less(_ a: (end: Instant, index: Int), _ b: (end: Instant, index: Int)) -> Bool {
        a.end < b.end || (a.end == b.end && a.index < b.index)
    }

    mutating func push(_ end: Instant, _ index: Int) {
        items.append((end, index))
        var k = items.count - 1
        while k > 0 {
            let parent = (k - 1) / 2
            guard Self.less(items[k], items[parent]) else { break }
            items.swapAt(k, parent)
            k = parent
        }
    }

    mutating func pop() -> (end: Instant, index: Int)? {
        guard !items.isEmpty else { return nil }
        items.swapAt(0, items.count - 1)
        let top = items.removeLast()
        var k = 0
        while true {
            let l = 2 * k + 1, r = l + 1
            var m = k
            if l < items.count && Self.less(items[l], items[m]) { m = l }
            if r < items.count && Self.less(items[r], items[m]) { m = r }
            if m == k { break }
            items.swapAt(k, m)
            k = m
        }
        return top
    }
}
