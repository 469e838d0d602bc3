import Foundation
import PatchModel
import PatchScenarios
import PatchWorld

/// `patchsim repo`: the repositories of a scenario file as seen at one instant.
enum RepoCommand: Command {
    static let name = "repo"
    static let abstract = "Show a scenario's repositories (generated or imported) at an instant."
    static let usage = "usage: patchsim repo SCENARIO [--at ISO] [--seed N] [--format text|json]"
    static let help = """
        \(usage)

        Loads the "repositories" of a scenario file (generated from the scenario's seed, or
        imported from apt lists, primary.xml and updateinfo.xml) and prints each repository
        as it is at --at (default: the scenario's end): its revision, packages and notices.

          --at ISO            the instant to look at, e.g. 2026-11-15T00:00:00Z
          --seed N            override the scenario's seed
          --format text|json  text (default) is a summary; json lists every package and notice

        Examples:
          patchsim repo Scenarios/al2-patch-tuesday.json --at 2026-11-15T00:00:00Z
          patchsim repo Scenarios/customer-tuesday-stops --format json
        """

    static func run(_ raw: [String], console: Console) throws -> Int32 {
        let args = try Arguments(raw, options: ["--at", "--seed", "--format"], usage: usage)
        guard args.positionals.count == 1 else { throw UsageError(message: "repo takes one scenario (a file or a scenario folder)", usage: usage) }
        let format = try args.choice("--format", ["text", "json"], default: "text") ?? "text"
        let path = args.positionals[0]
        // A file or a folder scenario, assembled as `run` assembles it.
        let document = try ScenarioLoader.document(path)
        let header = try ScenarioHeader(document)
        var seed = header.seed
        if let s = args.value("--seed") {
            guard let v = UInt64(s), v <= UInt64(Int32.max) else { throw UsageError(message: "option '--seed': '\(s)' is not an integer in 0...\(Int32.max)", usage: usage) }
            seed = v
        }
        var at = header.end
        if let a = args.value("--at") {
            guard let t = Instant(iso8601: a) else {
                throw UsageError(message: "option '--at': '\(a)' is not an ISO-8601 instant (e.g. 2026-11-15T00:00:00Z)", usage: usage)
            }
            at = t
        }
        let base = ScenarioLoader.isScenarioFolder(path) ? path : PathText.parent(path)
        let loaded = try RepositorySources.load(try document.required("repositories"), seed: seed, start: header.start,
                                                end: header.end, baseDirectory: base.isEmpty ? "." : base)
        let snapshots = loaded.repositories.map { $0.snapshot(at: at) }
        if format == "json" {
            console.out.write(json(header: header, seed: seed, at: at, repositories: loaded.repositories, snapshots: snapshots).rendered())
        } else {
            console.out.write(text(header: header, seed: seed, at: at, repositories: loaded.repositories, snapshots: snapshots))
        }
        return ExitCode.success
    }

    static func text(header: ScenarioHeader, seed: UInt64, at: Instant, repositories: [Repository], snapshots: [RepositorySnapshot]) -> String {
        var out = "\(header.name): \(Wording.count(repositories.count, "repository")) at \(at) (seed \(seed))\n"
        for (repo, snap) in zip(repositories, snapshots) {
            out += "\n\(repo.name)  \(repo.os.rawValue)  \(repo.products.joined(separator: ","))  revision \(snap.revision) of \(repo.changeInstants.count)\n"
            let names = Set(snap.packages.map(\.name)).count
            out += "  packages: \(snap.packages.count) versions of \(names) names"
            let security = snap.packages.filter { $0.debian?.isSecurityPocket ?? false }.count
            if repo.os.family == .apt { out += " (\(security) in a security pocket)" }
            out += "\n"
            if !snap.notices.isEmpty {
                var byClass: [String: [String: Int]] = [:]
                for n in snap.notices { byClass[n.classification, default: [:]][n.severity ?? "", default: 0] += 1 }
                let parts = byClass.keys.sorted().map { c -> String in
                    let sev = byClass[c] ?? [:]
                    let total = sev.values.reduce(0, +)
                    let detail = sev.keys.filter { !$0.isEmpty }.sorted().map { "\($0) \(sev[$0] ?? 0)" }
                    return detail.isEmpty ? "\(c) \(total)" : "\(c) \(total): \(detail.joined(separator: ", "))"
                }
                out += "  notices:  \(snap.notices.count) (\(parts.joined(separator: "; ")))\n"
                let latest = snap.notices.sorted { ($0.updated ?? $0.issued ?? .epoch, $0.id) > ($1.updated ?? $1.issued ?? .epoch, $1.id) }.prefix(3)
                for n in latest {
                    out += "  latest:   \(n.updated ?? n.issued ?? .epoch) \(n.id) \(n.classification)\(n.severity.map { " " + $0 } ?? "") \(n.packages.map(\.name).joined(separator: " "))\n"
                }
            }
            if !snap.windowsUpdates.isEmpty {
                let graph = SupersedenceGraph(snap.windowsUpdates)
                let current = snap.windowsUpdates.filter { !graph.isSuperseded($0.kb) }
                out += "  updates:  \(snap.windowsUpdates.count) published, \(current.count) not superseded\n"
                for u in current.sorted(by: { $0.releaseDate > $1.releaseDate }).prefix(3) {
                    out += "  current:  \(u.kb) \(u.classification) \(u.msrcSeverity) \(u.title)\n"
                }
            }
        }
        return out
    }

