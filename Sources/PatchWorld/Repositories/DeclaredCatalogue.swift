import Foundation
import PatchModel

/// A catalogue a scenario writes out instead of generating: Windows updates and macOS
/// packages in the `Patch` shape `describe-available-patches` prints, so an account's
/// own listing can be pasted. Each entry is published at its `ReleaseDate` (or at the
/// history's start when it has none, as Microsoft's undated application updates are
/// [MD-3]).
///
///     { "declare": { "os": "WINDOWS", "product": "WindowsServer2019", "Patches": [
///         { "KbNumber": "KB5005030", "Title": "...", "Classification": "SecurityUpdates", "MsrcSeverity": "Critical",
///           "Product": "WindowsServer2019", "ProductFamily": "Windows", "ReleaseDate": "2021-08-10T17:00:00+00:00",
///           "CVEIds": ["CVE-2021-36942"], "Supersedes": ["KB5004244"] } ] } }
///     { "declare": { "os": "MACOS", "product": "BigSur11.4", "Patches": [
///         { "Name": "Safari", "Version": "14.1.1", "Classification": "softwareupdate", "ReleaseDate": "2021-05-24T00:00:00Z" } ] } }
///
/// Beyond the API's members: `Supersedes` (the KBs this update replaces, [MD-3]),
/// `PatchSet` (`OS` or `APPLICATION`; by default OS for the `Windows` product family) and
/// `RequiresReboot` (default true for OS updates).
public enum DeclaredCatalogue {
    static let windowsKeys: Set<String> = ["Id", "ReleaseDate", "Title", "Description", "ContentUrl", "Vendor", "ProductFamily", "Product",
                                           "Classification", "MsrcSeverity", "KbNumber", "MsrcNumber", "Language", "CVEIds",
                                           "AdvisoryIds", "BugzillaIds", "Supersedes", "PatchSet", "RequiresReboot", "Severity", "Repository"]
    static let macOSKeys: Set<String> = ["Id", "Name", "Version", "Classification", "ReleaseDate", "Title", "Description", "Vendor",
                                         "Product", "ProductFamily", "Repository"]

    public static func load(_ v: JSONValue, historyStart: Instant, baseDirectory: String) throws -> Repository {
        try v.checkKeys(["os", "product", "name", "Patches", "file"])
        let os = try RepositorySources.operatingSystem(try v.required("os"))
        guard os == .windows || os == .macOS else {
            throw try v.required("os").error(found: "\"\(os.rawValue)\"", allowed: "WINDOWS or MACOS (Linux repositories are generated or imported)")
        }
        let product = try RepositorySources.product(v["product"], os: os)
        let name = try v["name"]?.string() ?? RepositoryProfile.defaultName(os: os, product: product ?? "")
        var repo = Repository(name: name, os: os, products: product.map { [$0] } ?? [])
        var patches: JSONValue
        if let file = v["file"] {
            let full = try file.filePath(relativeTo: baseDirectory)
            let doc = try JSONValue.parse(contentsOf: full)
            patches = try doc.required("Patches")
            if v["Patches"] != nil { throw v.error("give \"Patches\" or \"file\", not both") }
        } else {
            patches = try v.required("Patches")
        }
        for p in try patches.array() {
            if os == .windows {
                let (update, at) = try windowsUpdate(p, product: product, historyStart: historyStart)
                repo.publish(update, at: at)
            } else {
                let (package, at) = try macOSPackage(p, historyStart: historyStart)
                repo.publish(package, at: at)
            }
        }
        return repo
    }

    static func strings(_ v: JSONValue?) throws -> [String] { try v?.array().map { try $0.string() } ?? [] }

    static func windowsUpdate(_ p: JSONValue, product: String?, historyStart: Instant) throws -> (WindowsUpdate, Instant) {
        try p.checkKeys(windowsKeys)
        let kbV = try p.required("KbNumber")
        guard let kb = WindowsKB(try kbV.string()) else { throw kbV.error(found: kbV.shortDescription, allowed: "a KB id such as KB5005030") }
        let classificationV = try p.required("Classification")
        let classification = try classificationV.string()
        let vocabulary = OSCatalogue.entry(.windows).classifications
        guard let canonical = vocabulary.first(where: { $0.caseInsensitiveEquals(classification) }) else {
            throw classificationV.error(found: classificationV.shortDescription, allowed: vocabulary.joined(separator: ", "))
        }
        let severity = try p["MsrcSeverity"]?.string() ?? "Unspecified"
        let family = try p["ProductFamily"]?.string() ?? "Windows"
        let setV = p["PatchSet"]
        let patchSet = try setV.map { WindowsUpdate.PatchSet(rawValue: try $0.oneOf(["OS", "APPLICATION"])) ?? .os }
            ?? (family.caseInsensitiveEquals("Windows") ? .os : .application)
        let updateProduct = try p["Product"]?.string() ?? product ?? ""
        let released = try p["ReleaseDate"]?.timestamp()
        var supersedes: [WindowsKB] = []
        for s in try p["Supersedes"]?.array() ?? [] {
            guard let k = WindowsKB(try s.string()) else { throw s.error(found: s.shortDescription, allowed: "a KB id") }
            supersedes.append(k)
        }
        let bulletin = try p["MsrcNumber"].map { try $0.string() }.flatMap { MSRCBulletin($0) }
        let update = WindowsUpdate(kb: kb, id: try p["Id"]?.string() ?? kb.description, title: try p["Title"]?.string() ?? kb.description,
                                   classification: canonical, msrcSeverity: severity, product: updateProduct, productFamily: family,
                                   patchSet: patchSet, msrcNumber: bulletin,
                                   releaseDate: released ?? .epoch, supersedes: supersedes, cveIds: try strings(p["CVEIds"]),
                                   requiresReboot: try p["RequiresReboot"]?.bool() ?? (patchSet == .os))
        return (update, max(released ?? historyStart, historyStart))
    }

    static func macOSPackage(_ p: JSONValue, historyStart: Instant) throws -> (AvailablePackage, Instant) {
        try p.checkKeys(macOSKeys)
        let versionV = try p.required("Version")
        guard let version = MacOSVersion(try versionV.string()) else { throw versionV.error(found: versionV.shortDescription, allowed: "a version") }
        let managerV = try p.required("Classification")
        let managers: [PackageTooling] = [.softwareupdate, .installer, .brew, .brewCask]
        let manager = managers.first { $0.rawValue == (try? managerV.string()) }
        guard let manager else { throw managerV.error(found: managerV.shortDescription, allowed: managers.map(\.rawValue).joined(separator: ", ")) }
        let released = try p["ReleaseDate"]?.timestamp()
        let package = AvailablePackage(identity: PackageIdentity(name: try p.required("Name").string(), arch: "", version: .macOS(version)),
                                       repository: try p["Repository"]?.string() ?? "declared", macOSPackageManager: manager)
        return (package, max(released ?? historyStart, historyStart))
    }
}
