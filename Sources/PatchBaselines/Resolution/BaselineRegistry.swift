import PatchModel

/// The account's baselines, default baselines per OS and patch-group registrations, with
/// the API's errors ([BL-1]..[BL-3]) and the resolution algorithm ([BL-4]).
public struct BaselineRegistry: Sendable {
    public private(set) var baselines: [String: PatchBaseline] = [:]
    /// Custom defaults per OS; absent = the predefined default ([BL-2]).
    public private(set) var defaults: [OperatingSystem: String] = [:]
    /// Patch group → (OS → baseline id).
    public private(set) var patchGroups: [String: [OperatingSystem: String]] = [:]
    /// Tags of custom baselines (for BaselineTags, [BL-4] step 3).
    public private(set) var tags: [String: [String: String]] = [:]

    public enum RegistryError: Error, Equatable, Sendable, CustomStringConvertible {
        case alreadyExists(String)
        case resourceInUse(String)
        case doesNotExist(String)
        case invalid(String)
        /// [AGT-5]: the payload's exit when a BaselineOverride cannot serve the node.
        case baselineOverride(String, exitCode: Int)

        public var description: String {
            switch self {
            case .baselineOverride(let m, let code): return "\(m)\nfailed to run commands: exit status \(code)"
            case .alreadyExists(let m): return "AlreadyExistsException: \(m)"
            case .resourceInUse(let m): return "ResourceInUseException: \(m)"
            case .doesNotExist(let m): return "DoesNotExistException: \(m)"
            case .invalid(let m): return "ValidationException: \(m)"
            }
        }
    }

    public init() {}

    /// A baseline by its id or ARN, or by its Name ([AGT-1]: a Name is taken wherever an
    /// id is; of custom baselines sharing a name, the smallest id).
    public func baseline(_ id: String) -> PatchBaseline? {
        if let b = baselines[id] ?? PredefinedBaselines.named(id) { return b }
        if let b = baselines[PredefinedBaselines.shortId(id)] { return b }
        return baselines.values.filter { $0.name == id }.min { $0.baselineId < $1.baselineId }
    }

    public mutating func create(_ b: PatchBaseline, tags: [String: String] = [:]) throws {
        if let predefined = PredefinedBaselines.named(b.baselineId) {
            // A predefined baseline pasted as `get-patch-baseline` printed it is the same
            // baseline ([AGT-1]); a changed copy would be an edit, which AWS refuses.
            var same = b
            same.isPredefined = true
            guard same == predefined else {
                throw RegistryError.invalid("\(b.baselineId) is the predefined \(predefined.name), which cannot be created or changed; give a custom baseline its own BaselineId")
            }
            return
        }
        guard baselines[b.baselineId] == nil else {
            throw RegistryError.alreadyExists("baseline \(b.baselineId) exists")
        }
        baselines[b.baselineId] = b
        self.tags[b.baselineId] = tags
    }

    /// `UpdatePatchBaseline`: replaces a custom baseline's definition (the caller merges the
    /// fields the request left out). Predefined baselines cannot be changed.
    public mutating func update(_ b: PatchBaseline) throws {
        guard let existing = baselines[b.baselineId] else {
            throw PredefinedBaselines.named(b.baselineId) == nil ? RegistryError.doesNotExist("baseline \(b.baselineId)")
                                                                 : RegistryError.invalid("predefined baseline \(b.baselineId) cannot be updated")
        }
        guard existing.operatingSystem == b.operatingSystem else {
            throw RegistryError.invalid("OperatingSystem cannot change (\(existing.operatingSystem.rawValue) to \(b.operatingSystem.rawValue))")
        }
        baselines[b.baselineId] = b
    }

    /// `DeregisterPatchBaselineForPatchGroup`.
    public mutating func deregister(patchGroup: String, baselineId: String) throws {
        guard let b = baseline(baselineId), patchGroups[patchGroup]?[b.operatingSystem] == baselineId else {
            throw RegistryError.doesNotExist("patch group '\(patchGroup)' has no baseline \(baselineId)")
        }
        patchGroups[patchGroup]?[b.operatingSystem] = nil
        if patchGroups[patchGroup]?.isEmpty == true { patchGroups[patchGroup] = nil }
    }

    /// `DeletePatchBaseline`: refused while a patch group uses it.
    public mutating func delete(_ id: String) throws {
        guard baselines[id] != nil else { throw RegistryError.doesNotExist("baseline \(id)") }
        if let group = patchGroups.first(where: { $0.value.values.contains(id) })?.key {
            throw RegistryError.resourceInUse("baseline \(id) is registered to patch group '\(group)'")
        }
        baselines[id] = nil
        tags[id] = nil
        defaults = defaults.filter { $0.value != id }
    }

    public mutating func registerDefault(_ id: String) throws {
        guard let b = baseline(id) else { throw RegistryError.doesNotExist("baseline \(id)") }
        defaults[b.operatingSystem] = b.isPredefined ? nil : id
    }

    /// `RegisterPatchBaselineForPatchGroup`: one baseline per (group, OS).
    public mutating func register(patchGroup: String, baselineId: String) throws {
        if let problem = Self.patchGroupNameProblem(patchGroup) { throw RegistryError.invalid(problem) }
        guard let b = baseline(baselineId) else { throw RegistryError.doesNotExist("baseline \(baselineId)") }
        if let existing = patchGroups[patchGroup]?[b.operatingSystem], existing != baselineId {
            throw RegistryError.alreadyExists("patch group '\(patchGroup)' already has \(b.operatingSystem.rawValue) baseline \(existing)")
        }
        patchGroups[patchGroup, default: [:]][b.operatingSystem] = baselineId
    }

