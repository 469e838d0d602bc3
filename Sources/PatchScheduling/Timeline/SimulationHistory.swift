import PatchModel
import PatchWorld

/// One run of a patch policy's association ([OP-5]): State Manager sends
/// AWS-RunPatchBaseline to the policy's targets under its rate control.
public struct AssociationExecutionRecord: Sendable {
    public var policyName: String
    public var associationId: String
    public var executionId: String
    public var operation: RunPatchBaselineParameters.Operation
    public var rebootOption: RunPatchBaselineParameters.RebootOption
    public var start: Instant
    public var end: Instant
    /// `Success` when the command succeeded on every target, else `Failed`.
    public var status: String
    public var command: CommandResult
    public var rateControl: RateControl
    public var documentName = CommandDocument.runPatchBaselineName
}

/// A command a timed event sent: `SendCommand`, or Patch now ([OP-6]).
public struct CommandRecord: Sendable {
    public var name: String
    public var origin: String
    public var commandId: String
    public var requestedDateTime: Instant
    public var operation: RunPatchBaselineParameters.Operation
    public var rebootOption: RunPatchBaselineParameters.RebootOption
    public var result: CommandResult
    public var rateControl: RateControl
    public var documentName = CommandDocument.runPatchBaselineName
    public var timeoutSeconds = PatchCommand.defaultTimeoutSeconds
}

/// What a timed state change did: how many nodes it touched, or the API error it met.
public struct ActionRecord: Sendable {
    public var at: Instant
    public var name: String
    public var action: String
    public var outcome: String
    public var failed: Bool
    /// For EC2 calls on nodes (tags, stop, start): how many they reached.
    public var instanceCount: Int? = nil
    /// For calls about one window's execution: the window (its shard decides the outcome).
    public var windowId: String? = nil

    /// The outcome of an EC2 call that reached `n` nodes.
    public static func instancesOutcome(_ n: Int) -> String { "\(n) instances" }
}

/// Everything that happened on the virtual clock, in the order it happened.
public struct SimulationHistory: Sendable {
    public var windowExecutions: [WindowExecutionRecord] = []
    public var associationExecutions: [AssociationExecutionRecord] = []
    public var commands: [CommandRecord] = []
    public var actions: [ActionRecord] = []

    public init() {}
}
