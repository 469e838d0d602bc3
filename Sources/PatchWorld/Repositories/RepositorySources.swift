import Foundation
import PatchModel

/// Reads the `repositories` section of a scenario file: each entry either generates a
/// repository history from the scenario seed or imports real metadata files.
///
///     { "generate": { "os": "AMAZON_LINUX_2", "product": "AmazonLinux2", "packageCount": 400 } }
///     { "import": { "os": "DEBIAN", "product": "Debian12", "aptLists": "lists/" } }
///     { "import": { "os": "AMAZON_LINUX_2", "name": "amzn2-core", "primary": "primary.xml", "updateinfo": "updateinfo.xml" } }
///
/// Relative paths are resolved against the folder of the file that names them.
public enum RepositorySources {
    public struct Loaded: Sendable {
        public var repositories: [Repository]
        /// Base inventories of generated repositories, by `os/product` (images start from these).
        public var baseInventories: [String: Inventory]

        public init(repositories: [Repository], baseInventories: [String: Inventory]) {
            self.repositories = repositories
            self.baseInventories = baseInventories
        }
    }

    public static func load(_ list: JSONValue, seed: UInt64, start: Instant, end: Instant, baseDirectory: String) throws -> Loaded {
        var loaded = Loaded(repositories: [], baseInventories: [:])
        var profiles: [RepositoryProfile?] = []
        var estimated = 0.0
        // Every generator's work is estimated and bounded before any runs.
        for entry in try list.array() {
            try entry.checkKeys(["generate", "import", "declare", "ImageIds"])
            guard let g = entry["generate"] else { profiles.append(nil); continue }
            let profile = try generateProfile(g, start: start, end: end)
            estimated += profile.estimatedUpdates
            if estimated > Double(RepositoryProfile.maxGeneratedUpdates) {
                throw g.error("the generated repositories would hold about \(Int(min(estimated, 1e15))) package updates "
                    + "(packageCount \(profile.packageCount) over \((end.secondsSinceEpoch - start.secondsSinceEpoch) / 86_400) days, "
                    + "an update every \(profile.meanDaysBetweenUpdates) days per package); at most \(RepositoryProfile.maxGeneratedUpdates): "
                    + "lower packageCount, raise meanDaysBetweenUpdates or shorten the scenario (start to end)")
            }
            profiles.append(profile)
        }
        for (entry, profile) in zip(try list.array(), profiles) {
            let first = loaded.repositories.count
            if let profile {
                let output = RepositoryGenerator(profile: profile, seed: seed).generate()
                loaded.repositories += output.repositories
                loaded.baseInventories["\(profile.os.rawValue)/\(profile.product)"] = output.baseInventory
            } else if let i = entry["import"] {
                loaded.repositories += try importRepositories(i, fallbackPublished: start, baseDirectory: baseDirectory)
            } else if let d = entry["declare"] {
                loaded.repositories.append(try DeclaredCatalogue.load(d, historyStart: start, baseDirectory: baseDirectory))
            } else {
                throw entry.error(found: "an entry with none of these keys", allowed: "\"generate\", \"import\" or \"declare\"")
            }
            // A repository some images only have configured (EPEL on some hosts; an import's filler).
            if let scope = entry["ImageIds"] {
                let ids = try scope.array().map { try $0.string() }
                guard !ids.isEmpty else { throw scope.error(found: "[]", allowed: "the ImageIds of the images whose nodes read these repositories") }
                for k in first..<loaded.repositories.count { loaded.repositories[k].imageIds = ids }
            }
        }
        var seen: Set<String> = []
        for (k, r) in loaded.repositories.enumerated() where !seen.insert(r.name).inserted {
            throw InputError(file: list.file, location: .path("\(list.path)[\(k)]"),
                             message: "repository name '\(r.name)' is used twice; give one a \"name\"")
        }
        return loaded
    }

    static func operatingSystem(_ v: JSONValue) throws -> OperatingSystem {
        let s = try v.oneOf(OperatingSystem.allCases.map(\.rawValue))
        return OperatingSystem(rawValue: s) ?? .windows
    }

    static func product(_ v: JSONValue?, os: OperatingSystem) throws -> String? {
        guard let v else { return nil }
        let p = try v.string()
        if case .unknown = OSCatalogue.support(of: p, on: os) {
            throw v.error(found: "\"\(p)\"", allowed: OSCatalogue.productHint(os))
        }
        return p
    }

