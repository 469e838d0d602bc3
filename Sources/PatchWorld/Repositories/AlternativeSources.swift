import PatchBaselines
import PatchModel

/// Which repositories a node's operation reads ([SRC-1]): a baseline's `Sources` for the
/// node's product replace the node's default repositories (they do not add to them);
/// several sources for one product all apply (AMBIGUOUS; Use: union). A source names
/// repositories the simulated world knows (`PatchSource.repositoryNames`).
public enum AlternativeSources {
    /// The repositories in effect for a node, from all the world's repositories.
    public static func effective(baseline: PatchBaseline, product: String, defaults: [Repository], all: [Repository]) -> [Repository] {
        guard baseline.sources.contains(where: { $0.products.contains(product) }) else { return defaults }
        let wanted = baseline.alternativeRepositoryNames(product: product)
        return all.filter { wanted.contains($0.name) }
    }
}
