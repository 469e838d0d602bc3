import Foundation
import PatchBaselines
import PatchModel
import PatchScheduling
import PatchWorld

/// A loaded scenario: the world at its start, the windows, and what must hold at the end.
public struct Scenario: Sendable {
    public var name: String
    public var description: String
    public var seed: UInt64
    public var start: Instant
    public var end: Instant
    public var fleet: Fleet
    public var windows: [MaintenanceWindow]
    public var policies: [PatchPolicy]
    /// State Manager associations ([OP-3]).
    public var associations: [StateManagerAssociation] = []
    public var events: [TimedEvent]
    /// Parameter Store at the start (`{{ssm:name}}` in tasks), name → value.
    public var parameterStore: [String: String] = [:]
    public var expectations: [Expectation]
    public var file: String
    /// How nodes evaluate and install ([AGT-0]); the same value is `fleet.profile`.
    public var profile: EvaluationProfile { fleet.profile }
}

/// Reads a scenario file (JSON). Repositories use the `repositories` shape of
/// `RepositorySources`; baselines, windows, targets and tasks use the SSM API's shapes
/// (`CreatePatchBaseline`, `CreateMaintenanceWindow`, `RegisterTargetWithMaintenanceWindow`,
/// `RegisterTaskWithMaintenanceWindow`). Every mistake is an `InputError` naming the file
/// and JSON path.
public enum ScenarioLoader {
    public static let maxInstances = 2_000_000
    /// Above this many instances a run keeps counts, not per-node events and successes.
    public static let fullEventLogLimit = 10_000
    static let topKeys: Set<String> = ["name", "description", "seed", "evaluationProfile", "start", "end", "repositories", "images", "fleet",
                                       "baselines", "patchGroups", "defaultBaselines", "maintenanceWindows", "windowTargets", "windowTasks",
                                       "patchPolicies", "associations", "events", "expectations", "parameters", "documents",
                                       "resourceGroups", "serviceQuotas"]

    /// A folder holding this file is one scenario assembled from every `*.json` in it.
    public static let folderMainFile = "scenario.json"
    /// Keys whose lists a folder's other files may add to (the rest belong to the main file).
    static let listKeys: Set<String> = ["repositories", "images", "fleet", "baselines", "patchGroups", "defaultBaselines",
                                        "maintenanceWindows", "windowTargets", "windowTasks", "patchPolicies", "associations", "events",
                                        "expectations", "parameters", "documents", "resourceGroups"]

