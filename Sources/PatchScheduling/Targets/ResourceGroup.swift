import PatchModel
import PatchWorld

/// A tag-based AWS Resource Groups group (`TAG_FILTERS_1_0`): its members are the
/// resources of the listed types whose tags satisfy every tag filter ([16]). A window
/// target, association or command naming it (`resource-groups:Name`) reaches the nodes
/// that are members when it resolves its targets, so a retag moves a node in or out.
public struct ResourceGroup: Sendable, Equatable {
    public var name: String
    /// `AWS::EC2::Instance`, `AWS::SSM::ManagedInstance`, `AWS::AllSupported`, or any
    /// other type (whose resources are no node of the fleet).
    public var resourceTypeFilters: [String]
    /// Each must hold; a filter's values are ORed, and no values means any value.
    public var tagFilters: [(key: String, values: [String])]

    public init(name: String, resourceTypeFilters: [String], tagFilters: [(key: String, values: [String])]) {
        self.name = name
        self.resourceTypeFilters = resourceTypeFilters
        self.tagFilters = tagFilters
    }

    public static func == (a: ResourceGroup, b: ResourceGroup) -> Bool {
        a.name == b.name && a.resourceTypeFilters == b.resourceTypeFilters
            && a.tagFilters.map(\.key) == b.tagFilters.map(\.key) && a.tagFilters.map(\.values) == b.tagFilters.map(\.values)
    }

    /// Both instance types a node can be: hybrid nodes (`mi-`) are SSM managed instances.
    public static func resourceType(of node: ManagedInstance) -> String {
        node.instanceId.hasPrefix("mi-") ? "AWS::SSM::ManagedInstance" : "AWS::EC2::Instance"
    }

    /// Whether a type list (the group's, or a target's `resource-groups:ResourceTypeFilters`) admits the node.
    public static func typesAdmit(_ types: [String], _ node: ManagedInstance) -> Bool {
        types.contains("AWS::AllSupported") || types.contains(resourceType(of: node))
    }

    public func contains(_ node: ManagedInstance) -> Bool {
        Self.typesAdmit(resourceTypeFilters, node) && tagFilters.allSatisfy { f in
            node.tags[f.key].map { f.values.isEmpty || f.values.contains($0) } ?? false
        }
    }
}
