import Foundation
import PatchBaselines
import PatchModel
import PatchWorld

/// Turns an account export into a scenario folder ([17]): images from the nodes'
/// installed software, one fleet entry per node with its tags and agent, the account's
/// baselines, patch groups, defaults, windows, targets, tasks and associations verbatim,
/// and repositories rebuilt from what the nodes reported, so that a Scan at the export
/// instant gives back each node's records. What the export cannot say is chosen here
/// and listed in the report:
/// - a reported version is published long before the export (notice dates are not in
///   the export; a date 400 days back passes every ApproveAfterDays, which is at most 360);
/// - NotApplicable patches on Linux are counted, never listed: the import adds offered,
///   approved, uninstalled filler packages to an image-scoped repository to match;
/// - FAILED comes only from an Install: the node's round trip is an Install of exactly
///   those patches, which fail (faults.installFailures), as they may again next month.
public struct FleetImport {
    public struct Options: Sendable {
        public var start: Instant?
        public var days: Int
        public var anonymiser: Anonymiser
        public var profile: String
        public init(start: Instant? = nil, days: Int = 30, anonymiser: Anonymiser = .identity(), profile: String = "agent-1.80") {
            self.start = start
            self.days = days
            self.anonymiser = anonymiser
            self.profile = profile
        }
    }

    /// One node as the scenario holds it, and what its round trip must give back.
    public struct Node: Sendable {
        public var exportId: String
        public var id: String
        public var os: OperatingSystem
        public var product: String
        public var arch: String
        public var imageId = ""
        /// Installed Linux packages: unit key → (name, arch, version text, installed time).
        var installed: [String: (name: String, arch: String, version: String, time: Instant?)] = [:]
        var kbs: Set<String> = []
        var pendingReboot: Set<String> = []
        var failed: [String] = []
        public var expected: [AccountExport.PatchRecord]
        public var expectedCounts: [(String, Int)] = []
        public var baselineId: String?
        public var patchGroup: String?
        /// Whether the export holds the node's stored report and patches (its round trip).
        public var hasReport = false
        /// Approved attributes seen on this node (filler packages copy one).
        var approvedAttributes: (classification: String, severity: String)?
        public var fillers = 0
    }

    public struct Built: Sendable {
        /// Relative path → content, every file of the scenario folder.
        public var files: [(path: String, text: String)]
        public var nodes: [Node]
        public var notes: [String]
        public var start: Instant
    }

    static let publishedLeadSeconds: Int64 = 400 * 86_400

