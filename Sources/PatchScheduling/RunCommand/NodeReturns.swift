import PatchModel
import PatchWorld

/// When stopped nodes start again: the scenario's `StartInstances` calls, known before the
/// run. A command is computed whole when it starts, so an offline target looks here for
/// the instant it comes back: before the command expires it is delivered then and runs
/// ([RC-7], case 42); otherwise Delivery Timed Out.
///
/// Use: a selector by tags is matched against the node as it is when the command starts
/// (a retag between then and the start call is not foreseen).
public struct NodeReturns: Sendable {
    var starts: [(at: Instant, selector: NodeSelector)]

    public static let none = NodeReturns(starts: [])

    public init(starts: [(at: Instant, selector: NodeSelector)]) {
        self.starts = starts.sorted { $0.at < $1.at }
    }

    /// The first start call strictly after `t` and before `expiry` that selects `node`.
    public func next(for node: ManagedInstance, after t: Instant, before expiry: Instant) -> Instant? {
        starts.first { $0.at > t && $0.at < expiry && $0.selector.matches(node) }?.at
    }
}
