import Foundation
import PatchBaselines
import PatchModel
import PatchScheduling
import PatchWorld

/// A Run Command document's `Parameters` as a scenario gives them (each a list of
/// strings, as the API takes them), read for the document they belong to: the patch
/// documents' parameters ([OP-1], [OP-3], [OP-4]) with their allowed values, any other
/// document's taken as they are. `InstallOverrideList` and `BaselineOverride` name an
/// S3 or HTTPS URL in AWS; here a local path (relative to the scenario) or the content
/// inline stands in for it.
struct DocumentParameters {
    /// The scenario's `documents`: how long other Command documents run, by name.
    var documentSeconds: [String: Int64] = [:]
    var baseDirectory = "."

    static let patchParameters: [String: Set<String>] = [
        CommandDocument.runPatchBaselineName: ["Operation", "RebootOption", "SnapshotId", "InstallOverrideList", "BaselineOverride"],
        CommandDocument.withHooksName: ["Operation", "RebootOption", "SnapshotId", "InstallOverrideList", "BaselineOverride",
                                        "PreInstallHookDocName", "PostInstallHookDocName", "OnExitHookDocName"],
        CommandDocument.associationName: ["Operation", "RebootOption", "SnapshotId", "InstallOverrideList", "BaselineOverride",
                                          "BaselineTags", "AssociationId"],
    ]

    /// The document named `name` and its parameters read from `params` (nil: none given).
    func read(document name: String, _ params: JSONValue?) throws -> (CommandDocument, RunPatchBaselineParameters) {
        guard let allowed = Self.patchParameters[name] else {
            if let params { _ = try params.object().map { (_, v) in try v.array().map { try $0.string() } } }
            return (.other(name: name, seconds: documentSeconds[name] ?? CommandDocument.defaultSeconds), RunPatchBaselineParameters(operation: .Scan))
        }
        var values: [String: (JSONValue, String)] = [:]
        for (key, v) in try params?.object() ?? [] {
            guard allowed.contains(key) else {
                throw v.error(found: "parameter \"\(InputError.cut(key))\"", allowed: "\(name)'s parameters: \(allowed.sorted().joined(separator: ", "))")
            }
            let list = try v.array()
            guard list.count == 1 else { throw v.error(found: "\(list.count) values", allowed: "one value (a list of one string)") }
            values[key] = (list[0], try list[0].string())
        }
        func choice(_ key: String, _ options: [String]) throws -> String? {
            guard let (v, s) = values[key] else { return nil }
            guard options.contains(s) else { throw v.error(found: v.shortDescription, allowed: options.joined(separator: ", ")) }
            return s
        }
        var p = RunPatchBaselineParameters(
            operation: try choice("Operation", ["Scan", "Install"]).flatMap { .init(rawValue: $0) } ?? .Scan,
            rebootOption: try choice("RebootOption", ["RebootIfNeeded", "NoReboot"]).flatMap { .init(rawValue: $0) } ?? .RebootIfNeeded,
            snapshotId: values["SnapshotId"]?.1)
        if let (v, s) = values["InstallOverrideList"], !s.isEmpty {
            p.installOverrideList = try installOverrideList(s, at: v)
            p.installOverrideListSource = s
        }
        if let (v, s) = values["BaselineOverride"], !s.isEmpty { p.baselineOverride = try baselineOverride(s, at: v) }
        if let (_, s) = values["AssociationId"], !s.isEmpty { p.associationId = s }
        switch name {
        case CommandDocument.withHooksName:
            func hook(_ key: String) -> CommandDocument.Hook {
                let doc = values[key]?.1 ?? "AWS-Noop"
                return CommandDocument.Hook(document: doc, seconds: doc == "AWS-Noop" ? 0 : documentSeconds[doc] ?? CommandDocument.defaultSeconds)
            }
            return (.runPatchBaselineWithHooks(preInstall: hook("PreInstallHookDocName"), postInstall: hook("PostInstallHookDocName"),
                                               onExit: hook("OnExitHookDocName")), p)
        case CommandDocument.associationName:
            return (.runPatchBaselineAssociation(baselineTags: try values["BaselineTags"].map { try baselineTag($0.1, at: $0.0) }), p)
        default:
            return (.runPatchBaseline, p)
        }
    }