    public static func build(_ export: AccountExport, options: Options, fillers: [String: Int] = [:]) throws -> Built {
        let anon = options.anonymiser
        let start = options.start ?? export.exportTime
        let published = Instant(secondsSinceEpoch: start.secondsSinceEpoch - publishedLeadSeconds)
        var notes = export.skipped
        var nodes: [Node] = []
        let predefined = AccountParts.predefinedNames(export)

        for n in export.nodes {
            guard let (os, product) = PlatformIdentity.product(platformName: n.platformName, platformVersion: n.platformVersion) else {
                notes.append("\(anon.instanceId(n.instanceId)): skipped: PlatformName \"\(n.platformName)\" \(n.platformVersion) is no supported product (patchsim products lists them)")
                continue
            }
            guard os != .macOS else {
                notes.append("\(anon.instanceId(n.instanceId)): skipped: macOS nodes are not imported yet (their records do not say which tool installed a package)")
                continue
            }
            var node = Node(exportId: n.instanceId, id: anon.instanceId(n.instanceId), os: os, product: product,
                            arch: os == .windows ? "x86_64" : "", expected: n.patches ?? [])
            // Without its patches the node's report cannot be reproduced (the export lists it
            // as skipped): it is imported with its software, and no round trip.
            if let s = n.patchState, n.patches != nil {
                if let b = try s["BaselineId"]?.string() { node.baselineId = AccountParts.baselineReference(b, predefined) }
                if let g = try s["PatchGroup"]?.string() { node.patchGroup = anon.tagValue(g) }
                node.hasReport = true
                for key in Expectation.summaryCountKeys {
                    if let v = s[key] { node.expectedCounts.append((key, try v.int(in: 0...Int(Int32.max)))) }
                }
            }
            if os == .windows { try windowsNode(&node, n, notes: &notes) } else { try linuxNode(&node, n, published: published, notes: &notes) }
            node.fillers = fillers[node.id] ?? 0
            nodes.append(node)
        }

        // Images: nodes with the same software (and the same fillers) share one.
        var imageKeys: [String: String] = [:]
        var images: [JSONOutput] = []
        var files: [(path: String, text: String)] = []
        for k in nodes.indices {
            let n = nodes[k]
            let software = n.os == .windows ? n.kbs.sorted().joined(separator: ",")
                : n.installed.keys.sorted().map { "\($0)=\(n.installed[$0]?.version ?? "")" }.joined(separator: ",")
            let key = "\(n.os.rawValue)|\(n.product)|\(software)|\(n.fillers)"
            if let id = imageKeys[key] { nodes[k].imageId = id; continue }
            let id = "img-\(n.product.lowercased())-\(images.count + 1)"
            imageKeys[key] = id
            nodes[k].imageId = id
            var inventory: [(String, JSONOutput)] = []
            switch PackageManager.of(os: n.os, product: n.product) {
            case .windowsUpdate:
                inventory = [("installedKBs", .array(n.kbs.sorted().map { .string($0) }))]
            case .apt:
                let path = "data/inventory/\(id).dpkg-status"
                files.append((path, dpkgStatus(n)))
                inventory = [("dpkgStatus", .string(path))]
            default:
                let path = "data/inventory/\(id).rpm-qa.txt"
                files.append((path, rpmQuery(n, fallback: published)))
                inventory = [("rpmQa", .string(path))]
            }
            images.append(.object([("ImageId", .string(id)), ("OperatingSystem", .string(n.os.rawValue)), ("Product", .string(n.product)),
                                   ("inventory", .object(inventory))]))
        }

        let repositories = repositoryFiles(nodes, export: export, published: published, files: &files, notes: &notes)
        let fleet = try fleetEntries(nodes, export: export, anon: anon)

        let end = Instant(secondsSinceEpoch: start.secondsSinceEpoch + Int64(options.days) * 86_400)
        let name = "imported" + (export.region.isEmpty ? "" : "-\(export.region)")
        files.append(("scenario.json", JSONOutput.object([
            ("name", .string(name)),
            ("description", .string("Imported by patchsim import from an export of \(anon.accountId(export.accountId).isEmpty ? "an account" : "account " + anon.accountId(export.accountId))"
                + "\(export.region.isEmpty ? "" : " in " + export.region) taken at \(export.exportTime.iso8601): \(nodes.count) nodes. The first expectations are the round trip: a Scan at the export instant gives back what each node reported.")),
            ("seed", .int(0)), ("evaluationProfile", .string(options.profile)),
            ("start", .string(start.iso8601)), ("end", .string(end.iso8601)),
        ]).rendered()))
        files.append(("images.json", JSONOutput.object([("images", .array(images))]).rendered()))
        files.append(("fleet.json", JSONOutput.object([("fleet", .array(fleet))]).rendered()))
        files.append(("repositories.json", JSONOutput.object([("repositories", .array(repositories))]).rendered()))
        files.append(("baselines.json", try AccountParts.baselines(export, anon: anon, notes: &notes).rendered()))
        files.append(("windows.json", try AccountParts.windows(export, anon: anon, notes: &notes).rendered()))
        files.append(("associations.json", try AccountParts.associations(export, anon: anon, notes: &notes).rendered()))
        files.append(("events.json", JSONOutput.object([("events", .array(roundTripEvents(nodes, at: start)))]).rendered()))
        files.append(("expectations.json", JSONOutput.object([("expectations", .array(roundTripExpectations(nodes, at: start)))]).rendered()))
        files = files.map { ($0.path, anon.scrub($0.text)) }
        return Built(files: files, nodes: nodes, notes: notes.map(anon.scrub), start: start)
    }

    // MARK: Nodes

    static func split(unit: String) -> (name: String, arch: String) {
        guard let dot = unit.lastIndex(of: ".") else { return (unit, "") }
        return (String(unit[..<dot]), String(unit[unit.index(after: dot)...]))
    }

