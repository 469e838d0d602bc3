import PatchBaselines
import PatchModel

/// Which repositories a node's operation reads ([SRC-1]): a baseline's `Sources` for the
/// node's product replace the node's default repositories (they do not add to them);
/// several sources for one product all apply (AMBIGUOUS; Use: union). A source names
/// repositories the simulated world knows: YUM/DNF/Zypper `[section]` headers of its INI
/// configuration, APT `deb URL suite ...` lines by suite.
public enum AlternativeSources {
    /// Repository names one source configuration refers to.
    public static func repositoryNames(_ configuration: String, family: PackageFamily) -> [String] {
        var names: [String] = []
        for raw in configuration.split(whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            let line = raw.trimmingWhitespace
            if family == .apt {
                let words = line.split(separator: " ").map(String.init).filter { !$0.hasPrefix("[") }
                if words.count >= 3, words[0] == "deb" { names.append(words[2]) }
            } else if line.hasPrefix("["), line.hasSuffix("]"), line != "[main]" {
                names.append(String(line.dropFirst().dropLast()))
            }
        }
        return names
    }

    /// The repositories in effect for a node, from all the world's repositories.
    public static func effective(baseline: PatchBaseline, product: String, defaults: [Repository], all: [Repository]) -> [Repository] {
        let applying = baseline.sources.filter { $0.products.contains(product) }
        guard !applying.isEmpty else { return defaults }
        let wanted = Set(applying.flatMap { repositoryNames($0.configuration, family: baseline.operatingSystem.family) })
        return all.filter { wanted.contains($0.name) }
    }
}
