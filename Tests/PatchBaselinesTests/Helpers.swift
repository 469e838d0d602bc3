import Foundation
@testable import PatchBaselines
@testable import PatchModel

func t(_ s: String) -> Instant { Instant(iso8601: s) ?? .epoch }

func rpm(_ name: String, _ evr: String, arch: String = "x86_64", build: String? = nil, repo: String = "repo") -> AvailablePackage {
    AvailablePackage(identity: PackageIdentity(name: name, arch: arch, version: .rpm(RPMVersion(parsing: evr) ?? RPMVersion(version: "0"))),
                     repository: repo, buildTime: build.map(t))
}

func deb(_ name: String, _ version: String, pocket: String, priority: String? = "optional", arch: String = "amd64") -> AvailablePackage {
    AvailablePackage(identity: PackageIdentity(name: name, arch: arch, version: .deb(DebianVersion(lenient: version) ?? DebianVersion(upstream: "0"))),
                     repository: pocket, debian: DebianPackageFields(priority: priority, section: "libs", archive: pocket))
}

func notice(_ id: String, _ type: String, _ severity: String? = nil, updated: String?, issued: String? = nil,
            cves: [String] = [], bugzillas: [String] = [], _ packages: [AvailablePackage]) -> UpdateNotice {
    UpdateNotice(id: id, classification: type, severity: severity, issued: issued.map(t) ?? updated.map(t),
                 updated: updated.map(t), cveIds: cves, bugzillaIds: bugzillas, packages: packages.map(\.identity))
}

func installed(_ p: AvailablePackage) -> InstalledPackage { InstalledPackage(identity: p.identity) }

/// A baseline from its API JSON (so every test also goes through validation); the
/// required Name is added when a case leaves it out (it tests other members).
func baseline(_ json: String) throws -> PatchBaseline {
    let hasName = (try? JSONValue.parse(Data(json.utf8), file: "baseline.json"))?["Name"] != nil
    let named = hasName || !json.hasPrefix("{") ? json : "{\"Name\": \"test-baseline\", " + json.dropFirst()
    return try BaselineDecoder.decode(try JSONValue.parse(Data(named.utf8), file: "baseline.json"))
}

/// One rule with the given filters and date clause, as JSON.
func ruleJSON(_ filters: String, _ date: String = "\"ApproveAfterDays\": 7", level: String = "UNSPECIFIED", ens: Bool = false) -> String {
    "{\"PatchFilterGroup\": {\"PatchFilters\": [\(filters)]}, \(date), \"ComplianceLevel\": \"\(level)\", \"EnableNonSecurity\": \(ens)}"
}

func f(_ key: String, _ values: String...) -> String {
    "{\"Key\": \"\(key)\", \"Values\": [\(values.map { "\"\($0)\"" }.joined(separator: ", "))]}"
}

func scan(_ b: PatchBaseline, os: OperatingSystem, product: String, installed inv: [InstalledPackage],
          packages: [AvailablePackage], notices: [UpdateNotice] = [], at: String, profile: EvaluationProfile = .standard,
          failed: Set<String> = []) -> ScanResult {
    let node = NodeState(os: os, product: product, inventory: Inventory(inv), failed: failed)
    return NodeScanner(baseline: b, at: t(at), profile: profile).scan(node, AvailableContent(packages: packages, notices: notices))
}

func state(_ r: ScanResult, _ kbId: String) -> PatchComplianceState? { r.records.first { $0.kbId == kbId }?.state }

/// The AL2-style scene most date cases use: bash 4.2-1 installed, 4.2-2 offered by one notice.
func al2Scene(rule: String, updated: String?, issued: String? = nil, at: String, type: String = "Security",
              severity: String = "Critical", profile: EvaluationProfile = .standard) throws -> PatchComplianceState? {
    let old = rpm("bash", "4.2-1"), new = rpm("bash", "4.2-2")
    let b = try baseline("{\"Name\": \"al2-test\", \"OperatingSystem\": \"AMAZON_LINUX_2\", \"ApprovalRules\": {\"PatchRules\": [\(rule)]}}")
    let r = scan(b, os: .amazonLinux2, product: "AmazonLinux2", installed: [installed(old)], packages: [old, new],
                 notices: [notice("ALAS2-2025-1", type, severity, updated: updated, issued: issued, [new])], at: at, profile: profile)
    return state(r, "bash.x86_64")
}
