import PatchModel
import PatchScheduling
import PatchWorld

/// Splits a scenario's fleet into shards that can run apart and still add up exactly to
/// the unsharded run.
///
/// Rate control couples the nodes of one command (MaxConcurrency and MaxErrors count over
/// all its targets), so every node a window, a patch policy or a sent command could ever
/// target is kept in one shard with it: nodes are joined into connected components through
/// what targets them, over every tag state the scenario's CreateTags/DeleteTags events give
/// them, and whole components go to shards (largest first, to the emptiest shard). Nothing
/// else couples nodes: each draws its randomness from streams named after itself, and the
/// repositories, baselines and timed events are replayed whole in every shard.
///
/// So a fleet under one window that targets every node is one component and cannot be
/// split: sharding pays off for fleets organised the usual way, windows per patch group.
public struct FleetPartition: Sendable {
    public let shardCount: Int
    /// Shard of each instance.
    public let shardOfInstance: [String: Int]
    /// Shard that owns each window (by WindowId), patch policy (by name) and command-sending
    /// event (by name): the one holding every node it can target. Owners of things that can
    /// target no node are shard 0.
    public let windowOwner: [String: Int]
    public let policyOwner: [String: Int]
    public let commandOwner: [String: Int]
    /// Nodes per shard, and in the largest component (the limit on balance).
    public let nodesPerShard: [Int]
    public let largestComponent: Int

    public init(_ scenario: Scenario, shards: Int) {
        shardCount = max(1, shards)
        let nodes = scenario.fleet.instances.values
        let n = nodes.count
        // Subjects after the nodes: windows, policies, then command names.
        // State Manager associations couple their targets as policies do; merge owns both by name.
        let windows = scenario.windows
        let policies: [(name: String, matches: (ManagedInstance) -> Bool)] = scenario.policies.map { p in (p.name, { p.matches($0) }) }
            + scenario.associations.map { a in (a.name, { a.matches($0) }) }
        let commandNames = Array(Set(scenario.events.filter(\.action.sendsCommand).map(\.name))).sorted()
        let commandIndex = Dictionary(uniqueKeysWithValues: commandNames.enumerated().map { ($1, n + windows.count + policies.count + $0) })
        var sets = DisjointSets(count: n + windows.count + policies.count + commandNames.count)

        let states = Self.tagStates(scenario)
        // Every node as it may look at some point: managed and running, with each tag state.
        func couldMatch(_ k: Int, _ matches: (ManagedInstance) -> Bool) -> Bool {
            var probe = nodes[k]
            probe.managed = true
            for tags in states[k] {
                probe.tags = tags
                if matches(probe) { return true }
            }
            return false
        }
        for (w, window) in windows.enumerated() {
            let direct = Set(window.tasks.flatMap(\.instanceIds))
            for k in 0..<n where direct.contains(nodes[k].instanceId) || couldMatch(k, { node in window.targets.contains { $0.matches(node) } }) {
                sets.union(k, n + w)
            }
        }
        for (p, policy) in policies.enumerated() {
            for k in 0..<n where couldMatch(k, policy.matches) { sets.union(k, n + windows.count + p) }
        }
        for event in scenario.events {
            guard let c = commandIndex[event.name] else { continue }
            let selector: NodeSelector
            switch event.action {
            case .sendCommand(let s, _, _, _, _), .patchNow(let s, _, _): selector = s
            default: continue
            }
            for k in 0..<n where couldMatch(k, selector.matches) { sets.union(k, c) }
        }

        // Components of nodes, largest first (ties: smallest instance id), each to the
        // shard with the fewest nodes so far (ties: the lowest shard).
        var members: [Int: [Int]] = [:]
        for k in 0..<n { members[sets.find(k), default: []].append(k) }
        let components = members.values.map { ks in (ks, ks.map { nodes[$0].instanceId }.min() ?? "") }
            .sorted { ($0.0.count, $1.1) > ($1.0.count, $0.1) }
        var load = Array(repeating: 0, count: shardCount)
        var shardOfRoot: [Int: Int] = [:]
        var shardOf: [String: Int] = [:]
        for (ks, _) in components {
            let target = load.indices.min { (load[$0], $0) < (load[$1], $1) } ?? 0
            load[target] += ks.count
            shardOfRoot[sets.find(ks[0])] = target
            for k in ks { shardOf[nodes[k].instanceId] = target }
        }
        func owner(_ subject: Int) -> Int { shardOfRoot[sets.find(subject)] ?? 0 }
        var windowOwner: [String: Int] = [:], policyOwner: [String: Int] = [:], commandOwner: [String: Int] = [:]
        for (w, window) in windows.enumerated() { windowOwner[window.windowId] = owner(n + w) }
        for (p, policy) in policies.enumerated() { policyOwner[policy.name] = owner(n + windows.count + p) }
        for (name, c) in commandIndex { commandOwner[name] = owner(c) }
        self.shardOfInstance = shardOf
        self.windowOwner = windowOwner
        self.policyOwner = policyOwner
        self.commandOwner = commandOwner
        self.nodesPerShard = load
        self.largestComponent = components.first?.0.count ?? 0
    }