    /// [BL-3] The API's `PatchGroup` type: 1-256 characters, Unicode letters, spaces,
    /// digits and `_ . : / = + - @` (`^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$`).
    public static func patchGroupNameProblem(_ name: String) -> String? {
        guard (1...256).contains(name.count) else { return "patch group name '\(name.prefix(64))' has \(name.count) characters; allowed: 1-256" }
        let extra: Set<Character> = ["_", ".", ":", "/", "=", "+", "-", "@"]
        for c in name where !(c.isLetter || c.isNumber || c.unicodeScalars.allSatisfy({ $0.properties.generalCategory == .spaceSeparator }) || extra.contains(c)) {
            return "patch group name '\(name.prefix(64))' contains '\(c)'; allowed: letters, digits, spaces and _ . : / = + - @"
        }
        return nil
    }

    public func defaultBaseline(for os: OperatingSystem) -> PatchBaseline? {
        if let id = defaults[os], let b = baselines[id] { return b }
        return PredefinedBaselines.defaultBaseline(for: os)
    }

    /// The node's patch group from its tags: key exactly `Patch Group` or `PatchGroup`
    /// ([BL-3]); AMBIGUOUS when both differ, Use: `Patch Group` wins.
    public static func patchGroup(tags: [String: String]) -> String? {
        tags["Patch Group"] ?? tags["PatchGroup"]
    }

    /// How an operation names its baseline, beyond patch groups and defaults.
    public struct OperationContext: Sendable {
        /// A patch policy's baseline per OS ([BL-4] step 1).
        public var policyBaselines: [OperatingSystem: PatchBaseline]?
        /// The `BaselineOverride` entries ([BL-4] step 2).
        public var baselineOverride: [PatchBaseline]?
        /// `AWS-RunPatchBaselineAssociation` BaselineTags ([BL-4] step 3).
        public var baselineTags: (key: String, values: [String])?

        public init(policyBaselines: [OperatingSystem: PatchBaseline]? = nil, baselineOverride: [PatchBaseline]? = nil,
                    baselineTags: (key: String, values: [String])? = nil) {
            self.policyBaselines = policyBaselines
            self.baselineOverride = baselineOverride
            self.baselineTags = baselineTags
        }
    }

    /// [BL-4]: the one baseline that governs a node for one operation, and why.
    public func resolve(os: OperatingSystem, tags nodeTags: [String: String], context: OperationContext = OperationContext()) throws -> (PatchBaseline, String) {
        let (b, reason) = try governing(os: os, patchGroup: Self.patchGroup(tags: nodeTags), context: context)
        switch reason {
        case .patchPolicy: return (b, "patch policy")
        case .baselineOverride: return (b, "BaselineOverride")
        case .baselineTags(let key): return (b, "BaselineTags \(key)")
        case .patchGroup(let group): return (b, "patch group '\(group)'")
        case .defaultBaseline: return (b, "default baseline")
        }
    }

    /// [BL-4] for a node whose patch group is already known (the hot path: no strings made).
    public func resolve(os: OperatingSystem, patchGroup: String, context: OperationContext = OperationContext()) throws -> PatchBaseline {
        try governing(os: os, patchGroup: patchGroup.isEmpty ? nil : patchGroup, context: context).0
    }

    enum Reason { case patchPolicy, baselineOverride, baselineTags(String), patchGroup(String), defaultBaseline }

    func governing(os: OperatingSystem, patchGroup: String?, context: OperationContext) throws -> (PatchBaseline, Reason) {
        if let policy = context.policyBaselines {
            guard let b = policy[os] else { throw RegistryError.doesNotExist("the patch policy names no baseline for \(os.rawValue)") }
            return (b, .patchPolicy)
        }
        // [AGT-5] (replacing [BL-4] step 2's Use): a BaselineOverride must hold exactly one
        // entry for the node's OS; none fails with exit 163, two with 165.
        if let entries = context.baselineOverride {
            let mine = entries.filter { $0.operatingSystem == os }
            guard mine.count == 1 else {
                throw mine.isEmpty
                    ? RegistryError.baselineOverride("BaselineOverride has no baseline for \(os.rawValue)", exitCode: 163)
                    : RegistryError.baselineOverride("BaselineOverride has \(mine.count) baselines for \(os.rawValue)", exitCode: 165)
            }
            return (mine[0], .baselineOverride)
        }
        if let (key, values) = context.baselineTags {
            let matches = baselines.values.filter { b in
                b.operatingSystem == os && (tags[b.baselineId]?[key]).map { values.contains($0) } == true
            }
            guard matches.count <= 1 else { throw RegistryError.invalid("BaselineTags match \(matches.count) baselines; nothing runs") }
            if let b = matches.first { return (b, .baselineTags(key)) }
        }
        if let group = patchGroup, let id = patchGroups[group]?[os], let b = baseline(id) {
            return (b, .patchGroup(group))
        }
        guard let b = defaultBaseline(for: os) else { throw RegistryError.doesNotExist("no baseline for \(os.rawValue) (UnsupportedOperatingSystem)") }
        return (b, .defaultBaseline)
    }
}