    /// The version a Linux record's Title names: `name.arch:epoch:version-release` (rpm)
    /// or `name.arch:version` (dpkg), after its KBId.
    static func version(of r: AccountExport.PatchRecord) -> String? {
        if r.title.hasPrefix(r.kbId + ":") { return String(r.title.dropFirst(r.kbId.count + 1)) }
        return nil
    }

    static func linuxNode(_ node: inout Node, _ n: AccountExport.Node, published: Instant, notes: inout [String]) throws {
        let manager = PackageManager.of(os: node.os, product: node.product)
        var inventory: [String: AccountExport.Application] = [:]
        for a in n.applications ?? [] {
            let arch = a.architecture ?? ""
            inventory["\(a.name).\(arch)"] = a
        }
        func inventoryVersion(_ a: AccountExport.Application) -> String {
            if manager == .apt {
                if let e = a.epoch, e != "0", !a.version.contains(":") { return "\(e):\(a.version)" }
                return a.version
            }
            return "\(a.epoch ?? "0"):\(a.version)-\(a.release ?? "")"
        }
        if n.patches == nil, let apps = n.applications {
            // No records: the inventory alone is the installed software.
            for a in apps { node.installed["\(a.name).\(a.architecture ?? "")"] = (a.name, a.architecture ?? "", inventoryVersion(a), a.installedTime) }
        }
        var architectures: [String: Int] = [:]
        for r in node.expected {
            let (name, arch) = split(unit: r.kbId)
            architectures[arch, default: 0] += 1
            guard let v = version(of: r) else {
                notes.append("\(node.id): \(r.kbId): Title \"\(r.title)\" does not name a version after the KBId; not reproduced")
                continue
            }
            switch r.state {
            case .INSTALLED, .INSTALLED_OTHER, .INSTALLED_REJECTED, .INSTALLED_PENDING_REBOOT:
                node.installed[r.kbId] = (name, arch, v, r.installedTime ?? inventory[r.kbId]?.installedTime)
                if r.state == .INSTALLED_PENDING_REBOOT { node.pendingReboot.insert(r.kbId) }
            case .MISSING, .FAILED:
                if let a = inventory[r.kbId] {
                    node.installed[r.kbId] = (name, arch, inventoryVersion(a), a.installedTime)
                } else {
                    let older = manager == .apt ? "0~imported" : olderRPM(v)
                    node.installed[r.kbId] = (name, arch, older, nil)
                    notes.append("\(node.id): \(r.kbId): the installed version is not in the inventory export; assumed \(older), older than \(v)")
                }
                if r.state == .FAILED { node.failed.append(r.kbId) }
            default:
                break
            }
            if (r.state == .MISSING || r.state == .INSTALLED || r.state == .FAILED) && !r.classification.isEmpty && node.approvedAttributes == nil {
                node.approvedAttributes = (r.classification, r.severity)
            } else if manager == .apt && (r.state == .MISSING || r.state == .INSTALLED) && node.approvedAttributes == nil {
                node.approvedAttributes = ("", r.severity)
            }
        }
        node.arch = architectures.filter { $0.key != "noarch" && $0.key != "all" }.max { $0.value < $1.value }?.key
            ?? (manager == .apt ? "amd64" : "x86_64")
        if let apps = n.applications, n.patches != nil {
            let unreported = apps.filter { node.installed["\($0.name).\($0.architecture ?? "")"] == nil }.count
            if unreported > 0 {
                notes.append("\(node.id): \(unreported) inventory entries have no patch record (the agent does not report them); left out of the image")
            }
        }
    }

    /// A version just below an rpm version: its release replaced by `0`.
    static func olderRPM(_ v: String) -> String {
        guard let dash = v.lastIndex(of: "-") else { return v + "-0" }
        return String(v[..<dash]) + "-0"
    }

    static func windowsNode(_ node: inout Node, _ n: AccountExport.Node, notes: inout [String]) throws {
        for kb in n.hotFixIds ?? [] where WindowsKB(kb) != nil { node.kbs.insert(WindowsKB(kb)?.description ?? kb) }
        for r in node.expected {
            guard let kb = WindowsKB(r.kbId)?.description else {
                notes.append("\(node.id): \(r.kbId): not a KB id; not reproduced")
                continue
            }
            switch r.state {
            case .INSTALLED, .INSTALLED_OTHER, .INSTALLED_REJECTED, .INSTALLED_PENDING_REBOOT:
                node.kbs.insert(kb)
                if r.state == .INSTALLED_PENDING_REBOOT { node.pendingReboot.insert(kb) }
            case .FAILED:
                node.failed.append(kb)
            default:
                break
            }
        }
    }

