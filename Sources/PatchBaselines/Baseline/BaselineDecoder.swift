import PatchModel

/// Reads a baseline from the JSON shapes of `CreatePatchBaseline` (input) and
/// `GetPatchBaseline` (output), applying every validation the API applies; each error
/// names the JSON path, what was found and what is allowed.
public enum BaselineDecoder {
    public static let maxRules = 10
    public static let maxFilters = 4
    public static let maxFilterValues = 20
    public static let maxFilterValueLength = 64
    public static let maxListEntries = 50
    public static let maxListEntryLength = 100
    public static let maxApproveAfterDays = 360
    public static let maxSources = 20

    static let knownKeys: Set<String> = [
        "BaselineId", "Name", "Description", "OperatingSystem", "GlobalFilters", "ApprovalRules", "ApprovedPatches",
        "ApprovedPatchesComplianceLevel", "ApprovedPatchesEnableNonSecurity", "RejectedPatches", "RejectedPatchesAction",
        "Sources", "AvailableSecurityUpdatesComplianceStatus",
        // GetPatchBaseline output and CreatePatchBaseline extras, accepted and ignored:
        "PatchGroups", "CreatedDate", "ModifiedDate", "Tags", "ClientToken",
    ]

    /// What a baseline entry may be: a `CreatePatchBaseline` request with every model
    /// constraint, or a `GetPatchBaseline` output (its id, dates and patch groups too).
    public static let shape = SSMRequestShapes.createPatchBaseline.adding([
        .init("BaselineId", SSMRequestShapes.baselineId), .init("CreatedDate", .timestamp), .init("ModifiedDate", .timestamp),
        .init("PatchGroups", .list(.string())),
    ])