    /// The scenario as shard `index` runs it: only its nodes; windows, policies, events and
    /// expectations unchanged (what targets other shards' nodes finds none here).
    public func shard(_ index: Int, of scenario: Scenario) -> Scenario {
        var s = scenario
        s.fleet.keepOnly(Set(shardOfInstance.filter { $0.value == index }.keys))
        return s
    }

    /// The shard whose run decides an expectation about one instance, window, policy or
    /// command; nil for fleet-wide ones, which every shard tallies.
    public func owner(of expectation: Expectation) -> Int? {
        switch expectation.check {
        case .patchState(let id, _, _), .summary(let id, _), .reboots(let id, _), .associationCompliance(let id, _, _, _): return shardOfInstance[id] ?? 0
        case .windowStatus(let window, _, _, _, _): return windowOwner[window] ?? 0
        case .associationStatus(let policy, _, _, _): return policyOwner[policy] ?? 0
        case .commandStatus(let name, _, _): return commandOwner[name] ?? 0
        default: return nil
        }
    }

    /// The distinct tag sets each node has over the run: its own, then after each
    /// CreateTags/DeleteTags in the order the simulation applies them.
    static func tagStates(_ scenario: Scenario) -> [[[String: String]]] {
        var fleet = scenario.fleet
        let nodes = fleet.instances.values
        var states = nodes.map { [$0.tags] }
        let edits = scenario.events.enumerated().filter { (_, e) in
            if case .createTags = e.action { return e.at <= scenario.end }
            if case .deleteTags = e.action { return e.at <= scenario.end }
            return false
        }.sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }
        for (_, event) in edits {
            for k in nodes.indices {
                guard var node = fleet.instances[nodes[k].instanceId] else { continue }
                switch event.action {
                case let .createTags(selector, tags) where selector.matches(node):
                    node.tags = node.tags.merging(tags) { _, new in new }
                case let .deleteTags(selector, keys) where selector.matches(node):
                    for (key, value) in keys where value == nil || node.tags[key] == value { node.tags[key] = nil }
                default: continue
                }
                fleet.retag(node.instanceId, tags: node.tags)
                if !states[k].contains(node.tags) { states[k].append(node.tags) }
            }
        }
        return states
    }
}

/// Which shard a run is, and how its scenario was partitioned.
public struct ShardAssignment: Sendable {
    public var index: Int
    public var partition: FleetPartition
}

/// Union-find with path halving and union by size.
struct DisjointSets {
    private var parent: [Int]
    private var size: [Int]

    init(count: Int) {
        parent = Array(0..<count)
        size = Array(repeating: 1, count: count)
    }

    mutating func find(_ x: Int) -> Int {
        var x = x
        while parent[x] != x {
            parent[x] = parent[parent[x]]
            x = parent[x]
        }
        return x
    }

    mutating func union(_ a: Int, _ b: Int) {
        var (ra, rb) = (find(a), find(b))
        guard ra != rb else { return }
        if size[ra] < size[rb] { swap(&ra, &rb) }
        parent[rb] = ra
        size[ra] += size[rb]
    }
}
