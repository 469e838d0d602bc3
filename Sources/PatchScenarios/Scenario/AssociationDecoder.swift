import PatchModel
import PatchScheduling
import PatchWorld

/// State Manager associations ([16], [OP-3]): a `CreateAssociation` request (every model
/// constraint; the `AssociationId` the service assigns drawn from the seed), or what
/// `create-association`, `describe-association` and `list-associations` print (an
/// `AssociationDescription`, wrapped or not, or an entry of `Associations`): an output's
/// members only type-checked, its id kept.
struct AssociationDecoder {
    var seed: UInt64
    var documents: DocumentParameters
    var start: Instant
    var end: Instant
    var resourceGroups: [String: ResourceGroup] = [:]

    /// What outputs carry beside the request's members.
    static let outputMembers: [JSONShape.Member] = [
        .init("AssociationId", .string()), .init("AssociationVersion", .string()), .init("Date", .timestamp),
        .init("LastUpdateAssociationDate", .timestamp), .init("Status", .any), .init("Overview", .any), .init("LastExecutionDate", .timestamp),
        .init("LastSuccessfulExecutionDate", .timestamp), .init("ScheduleExpression", .string()), .init("ApplyOnlyAtCronInterval", .boolean),
        .init("TriggeredAlarms", .list(.any)), .init("DocumentVersion", .string()), .init("TargetMaps", .list(.any)),
    ]

    /// The entries of `associations`, each unwrapped.
    func decodeAll(_ list: JSONValue) throws -> [StateManagerAssociation] {
        var items: [JSONValue] = []
        for v in try list.array() {
            if let wrapped = v["AssociationDescription"] { try v.checkKeys(["AssociationDescription"]); items.append(wrapped) }
            else if let many = v["Associations"] { try v.checkKeys(["Associations"]); items += try many.array() }
            else { items.append(v) }
        }
        return try items.enumerated().map { try decode($0.element, index: $0.offset) }
    }

    func decode(_ v: JSONValue, index: Int) throws -> StateManagerAssociation {
        let request = SSMRequestShapes.createAssociation
        let extra = Self.outputMembers.filter { !request.memberNames.contains($0.name) }
        let shape = request.adding(extra)
        try v.checkKeys(Set(shape.memberNames))
        // A request meets every constraint; an output (it has its AssociationId) only types.
        try (v["AssociationId"] == nil ? shape : shape.relaxed).validate(v)
        let documentName = try v.required("Name").string()
        let (document, parameters) = try documents.read(document: documentName, v["Parameters"])
        let associationId = try v["AssociationId"]?.string() ?? AssignedIds.uuid(seed: seed, "association:\(index)")
        let name = try v["AssociationName"]?.string() ?? documentName
        // Created at its Date when that falls in the scenario, else at the start.
        let created = try v["Date"].map { d -> Instant in let t = try d.timestamp(); return t < start || t > end ? start : t } ?? start
        var entries: [(key: String, values: [String])] = []
        if let id = v["InstanceId"] { entries.append(("InstanceIds", [try id.string()])) }
        for t in try v["Targets"]?.array() ?? [] {
            try t.checkKeys(["Key", "Values"])
            let key = try t.required("Key").string(), values = try t.required("Values").array().map { try $0.string() }
            // `InstanceIds` = `*`: every managed node. An `aws:` key (aws:NoOpAutomationTag)
            // is an Automation association's target, not a node: it reaches none.
            if key == "InstanceIds" && values == ["*"] { continue }
            if key.hasPrefix("aws:") { entries.append(("InstanceIds", ["(no node)"])); continue }
            entries.append((key, values))
        }
        let target: NodeSelector
        do { target = NodeSelector(target: entries.isEmpty ? nil : try WindowTarget(windowTargetId: "association", targets: entries, resourceGroups: resourceGroups)) }
        catch let e as ScheduleError { throw (v["Targets"] ?? v).error(e.description) }
        var schedule: AssociationSchedule? = nil
        if let s = v["ScheduleExpression"] {
            do {
                schedule = try AssociationSchedule(try s.string(), created: created, applyOnlyAtCronInterval: try v["ApplyOnlyAtCronInterval"]?.bool() ?? false)
            } catch let e as ScheduleError { throw s.error(e.description) }
        } else if try v["ApplyOnlyAtCronInterval"]?.bool() == true {
            throw try v.required("ApplyOnlyAtCronInterval").error("ApplyOnlyAtCronInterval needs a ScheduleExpression")
        }
        let rateControl: RateControl
        do {
            rateControl = try RateControl(maxConcurrency: try v["MaxConcurrency"]?.string() ?? StateManagerAssociation.defaultMaxConcurrency,
                                          maxErrors: try v["MaxErrors"]?.string() ?? StateManagerAssociation.defaultMaxErrors)
        } catch let e as ScheduleError { throw v.error(e.description) }
        return StateManagerAssociation(associationId: associationId, name: name, document: document, parameters: parameters,
                                       target: target, schedule: schedule, created: created, rateControl: rateControl)
    }
}
