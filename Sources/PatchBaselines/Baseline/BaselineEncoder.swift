import PatchModel

/// Writes a baseline in the `GetPatchBaseline` output shape, member for member and in the
/// order the AWS CLI prints them (the inverse of `BaselineDecoder`).
public enum BaselineEncoder {
    public static func getPatchBaseline(_ b: PatchBaseline, patchGroups: [String] = []) -> JSONOutput {
        var fields: [(String, JSONOutput)] = [
            ("BaselineId", .string(b.baselineId)),
            ("Name", .string(b.name)),
            ("OperatingSystem", .string(b.operatingSystem.rawValue)),
            ("GlobalFilters", filterGroup(b.globalFilters)),
            ("ApprovalRules", .object([("PatchRules", .array(b.approvalRules.map(rule)))])),
            ("ApprovedPatches", .array(b.approvedPatches.map { .string($0.description) })),
            ("ApprovedPatchesComplianceLevel", .string(b.approvedPatchesComplianceLevel.rawValue)),
            ("ApprovedPatchesEnableNonSecurity", .bool(b.approvedPatchesEnableNonSecurity)),
            ("RejectedPatches", .array(b.rejectedPatches.map { .string($0.description) })),
            ("RejectedPatchesAction", .string(b.rejectedPatchesAction.rawValue)),
            ("PatchGroups", .array(patchGroups.map { .string($0) })),
        ]
        if let c = b.createdDate { fields.append(("CreatedDate", .string(c))) }
        if let m = b.modifiedDate { fields.append(("ModifiedDate", .string(m))) }
        if let d = b.description { fields.append(("Description", .string(d))) }
        fields.append(("Sources", .array(b.sources.map { s in
            .object([("Name", .string(s.name)), ("Products", .array(s.products.map { .string($0) })), ("Configuration", .string(s.configuration))])
        })))
        if let status = b.availableSecurityUpdatesComplianceStatus {
            fields.append(("AvailableSecurityUpdatesComplianceStatus", .string(status)))
        }
        return .object(fields)
    }

    static func filterGroup(_ g: PatchFilterGroup) -> JSONOutput {
        .object([("PatchFilters", .array(g.filters.map { f in
            .object([("Key", .string(f.key.rawValue)), ("Values", .array(f.values.map { .string($0) }))])
        }))])
    }

    static func rule(_ r: PatchRule) -> JSONOutput {
        var fields: [(String, JSONOutput)] = [("PatchFilterGroup", filterGroup(r.patchFilterGroup)),
                                              ("ComplianceLevel", .string(r.complianceLevel.rawValue))]
        if let n = r.approveAfterDays { fields.append(("ApproveAfterDays", .int(n))) }
        if let d = r.approveUntilDay { fields.append(("ApproveUntilDate", .string(Instant(secondsSinceEpoch: d * Instant.secondsPerDay).isoDate))) }
        fields.append(("EnableNonSecurity", .bool(r.enableNonSecurity)))
        return .object(fields)
    }
}