    /// Whether `path` is a folder that forms one scenario.
    public static func isScenarioFolder(_ path: String) -> Bool {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDir) && isDir.boolValue
            && FileManager.default.fileExists(atPath: (path as NSString).appendingPathComponent(folderMainFile))
    }

    /// The scenario document: a file, or a folder's `scenario.json` with the lists of the
    /// folder's other `*.json` files appended in file-name order (each entry keeps its own
    /// file and path for errors).
    public static func document(_ path: String) throws -> JSONValue {
        guard isScenarioFolder(path) else { return try JSONValue.parse(contentsOf: path) }
        let main = try JSONValue.parse(contentsOf: (path as NSString).appendingPathComponent(folderMainFile))
        var members = try main.object()
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [])
            .filter { $0.hasSuffix(".json") && $0 != folderMainFile }.sorted()
        for name in names {
            let part = try JSONValue.parse(contentsOf: (path as NSString).appendingPathComponent(name))
            for (key, value) in try part.object() {
                guard listKeys.contains(key) else {
                    throw value.error(found: "\"\(key)\" in a part of a scenario folder",
                                      allowed: "only \(folderMainFile) sets it; parts add to \(listKeys.sorted().joined(separator: ", "))")
                }
                let items = try value.array()
                if let k = members.firstIndex(where: { $0.0 == key }) {
                    members[k].1 = JSONValue(kind: .array(try members[k].1.array() + items), file: main.file, path: key)
                } else {
                    members.append((key, JSONValue(kind: .array(items), file: main.file, path: key)))
                }
            }
        }
        return JSONValue(kind: .object(members), file: main.file, path: main.path)
    }

    /// The window quotas, once every window, target and task is registered.
    static func checkQuotas(_ windows: [MaintenanceWindow], _ quotas: ServiceQuotas, _ doc: JSONValue) throws {
        guard windows.count <= quotas.maintenanceWindows else {
            throw try doc.required("maintenanceWindows").error(ServiceQuotas.exceeded("MaintenanceWindows", limit: quotas.maintenanceWindows, what: "\(windows.count) maintenance windows"))
        }
        for w in windows {
            let at = try doc["windowTargets"] ?? doc["windowTasks"] ?? doc.required("maintenanceWindows")
            guard w.targets.count <= quotas.targetsPerMaintenanceWindow else {
                throw at.error(ServiceQuotas.exceeded("TargetsPerMaintenanceWindow", limit: quotas.targetsPerMaintenanceWindow, what: "\(w.targets.count) targets of window \(w.windowId)"))
            }
            guard w.tasks.count <= quotas.tasksPerMaintenanceWindow else {
                throw at.error(ServiceQuotas.exceeded("TasksPerMaintenanceWindow", limit: quotas.tasksPerMaintenanceWindow, what: "\(w.tasks.count) tasks of window \(w.windowId)"))
            }
            // A window target named twice is one target.
            for t in w.tasks where Set(t.windowTargetIds).count > quotas.targetsPerTask {
                throw at.error(ServiceQuotas.exceeded("TargetsPerTask", limit: quotas.targetsPerTask,
                                                     what: "\(Set(t.windowTargetIds).count) window targets of task \(t.windowTaskId) in window \(w.windowId)"))
            }
        }
    }

    public static func load(_ path: String, seedOverride: UInt64? = nil, profileOverride: EvaluationProfile? = nil) throws -> Scenario {
        try load(document: try document(path), path: path, seedOverride: seedOverride, profileOverride: profileOverride)
    }

    /// A scenario from its document (read from `path`, possibly edited since: `patchsim
    /// diff --set`); relative file names in it resolve against `path`'s folder.
    public static func load(document doc: JSONValue, path: String, seedOverride: UInt64? = nil, profileOverride: EvaluationProfile? = nil) throws -> Scenario {
        try doc.checkKeys(topKeys)
        let name = try doc["name"]?.string() ?? (path as NSString).lastPathComponent
        let seed = try seedOverride ?? UInt64(doc["seed"]?.int(in: 0...Int(Int32.max)) ?? 0)
        let start = try doc.required("start").instant()
        let endV = try doc.required("end")
        let end = try endV.instant()
        try ScenarioBounds.checkSpan(start: start, end: end, endValue: endV)
        let base = isScenarioFolder(path) ? path : PathText.parent(path)
        let loaded = try doc["repositories"].map {
            try RepositorySources.load($0, seed: seed, start: start, end: end, baseDirectory: base.isEmpty ? "." : base)
        } ?? RepositorySources.Loaded(repositories: [], baseInventories: [:])
        var fleet = Fleet(seed: seed)
        // [AGT-0]: the evaluation profile, `user-guide` unless the scenario (or --profile) says.
        if let p = doc["evaluationProfile"] {
            fleet.profile = EvaluationProfile.named(try p.oneOf(EvaluationProfile.names)) ?? .standard
        }
        if let profileOverride { fleet.profile = profileOverride }
        fleet.repositories = loaded.repositories

        // [16] The account's quotas: the service's defaults unless the scenario says.
        var quotas = ServiceQuotas()
        if let q = doc["serviceQuotas"] {
            try q.checkKeys(Set(ServiceQuotas.members.map(\.name)))
            for (name, keyPath) in ServiceQuotas.members { if let v = q[name] { quotas[keyPath: keyPath] = try v.int(in: 1...1_000_000) } }
        }

        // Baselines, patch groups, defaults.
        var baselineDocuments: [String: JSONValue] = [:]
        for (k, b) in (try doc["baselines"]?.array() ?? []).enumerated() {
            guard k < quotas.patchBaselines else {
                throw b.error(ServiceQuotas.exceeded("PatchBaselines", limit: quotas.patchBaselines, what: "patch baseline \(k + 1)"))
            }
            // A CreatePatchBaseline request has no BaselineId: the service assigns one; so do we, from the seed.
            let baseline = try BaselineDecoder.decode(b, assignedId: AssignedIds.shortId(prefix: "pb", seed: seed, "baselines[\(k)]"))
            // Its Tags: what AWS-RunPatchBaselineAssociation's BaselineTags select by ([OP-3]).
            var tags: [String: String] = [:]
            for t in try b["Tags"]?.array() ?? [] { tags[try t.required("Key").string()] = try t.required("Value").string() }
            do { try fleet.registry.create(baseline, tags: tags) } catch { throw b.error("\(error)") }
            baselineDocuments[baseline.baselineId] = b
        }
        for g in try doc["patchGroups"]?.array() ?? [] {
            // RegisterPatchBaselineForPatchGroup's request and output, GetPatchBaselineForPatchGroup's
            // output (with OperatingSystem), or a DescribePatchGroups mapping (with BaselineIdentity).
            try g.checkKeys(["PatchGroup", "BaselineId", "OperatingSystem", "BaselineIdentity"])
            try JSONShape.structure("RegisterPatchBaselineForPatchGroup", [
                .init("PatchGroup", .string(length: 1...256, pattern: "^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$"), required: true),
                .init("BaselineId", SSMRequestShapes.baselineId),
                .init("OperatingSystem", .enumeration(SSMRequestShapes.operatingSystems)),
            ]).validate(g)
            let idV = try g["BaselineId"] ?? g.required("BaselineIdentity").required("BaselineId")
            do { try fleet.registry.register(patchGroup: try g.required("PatchGroup").string(), baselineId: try idV.string()) }
            catch { throw idV.error("\(error) (a BaselineId of this file's baselines, or a predefined baseline name)") }
            let id = try idV.string()
            let groups = fleet.registry.patchGroups.values.filter { $0.values.contains { $0 == id || fleet.registry.baseline($0)?.baselineId == fleet.registry.baseline(id)?.baselineId } }.count
            guard groups <= quotas.patchGroupsPerPatchBaseline else {
                throw g.error(ServiceQuotas.exceeded("PatchGroupsPerPatchBaseline", limit: quotas.patchGroupsPerPatchBaseline, what: "patch group \(groups) of baseline \(id)"))
            }
        }
        for d in try doc["defaultBaselines"]?.array() ?? [] {
            // A BaselineId, or RegisterDefaultPatchBaseline's request / GetDefaultPatchBaseline's output.
            let idV: JSONValue
            if case .object = d.kind {
                try d.checkKeys(["BaselineId", "OperatingSystem"])
                idV = try d.required("BaselineId")
            } else {
                idV = d
            }
            do { try fleet.registry.registerDefault(try idV.string()) } catch { throw idV.error("\(error)") }
        }

        // Images and instances.
        var images: [String: MachineImage] = [:]
        for i in try doc["images"]?.array() ?? [] {
            let image = try loadImage(i, loaded: loaded, base: base)
            images[image.imageId] = image
        }
        for (k, entry) in try (doc["repositories"]?.array() ?? []).enumerated() {
            for v in try entry["ImageIds"]?.array() ?? [] where images[try v.string()] == nil {
                throw v.error(found: v.shortDescription, allowed: "an ImageId of \"images\" (repositories[\(k)] serves those images' nodes)")
            }
        }
        // [21] The run's work is bounded before a single instance is made: the planned
        // fleet size times the schedules' runs, events and days.
        var planned = 0
        var plannedGroups: [(count: Int, tags: [String: String])] = []
        for g in try doc["fleet"]?.array() ?? [] {
            let count: Int
            if let ids = g["InstanceIds"], g["count"] == nil { count = try ids.array().count } else { count = try g.required("count").int(in: 1...maxInstances) }
            planned += count
            guard planned <= maxInstances else { throw g.error("more than \(maxInstances) instances in all") }
            // Tags as written (validated where the group is built); only the estimate reads them here.
            var tags: [String: String] = [:]
            for (k, v) in (try? g["tags"]?.object()) ?? [] { tags[k] = try? v.string() }
            plannedGroups.append((count, tags))
        }
        let startMilliseconds = Instant.milliseconds(inISO8601: try doc.required("start").string())
        // [16] Other Command documents run for the time the scenario declares (default 60 s).
        var documents = DocumentParameters(baseDirectory: base.isEmpty ? "." : base)
        for d in try doc["documents"]?.array() ?? [] {
            try d.checkKeys(["Name", "seconds"])
            let nameV = try d.required("Name")
            try JSONShape.string(pattern: "^[a-zA-Z0-9_\\-.:/]{3,128}$").validate(nameV, at: "documents.Name")
            documents.documentSeconds[try nameV.string()] = Int64(try d.required("seconds").int(in: 0...172_800))
        }
        // [16] Tag-based resource groups, which targets name with resource-groups:Name.
        let resourceGroups = try doc["resourceGroups"].map(ResourceGroupDecoder.decodeAll) ?? [:]
        let windowDecoder = WindowDecoder(seed: seed, documents: documents, resourceGroups: resourceGroups)
        var windows = try (doc["maintenanceWindows"]?.array() ?? []).enumerated().map {
            try windowDecoder.decode($0.element, index: $0.offset, created: start, createdMilliseconds: startMilliseconds)
        }
        for (k, w) in windows.enumerated() where windows[..<k].contains(where: { $0.windowId == w.windowId }) {
            throw try doc.required("maintenanceWindows").error("WindowId \(w.windowId) is used twice")
        }
        // Targets and tasks registered on their own, each naming its window (the register
        // calls' requests, or the describe calls' entries).
        func window(of v: JSONValue) throws -> Int {
            let idV = try v.required("WindowId")
            let id = try idV.string()
            guard let k = windows.firstIndex(where: { $0.windowId == id }) else {
                throw idV.error(found: idV.shortDescription, allowed: "a WindowId of maintenanceWindows: \(windows.map(\.windowId).joined(separator: ", "))")
            }
            return k
        }
        for (k, t) in (try doc["windowTargets"]?.array() ?? []).enumerated() {
            let w = try window(of: t)
            try windowDecoder.add(target: t, to: &windows[w], index: 1000 + k, nested: false)
        }
        for (k, t) in (try doc["windowTasks"]?.array() ?? []).enumerated() {
            let w = try window(of: t)
            try windowDecoder.add(task: t, to: &windows[w], index: 1000 + k, nested: false)
        }
        try Self.checkQuotas(windows, quotas, doc)
        let policies = try (doc["patchPolicies"]?.array() ?? []).map {
            try PolicyDecoder.decode($0, created: start, registry: fleet.registry, seed: seed, resourceGroups: resourceGroups)
        }
        for (k, p) in policies.enumerated() where policies[..<k].contains(where: { $0.name == p.name }) {
            throw try doc.required("patchPolicies").error("PatchPolicyName \(p.name) is used twice")
        }
        let associations = try doc["associations"].map {
            try AssociationDecoder(seed: seed, documents: documents, start: start, end: end, resourceGroups: resourceGroups).decodeAll($0)
        } ?? []
        // Records and expectations name policies and associations alike: one name, one thing.
        for (k, a) in associations.enumerated() where associations[..<k].contains(where: { $0.name == a.name }) || policies.contains(where: { $0.name == a.name }) {
            throw try doc.required("associations").error("the name \(a.name) is used twice (AssociationName must differ from the other associations' and the policies' names)")
        }
        try ScenarioBounds.checkWork(instances: planned, windows: windows, policies: policies, associations: associations,
                                     events: try doc["events"]?.array().count ?? 0,
                                     start: start, end: end, document: doc, groups: plannedGroups)
        var total = 0
        for (k, g) in try (doc["fleet"]?.array() ?? []).enumerated() {
            try g.checkKeys(["count", "idPrefix", "ImageId", "tags", "agentVersion", "pythonVersion", "platform", "online", "managed",
                             "behindProxy", "requestsVersion", "faults", "kernelLivePatching", "instanceTier", "ipAddresses",
                             "InstanceIds", "pendingReboot", "diversity"])
            // [17] Exact ids (an imported fleet), instead of a prefix and a count.
            let givenIds = try g["InstanceIds"].map { list in
                try list.array().map { v in
                    let id = try v.string()
                    guard InstanceIdentity.isInstanceId(id) else {
                        throw v.error(found: v.shortDescription, allowed: "an instance id: i- and 8 or 17 hex digits, or mi- and 17 hex digits")
                    }
                    return id
                }
            }
            if let givenIds, givenIds.isEmpty { throw try g.required("InstanceIds").error(found: "[]", allowed: "at least one instance id") }
            let count = try givenIds.map { ids in
                if let c = g["count"], try c.int(in: 1...maxInstances) != ids.count {
                    throw c.error(found: c.shortDescription, allowed: "the number of InstanceIds (\(ids.count)), or no count")
                }
                return ids.count
            } ?? g.required("count").int(in: 1...maxInstances)
            total += count
            guard total <= maxInstances else { throw g.error("more than \(maxInstances) instances in all") }
            let imageV = try g.required("ImageId")
            guard let image = images[try imageV.string()] else {
                throw imageV.error(found: imageV.shortDescription, allowed: "an ImageId of \"images\": \(images.keys.sorted().joined(separator: ", "))")
            }
            var tags: [String: String] = [:]
            for (key, v) in try g["tags"]?.object() ?? [] { tags[key] = try v.string() }
            let prefix = try g["idPrefix"]?.string() ?? (image.os == .windows ? "i-0w" : "i-0") + String(k)
            let platform = try g["platform"].map { InstancePlatform(rawValue: try $0.oneOf(["EC2", "OnPremises", "Edge"])) ?? .ec2 } ?? .ec2
            var faults = FaultProfile()
            if let f = g["faults"] {
                try f.checkKeys(["repositoriesUnreachable", "s3Unreachable", "windowsUpdateUnreachable", "varFull", "noexecMount", "trackingFileLost",
                                 "rebootNeverCompletes", "installFailures"])
                faults.repositoriesUnreachable = try f["repositoriesUnreachable"]?.double(in: 0...1) ?? 0
                faults.s3Unreachable = try f["s3Unreachable"]?.double(in: 0...1) ?? 0
                faults.windowsUpdateUnreachable = try f["windowsUpdateUnreachable"]?.double(in: 0...1) ?? 0
                faults.varFull = try f["varFull"]?.double(in: 0...1) ?? 0
                faults.noexecMount = try f["noexecMount"]?.double(in: 0...1) ?? 0
                faults.trackingFileLost = try f["trackingFileLost"]?.double(in: 0...1) ?? 0
                faults.rebootNeverCompletes = try f["rebootNeverCompletes"]?.double(in: 0...1) ?? 0
                // FLT-20: a package name (every architecture) or, on Windows, a KB id.
                faults.installFailures = try f["installFailures"]?.array().map { v in
                    let name = try v.string()
                    if image.os == .windows {
                        guard WindowsKB(name) != nil else { throw v.error(found: v.shortDescription, allowed: "a KB id such as KB5006672 on a WINDOWS image") }
                        return WindowsKB(name)?.description ?? name
                    }
                    guard !name.isEmpty, !name.contains(where: \.isWhitespace) else { throw v.error(found: v.shortDescription, allowed: "a package name") }
                    return name
                } ?? []
            }
            let agent = try g["agentVersion"]?.string() ?? "3.3.1142.0"
            let python = try g["pythonVersion"]?.string() ?? "3.9"
            let behindProxy = try g["behindProxy"]?.bool() ?? false
            let requests = try g["requestsVersion"]?.string() ?? "2.25.1"
            let managed = try g["managed"]?.bool() ?? true, online = try g["online"]?.bool() ?? true
            // FLT-41: the instance tier of hybrid and edge nodes (EC2 instances have none).
            var tier = InstanceTier.Standard
            if let v = g["instanceTier"] {
                guard platform != .ec2 else { throw v.error(found: v.shortDescription, allowed: "no instanceTier on EC2 instances (only OnPremises and Edge nodes have one)") }
                tier = InstanceTier(rawValue: try v.oneOf(["Standard", "Advanced"])) ?? .Standard
            }
            // [KLP-1]: enabled at the start, as AWS-ConfigureKernelLivePatching would.
            let livePatching = try g["kernelLivePatching"]?.bool() ?? false
            if livePatching, let v = g["kernelLivePatching"], image.os != .amazonLinux2 {
                throw v.error(found: "true for \(image.imageId) (\(image.os.rawValue))", allowed: "Kernel Live Patching on AMAZON_LINUX_2 images only")
            }
            // [19] Addresses for the group's first nodes, in order; the rest are generated.
            var addresses: [String] = []
            if let list = g["ipAddresses"] {
                let items = try list.array()
                guard items.count <= count else { throw list.error(found: "\(items.count) addresses", allowed: "at most count (\(count))") }
                for a in items {
                    let text = try a.string()
                    let octets = text.split(separator: ".", omittingEmptySubsequences: false)
                    guard octets.count == 4, octets.allSatisfy({ $0.count <= 3 && UInt8($0) != nil }) else {
                        throw a.error(found: a.shortDescription, allowed: "an IPv4 address such as 10.0.1.25")
                    }
                    addresses.append(text)
                }
            }
            // The node-local record of what was installed and awaits a reboot ([RBT-1]):
            // unit keys (name.arch) or KB ids, as the stored report's KBId names them.
            let pendingReboot = Set(try g["pendingReboot"]?.array().map { try $0.string() } ?? [])
            // [18] Nodes from successive image versions, drifted: each its own software.
            let diversity = try g["diversity"].map { try Self.diversity($0, image: image) }
            let versionSteps = diversity?.imageVersionSteps(imageId: image.imageId, image: image.inventory, seed: seed) ?? []
            let versionInstalls = diversity?.versionInstalls(versionSteps, image: image.inventory) ?? []
            let extraOffers = diversity.map { _ in Self.extraOffers(fleet.repositories, image: image, at: start) } ?? []
            fleet.instances.reserveCapacity(fleet.instances.count + count)
            for n in 0..<count {
                let digits = String(n, radix: 16)
                let id = givenIds?[n] ?? prefix + String(repeating: "0", count: max(0, 19 - prefix.count - digits.count)) + digits
                guard fleet.instances[id] == nil else { throw g.error("instance id \(id) is made twice; give the groups different idPrefix values") }
                var node = ManagedInstance(instanceId: id, image: image, platform: platform, tags: tags, agentVersion: agent,
                                           pythonVersion: python == "none" ? nil : python, behindProxy: behindProxy,
                                           requestsVersion: requests, managed: managed, online: online,
                                           bootTime: start, faults: faults.draw(instanceId: id, seed: seed))
                node.instanceTier = tier
                node.record.pendingReboot = pendingReboot
                if n < addresses.count { node.givenIPAddress = addresses[n] }
                if let diversity {
                    let c = diversity.changes(instanceId: id, image: image.inventory, versions: versionSteps, extraOffers: extraOffers, seed: seed)
                    for name in c.failing { node.faults.insert(.installFailure(name)) }
                    fleet.add(node, version: c.version, versionInstalls: c.version < versionInstalls.count ? versionInstalls[c.version] : [],
                              drift: c.drift, key: c.key, at: start)
                } else {
                    fleet.add(node)
                }
                if livePatching { _ = fleet.configureKernelLivePatching(id, enable: true, at: start) }
            }
        }
        fleet.finishAddingDiverseNodes()
        // A large fleet keeps no per-node event log (invariants use the run's audit instead).
        fleet.eventLog = total > fullEventLogLimit ? .none : .all
        var repositories = fleet.repositories
        let instances = fleet.instances
        let events = try doc["events"].map {
            try EventDecoder.decode($0, context: .init(start: start, end: end, windows: windows, baselineDocuments: baselineDocuments,
                                                       isInstance: { instances[$0] != nil }, documents: documents,
                                                       resourceGroups: resourceGroups),
                                    repositories: &repositories)
        } ?? []
        fleet.repositories = repositories
        // Parameter Store entries in the PutParameter shape.
        var parameterStore: [String: String] = [:]
        for p in try doc["parameters"]?.array() ?? [] {
            let (name, value) = try EventDecoder.putParameter(p, extraKeys: [])
            guard parameterStore[name] == nil else { throw try p.required("Name").error("parameter \(name) is given twice") }
            parameterStore[name] = value
        }
        let references = Expectation.References(windows: windows, policies: policies, associations: associations, events: events, start: start, end: end)
        let expectationList = try doc["expectations"]?.array() ?? []
        // A scenario that expects nothing always passes: that is a mistake, not a result.
        guard !expectationList.isEmpty else {
            throw (doc["expectations"] ?? doc).error(found: "no expectations", allowed: "at least one entry in \"expectations\" (what must hold, with the rule it checks)")
        }
        let expectations = try expectationList.map { try Expectation.decode($0, references: references, fleet: fleet) }
        return Scenario(name: name, description: try doc["description"]?.string() ?? "", seed: seed, start: start, end: end,
                        fleet: fleet, windows: windows, policies: policies, associations: associations, events: events, parameterStore: parameterStore,
                        expectations: expectations, file: path)
    }

    /// A fleet group's `diversity` ([18]): image versions and per-node drift.
    static func diversity(_ v: JSONValue, image: MachineImage) throws -> FleetDiversity {
        try v.checkKeys(["imageVersions", "packagesBehindPerVersion", "heldBack", "extraPackages", "failedInstalls"])
        guard image.os != .windows && image.os != .macOS else {
            throw v.error(found: "diversity on a \(image.os.rawValue) image", allowed: "diversity on Linux images (package versions); Windows and macOS nodes differ by their images")
        }
        var d = FleetDiversity()
        d.imageVersions = try v["imageVersions"]?.int(in: 1...1000) ?? 1
        d.packagesBehindPerVersion = try v["packagesBehindPerVersion"]?.double(in: 0...1) ?? d.packagesBehindPerVersion
        func drift(_ key: String) throws -> (Double, Int)? {
            guard let e = v[key] else { return nil }
            try e.checkKeys(["nodes", "packages"])
            return (try e.required("nodes").double(in: 0...1), try e["packages"]?.int(in: 1...100) ?? 1)
        }
        if let (n, p) = try drift("heldBack") { (d.heldBackNodes, d.heldBackPackages) = (n, p) }
        if let (n, p) = try drift("extraPackages") { (d.extraPackageNodes, d.extraPackages) = (n, p) }
        if let (n, p) = try drift("failedInstalls") { (d.failedInstallNodes, d.failedInstallPackages) = (n, p) }
        return d
    }

    /// What a group's nodes may have installed beyond their image: each unit their
    /// repositories offer at the start that the image lacks, at its oldest offered version.
    static func extraOffers(_ repositories: [Repository], image: MachineImage, at t: Instant) -> [PackageIdentity] {
        let installed = Set(image.inventory.packages.map(\.identity.unitKey))
        var oldest: [String: PackageIdentity] = [:]
        for r in repositories where r.os == image.os && (r.products.isEmpty || r.products.contains(image.product))
            && (r.imageIds.isEmpty || r.imageIds.contains(image.imageId)) {
            for p in r.snapshot(at: t).packages where !installed.contains(p.identity.unitKey) {
                if let known = oldest[p.identity.unitKey], known.version <= p.version { continue }
                oldest[p.identity.unitKey] = p.identity
            }
        }
        return oldest.keys.sorted().compactMap { oldest[$0] }
    }

    static func loadImage(_ i: JSONValue, loaded: RepositorySources.Loaded, base: String) throws -> MachineImage {
        try i.checkKeys(["ImageId", "OperatingSystem", "Product", "inventory", "timing"])
        let id = try i.required("ImageId").string()
        let osV = try i.required("OperatingSystem")
        let os = OperatingSystem(rawValue: try osV.oneOf(OperatingSystem.allCases.map(\.rawValue))) ?? .windows
        let productV = try i.required("Product")
        let product = try productV.string()
        if case .unknown = OSCatalogue.support(of: product, on: os) {
            throw productV.error(found: productV.shortDescription, allowed: OSCatalogue.productHint(os))
        }
        func resolve(_ v: JSONValue) throws -> String { try v.filePath(relativeTo: base) }
        var inventory = Inventory([])
        var kbs: Set<WindowsKB> = []
        var applications: Set<String> = []
        switch i["inventory"]?.kind {
        case nil, .string("generated")?:
            // The base inventory of the generated repository for this OS and product.
            guard let generated = loaded.baseInventories["\(os.rawValue)/\(product)"] else {
                throw i.error("no generated repository for \(os.rawValue)/\(product) to take a base inventory from; add one or give \"inventory\"")
            }
            inventory = generated
            if os == .windows {
                // A Windows image has the oldest cumulative update of its catalogue installed.
                let updates = loaded.repositories.filter { $0.os == .windows && $0.products.contains(product) }.flatMap(\.windowsUpdates)
                if let oldest = updates.min(by: { $0.published < $1.published }) { kbs = [oldest.value.kb] }
                // ...and the Microsoft applications its catalogue patches.
                applications = Set(updates.filter { $0.value.patchSet == .application }.map(\.value.product))
            }
        case .object?:
            let inv = try i.required("inventory")
            try inv.checkKeys(["dpkgStatus", "rpmQa", "installedKBs", "applications", "pkgutilPkgs", "brewList", "brewCaskList"])
            if let d = inv["dpkgStatus"] { inventory = try DpkgStatusImporter.importFile(try resolve(d)) }
            if let r = inv["rpmQa"] { inventory = try RPMQueryImporter.importFile(try resolve(r)) }
            // macOS: what `pkgutil --pkgs`, `brew list --versions` and `brew list --cask --versions` printed.
            let macKeys = [("pkgutilPkgs", "pkgutil"), ("brewList", "brew"), ("brewCaskList", "brewCask")]
            if macKeys.contains(where: { inv[$0.0] != nil }) {
                guard os == .macOS else {
                    throw inv.error(found: "macOS inventory files on a \(os.rawValue) image", allowed: "pkgutilPkgs, brewList, brewCaskList on MACOS images")
                }
                var texts: [String: String] = [:], files: [String: String] = [:]
                for (key, role) in macKeys {
                    guard let v = inv[key] else { continue }
                    let path = try resolve(v)
                    texts[role] = try MacOSHostImporter.text(path)
                    files[role] = path
                }
                inventory = try MacOSHost(pkgutil: texts["pkgutil"], brew: texts["brew"], brewCask: texts["brewCask"], files: files).inventory
            }
            for kb in try inv["installedKBs"]?.array() ?? [] {
                guard let k = WindowsKB(try kb.string()) else { throw kb.error(found: kb.shortDescription, allowed: "a KB id such as KB5001234") }
                kbs.insert(k)
            }
            if let apps = inv["applications"] {
                guard os == .windows else { throw apps.error(found: "applications on a \(os.rawValue) image", allowed: "Microsoft applications on WINDOWS images only") }
                for a in try apps.array() { applications.insert(try a.string()) }
            }
        default:
            throw try i.required("inventory").error(found: "a value of another kind", allowed: "\"generated\" or {\"dpkgStatus\"|\"rpmQa\"|\"installedKBs\"}")
        }
        return MachineImage(imageId: id, os: os, product: product, inventory: inventory, installedKBs: kbs,
                            applicationProducts: applications, timing: try i["timing"].map { try loadTiming($0, os: os) })
    }

    /// An image's `timing`: any of the OS family's step durations replaced, in seconds
    /// (`scanSeconds`, `scanJitterSeconds`, `installSecondsPerPatch`, ...; jitter 0: exact).
    static func loadTiming(_ v: JSONValue, os: OperatingSystem) throws -> OperationTiming {
        let names = [("scan", "scanSeconds", "scanJitterSeconds"), ("install", "installSecondsPerPatch", "installJitterSeconds"),
                     ("reboot", "rebootSeconds", "rebootJitterSeconds")]
        try v.checkKeys(Set(names.flatMap { [$0.1, $0.2] }))
        var t = OperationTiming.standard(for: os.family)
        func step(_ s: OperationTiming.Step, _ seconds: String, _ jitter: String) throws -> OperationTiming.Step {
            OperationTiming.Step(seconds: Int64(try v[seconds]?.int(in: 0...2_592_000) ?? Int(s.seconds)),
                                 jitter: try v[jitter]?.int(in: 0...2_592_000) ?? s.jitter)
        }
        t.scan = try step(t.scan, names[0].1, names[0].2)
        t.installPerPatch = try step(t.installPerPatch, names[1].1, names[1].2)
        t.reboot = try step(t.reboot, names[2].1, names[2].2)
        return t
    }
}

