import Foundation
import PatchBaselines
import PatchModel
import PatchWorld

/// `patchsim scan`: evaluate one real host from its own files, as a Scan would report it.
enum ScanCommand: Command {
    static let name = "scan"
    static let abstract = "Evaluate a baseline on a real host's files (dpkg/apt or rpm/repodata)."
    static let usage = """
        usage: patchsim scan --os OS --product PRODUCT (--dpkg-status FILE --apt-lists DIR | --rpm-qa FILE --repodata DIR...
                             | MACOS: [--pkgutil-pkgs FILE] [--brew-list FILE] [--brew-cask-list FILE] [--softwareupdate-list FILE]
                               [--brew-outdated FILE] [--brew-cask-outdated FILE])
                             [--baseline FILE.json|NAME] [--profile user-guide|agent-1.80] [--at ISO] [--instance-id ID]
                             [--explain NAME] [--format text|json]
        """
    static let help = """
        \(usage)

        Reads what the host has installed and what its repositories offer, resolves the
        baseline (a predefined one by its AWS name, or a file in the CreatePatchBaseline /
        GetPatchBaseline shape, or an array of them as BaselineOverride takes; default: the
        OS's default baseline) and prints the InstancePatchState summary and the per-patch
        records, as describe-instance-patch-states and describe-instance-patches print them.

          --os OS             the node's OperatingSystem (DEBIAN, AMAZON_LINUX_2, MACOS, ...)
          --product PRODUCT   its product (`patchsim products OS` lists them), e.g. Debian12
          --dpkg-status FILE  the host's /var/lib/dpkg/status (APT systems)
          --rpm-qa FILE       rpm -qa --queryformat '%{NAME} %{EPOCHNUM} %{VERSION} %{RELEASE} %{ARCH} %{INSTALLTIME}\\n'
          --baseline FILE|NAME  the baseline: a file, or a predefined baseline's Name
          --instance-id ID    the InstanceId the report carries
          --apt-lists DIR     laid out like /var/lib/apt/lists (*_Packages, plain or .lz4, with
                              their *_InRelease or *_Release)
          --repodata DIR      a folder with primary.xml and, optionally, updateinfo.xml (also
                              *-primary.xml / *-updateinfo.xml); repeat for several repositories
          macOS, from the host's own tools: --pkgutil-pkgs (`pkgutil --pkgs`, or
                              `pkgutil --pkg-info` blocks for versions), --brew-list (`brew list
                              --versions`), --brew-cask-list (`brew list --cask --versions`),
                              --softwareupdate-list (`softwareupdate --list`), --brew-outdated and
                              --brew-cask-outdated (`brew outdated [--cask] --verbose`)
          --profile NAME      user-guide (default: the user guide's rules) or agent-1.80 (what the
                              Linux agent payload does where the two differ)
          --at ISO            the evaluation instant; default: the newest date in the inputs
                              (never the wall clock)
          --explain NAME      why one patch (name, name.arch or KB id) has its state
          --format text|json  text (default) or JSON with a Patches array

        Examples:
          patchsim scan --os DEBIAN --product Debian12 --dpkg-status /var/lib/dpkg/status --apt-lists /var/lib/apt/lists
          patchsim scan --os AMAZON_LINUX_2 --product AmazonLinux2 --rpm-qa rpm-qa.txt --repodata repodata/ --explain openssl --format json
        """