    // MARK: Files

    static func rpmQuery(_ n: Node, fallback: Instant) -> String {
        var out = ""
        for unit in n.installed.keys.sorted() {
            guard let p = n.installed[unit], let v = RPMVersion(parsing: p.version) else { continue }
            out += "\(p.name) \(v.epochNumber) \(v.version) \(v.release ?? "0") \(p.arch) \((p.time ?? fallback).secondsSinceEpoch)\n"
        }
        return out
    }

    static func dpkgStatus(_ n: Node) -> String {
        n.installed.keys.sorted().compactMap { unit -> String? in
            guard let p = n.installed[unit] else { return nil }
            return "Package: \(p.name)\nStatus: install ok installed\nPriority: optional\nSection: misc\nArchitecture: \(p.arch)\nVersion: \(p.version)\n"
        }.joined(separator: "\n")
    }

    /// An offered version and the notices it carries, as the nodes reported it.
    struct Offered {
        var name: String
        var arch: String
        var version: String
        var notices: [(classification: String, severity: String, cves: [String])] = []
    }

    static func repositoryFiles(_ nodes: [Node], export: AccountExport, published: Instant, files: inout [(path: String, text: String)],
                                notes: inout [String]) -> [JSONOutput] {
        var entries: [JSONOutput] = []
        var products: [(os: OperatingSystem, product: String)] = []
        for n in nodes where !products.contains(where: { $0.os == n.os && $0.product == n.product }) { products.append((n.os, n.product)) }
        for (os, product) in products.sorted(by: { $0.product < $1.product }) {
            let members = nodes.filter { $0.os == os && $0.product == product }
            let manager = PackageManager.of(os: os, product: product)
            // Real metadata the user added to the export wins over the reconstruction.
            let supplied = (export.directory as NSString).appendingPathComponent("\(ExportLayout.repositories)/\(product)")
            if FileManager.default.fileExists(atPath: supplied) {
                let absolute = URL(fileURLWithPath: supplied).standardizedFileURL.path
                if manager == .apt {
                    entries.append(.object([("import", .object([("os", .string(os.rawValue)), ("product", .string(product)),
                                                                ("aptLists", .string(absolute + "/lists"))]))]))
                } else {
                    var fields: [(String, JSONOutput)] = [("os", .string(os.rawValue)), ("product", .string(product)),
                                                          ("name", .string(RepositoryProfile.defaultName(os: os, product: product))),
                                                          ("primary", .string(absolute + "/primary.xml"))]
                    if FileManager.default.fileExists(atPath: absolute + "/updateinfo.xml") { fields.append(("updateinfo", .string(absolute + "/updateinfo.xml"))) }
                    entries.append(.object([("import", .object(fields))]))
                }
                notes.append("\(product): repository metadata from \(ExportLayout.repositories)/\(product)/ (not reconstructed)")
                continue
            }
            if manager == .windowsUpdate {
                entries.append(windowsCatalogue(members, product: product, export: export, published: published))
                continue
            }
            // Every version some node reported, with the notices it reported them under.
            var offered: [String: Offered] = [:]
            for n in members {
                for r in n.expected {
                    guard let v = version(of: r) else { continue }
                    let publish: Bool
                    switch r.state {
                    case .MISSING, .FAILED, .INSTALLED, .INSTALLED_PENDING_REBOOT, .INSTALLED_REJECTED: publish = true
                    default: publish = false
                    }
                    guard publish else { continue }
                    let (name, arch) = split(unit: r.kbId)
                    let key = "\(r.kbId)=\(v)"
                    var o = offered[key] ?? Offered(name: name, arch: arch, version: v)
                    if manager != .apt, !r.classification.isEmpty,
                       !o.notices.contains(where: { $0.classification == r.classification && $0.severity == r.severity && $0.cves == r.cveIds }) {
                        o.notices.append((r.classification, r.severity, r.cveIds))
                    } else if manager == .apt, o.notices.isEmpty {
                        o.notices.append(("", r.severity, []))
                    }
                    offered[key] = o
                }
            }
            let directory = "data/repositories/\(product)"
            let repoName = RepositoryProfile.defaultName(os: os, product: product)
            entries.append(linuxRepository(Array(offered.values), os: os, product: product, name: repoName, directory: directory,
                                           published: published, images: nil, files: &files))
            // Filler packages: approved, offered, installed nowhere, seen only by the
            // images whose nodes count that many more NotApplicable patches.
            var byImage: [String: Node] = [:]
            for n in members where n.fillers > 0 { byImage[n.imageId] = n }
            for imageId in byImage.keys.sorted() {
                guard let n = byImage[imageId] else { continue }
                let attributes = n.approvedAttributes ?? (manager == .apt ? ("", "Optional") : ("Security", "Critical"))
                let fill = (0..<n.fillers).map { k in
                    Offered(name: "imported-not-applicable-\(k + 1)", arch: n.arch, version: manager == .apt ? "1.0-1" : "0:1.0-1",
                            notices: [(attributes.classification, attributes.severity, [])])
                }
                entries.append(linuxRepository(fill, os: os, product: product, name: "\(repoName)-\(imageId)-not-applicable",
                                               directory: "data/repositories/\(product)-\(imageId)-not-applicable",
                                               published: published, images: [imageId], files: &files))
                notes.append("\(imageId): \(n.fillers) filler packages stand for NotApplicable patches the export counts but does not name")
            }
        }
        return entries
    }

