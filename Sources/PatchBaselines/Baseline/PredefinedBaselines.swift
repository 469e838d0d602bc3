import Foundation
import PatchModel

/// AWS's 17 predefined baselines ([PRE-DEF], [AGT-1]) exactly as the API prints them
/// (`PredefinedBaselineDocuments.swift`), decoded by the same decoder as user baselines.
/// Not editable. Addressed by their ARN, by the bare `pb-` id, or by `Name`.
public enum PredefinedBaselines {
    /// Every predefined baseline, in the order of `describe-patch-baselines` by name.
    public static let all: [PatchBaseline] = documents.compactMap { text in
        // The documents are fixed data checked by a test; one that failed to decode would be dropped there.
        guard let doc = try? JSONValue.parse(Data(text.utf8), file: "predefined baselines"),
              var b = try? BaselineDecoder.decode(doc) else { return nil }
        b.isPredefined = true
        return b
    }.sorted { $0.name < $1.name }

    /// A predefined baseline by its Name, its ARN (any Region or account form), or its
    /// `pb-` id.
    public static func named(_ name: String) -> PatchBaseline? {
        if let b = byName[name] { return b }
        return byId[shortId(name)]
    }

    /// The `pb-...` part of an id or ARN (`arn:aws:ssm:us-east-1:075727635805:patchbaseline/pb-0be8...`).
    public static func shortId(_ id: String) -> String {
        guard let slash = id.range(of: "patchbaseline/", options: .backwards) else { return id }
        return String(id[slash.upperBound...])
    }

    /// The baseline's ARN in `region` (the dump's account owns them in every Region).
    public static func arn(_ b: PatchBaseline, region: String) -> String {
        guard b.isPredefined, let owner = b.baselineId.split(separator: ":").dropFirst(4).first else { return b.baselineId }
        return "arn:aws:ssm:\(region):\(owner):patchbaseline/\(shortId(b.baselineId))"
    }

    /// A predefined baseline's document as `get-patch-baseline` prints it, by its Name, ARN or id.
    public static func document(named name: String) -> String? {
        guard let b = named(name) else { return nil }
        return documents.first { $0.contains("\"Name\":\"\(b.name)\"") }
    }

    /// The AWS default baseline of an OS ([BL-2]).
    public static func defaultBaseline(for os: OperatingSystem) -> PatchBaseline? { defaults[os] }

    static let byName: [String: PatchBaseline] = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })
    static let byId: [String: PatchBaseline] = Dictionary(uniqueKeysWithValues: all.map { (shortId($0.baselineId), $0) })
    static let defaults: [OperatingSystem: PatchBaseline] = Dictionary(uniqueKeysWithValues: OperatingSystem.allCases.compactMap { os in
        byName[OSCatalogue.entry(os).defaultBaselineName].map { (os, $0) }
    })
}