    static func run(_ raw: [String], console: Console) throws -> Int32 {
        let args = try Arguments(raw, options: ["--os", "--product", "--dpkg-status", "--apt-lists", "--rpm-qa", "--repodata",
                                                "--pkgutil-pkgs", "--brew-list", "--brew-cask-list", "--softwareupdate-list",
                                                "--brew-outdated", "--brew-cask-outdated",
                                                "--baseline", "--profile", "--at", "--instance-id", "--explain", "--format"], usage: usage)
        guard args.positionals.isEmpty else { throw UsageError(message: "unexpected argument '\(args.positionals[0])'", usage: usage) }
        guard let osName = try args.choice("--os", OperatingSystem.allCases.map(\.rawValue)),
              let os = OperatingSystem(rawValue: osName) else {
            throw UsageError(message: "scan needs --os (one of \(OperatingSystem.allCases.map(\.rawValue).joined(separator: ", ")))", usage: usage)
        }
        guard let product = args.value("--product") else { throw UsageError(message: "scan needs --product (e.g. Debian12)", usage: usage) }
        switch OSCatalogue.support(of: product, on: os) {
        case .supported: break
        case .unsupported(let reason):
            throw InputError(file: "--product", message: "\(product): \(reason) (UnsupportedOperatingSystem)")
        case .unknown:
            throw InputError(file: "--product", found: "'\(product)'", allowed: OSCatalogue.productHint(os))
        }
        let format = try args.choice("--format", ["text", "json"], default: "text") ?? "text"

        var inventory: Inventory
        var repositories: [Repository] = []
        switch os.family {
        case .apt:
            guard let status = args.value("--dpkg-status"), let lists = args.value("--apt-lists") else {
                throw UsageError(message: "\(os.rawValue) needs --dpkg-status FILE and --apt-lists DIR", usage: usage)
            }
            inventory = try DpkgStatusImporter.importFile(status)
            repositories = try AptListsImporter.importDirectory(lists, os: os, products: [product], requirementsOf: inventory)
        case .yumDNF, .zypper:
            guard let qa = args.value("--rpm-qa"), !args.all("--repodata").isEmpty else {
                throw UsageError(message: "\(os.rawValue) needs --rpm-qa FILE and --repodata DIR", usage: usage)
            }
            inventory = try RPMQueryImporter.importFile(qa)
            for dir in args.all("--repodata") { repositories.append(try importRepodata(dir, os: os, product: product)) }
        case .macOS:
            let options = ["--pkgutil-pkgs": "pkgutil", "--brew-list": "brew", "--brew-cask-list": "brewCask", "--softwareupdate-list": "softwareUpdate",
                           "--brew-outdated": "brewOutdated", "--brew-cask-outdated": "brewCaskOutdated"]
            var texts: [String: String] = [:], files: [String: String] = [:]
            for (option, key) in options {
                guard let path = args.value(option) else { continue }
                texts[key] = try MacOSHostImporter.text(path)
                files[key] = path
            }
            guard !texts.isEmpty else {
                throw UsageError(message: "MACOS needs at least one of \(options.keys.sorted().joined(separator: ", "))", usage: usage)
            }
            let host = try MacOSHost(pkgutil: texts["pkgutil"], brew: texts["brew"], brewCask: texts["brewCask"], softwareUpdate: texts["softwareUpdate"],
                                     brewOutdated: texts["brewOutdated"], brewCaskOutdated: texts["brewCaskOutdated"], files: files)
            inventory = host.inventory
            var repo = Repository(name: MacOSHost.repositoryName, os: os, products: [product])
            for p in host.offers { repo.publish(p, at: .epoch) }
            repositories = [repo]
        case .windows:
            throw UsageError(message: "scan reads Linux and macOS hosts; WINDOWS nodes are simulated in scenarios (their catalogue is the service's)", usage: usage)
        }

        let baseline = try resolveBaseline(args.value("--baseline"), os: os)
        var at = newestDate(repositories, inventory)
        if let a = args.value("--at") {
            guard let t = Instant(iso8601: a) else {
                throw UsageError(message: "option '--at': '\(a)' is not an ISO-8601 instant (e.g. 2026-11-21T00:00:00Z)", usage: usage)
            }
            at = t
        }
        var content = AvailableContent()
        for r in repositories {
            let snap = r.snapshot(at: at)
            content.packages += snap.packages
            content.notices += snap.notices
        }
        let node = NodeState(instanceId: args.value("--instance-id") ?? "i-0000000000000000", os: os, product: product, inventory: inventory)
        let profile = try args.choice("--profile", EvaluationProfile.names).flatMap(EvaluationProfile.named) ?? .standard
        let scanner = NodeScanner(baseline: baseline, at: at, profile: profile)
        if let unit = args.value("--explain") {
            console.out.writeLine("baseline \(baseline.name) (\(baseline.baselineId)) at \(at), profile \(profile.name)")
            for line in scanner.explain(unit, node, content) { console.out.writeLine(line) }
            return ExitCode.success
        }
        let result = scanner.scan(node, content)
        ExitTimeRelease.hold(content, repositories, node)
        if format == "json" {
            console.out.write(ScanReport.json(result, profile: profile).rendered())
        } else {
            console.out.write(ScanReport.text(result, baseline: baseline, profile: profile))
        }
        return ExitCode.success
    }

    /// A repodata folder: primary.xml (required) and updateinfo.xml (optional).
    static func importRepodata(_ dir: String, os: OperatingSystem, product: String) throws -> Repository {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir).sorted()) ?? []
        guard let primary = names.first(where: { $0 == "primary.xml" || $0.hasSuffix("-primary.xml") }) else {
            throw InputError(file: dir, found: "no primary.xml", allowed: "a repodata folder with an uncompressed primary.xml (and updateinfo.xml)")
        }
        var repo = Repository(name: (dir as NSString).lastPathComponent == "repodata"
                              ? (PathText.parent(dir) as NSString).lastPathComponent : (dir as NSString).lastPathComponent,
                              os: os, products: [product])
        try RPMPrimaryImporter.importFile("\(dir)/\(primary)", into: &repo)
        if let info = names.first(where: { $0 == "updateinfo.xml" || $0.hasSuffix("-updateinfo.xml") }) {
            try UpdateInfoImporter.importFile("\(dir)/\(info)", into: &repo)
        }
        return repo
    }

    /// A predefined baseline by name, or a baseline file (an array picks the node's OS).
    static func resolveBaseline(_ value: String?, os: OperatingSystem) throws -> PatchBaseline {
        guard let value else {
            guard let b = PredefinedBaselines.defaultBaseline(for: os) else { throw InputError(file: "--baseline", message: "no default baseline for \(os.rawValue)") }
            return b
        }
        if let b = PredefinedBaselines.named(value) {
            guard b.operatingSystem == os else {
                throw InputError(file: "--baseline", message: "\(value) is a \(b.operatingSystem.rawValue) baseline, the node runs \(os.rawValue)")
            }
            return b
        }
        guard FileManager.default.fileExists(atPath: value) else {
            throw InputError(file: "--baseline", found: "'\(value)'", allowed: "a baseline file, or a predefined baseline name such as \(OSCatalogue.entry(os).defaultBaselineName)")
        }
        let baselines = try BaselineDecoder.decodeFile(value)
        guard let b = baselines.first(where: { $0.operatingSystem == os }) else {
            throw InputError(file: value, message: "no baseline for \(os.rawValue) (found: \(baselines.map(\.operatingSystem.rawValue).joined(separator: ", ")))")
        }
        return b
    }

    /// The newest instant the inputs mention: the default `--at`.
    static func newestDate(_ repositories: [Repository], _ inventory: Inventory) -> Instant {
        var newest = Instant.epoch
        for r in repositories { if let last = r.changeInstants.last, last > newest { newest = last } }
        for p in inventory.packages { if let t = p.installedAt, t > newest { newest = t } }
        return newest
    }
}

