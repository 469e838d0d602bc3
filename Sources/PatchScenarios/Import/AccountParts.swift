import PatchBaselines
import PatchModel

/// The account's own definitions, carried into the scenario verbatim in the shapes the
/// CLI printed them ([17]): baselines, patch groups, defaults, windows with their targets
/// and tasks, associations. The anonymiser replaces names, descriptions, owner
/// information, tag keys and values and bucket names where they stand; predefined
/// baselines are named by their Name, since their ids differ from Region to Region.
enum AccountParts {
    /// Rewrites a value member by member: `f` returns a replacement, or nil to go deeper.
    static func transform(_ v: JSONValue, _ f: (String, JSONValue) -> JSONOutput?) -> JSONOutput {
        switch v.kind {
        case .object(let members):
            return .object(members.map { key, value in (key, f(key, value) ?? transform(value, f)) })
        case .array(let items):
            return .array(items.map { transform($0, f) })
        default:
            return JSONOutput(v)
        }
    }

    /// A `Targets` list: tag keys and values, instance ids and resource groups replaced.
    static func targets(_ v: JSONValue, anon: Anonymiser) -> JSONOutput {
        guard case .array(let items) = v.kind else { return JSONOutput(v) }
        return .array(items.map { t in
            let key = (try? t["Key"]?.string()).flatMap { $0 } ?? ""
            let values = ((try? t["Values"]?.array()) ?? []).compactMap { try? $0.string() }
            let mapped: (String, [String])
            if key.hasPrefix("tag:") {
                let tagKey = String(key.dropFirst(4))
                mapped = ("tag:" + anon.tagKey(tagKey), values.map(anon.tagValue))
            } else if key == "tag-key" {
                mapped = (key, values.map(anon.tagKey))
            } else if key == "InstanceIds" {
                mapped = (key, values.map { $0 == "*" ? $0 : anon.instanceId($0) })
            } else if key == "resource-groups:Name" {
                mapped = (key, values.map { anon.name("group", $0) })
            } else {
                mapped = (key, values)
            }
            return .object([("Key", .string(mapped.0)), ("Values", .array(mapped.1.map { .string($0) }))])
        })
    }

    /// The members every part anonymises the same way.
    static func common(_ kind: String, anon: Anonymiser) -> (String, JSONValue) -> JSONOutput? {
        { key, value in
            guard let text = try? value.string() else {
                if key == "Targets" { return targets(value, anon: anon) }
                if key == "Tags", case .array(let tags) = value.kind {
                    return .array(tags.map { t in
                        .object([("Key", .string(anon.tagKey((try? t["Key"]?.string()).flatMap { $0 } ?? ""))),
                                 ("Value", .string(anon.tagValue((try? t["Value"]?.string()).flatMap { $0 } ?? "")))])
                    })
                }
                return nil
            }
            switch key {
            case "Name", "AssociationName": return .string(anon.name(kind, text))
            case "Description": return .string(anon.enabled && !text.isEmpty ? "(anonymised)" : text)
            case "OwnerInformation": return .string(anon.name("owner", text))
            case "OutputS3BucketName", "S3BucketName": return .string(anon.name("bucket", text))
            case "OutputS3KeyPrefix", "S3KeyPrefix": return .string(anon.name("prefix", text))
            default: return nil
            }
        }
    }

    /// Region-specific ids of predefined baselines, mapped to their Names.
    static func predefinedNames(_ export: AccountExport) -> [String: String] {
        var names: [String: String] = [:]
        for identity in export.baselineIdentities {
            guard let id = try? identity["BaselineId"]?.string(), let name = try? identity["BaselineName"]?.string(),
                  PredefinedBaselines.named(name) != nil else { continue }
            names[id] = name
            names[PredefinedBaselines.shortId(id)] = name
        }
        return names
    }

    static func baselineReference(_ id: String, _ predefined: [String: String]) -> String {
        predefined[id] ?? predefined[PredefinedBaselines.shortId(id)] ?? PredefinedBaselines.named(id)?.name ?? id
    }