    static func linuxRepository(_ offered: [Offered], os: OperatingSystem, product: String, name: String, directory: String,
                                published: Instant, images: [String]?, files: inout [(path: String, text: String)]) -> JSONOutput {
        let sorted = offered.sorted { ($0.name, $0.arch, $0.version) < ($1.name, $1.arch, $1.version) }
        var entry: [(String, JSONOutput)] = []
        if PackageManager.of(os: os, product: product) == .apt {
            let pocket = "\(name)-security"
            let arch = sorted.first?.arch ?? "amd64"
            files.append(("\(directory)/lists/imported_dists_\(pocket)_InRelease",
                          "Origin: imported\nLabel: imported\nSuite: \(pocket)\nCodename: \(pocket)\nArchitectures: \(arch)\nComponents: main\n"))
            let stanzas = sorted.map { o in
                "Package: \(o.name)\nVersion: \(o.version)\nArchitecture: \(o.arch)\nPriority: \((o.notices.first?.severity ?? "optional").lowercased())\nSection: misc\n"
            }
            files.append(("\(directory)/lists/imported_dists_\(pocket)_main_binary-\(arch)_Packages", stanzas.joined(separator: "\n")))
            entry = [("os", .string(os.rawValue)), ("product", .string(product)), ("aptLists", .string("\(directory)/lists"))]
        } else {
            let time = published.secondsSinceEpoch
            var primary = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<metadata xmlns=\"http://linux.duke.edu/metadata/common\" xmlns:rpm=\"http://linux.duke.edu/metadata/rpm\" packages=\"\(sorted.count)\">\n"
            var updates = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<updates>\n"
            let date = String(published.iso8601.prefix(16)).replacingOccurrences(of: "T", with: " ")
            var noticeNumber = 0
            for o in sorted {
                guard let v = RPMVersion(parsing: o.version) else { continue }
                primary += "<package type=\"rpm\">\n  <name>\(xml(o.name))</name><arch>\(xml(o.arch))</arch><version epoch=\"\(v.epochNumber)\" ver=\"\(xml(v.version))\" rel=\"\(xml(v.release ?? "0"))\"/>\n  <time file=\"\(time)\" build=\"\(time)\"/>\n</package>\n"
                for n in o.notices where !n.classification.isEmpty {
                    noticeNumber += 1
                    updates += "  <update from=\"patchsim-import\" status=\"final\" type=\"\(xml(n.classification.lowercased()))\" version=\"1\">\n"
                    updates += "    <id>IMPORTED-\(noticeNumber)</id>\n    <title>\(xml(o.name)) as the nodes reported it</title>\n"
                    updates += "    <issued date=\"\(date)\"/>\n    <updated date=\"\(date)\"/>\n"
                    if !n.severity.isEmpty { updates += "    <severity>\(xml(n.severity.lowercased()))</severity>\n" }
                    updates += "    <references>" + n.cves.map { "<reference id=\"\(xml($0))\" type=\"cve\"/>" }.joined() + "</references>\n"
                    updates += "    <pkglist><collection><package arch=\"\(xml(o.arch))\" epoch=\"\(v.epochNumber)\" name=\"\(xml(o.name))\" release=\"\(xml(v.release ?? "0"))\" version=\"\(xml(v.version))\"/></collection></pkglist>\n  </update>\n"
                }
            }
            primary += "</metadata>\n"
            updates += "</updates>\n"
            files.append(("\(directory)/primary.xml", primary))
            files.append(("\(directory)/updateinfo.xml", updates))
            entry = [("os", .string(os.rawValue)), ("product", .string(product)), ("name", .string(name)),
                     ("primary", .string("\(directory)/primary.xml")), ("updateinfo", .string("\(directory)/updateinfo.xml"))]
        }
        var wrapper: [(String, JSONOutput)] = [("import", .object(entry))]
        if let images { wrapper.append(("ImageIds", .array(images.map { .string($0) }))) }
        return .object(wrapper)
    }