    static func generateProfile(_ g: JSONValue, start: Instant, end: Instant) throws -> RepositoryProfile {
        try g.checkKeys(["os", "product", "name", "packageCount", "meanDaysBetweenUpdates", "securityShare", "severityMix",
                         "dependencyShare", "kernelUpdatesPerMonth", "reissueShare", "historyStart", "kernelLivePatches"])
        let os = try operatingSystem(try g.required("os"))
        guard end.secondsSinceEpoch - start.secondsSinceEpoch <= Int64(RepositoryProfile.maxDays) * Instant.secondsPerDay else {
            throw g.error("the scenario spans more than \(RepositoryProfile.maxDays) days, the most a generated history covers")
        }
        var severityMix: [(String, Double)]? = nil
        if let mix = g["severityMix"] {
            let allowed = OSCatalogue.entry(os).severities + (os.family == .macOS ? ["Unspecified"] : [])
            severityMix = try mix.object().map { (k, v) in
                guard allowed.contains(where: { $0.caseInsensitiveEquals(k) }) else {
                    throw v.error("'\(k)' is not a \(os.rawValue) severity; allowed: \(allowed.joined(separator: ", "))")
                }
                return (k, try v.double(in: 0...1_000_000))
            }
            if severityMix?.isEmpty ?? true || (severityMix?.reduce(0) { $0 + $1.1 } ?? 0) <= 0 {
                throw mix.error("needs at least one positive weight")
            }
        }
        var profile = RepositoryProfile(
            os: os, product: try product(g["product"], os: os), name: try g["name"]?.string(),
            packageCount: try g["packageCount"]?.int(in: 1...RepositoryProfile.maxPackageCount) ?? 400,
            meanDaysBetweenUpdates: try g["meanDaysBetweenUpdates"]?.double(in: 0.1...3650) ?? 90,
            securityShare: try g["securityShare"]?.double(in: 0...1) ?? 0.45,
            severityMix: severityMix,
            dependencyShare: try g["dependencyShare"]?.double(in: 0...1) ?? 0.2,
            kernelUpdatesPerMonth: try g["kernelUpdatesPerMonth"]?.double(in: 0...31) ?? 2,
            reissueShare: try g["reissueShare"]?.double(in: 0...1) ?? 0.05,
            historyStart: try g["historyStart"]?.instant(), start: start, end: end)
        if profile.historyStart > profile.start {
            throw (g["historyStart"] ?? g).error("historyStart \(profile.historyStart) is after the scenario start \(profile.start)")
        }
        if profile.name.isEmpty { profile.name = RepositoryProfile.defaultName(os: os, product: profile.product) }
        if let v = g["kernelLivePatches"] {
            profile.kernelLivePatches = try v.bool()
            if profile.kernelLivePatches && os != .amazonLinux2 {
                throw v.error(found: "true for \(os.rawValue)", allowed: "kernel live patches for AMAZON_LINUX_2 only")
            }
        }
        return profile
    }

    static func importRepositories(_ i: JSONValue, fallbackPublished: Instant, baseDirectory: String) throws -> [Repository] {
        try i.checkKeys(["os", "product", "name", "aptLists", "primary", "updateinfo"])
        let os = try operatingSystem(try i.required("os"))
        let products = try product(i["product"], os: os).map { [$0] } ?? []
        func resolve(_ v: JSONValue) throws -> String { try v.filePath(relativeTo: baseDirectory) }
        if let lists = i["aptLists"] {
            guard os.family == .apt else { throw lists.error("aptLists is for UBUNTU, DEBIAN or RASPBIAN, not \(os.rawValue)") }
            return try AptListsImporter.importDirectory(try resolve(lists), os: os, products: products, fallbackPublished: fallbackPublished)
        }
        guard let primary = i["primary"] else {
            throw i.error(found: "no metadata", allowed: "\"aptLists\" (APT) or \"primary\" with optional \"updateinfo\" (YUM/DNF/Zypper)")
        }
        guard os.family == .yumDNF || os.family == .zypper else {
            throw primary.error("primary.xml is for YUM/DNF/Zypper operating systems, not \(os.rawValue)")
        }
        let name = try i["name"]?.string() ?? RepositoryProfile.defaultName(os: os, product: products.first ?? "")
        var repo = Repository(name: name, os: os, products: products)
        try RPMPrimaryImporter.importFile(try resolve(primary), into: &repo, fallbackPublished: fallbackPublished)
        if let u = i["updateinfo"] {
            try UpdateInfoImporter.importFile(try resolve(u), into: &repo, fallbackPublished: fallbackPublished)
        }
        return [repo]
    }
}