    static func baselines(_ export: AccountExport, anon: Anonymiser, notes: inout [String]) throws -> JSONOutput {
        let predefined = predefinedNames(export)
        var custom: [JSONOutput] = []
        for b in export.baselines {
            let id = try b.required("BaselineId").string()
            let name = try b["Name"]?.string() ?? ""
            if predefined[id] != nil || (name.hasPrefix("AWS-") && PredefinedBaselines.named(name) != nil) { continue }
            custom.append(transform(b) { key, value in
                if key == "PatchGroups", case .array(let groups) = value.kind {
                    return .array(groups.map { .string(anon.tagValue((try? $0.string()) ?? "")) })
                }
                if key == "Sources" { return nil }
                return common("baseline", anon: anon)(key, value)
            })
        }
        var groups: [JSONOutput] = []
        for m in export.patchGroups {
            let group = try m.required("PatchGroup").string()
            let identity = try m.required("BaselineIdentity")
            let id = try identity.required("BaselineId").string()
            groups.append(.object([("PatchGroup", .string(anon.tagValue(group))), ("BaselineId", .string(baselineReference(id, predefined)))]))
        }
        var defaults: [JSONOutput] = []
        for d in export.defaultBaselines {
            let id = try d.required("BaselineId").string()
            let reference = baselineReference(id, predefined)
            // The AWS default of an OS needs no registration; a custom default does.
            if let os = try d["OperatingSystem"]?.string(), let system = OperatingSystem(rawValue: os),
               PredefinedBaselines.defaultBaseline(for: system)?.name == reference { continue }
            defaults.append(.string(reference))
        }
        return .object([("baselines", .array(custom)), ("patchGroups", .array(groups)), ("defaultBaselines", .array(defaults))])
    }

    static func windows(_ export: AccountExport, anon: Anonymiser, notes: inout [String]) throws -> JSONOutput {
        let windows = export.windows.map { transform($0, common("window", anon: anon)) }
        let targets = export.windowTargets.map { transform($0, common("target", anon: anon)) }
        let tasks = export.windowTasks.map { transform($0, common("task", anon: anon)) }
        return .object([("maintenanceWindows", .array(windows)), ("windowTargets", .array(targets)), ("windowTasks", .array(tasks))])
    }

    /// Associations as `describe-association` printed them. They exist already, so they
    /// wait for their schedule (ApplyOnlyAtCronInterval) rather than run at the export
    /// instant; an override list or baseline in S3 is not in the export and is dropped.
    static func associations(_ export: AccountExport, anon: Anonymiser, notes: inout [String]) throws -> JSONOutput {
        var out: [JSONOutput] = []
        for a in export.associations {
            let id = try a["AssociationId"]?.string() ?? "?"
            var dropped: [String] = []
            var rewritten = transform(a) { key, value in
                if key == "Parameters", case .object(let members) = value.kind {
                    var kept: [(String, JSONOutput)] = []
                    for (name, v) in members {
                        let first = (try? v.array().first?.string()).flatMap { $0 } ?? ""
                        if (name == "BaselineOverride" || name == "InstallOverrideList") && (first.hasPrefix("s3://") || first.hasPrefix("https://")) {
                            dropped.append(name)
                            continue
                        }
                        kept.append((name, transform(v) { _, _ in nil }))
                    }
                    return .object(kept)
                }
                if key == "ApplyOnlyAtCronInterval" { return .bool(true) }
                return common("association", anon: anon)(key, value)
            }
            if case .object(var members) = rewritten, !members.contains(where: { $0.0 == "ApplyOnlyAtCronInterval" }),
               members.contains(where: { $0.0 == "ScheduleExpression" }) {
                members.append(("ApplyOnlyAtCronInterval", .bool(true)))
                rewritten = .object(members)
            }
            for name in dropped {
                notes.append("association \(id): its \(name) is in S3, not in the export; dropped (the nodes' patch groups and defaults apply)")
            }
            out.append(rewritten)
        }
        return .object([("associations", .array(out))])
    }
}