    static func xml(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// The catalogue a Windows product's nodes reported: each KB with its title,
    /// classification and severity, from `describe-available-patches` where it has it.
    static func windowsCatalogue(_ members: [Node], product: String, export: AccountExport, published: Instant) -> JSONOutput {
        var available: [String: JSONValue] = [:]
        for p in export.availablePatches {
            if let kb = (try? p["KbNumber"]?.string()).flatMap({ $0 }).flatMap(WindowsKB.init) { available[kb.description] = p }
        }
        var patches: [String: JSONOutput] = [:]
        let otherProduct = product == "WindowsServer2012" ? "WindowsServer2016" : "WindowsServer2012"
        for n in members {
            for r in n.expected {
                guard let kb = WindowsKB(r.kbId)?.description, patches[kb] == nil, !r.classification.isEmpty else { continue }
                let catalogued = available[kb]
                var fields: [(String, JSONOutput)] = [("KbNumber", .string(kb)), ("Title", .string(r.title)),
                                                      ("Classification", .string(r.classification)), ("MsrcSeverity", .string(r.severity))]
                // NotApplicable: the update is for another product than the node's.
                let productOf = (try? catalogued?["Product"]?.string()).flatMap { $0 } ?? (r.state == .NOT_APPLICABLE ? otherProduct : product)
                fields.append(("Product", .string(productOf)))
                if let family = (try? catalogued?["ProductFamily"]?.string()).flatMap({ $0 }) { fields.append(("ProductFamily", .string(family))) }
                let released = (try? catalogued?["ReleaseDate"]?.timestamp()).flatMap { $0 } ?? published
                fields.append(("ReleaseDate", .string(released.iso8601)))
                if !r.cveIds.isEmpty { fields.append(("CVEIds", .array(r.cveIds.map { .string($0) }))) }
                patches[kb] = .object(fields)
            }
        }
        return .object([("declare", .object([("os", .string("WINDOWS")), ("product", .string(product)),
                                             ("name", .string("microsoft-update-\(product)")),
                                             ("Patches", .array(patches.keys.sorted().compactMap { patches[$0] }))]))])
    }

    static func fleetEntries(_ nodes: [Node], export: AccountExport, anon: Anonymiser) throws -> [JSONOutput] {
        let byId = Dictionary(export.nodes.map { ($0.instanceId, $0) }, uniquingKeysWith: { a, _ in a })
        return nodes.map { n in
            let e = byId[n.exportId]
            var tags: [(String, JSONOutput)] = []
            for t in e?.tags ?? [] where !t.key.hasPrefix("aws:") {
                tags.append((anon.tagKey(t.key), .string(t.key == "Name" ? anon.name("host", t.value) : anon.tagValue(t.value))))
            }
            var fields: [(String, JSONOutput)] = [("InstanceIds", .array([.string(n.id)])), ("ImageId", .string(n.imageId)),
                                                  ("tags", .object(tags))]
            if let agent = e?.agentVersion { fields.append(("agentVersion", .string(agent))) }
            if e?.resourceType == "ManagedInstance" { fields.append(("platform", .string("OnPremises"))) }
            if let ip = e?.ipAddress, ip.split(separator: ".").count == 4 { fields.append(("ipAddresses", .array([.string(anon.ipAddress(ip))]))) }
            if e?.pingStatus == "ConnectionLost" || e?.pingStatus == "Inactive" { fields.append(("online", .bool(false))) }
            if !n.pendingReboot.isEmpty { fields.append(("pendingReboot", .array(n.pendingReboot.sorted().map { .string($0) }))) }
            if !n.failed.isEmpty {
                let names = n.os == .windows ? n.failed : n.failed.map { split(unit: $0).name }
                fields.append(("faults", .object([("installFailures", .array(names.map { .string($0) }))])))
            }
            return .object(fields)
        }
    }

    // MARK: The round trip

    /// The round-trip runs at the export instant: one Scan of every node with nothing
    /// failed (50 ids a command, the model's limit), and for each node with FAILED
    /// patches an Install of exactly those, which fail again.
    static func roundTripEvents(_ nodes: [Node], at start: Instant) -> [JSONOutput] {
        var events: [JSONOutput] = []
        let scanned = nodes.filter { $0.failed.isEmpty && $0.hasReport }.map(\.id)
        for (k, chunk) in stride(from: 0, to: scanned.count, by: 50).map({ Array(scanned[$0..<min($0 + 50, scanned.count)]) }).enumerated() {
            events.append(.object([("at", .string(start.iso8601)), ("action", .string("SendCommand")),
                                   ("name", .string("import-round-trip-scan-\(k + 1)")),
                                   ("DocumentName", .string("AWS-RunPatchBaseline")), ("InstanceIds", .array(chunk.map { .string($0) })),
                                   ("Parameters", .object([("Operation", .array([.string("Scan")]))])),
                                   ("MaxConcurrency", .string("100%")), ("MaxErrors", .string("100%")),
                                   ("Comment", .string("the import's round trip: reproduces what the nodes reported"))]))
        }
        for n in nodes where !n.failed.isEmpty && n.hasReport {
            let list = "patches:\n" + n.failed.map { "  - id: '\($0)'\n" }.joined()
            events.append(.object([("at", .string(start.iso8601)), ("action", .string("SendCommand")),
                                   ("name", .string("import-round-trip-install-\(n.id)")),
                                   ("DocumentName", .string("AWS-RunPatchBaseline")), ("InstanceIds", .array([.string(n.id)])),
                                   ("Parameters", .object([("Operation", .array([.string("Install")])),
                                                           ("RebootOption", .array([.string("NoReboot")])),
                                                           ("InstallOverrideList", .array([.string(list)]))])),
                                   ("Comment", .string("the import's round trip: the failed install, failing again"))]))
        }
        return events
    }

    /// Checked an hour after the export instant, when every round-trip run has ended.
    static func roundTripExpectations(_ nodes: [Node], at start: Instant) -> [JSONOutput] {
        let at = Instant(secondsSinceEpoch: start.secondsSinceEpoch + 3600).iso8601
        var out: [JSONOutput] = []
        for n in nodes where n.hasReport {
            var summary: [(String, JSONOutput)] = n.expectedCounts.map { ($0.0, .int($0.1)) }
            if let b = n.baselineId { summary.append(("BaselineId", .string(b))) }
            if let g = n.patchGroup { summary.append(("PatchGroup", .string(g))) }
            out.append(.object([("name", .string("round trip: \(n.id) reports its exported counts")), ("rule", .string("[17] round trip")),
                                ("at", .string(at)), ("instance", .string(n.id)), ("summary", .object(summary))]))
            for r in n.expected where r.state != .INSTALLED && r.state != .INSTALLED_OTHER {
                out.append(.object([("name", .string("round trip: \(n.id) \(r.kbId) is \(r.state.rawValue)")), ("rule", .string("[17] round trip")),
                                    ("at", .string(at)), ("instance", .string(n.id)), ("patch", .string(r.kbId)), ("state", .string(r.state.rawValue))]))
            }
        }
        return out
    }
}
