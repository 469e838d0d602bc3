import PatchModel
import PatchScheduling

/// Resource groups ([16]) as `aws resource-groups create-group` sends them (`Name`,
/// `ResourceQuery`), or as `create-group` (`Group` + `ResourceQuery`) and `get-group-query`
/// (`GroupQuery`) print them. The query is the API's JSON string, or the same object
/// written inline. Only tag-based groups hold nodes a scenario knows of: a
/// `CLOUDFORMATION_STACK_1_0` query is refused with what is allowed.
enum ResourceGroupDecoder {
    typealias M = JSONShape.Member
    static let groupName = JSONShape.string(length: 1...300, pattern: "^[a-zA-Z0-9_\\.-]+$")
    /// `ResourceQuery`; `Query` is checked as text (≤ 4096) and then as the query it holds.
    static let resourceQuery = JSONShape.structure("ResourceQuery", [
        M("Type", .enumeration(["TAG_FILTERS_1_0", "CLOUDFORMATION_STACK_1_0"]), required: true),
        M("Query", .any, required: true),
    ])
    static let tagText = "^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$"
    /// The resource-groups model's `CreateGroupInput`.
    static let createGroup = JSONShape.structure("CreateGroupInput", [
        M("Name", groupName, required: true),
        M("Description", .string(length: 0...1024, pattern: "^[\\sa-zA-Z0-9_\\.-]*$")),
        M("ResourceQuery", resourceQuery),
        M("Tags", .map(key: .string(length: 1...128, pattern: tagText), value: .string(length: 0...256, pattern: tagText))),
        M("Configuration", .list(.any, count: 0...2)),
        M("Criticality", .integer(1...10)),
        M("Owner", .string(length: 0...300, pattern: tagText)),
        M("DisplayName", .string(length: 0...300, pattern: tagText)),
    ])
    /// The tag query inside `Query` (Resource Groups' `TAG_FILTERS_1_0` syntax).
    static let tagQuery = JSONShape.structure("TagQuery", [
        M("ResourceTypeFilters", .list(.string(length: 1...128, pattern: "^AWS::[a-zA-Z0-9]+(::[a-zA-Z0-9]+)?$"), count: 1...100), required: true),
        M("TagFilters", .list(.structure("TagFilter", [
            M("Key", .string(length: 1...128, pattern: tagText), required: true),
            M("Values", .list(.string(length: 0...256, pattern: tagText), count: 0...20)),
        ]), count: 1...50), required: true),
    ])

    static func decodeAll(_ list: JSONValue) throws -> [String: ResourceGroup] {
        var out: [String: ResourceGroup] = [:]
        for v in try list.array() {
            let g = try decode(v)
            guard out[g.name] == nil else { throw v.error("the resource group name \(g.name) is used twice") }
            out[g.name] = g
        }
        return out
    }

    static func decode(_ v: JSONValue) throws -> ResourceGroup {
        let nameV: JSONValue, queryV: JSONValue
        if let gq = v["GroupQuery"] {
            try v.checkKeys(["GroupQuery"])
            try gq.checkKeys(["GroupName", "ResourceQuery"])
            nameV = try gq.required("GroupName")
            queryV = try gq.required("ResourceQuery")
        } else if let group = v["Group"] {
            try v.checkKeys(["Group", "ResourceQuery", "Tags", "GroupConfiguration"])
            try group.checkKeys(["GroupArn", "Name", "Description", "Criticality", "Owner", "DisplayName", "ApplicationTag"])
            nameV = try group.required("Name")
            queryV = try v.required("ResourceQuery")
        } else {
            try v.checkKeys(Set(createGroup.memberNames))
            try createGroup.validate(v)
            nameV = try v.required("Name")
            queryV = try v.required("ResourceQuery")
        }
        try groupName.validate(nameV)
        try queryV.checkKeys(["Type", "Query"])
        try resourceQuery.validate(queryV)
        let typeV = try queryV.required("Type")
        guard try typeV.string() == "TAG_FILTERS_1_0" else {
            throw typeV.error(found: typeV.shortDescription, allowed: "TAG_FILTERS_1_0 (a CloudFormation stack's members are not nodes a scenario declares)")
        }
        // The API sends the query as a JSON string; a scenario may write the object itself.
        let q = try queryV.required("Query")
        let query: JSONValue
        if case .string(let text) = q.kind {
            guard text.utf8.count <= 4096 else { throw q.error(found: "\(text.utf8.count) characters", allowed: "at most 4096 (the model's Query)") }
            do { query = try JSONValue.parse(embedded: text, file: q.file, at: q.path) }
            catch let e as InputError { throw q.error("the query string is not JSON: \(e.message)") }
        } else {
            query = q
        }
        try query.checkKeys(["ResourceTypeFilters", "TagFilters"])
        try tagQuery.validate(query)
        let types = try query.required("ResourceTypeFilters").array().map { try $0.string() }
        let filters = try query.required("TagFilters").array().map { f -> (key: String, values: [String]) in
            try f.checkKeys(["Key", "Values"])
            return (try f.required("Key").string(), try f["Values"]?.array().map { try $0.string() } ?? [])
        }
        return ResourceGroup(name: try nameV.string(), resourceTypeFilters: types, tagFilters: filters)
    }
}