/// Renders scan results as the CLI prints `describe-instance-patch-states` and
/// `describe-instance-patches`.
enum ScanReport {
    static func summaryFields(_ s: InstancePatchState) -> [(String, JSONOutput)] {
        [
            ("InstanceId", .string(s.instanceId)), ("PatchGroup", .string(s.patchGroup)), ("BaselineId", .string(s.baselineId)),
            ("OwnerInformation", .string("")),
            ("InstalledCount", .int(s.installedCount)), ("InstalledOtherCount", .int(s.installedOtherCount)),
            ("InstalledPendingRebootCount", .int(s.installedPendingRebootCount)),
            ("InstalledRejectedCount", .int(s.installedRejectedCount)), ("MissingCount", .int(s.missingCount)),
            ("FailedCount", .int(s.failedCount)), ("UnreportedNotApplicableCount", .int(s.unreportedNotApplicableCount)),
            ("NotApplicableCount", .int(s.notApplicableCount)),
            ("AvailableSecurityUpdateCount", .int(s.availableSecurityUpdateCount)),
            ("OperationStartTime", .string(s.operationStartTime.iso8601)), ("OperationEndTime", .string(s.operationEndTime.iso8601)),
            ("Operation", .string(s.operation)),
            ("CriticalNonCompliantCount", .int(s.criticalNonCompliantCount)),
            ("SecurityNonCompliantCount", .int(s.securityNonCompliantCount)),
            ("OtherNonCompliantCount", .int(s.otherNonCompliantCount)),
            ("ComplianceStatus", .string(s.complianceStatus)), ("ComplianceSeverity", .string(s.complianceSeverity.rawValue)),
        ]
    }

    static func json(_ r: ScanResult, profile: EvaluationProfile) -> JSONOutput {
        .object(summaryFields(r.summary) + [("EvaluationProfile", .string(profile.name)),
            ("Patches", .array(r.records.map { p in
                var fields: [(String, JSONOutput)] = [
                    ("Title", .string(p.title)), ("KBId", .string(p.kbId)), ("Classification", .string(p.classification)),
                    ("Severity", .string(p.severity)), ("State", .string(p.state.rawValue)),
                ]
                if let t = p.installedTime { fields.append(("InstalledTime", .string(t.iso8601))) }
                fields.append(("CVEIds", .string(p.cveIds.joined(separator: ","))))
                if let target = r.targets[p.kbId] { fields.append(("TargetVersion", .string(target))) }
                return .object(fields)
            })),
        ])
    }

    static func text(_ r: ScanResult, baseline: PatchBaseline, profile: EvaluationProfile) -> String {
        let s = r.summary
        var out = "\(s.instanceId): \(s.complianceStatus) under \(baseline.name) at \(s.operationStartTime) (profile \(profile.name))\n"
        out += "  Installed \(s.installedCount), InstalledOther \(s.installedOtherCount), InstalledPendingReboot \(s.installedPendingRebootCount), "
        out += "InstalledRejected \(s.installedRejectedCount), Missing \(s.missingCount), Failed \(s.failedCount), NotApplicable \(s.notApplicableCount)"
        if s.availableSecurityUpdateCount > 0 { out += ", AvailableSecurityUpdate \(s.availableSecurityUpdateCount)" }
        out += "\n  non-compliant: Critical \(s.criticalNonCompliantCount), Security \(s.securityNonCompliantCount), Other \(s.otherNonCompliantCount); severity \(s.complianceSeverity.rawValue)\n"
        for p in r.records where p.state != .INSTALLED_OTHER && p.state != .INSTALLED {
            out += "  \(p.state.rawValue.padding(26))\(p.kbId)  \(p.title)"
            if let t = r.targets[p.kbId] { out += " -> \(t)" }
            out += "\n"
        }
        return out
    }
}
