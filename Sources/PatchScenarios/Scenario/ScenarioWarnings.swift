import PatchBaselines
import PatchModel
import PatchScheduling
import PatchWorld

/// What `check` warns about ([19]): a valid scenario that will not do what its author
/// most likely meant. A window target or patch policy that matches no node at any instant
/// (tags as the scenario's CreateTags/DeleteTags events change them), a patch group no node
/// ever carries, a custom baseline no node can use, a window that never fires between the
/// scenario's start and end. Warnings name the JSON path; they do not fail the check.
public enum ScenarioWarnings {
    public static func of(_ s: Scenario) -> [String] {
        var warnings: [String] = []
        // Every tag set each node has at some instant, in event order.
        var states: [(node: ManagedInstance, tagSets: [[String: String]])] = []
        let tagEvents = s.events.compactMap { e -> TimedAction? in
            switch e.action { case .createTags, .deleteTags: return e.action; default: return nil }
        }
        for node in s.fleet.instances.values {
            var current = node, sets = [node.tags]
            for action in tagEvents {
                switch action {
                case let .createTags(selector, tags) where selector.matches(current):
                    current.tags.merge(tags) { _, new in new }
                case let .deleteTags(selector, keys) where selector.matches(current):
                    for (key, value) in keys where value == nil || current.tags[key] == value { current.tags[key] = nil }
                default: continue
                }
                if !sets.contains(current.tags) { sets.append(current.tags) }
            }
            states.append((node, sets))
        }
        func anyNode(_ test: (ManagedInstance) -> Bool) -> Bool {
            states.contains { state in state.tagSets.contains { tags in var n = state.node; n.tags = tags; return test(n) } }
        }

        for (w, window) in s.windows.enumerated() {
            for (t, target) in window.targets.enumerated() where !anyNode({ target.matches($0) }) {
                warnings.append("maintenanceWindows[\(w)].Targets[\(t)]: target \(target.windowTargetId) of \(window.name) matches no managed node at any instant")
            }
            let updated = s.events.contains {
                switch $0.action {
                case .updateWindowSchedule(let id, _, _, _), .setWindowEnabled(let id, _): return id == window.windowId
                default: return false
                }
            }
            if !updated {
                if !window.enabled {
                    warnings.append("maintenanceWindows[\(w)]: \(window.name) is disabled and no event enables it: it never runs")
                } else if (window.schedule.nextRuns(count: 1).first.map { $0 > s.end } ?? true) {
                    warnings.append("maintenanceWindows[\(w)].Schedule: \(window.name) never fires between \(s.start.iso8601) and \(s.end.iso8601)")
                }
            }
        }
        for (k, policy) in s.policies.enumerated() where !anyNode({ policy.matches($0) }) {
            warnings.append("patchPolicies[\(k)]: \(policy.name) targets no managed node at any instant")
        }

        // Patch groups: those registered at the start or by events.
        var groups = Set(s.fleet.registry.patchGroups.keys)
        for e in s.events { if case .registerPatchGroup(let g, _) = e.action { groups.insert(g) } }
        let carried = Set(states.flatMap { $0.tagSets.compactMap { BaselineRegistry.patchGroup(tags: $0) } })
        for group in groups.sorted() where !carried.contains(group) {
            warnings.append("patchGroups: no node ever carries the patch group '\(group)' (tag PatchGroup or Patch Group)")
        }

        // Custom baselines: usable when a patch group some node of its OS carries registers
        // it, it is a default of an OS some node runs, a policy selects it, or an event registers it.
        let systems = Set(s.fleet.instances.values.map(\.os))
        var usedByEvents: Set<String> = []
        for e in s.events {
            switch e.action {
            case .registerPatchGroup(_, let id), .registerDefaultBaseline(let id): usedByEvents.insert(id)
            default: break
            }
        }
        let policyBaselines = Set(s.policies.flatMap { $0.baselineIds.values })
        // AWS-RunPatchBaselineAssociation's BaselineTags select baselines by their tags ([OP-3]).
        var documents = s.associations.map(\.document) + s.windows.flatMap { $0.tasks.map(\.document) }
        for e in s.events { if case let .sendCommand(_, _, _, _, document) = e.action { documents.append(document) } }
        let baselineTags = documents.compactMap { d -> CommandDocument.BaselineTag? in
            if case .runPatchBaselineAssociation(let tag?) = d { return tag } else { return nil }
        }
        func taggedForUse(_ id: String) -> Bool {
            let tags = s.fleet.registry.tags[id] ?? [:]
            return baselineTags.contains { t in tags[t.key].map(t.values.contains) ?? false }
        }
        for (id, baseline) in s.fleet.registry.baselines.sorted(by: { $0.key < $1.key }) where !baseline.isPredefined {
            guard systems.contains(baseline.operatingSystem) else {
                warnings.append("baselines: \(baseline.name) (\(id)) is for \(baseline.operatingSystem.rawValue), and no node runs it")
                continue
            }
            let byGroup = s.fleet.registry.patchGroups.contains { group, map in map[baseline.operatingSystem] == id && carried.contains(group) }
            let byDefault = s.fleet.registry.defaults[baseline.operatingSystem] == id
            if !byGroup && !byDefault && !policyBaselines.contains(id) && !usedByEvents.contains(id) && !taggedForUse(id) {
                warnings.append("baselines: no node can use \(baseline.name) (\(id)): no patch group a node carries registers it, it is no default, no policy selects it and no BaselineTags name its tags")
            }
        }
        return warnings
    }
}