    /// One baseline object. A request without `BaselineId` gets `assignedId` (the loader
    /// draws it from the seed), else one derived from its name, as the service assigns one.
    public static func decode(_ v: JSONValue, assignedId: String? = nil) throws -> PatchBaseline {
        try v.checkKeys(knownKeys)
        // The model's Name requirement first; the other constraints after the semantic
        // reading below, which words the common mistakes in the baseline's own terms.
        if v["Name"] == nil { throw v.error("Name is missing; CreatePatchBaseline requires it") }
        let os: OperatingSystem
        if let o = v["OperatingSystem"] {
            os = OperatingSystem(rawValue: try o.oneOf(OperatingSystem.allCases.map(\.rawValue))) ?? .windows
        } else {
            os = OperatingSystem.apiDefault  // the API's default when omitted
        }
        let name = try v["Name"]?.string() ?? "custom-baseline"
        if let n = v["Name"] {
            guard (3...128).contains(name.count), name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "_-.".contains($0)) }) else {
                throw n.error(found: n.shortDescription, allowed: "3-128 characters of [a-zA-Z0-9_.-]")
            }
        }
        var id = assignedId ?? AssignedIds.shortId(prefix: "pb", seed: 0, "baseline:\(name)")
        if let b = v["BaselineId"] {
            id = try b.string()
            guard (20...128).contains(id.count), id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "_-:/".contains($0)) }) else {
                throw b.error(found: b.shortDescription, allowed: "20-128 characters of [a-zA-Z0-9_:/-]")
            }
        }
        var description: String? = nil
        if let d = v["Description"] {
            description = try d.string()
            guard (1...1024).contains(description?.count ?? 0) else { throw d.error("length must be 1-1024") }
        }
        let global = try v["GlobalFilters"].map { try filterGroup($0, os: os) } ?? PatchFilterGroup()
        var rules: [PatchRule] = []
        if let ar = v["ApprovalRules"] {
            try ar.checkKeys(["PatchRules"])
            let list = try ar.required("PatchRules").array()
            guard list.count <= maxRules else {
                throw try ar.required("PatchRules").error(found: "\(list.count) rules", allowed: "0-\(maxRules)")
            }
            rules = try list.map { try rule($0, os: os) }
        }
        let approved = try listEntries(v["ApprovedPatches"], os: os)
        let rejected = try listEntries(v["RejectedPatches"], os: os)
        let level = try v["ApprovedPatchesComplianceLevel"].map { ComplianceLevel(rawValue: try $0.oneOf(ComplianceLevel.allCases.map(\.rawValue))) ?? .UNSPECIFIED } ?? .UNSPECIFIED
        let action = try v["RejectedPatchesAction"].map { RejectedPatchesAction(rawValue: try $0.oneOf(["ALLOW_AS_DEPENDENCY", "BLOCK"])) ?? .ALLOW_AS_DEPENDENCY } ?? .ALLOW_AS_DEPENDENCY
        var sources: [PatchSource] = []
        if let s = v["Sources"] {
            let list = try s.array()
            guard list.count <= maxSources else { throw s.error(found: "\(list.count) sources", allowed: "0-\(maxSources)") }
            if !list.isEmpty && (os.family == .windows || os.family == .macOS) {
                throw s.error("Sources are for Linux baselines only, not \(os.rawValue)")
            }
            sources = try list.map { try source($0) }
        }
        let asu = try v["AvailableSecurityUpdatesComplianceStatus"].map { try $0.oneOf(["COMPLIANT", "NON_COMPLIANT"]) }
        var baseline = PatchBaseline(
            baselineId: id, name: name, description: description, operatingSystem: os, globalFilters: global,
            approvalRules: rules, approvedPatches: approved, approvedPatchesComplianceLevel: level,
            approvedPatchesEnableNonSecurity: try v["ApprovedPatchesEnableNonSecurity"]?.bool() ?? false,
            rejectedPatches: rejected, rejectedPatchesAction: action, sources: sources,
            availableSecurityUpdatesComplianceStatus: asu)
        baseline.createdDate = try v["CreatedDate"].map(outputDate)
        baseline.modifiedDate = try v["ModifiedDate"].map(outputDate)
        try shape.validate(v)
        return baseline
    }

    /// An output-only timestamp as the CLI prints it (ISO 8601, or epoch seconds), kept
    /// verbatim; checked for type only.
    static func outputDate(_ v: JSONValue) throws -> String {
        switch v.kind {
        case .string(let s): return s
        case .number(let n): return String(n)
        default: throw v.error(found: v.shortDescription, allowed: "a timestamp (ISO 8601 string or epoch seconds)")
        }
    }

    /// A file holding one baseline object, or an array of them (the BaselineOverride shape).
    public static func decodeFile(_ path: String) throws -> [PatchBaseline] {
        let doc = try JSONValue.parse(contentsOf: path)
        if case .array(let items) = doc.kind { return try items.map { try decode($0) } }
        if let wrapped = doc["BaselineIdentity"] ?? doc["PatchBaseline"] { return [try decode(wrapped)] }
        return [try decode(doc)]
    }

    static func filterGroup(_ v: JSONValue, os: OperatingSystem) throws -> PatchFilterGroup {
        try v.checkKeys(["PatchFilters"])
        guard let list = try v["PatchFilters"]?.array() else { return PatchFilterGroup() }
        guard list.count <= maxFilters else {
            throw try v.required("PatchFilters").error(found: "\(list.count) filters", allowed: "0-\(maxFilters)")
        }
        var seen: Set<PatchFilterKey> = []
        var filters: [PatchFilter] = []
        for f in list {
            try f.checkKeys(["Key", "Values"])
            let keyValue = try f.required("Key")
            let key = PatchFilterKey(rawValue: try keyValue.oneOf(PatchFilterKey.allCases.map(\.rawValue))) ?? .PRODUCT
            let valid = PatchFilterKey.validInBaseline(for: os)
            guard valid.contains(key) else {
                throw keyValue.error(found: "\"\(key.rawValue)\"", allowed: "for \(os.rawValue) baselines: \(valid.map(\.rawValue).joined(separator: ", "))")
            }
            guard seen.insert(key).inserted else { throw keyValue.error("the key \(key.rawValue) appears twice in one filter group") }
            let valuesValue = try f.required("Values")
            let values = try valuesValue.array().map { try $0.string() }
            guard (1...maxFilterValues).contains(values.count) else {
                throw valuesValue.error(found: "\(values.count) values", allowed: "1-\(maxFilterValues)")
            }
            for (k, value) in values.enumerated() where !(1...maxFilterValueLength).contains(value.count) {
                throw InputError(file: v.file, location: .path("\(valuesValue.path)[\(k)]"),
                                 found: "\(value.count) characters", allowed: "1-\(maxFilterValueLength)")
            }
            try checkVocabulary(key, values, os: os, at: valuesValue)
            filters.append(PatchFilter(key: key, values: values))
        }
        // [FLT-8] every Windows PRODUCT must belong to the given PRODUCT_FAMILY.
        if os == .windows, let family = filters.first(where: { $0.key == .PRODUCT_FAMILY }), !family.matchesAnything,
           let products = filters.first(where: { $0.key == .PRODUCT }), !products.matchesAnything {
            for p in products.values {
                if let known = WindowsProductFamilies.family(of: p), !family.values.contains(where: { $0.caseInsensitiveEquals(known) }) {
                    throw v.error("product '\(p)' belongs to the family '\(known)', not \(family.values.joined(separator: ", "))")
                }
            }
        }
        return PatchFilterGroup(filters)
    }

    /// Values of closed vocabularies must be known (case-insensitive, §0).
    static func checkVocabulary(_ key: PatchFilterKey, _ values: [String], os: OperatingSystem, at v: JSONValue) throws {
        let entry = OSCatalogue.entry(os)
        let allowed: [String]
        switch key {
        case .CLASSIFICATION: allowed = entry.classifications
        case .SEVERITY: allowed = entry.severities
        case .MSRC_SEVERITY: allowed = entry.severities
        case .PRIORITY: allowed = entry.severities
        case .PATCH_SET: allowed = ["OS", "APPLICATION"]
        default: return
        }
        for value in values where value != "*" && !allowed.contains(where: { $0.caseInsensitiveEquals(value) }) {
            throw v.error(found: "\"\(value)\" for \(key.rawValue)", allowed: allowed.joined(separator: ", ") + " or *")
        }
    }

    static func rule(_ v: JSONValue, os: OperatingSystem) throws -> PatchRule {
        try v.checkKeys(["PatchFilterGroup", "ComplianceLevel", "ApproveAfterDays", "ApproveUntilDate", "EnableNonSecurity"])
        let group = try filterGroup(try v.required("PatchFilterGroup"), os: os)
        let aad = try v["ApproveAfterDays"].map { try $0.int(in: 0...maxApproveAfterDays) }
        var until: Int64? = nil
        if let u = v["ApproveUntilDate"] {
            let s = try u.string()
            guard (1...10).contains(s.count), s.count == 10, let t = Instant(iso8601: s) else {
                throw u.error(found: u.shortDescription, allowed: "a real calendar date YYYY-MM-DD")
            }
            until = t.utcDay
        }
        // [APR-1] Use: exactly one of ApproveAfterDays / ApproveUntilDate.
        if (aad == nil) == (until == nil) {
            throw v.error(aad == nil ? "needs ApproveAfterDays or ApproveUntilDate" : "has both ApproveAfterDays and ApproveUntilDate; give exactly one")
        }
        let level = try v["ComplianceLevel"].map { ComplianceLevel(rawValue: try $0.oneOf(ComplianceLevel.allCases.map(\.rawValue))) ?? .UNSPECIFIED } ?? .UNSPECIFIED
        return PatchRule(group, complianceLevel: level, approveAfterDays: aad, approveUntilDay: until,
                         enableNonSecurity: try v["EnableNonSecurity"]?.bool() ?? false)
    }

    static func listEntries(_ v: JSONValue?, os: OperatingSystem) throws -> [PatchListEntry] {
        guard let v else { return [] }
        let items = try v.array()
        guard items.count <= maxListEntries else { throw v.error(found: "\(items.count) entries", allowed: "0-\(maxListEntries)") }
        return try items.map { item in
            let s = try item.string()
            guard (1...maxListEntryLength).contains(s.count) else {
                throw item.error(found: "\(s.count) characters", allowed: "1-\(maxListEntryLength)")
            }
            switch PatchListEntry.parse(s, os: os) {
            case .success(let e): return e
            case .failure(let e): throw item.error(e.message)
            }
        }
    }

    static func source(_ v: JSONValue) throws -> PatchSource {
        try v.checkKeys(["Name", "Products", "Configuration"])
        let nameV = try v.required("Name")
        let name = try nameV.string()
        guard (3...50).contains(name.count), name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "_-.".contains($0)) }) else {
            throw nameV.error(found: nameV.shortDescription, allowed: "3-50 characters of [a-zA-Z0-9_.-]")
        }
        let productsV = try v.required("Products")
        let products = try productsV.array().map { try $0.string() }
        guard (1...20).contains(products.count), products.allSatisfy({ (1...128).contains($0.count) }) else {
            throw productsV.error(found: "\(products.count) products", allowed: "1-20 product strings of 1-128 characters")
        }
        let configV = try v.required("Configuration")
        let configuration = try configV.string()
        guard (1...1024).contains(configuration.count) else { throw configV.error("length must be 1-1024") }
        return PatchSource(name: name, products: products, configuration: configuration)
    }
}

/// Known Windows application products and their families ([FLT-8]).
public enum WindowsProductFamilies {
    static let table: [String: String] = [
        "Office 2010": "Office", "Office 2013": "Office", "Office 2016": "Office", "Word 2016": "Office",
        "Microsoft Exchange Server 2016": "Exchange Server", "BizTalk Server": "BizTalk Server",
        "Active Directory Rights Management Services Client 2.0": "Active Directory",
        "MicrosoftDefenderAntivirus": "Windows", "SQL Server 2019": "SQL Server",
    ]

    public static func family(of product: String) -> String? {
        if product.hasPrefix("WindowsServer") { return "Windows" }
        return table.first { $0.key.caseInsensitiveEquals(product) }?.value
    }
}