    static func json(header: ScenarioHeader, seed: UInt64, at: Instant, repositories: [Repository], snapshots: [RepositorySnapshot]) -> JSONOutput {
        .object([
            ("scenario", .string(header.name)),
            ("seed", .string(String(seed))),
            ("at", .string(at.iso8601)),
            ("repositories", .array(zip(repositories, snapshots).map { repo, snap in
                .object([
                    ("name", .string(repo.name)),
                    ("os", .string(repo.os.rawValue)),
                    ("products", .array(repo.products.map { .string($0) })),
                    ("revision", .int(snap.revision)),
                    ("packages", .array(snap.packages.map { p in
                        var fields: [(String, JSONOutput)] = [
                            ("name", .string(p.name)), ("arch", .string(p.arch)), ("version", .string(p.version.description)),
                            ("title", .string(p.identity.title)),
                        ]
                        if let d = p.debian {
                            fields += [("archive", .string(d.archive)), ("priority", d.priority.map { .string($0) } ?? .null),
                                       ("section", d.section.map { .string($0) } ?? .null)]
                        }
                        if let m = p.macOSPackageManager { fields.append(("packageManager", .string(m.rawValue))) }
                        if !p.requires.isEmpty { fields.append(("requires", .array(p.requires.map { .string($0.description) }))) }
                        return .object(fields)
                    })),
                    ("notices", .array(snap.notices.map { n in
                        .object([
                            ("id", .string(n.id)), ("classification", .string(n.classification)),
                            ("severity", n.severity.map { .string($0) } ?? .null),
                            ("issued", n.issued.map { .string($0.iso8601) } ?? .null),
                            ("updated", n.updated.map { .string($0.iso8601) } ?? .null),
                            ("cveIds", .array(n.cveIds.map { .string($0) })),
                            ("packages", .array(n.packages.map { .string($0.title) })),
                        ])
                    })),
                    ("windowsUpdates", .array(snap.windowsUpdates.map { u in
                        .object([
                            ("kb", .string(u.kb.description)), ("title", .string(u.title)),
                            ("classification", .string(u.classification)), ("msrcSeverity", .string(u.msrcSeverity)),
                            ("product", .string(u.product)), ("patchSet", .string(u.patchSet.rawValue)),
                            ("releaseDate", .string(u.releaseDate.iso8601)),
                            ("supersedes", .array(u.supersedes.map { .string($0.description) })),
                        ])
                    })),
                ])
            })),
        ])
    }
}

/// The scenario fields every command needs: name, seed, start and end.
struct ScenarioHeader {
    var name: String
    var seed: UInt64
    var start: Instant
    var end: Instant

    init(_ document: JSONValue) throws {
        name = try document["name"]?.string() ?? "scenario"
        seed = UInt64(try document["seed"]?.int(in: 0...Int(Int32.max)) ?? 0)
        start = try document.required("start").instant()
        end = try document.required("end").instant()
        try ScenarioBounds.checkSpan(start: start, end: end, endValue: try document.required("end"))
    }
}