    /// `Key=Name,Values=Value1,Value2` (one pair; [OP-3]).
    func baselineTag(_ s: String, at v: JSONValue) throws -> CommandDocument.BaselineTag {
        let parts = s.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard let first = parts.first, first.hasPrefix("Key="), parts.count >= 2, parts[1].hasPrefix("Values=") else {
            throw v.error(found: v.shortDescription, allowed: "Key=NAME,Values=VALUE[,VALUE...] (one tag)")
        }
        let values = [String(parts[1].dropFirst("Values=".count))] + parts.dropFirst(2)
        return CommandDocument.BaselineTag(key: String(first.dropFirst("Key=".count)), values: values)
    }

    /// The stand-in for the URL: inline content, or a file.
    func content(_ s: String, at v: JSONValue, what: String) throws -> (text: String, file: String) {
        let trimmed = s.trimmingWhitespace
        if trimmed.hasPrefix("[") || trimmed.hasPrefix("{") || trimmed.hasPrefix("patches:") { return (trimmed, v.file) }
        guard !trimmed.hasPrefix("https://"), !trimmed.hasPrefix("s3://"), !trimmed.hasPrefix("http://") else {
            throw v.error(found: v.shortDescription, allowed: "a local file path (relative to the scenario) or the \(what) inline: the simulation has no network")
        }
        let relative = trimmed.hasPrefix("file://") ? String(trimmed.dropFirst(7)) : trimmed
        let path = try JSONValue(kind: .string(relative), file: v.file, path: v.path).filePath(relativeTo: baseDirectory)
        let bytes = try InputFile.read(path)
        return (String(decoding: bytes, as: UTF8.self), path)
    }

    /// The YAML the service reads (`patches:` then `- id: ...` with an optional `title:`),
    /// or the same as JSON (`{"patches": [{"id": ..., "title": ...}]}` or a bare array).
    func installOverrideList(_ s: String, at v: JSONValue) throws -> [InstallOverrideEntry] {
        let (text, file) = try content(s, at: v, what: "list")
        if text.hasPrefix("[") || text.hasPrefix("{") {
            let doc = try JSONValue.parse(Data(text.utf8), file: file)
            let list = try (doc["patches"] ?? doc).array()
            return try list.map { e in
                try e.checkKeys(["id", "title"])
                return InstallOverrideEntry(id: try e.required("id").string(), title: try e["title"]?.string())
            }
        }
        var entries: [InstallOverrideEntry] = []
        for (k, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = raw.trimmingWhitespace
            if line.isEmpty || line.hasPrefix("#") || line == "patches:" { continue }
            let isItem = line.hasPrefix("- ")
            if isItem { line = String(line.dropFirst(2)).trimmingWhitespace }
            guard let colon = line.firstIndex(of: ":") else {
                throw InputError(file: file, location: .line(k + 1), found: "'\(InputError.cut(line))'", allowed: "patches: followed by - id: ... and title: ... lines")
            }
            let key = line[..<colon].trimmingWhitespace
            var value = line[line.index(after: colon)...].trimmingWhitespace
            if value.count >= 2, let q = value.first, q == "'" || q == "\"", value.last == q { value = String(value.dropFirst().dropLast()) }
            switch key {
            case "id" where isItem: entries.append(InstallOverrideEntry(id: value))
            case "title" where !entries.isEmpty && !isItem: entries[entries.count - 1].title = value
            default:
                throw InputError(file: file, location: .line(k + 1), found: "'\(InputError.cut(line))'", allowed: "- id: ... items, each with an optional title: ...")
            }
        }
        guard !entries.isEmpty else { throw v.error(found: "an empty list", allowed: "at least one patch id") }
        return entries
    }

    /// An array of baselines in the GetPatchBaseline shape (one per OS at most used).
    func baselineOverride(_ s: String, at v: JSONValue) throws -> [PatchBaseline] {
        let (text, file) = try content(s, at: v, what: "baselines")
        let doc = try JSONValue.parse(Data(text.utf8), file: file)
        let list: [JSONValue]
        if case .array(let items) = doc.kind { list = items } else { list = [doc] }
        return try list.enumerated().map { k, b in
            try BaselineDecoder.decode(b, assignedId: AssignedIds.shortId(prefix: "pb", seed: 0, "override:\(file):\(k)"))
        }
    }
}
