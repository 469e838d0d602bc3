import PatchModel
import PatchWorld

/// A State Manager association in the `CreateAssociation` shape ([OP-3], [SCH-11]): a
/// document (AWS-RunPatchBaselineAssociation, AWS-RunPatchBaseline or any other Command
/// document) with its parameters, applied to its targets at creation (unless
/// `ApplyOnlyAtCronInterval`) and then on its schedule; without a schedule, once.
///
/// AMBIGUOUS: the rate control when `MaxConcurrency`/`MaxErrors` are omitted is not
/// documented for associations. Use: every target at once, and errors never stop it
/// (`100%` and `100%`), which is how an association without them behaves in practice.
public struct StateManagerAssociation: Sendable {
    public var associationId: String
    /// `AssociationName`, else the document's name: what records and expectations use.
    public var name: String
    public var document: CommandDocument
    public var parameters: RunPatchBaselineParameters
    public var target: NodeSelector
    public var schedule: AssociationSchedule?
    public var created: Instant
    public var rateControl: RateControl

    public static let defaultMaxConcurrency = "100%"
    public static let defaultMaxErrors = "100%"

    public init(associationId: String, name: String, document: CommandDocument, parameters: RunPatchBaselineParameters,
                target: NodeSelector, schedule: AssociationSchedule?, created: Instant, rateControl: RateControl) {
        self.associationId = associationId
        self.name = name
        self.document = document
        var p = parameters
        p.associationId = associationId
        self.parameters = p
        self.target = target
        self.schedule = schedule
        self.created = created
        self.rateControl = rateControl
    }

    /// When it applies, through `end`.
    public func runs(until end: Instant) -> [Instant] {
        guard let schedule else { return created <= end ? [created] : [] }
        return schedule.runs(until: end)
    }

    public func matches(_ node: ManagedInstance) -> Bool { target.matches(node) }
}
