import Foundation
import Testing
@testable import PatchBaselines
@testable import PatchModel

/// Spec baselines.md §10, the cases a Scan decides. Each test names its case number.
@Suite("Regression cases (baselines.md §10)")
struct RegressionCaseTests {
    let anyRule = ruleJSON(f("PRODUCT", "*"))

    @Test("#1 [APR-9] [AGT-6] AAD 7, updated 11-09T18:00Z, now 11-16T17:59Z: approved by UTC day; exact timestamps approve strictly after 18:00Z")
    func case1() throws {
        #expect(try al2Scene(rule: anyRule, updated: "2025-11-09T18:00:00Z", at: "2025-11-16T17:59:00Z") == .MISSING)
        let exact = EvaluationProfile.userGuide.with(\.approvalGranularity, .exactTimestamp)
        #expect(try al2Scene(rule: anyRule, updated: "2025-11-09T18:00:00Z", at: "2025-11-16T17:59:00Z", profile: exact) == .INSTALLED_OTHER)
        // [AGT-6]: the notice date must be strictly before start − 7 days.
        #expect(try al2Scene(rule: anyRule, updated: "2025-11-09T18:00:00Z", at: "2025-11-16T18:00:00Z", profile: exact) == .INSTALLED_OTHER)
        #expect(try al2Scene(rule: anyRule, updated: "2025-11-09T18:00:00Z", at: "2025-11-16T18:00:01Z", profile: exact) == .MISSING)
        #expect(try al2Scene(rule: anyRule, updated: "2025-11-09T18:00:00Z", at: "2025-11-16T18:00:01Z", profile: .agent180) == .MISSING)
    }

    @Test("#2 [APR-9] same, now 11-15T23:59:59Z: not approved")
    func case2() throws {
        #expect(try al2Scene(rule: anyRule, updated: "2025-11-09T18:00:00Z", at: "2025-11-15T23:59:59Z") == .INSTALLED_OTHER)
    }

    @Test("#3 [APR-9] AAD 0, updated 23:00, now 23:30 the same day: approved")
    func case3() throws {
        #expect(try al2Scene(rule: ruleJSON(f("PRODUCT", "*"), "\"ApproveAfterDays\": 0"), updated: "2025-11-16T23:00:00Z", at: "2025-11-16T23:30:00Z") == .MISSING)
    }

    @Test("#4 #5 #6 [APR-9] ApproveUntilDate 2025-11-16 is inclusive, in UTC", arguments: [
        ("2025-11-16T23:59:59Z", PatchComplianceState.MISSING), ("2025-11-17T00:00:00Z", .INSTALLED_OTHER),
        ("2025-11-16T20:00:00-08:00", .INSTALLED_OTHER),
    ])
    func cases4to6(_ c: (String, PatchComplianceState)) throws {
        let rule = ruleJSON(f("PRODUCT", "*"), "\"ApproveUntilDate\": \"2025-11-16\"")
        #expect(try al2Scene(rule: rule, updated: c.0, at: "2026-06-01T00:00:00Z") == c.1)
    }

    @Test("#7 [APR-4] the Updated date counts, not the Release date")
    func case7() throws {
        #expect(try al2Scene(rule: anyRule, updated: "2025-11-12T00:00:00Z", issued: "2025-11-01T00:00:00Z", at: "2025-11-16T00:00:00Z") == .INSTALLED_OTHER)
        #expect(try al2Scene(rule: anyRule, updated: "2025-11-12T00:00:00Z", issued: "2025-11-01T00:00:00Z", at: "2025-11-19T00:00:00Z") == .MISSING)
    }

    @Test("#8 [APR-5] a re-issue restarts the clock")
    func case8() throws {
        // The repository shows the latest issue of the notice: updated 11-14.
        #expect(try al2Scene(rule: anyRule, updated: "2025-11-14T00:00:00Z", issued: "2025-11-10T00:00:00Z", at: "2025-11-18T00:00:00Z") == .INSTALLED_OTHER)
        #expect(try al2Scene(rule: anyRule, updated: "2025-11-14T00:00:00Z", issued: "2025-11-10T00:00:00Z", at: "2025-11-21T00:00:00Z") == .MISSING)
    }

    @Test("#9 [APR-6] [AGT-3] a RHEL package without notice under EnableNonSecurity, AAD 7: YUM (RHEL 7) counts from its build time, DNF (RHEL 8) from 1970", arguments: EvaluationProfile.all)
    func case9(_ profile: EvaluationProfile) throws {
        let b = try baseline("{\"Name\": \"rhel\", \"OperatingSystem\": \"REDHAT_ENTERPRISE_LINUX\", \"ApprovalRules\": {\"PatchRules\": [\(ruleJSON(f("PRODUCT", "*"), ens: true))]}}")
        let old7 = rpm("tool", "1.0-1.el7"), new7 = rpm("tool", "1.0-2.el7", build: "2025-11-01T00:00:00Z")
        let r = scan(b, os: .redhatEnterpriseLinux, product: "RedhatEnterpriseLinux7.9", installed: [installed(old7)], packages: [old7, new7], at: "2025-11-10T00:00:00Z", profile: profile)
        #expect(state(r, "tool.x86_64") == .MISSING)
        let early = scan(b, os: .redhatEnterpriseLinux, product: "RedhatEnterpriseLinux7.9", installed: [installed(old7)], packages: [old7, new7], at: "2025-11-07T00:00:00Z", profile: profile)
        // Not yet 7 days after the build: not MISSING; the installed version, offered
        // without a build time, is approved at once, so YUM reports INSTALLED ([AGT-4]).
        #expect(state(early, "tool.x86_64") == .INSTALLED)
        let old8 = rpm("tool", "1.0-1.el8"), new8 = rpm("tool", "1.0-2.el8", build: "2025-11-06T00:00:00Z")
        let dnf = scan(b, os: .redhatEnterpriseLinux, product: "RedhatEnterpriseLinux8.6", installed: [installed(old8)], packages: [old8, new8], at: "2025-11-07T00:00:00Z", profile: profile)
        #expect(state(dnf, "tool.x86_64") == .MISSING)
    }

    @Test("#10 [APR-6] no notice and no build time: the delay is zero")
    func case10() throws {
        let old = rpm("tool", "1.0-1"), new = rpm("tool", "1.0-2")
        let b = try baseline("{\"Name\": \"al2\", \"OperatingSystem\": \"AMAZON_LINUX_2\", \"ApprovalRules\": {\"PatchRules\": [\(ruleJSON(f("PRODUCT", "*"), "\"ApproveAfterDays\": 30", ens: true))]}}")
        #expect(state(scan(b, os: .amazonLinux2, product: "AmazonLinux2", installed: [installed(old)], packages: [old, new], at: "2025-11-10T00:00:00Z"), "tool.x86_64") == .MISSING)
    }

    @Test("#11 [AGT-3] outside alternative sources a YUM notice without dates counts as dated 1970: approved whatever ApproveAfterDays says", arguments: EvaluationProfile.all)
    func case11(_ profile: EvaluationProfile) throws {
        let rule = ruleJSON(f("PRODUCT", "*"), "\"ApproveAfterDays\": 360")
        #expect(try al2Scene(rule: rule, updated: nil, at: "2025-11-30T00:00:00Z", profile: profile) == .MISSING)
    }

    @Test("#11 [APR-7] alternative source: a notice dated other than in epoch seconds is not matched; with EnableNonSecurity unclassified, no delay", arguments: [
        // (alternative source?, date in epoch form?, EnableNonSecurity, expected)
        (true, false, false, PatchComplianceState.INSTALLED_OTHER),
        (true, true, false, .MISSING),
        (true, false, true, .MISSING),
        (false, false, false, .MISSING),
    ])
    func case11AlternativeSource(_ c: (Bool, Bool, Bool, PatchComplianceState)) throws {
        let (alternative, epoch, ens, expected) = c
        let old = rpm("tool", "1.0-1", repo: "corp-repo"), new = rpm("tool", "1.0-2", repo: "corp-repo")
        let sources = alternative ? ", \"Sources\": [{\"Name\": \"corp\", \"Products\": [\"AmazonLinux2\"], \"Configuration\": \"[corp-repo]\\nname=Corp\\nbaseurl=https://repo.example.invalid/\"}]" : ""
        let b = try baseline("{\"Name\": \"al2\", \"OperatingSystem\": \"AMAZON_LINUX_2\", \"ApprovalRules\": {\"PatchRules\": [\(ruleJSON(f("PRODUCT", "*"), ens: ens))]}\(sources)}")
        #expect(b.alternativeRepositoryNames(product: "AmazonLinux2") == (alternative ? ["corp-repo"] : []))
        var n = notice("CORP-2025-1", "Security", "Important", updated: "2025-10-01T00:00:00Z", [new])
        n.datesInEpochForm = epoch
        let r = scan(b, os: .amazonLinux2, product: "AmazonLinux2", installed: [installed(old)], packages: [old, new], notices: [n], at: "2025-11-10T00:00:00Z")
        #expect(state(r, "tool.x86_64") == expected)
    }

    @Test("#12 [APR-2] Ubuntu ignores ApproveAfterDays: a security candidate published today is approved")
    func case12() throws {
        let old = deb("openssl", "1.1.1f-1ubuntu2", pocket: "focal"), new = deb("openssl", "1.1.1f-1ubuntu2.1", pocket: "focal-security")
        let b = try baseline("{\"Name\": \"ubuntu\", \"OperatingSystem\": \"UBUNTU\", \"ApprovalRules\": {\"PatchRules\": [\(ruleJSON(f("PRODUCT", "*")))]}}")
        #expect(state(scan(b, os: .ubuntu, product: "Ubuntu20.04", installed: [installed(old)], packages: [old, new], at: "2025-11-10T00:00:00Z"), "openssl.amd64") == .MISSING)
    }

    static func windowsUpdate(_ kb: UInt64, _ classification: String = "SecurityUpdates", severity: String = "Critical",
                              product: String = "WindowsServer2019", family: String = "Windows", set: WindowsUpdate.PatchSet = .os,
                              released: String = "2025-01-01T00:00:00Z", supersedes: [UInt64] = []) -> WindowsUpdate {
        WindowsUpdate(kb: WindowsKB(number: kb), id: "guid-\(kb)", title: "Update KB\(kb)", classification: classification,
                      msrcSeverity: severity, product: product, productFamily: family, patchSet: set,
                      releaseDate: t(released), supersedes: supersedes.map { WindowsKB(number: $0) })
    }

    func windowsScan(_ b: PatchBaseline, product: String = "WindowsServer2019", installed: Set<UInt64> = [], apps: Set<String> = [],
                     _ updates: [WindowsUpdate], at: String = "2025-11-20T00:00:00Z") -> ScanResult {
        let node = NodeState(os: .windows, product: product, installedKBs: Set(installed.map { WindowsKB(number: $0) }), applicationProducts: apps)
        return NodeScanner(baseline: b, at: t(at)).scan(node, AvailableContent(windowsUpdates: updates))
    }

    @Test("#13 [APR-4] a Windows application update without a date (1970-01-01) is approved under AAD 360")
    func case13() throws {
        let b = try baseline("{\"Name\": \"win\", \"OperatingSystem\": \"WINDOWS\", \"ApprovalRules\": {\"PatchRules\": [\(ruleJSON([f("PATCH_SET", "APPLICATION"), f("PRODUCT", "*"), f("CLASSIFICATION", "*")].joined(separator: ","), "\"ApproveAfterDays\": 360"))]}}")
        let office = Self.windowsUpdate(4000001, product: "Office 2016", family: "Office", set: .application, released: "1970-01-01T00:00:00Z")
        let node = NodeState(os: .windows, product: "WindowsServer2019", applicationProducts: ["Office 2016"])
        let why = NodeScanner(baseline: b, at: t("2025-11-20T00:00:00Z")).explain("KB4000001", node, AvailableContent(windowsUpdates: [office]))
        #expect(state(windowsScan(b, apps: ["Office 2016"], [office]), "KB4000001") == .MISSING, "\(why.joined(separator: "\n"))")
    }

    static func invalid(_ json: String) -> String? {
        do { _ = try baseline(json); return nil } catch let e as InputError { return e.description } catch { return "\(error)" }
    }

    @Test("#14 #15 #16 #17 #21 #22 #36 #40 [APR-1][FLT-1][FLT-2][FLT-8][LST-2] validation errors name the JSON path", arguments: [
        (#"{"OperatingSystem":"AMAZON_LINUX_2","ApprovalRules":{"PatchRules":[{"PatchFilterGroup":{"PatchFilters":[]},"ApproveAfterDays":361}]}}"#, "ApprovalRules.PatchRules[0].ApproveAfterDays: 361 is out of range 0...360"),
        (#"{"OperatingSystem":"AMAZON_LINUX_2","ApprovalRules":{"PatchRules":[{"PatchFilterGroup":{"PatchFilters":[]},"ApproveAfterDays":-1}]}}"#, "ApproveAfterDays: -1 is out of range"),
        (#"{"OperatingSystem":"AMAZON_LINUX_2","ApprovalRules":{"PatchRules":[{"PatchFilterGroup":{"PatchFilters":[]},"ApproveAfterDays":7,"ApproveUntilDate":"2025-11-16"}]}}"#, "ApprovalRules.PatchRules[0]: has both"),
        (#"{"OperatingSystem":"AMAZON_LINUX_2","ApprovalRules":{"PatchRules":[{"PatchFilterGroup":{"PatchFilters":[]}}]}}"#, "ApprovalRules.PatchRules[0]: needs ApproveAfterDays or ApproveUntilDate"),
        (#"{"OperatingSystem":"AMAZON_LINUX_2","ApprovalRules":{"PatchRules":[{"PatchFilterGroup":{"PatchFilters":[]},"ApproveUntilDate":"2025-11-31"}]}}"#, "ApproveUntilDate: found \"2025-11-31\""),
        (#"{"OperatingSystem":"AMAZON_LINUX_2","ApprovalRules":{"PatchRules":[{"PatchFilterGroup":{"PatchFilters":[]},"ApproveUntilDate":"2025-11-160"}]}}"#, "ApproveUntilDate"),
        (#"{"OperatingSystem":"WINDOWS","GlobalFilters":{"PatchFilters":[{"Key":"PRODUCT","Values":["a"]},{"Key":"CLASSIFICATION","Values":["Updates"]},{"Key":"MSRC_SEVERITY","Values":["Low"]},{"Key":"PATCH_SET","Values":["OS"]},{"Key":"PRODUCT_FAMILY","Values":["Windows"]}]}}"#, "GlobalFilters.PatchFilters: found 5 filters"),
        (#"{"OperatingSystem":"AMAZON_LINUX_2","GlobalFilters":{"PatchFilters":[{"Key":"PRODUCT","Values":["1","2","3","4","5","6","7","8","9","10","11","12","13","14","15","16","17","18","19","20","21"]}]}}"#, "PatchFilters[0].Values: found 21 values"),
        (#"{"OperatingSystem":"AMAZON_LINUX_2","GlobalFilters":{"PatchFilters":[{"Key":"PRODUCT","Values":["AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"]}]}}"#, "Values[0]: found 65 characters"),
        (#"{"OperatingSystem":"AMAZON_LINUX_2","GlobalFilters":{"PatchFilters":[{"Key":"PRODUCT","Values":[]}]}}"#, "Values: found 0 values"),
        (#"{"OperatingSystem":"UBUNTU","GlobalFilters":{"PatchFilters":[{"Key":"CLASSIFICATION","Values":["Security"]}]}}"#, "GlobalFilters.PatchFilters[0].Key: found \"CLASSIFICATION\""),
        (#"{"OperatingSystem":"WINDOWS","GlobalFilters":{"PatchFilters":[{"Key":"PRODUCT_FAMILY","Values":["Office"]},{"Key":"PRODUCT","Values":["Active Directory Rights Management Services Client 2.0"]}]}}"#, "belongs to the family 'Active Directory'"),
        (#"{"OperatingSystem":"AMAZON_LINUX_2","ApprovedPatches":["example-*-*.x86_64"]}"#, "ApprovedPatches[0]: 'example-*-*.x86_64': at most one '*'"),
        (#"{"OperatingSystem":"MACOS","ApprovedPatches":["XProtect*"]}"#, "ApprovedPatches[0]: 'XProtect*': macOS entries"),
        (#"{"OperatingSystem":"WINDOWS","RejectedPatches":["4012214"]}"#, "RejectedPatches[0]"),
        (#"{"OperatingSystem":"AMAZON_LINUX_2","GlobalFilters":{"PatchFilters":[{"Key":"NAME","Values":["bash"]}]}}"#, "Key: found \"NAME\""),
        (#"{"OperatingSystem":"AMAZON_LINUX_2","GlobalFilters":{"PatchFilters":[{"Key":"SEVERITY","Values":["Urgent"]}]}}"#, "found \"Urgent\" for SEVERITY"),
        (#"{"OperatingSystem":"AMAZON_LINUX_2","GlobalFilters":{"PatchFilters":[{"Key":"PRODUCT","Values":["a"]},{"Key":"PRODUCT","Values":["b"]}]}}"#, "appears twice"),
        (#"{"OperatingSystem":"AMAZON_LINUX_3"}"#, "OperatingSystem: found \"AMAZON_LINUX_3\""),
        (#"{"OperatingSystem":"AMAZON_LINUX_2","RejectedPatchesAction":"DENY"}"#, "RejectedPatchesAction: found \"DENY\""),
        (#"{"OperatingSystem":"AMAZON_LINUX_2","ApprovedPatchesComplianceLevel":"SEVERE"}"#, "ApprovedPatchesComplianceLevel"),
        (#"{"OperatingSystem":"AMAZON_LINUX_2","Name":"x"}"#, "Name: found \"x\""),
        (#"{"OperatingSystem":"AMAZON_LINUX_2","ApprovalRule":{}}"#, "unknown key 'ApprovalRule'"),
        (#"{"OperatingSystem":"WINDOWS","Sources":[{"Name":"src","Products":["WindowsServer2019"],"Configuration":"x"}]}"#, "Sources are for Linux"),
        (#"{"OperatingSystem":"AMAZON_LINUX_2","Sources":[{"Name":"s","Products":["AmazonLinux2"],"Configuration":"x"}]}"#, "Sources[0].Name"),
    ])
    func validation(_ c: (String, String)) {
        let error = Self.invalid(c.0)
        #expect(error?.hasPrefix("baseline.json: ") == true, "\(error ?? "accepted")")
        #expect(error?.contains(c.1) == true, "\(error ?? "accepted") should contain \(c.1)")
    }

    @Test("#14 #43 limits are inclusive: 360 days, 50 entries, 100 characters")
    func limitsAccepted() throws {
        let entries = (1...50).map { "\"pkg\($0)-1.0-1.x86_64\"" }.joined(separator: ",")
        let long = String(repeating: "a", count: 89) + "-1-1.x86_64"  // 100 characters
        _ = try baseline(#"{"OperatingSystem":"AMAZON_LINUX_2","ApprovalRules":{"PatchRules":[{"PatchFilterGroup":{"PatchFilters":[]},"ApproveAfterDays":360}]},"ApprovedPatches":[\#(entries)],"RejectedPatches":["\#(long)"]}"#)
        let tooMany = (1...51).map { "\"pkg\($0)\"" }.joined(separator: ",")
        #expect(Self.invalid(#"{"OperatingSystem":"AMAZON_LINUX_2","ApprovedPatches":[\#(tooMany)]}"#)?.contains("found 51 entries") == true)
        #expect(Self.invalid(#"{"OperatingSystem":"AMAZON_LINUX_2","ApprovedPatches":["\#(long)x"]}"#)?.contains("found 101 characters") == true)
    }

    @Test("#18 [FLT-3/4] Security + Critical does not approve Security/Important; it approves Security/Critical")
    func case18() throws {
        let rule = ruleJSON([f("CLASSIFICATION", "Security"), f("SEVERITY", "Critical")].joined(separator: ","), "\"ApproveAfterDays\": 0")
        #expect(try al2Scene(rule: rule, updated: "2025-11-01T00:00:00Z", at: "2025-11-10T00:00:00Z", severity: "Important") == .INSTALLED_OTHER)
        #expect(try al2Scene(rule: rule, updated: "2025-11-01T00:00:00Z", at: "2025-11-10T00:00:00Z", severity: "Critical") == .MISSING)
    }

    @Test("#19 §0 filter values match metadata case-insensitively")
    func case19() throws {
        let rule = ruleJSON(f("CLASSIFICATION", "security"), "\"ApproveAfterDays\": 0")
        #expect(try al2Scene(rule: rule, updated: "2025-11-01T00:00:00Z", at: "2025-11-10T00:00:00Z", type: "SECURITY") == .MISSING)
    }

    @Test("#20 [FLT-6] PRODUCT compares to the node's product")
    func case20() throws {
        let old = rpm("tool", "1.0-1.el8"), new = rpm("tool", "1.0-2.el8")
        let b = try baseline("{\"Name\": \"rhel\", \"OperatingSystem\": \"REDHAT_ENTERPRISE_LINUX\", \"ApprovalRules\": {\"PatchRules\": [\(ruleJSON(f("PRODUCT", "RedhatEnterpriseLinux7.9"), "\"ApproveAfterDays\": 0"))]}}")
        let n = notice("RHSA-2025:1", "Security", "Critical", updated: "2025-11-01T00:00:00Z", [new])
        #expect(state(scan(b, os: .redhatEnterpriseLinux, product: "RedhatEnterpriseLinux8.6", installed: [installed(old)], packages: [old, new], notices: [n], at: "2025-11-10T00:00:00Z"), "tool.x86_64") == .INSTALLED_OTHER)
        #expect(state(scan(b, os: .redhatEnterpriseLinux, product: "RedhatEnterpriseLinux7.9", installed: [installed(old)], packages: [old, new], notices: [n], at: "2025-11-10T00:00:00Z"), "tool.x86_64") == .MISSING)
    }

    @Test("#23 [FLT-9] a Windows rule without PATCH_SET does not approve an Office update")
    func case23() throws {
        let b = try baseline("{\"Name\": \"win\", \"OperatingSystem\": \"WINDOWS\", \"ApprovalRules\": {\"PatchRules\": [\(ruleJSON(f("CLASSIFICATION", "*"), "\"ApproveAfterDays\": 0"))]}}")
        let office = Self.windowsUpdate(4000002, product: "Office 2016", family: "Office", set: .application)
        #expect(state(windowsScan(b, apps: ["Office 2016"], [office]), "KB4000002") == .AVAILABLE_SECURITY_UPDATE)
    }

    @Test("#24 [FLT-10][LST-6] an explicitly approved KB survives GlobalFilters")
    func case24() throws {
        let b = try baseline(#"{"Name":"win","OperatingSystem":"WINDOWS","GlobalFilters":{"PatchFilters":[{"Key":"PRODUCT","Values":["WindowsServer2019"]}]},"ApprovedPatches":["KB4000003"]}"#)
        let u = Self.windowsUpdate(4000003, product: "WindowsServer2016")
        #expect(state(windowsScan(b, product: "WindowsServer2016", [u]), "KB4000003") == .MISSING)
    }

    @Test("#25 [MD-2] void by [AGT-3]: AL2023 SEVERITY Medium does not match a Moderate notice, in both profiles", arguments: EvaluationProfile.all)
    func case25(_ profile: EvaluationProfile) throws {
        let old = rpm("tool", "1.0-1.amzn2023"), new = rpm("tool", "1.0-2.amzn2023")
        for (filter, expected) in [("Medium", PatchComplianceState.INSTALLED_OTHER), ("Moderate", .MISSING)] {
            let b = try baseline("{\"Name\": \"al2023\", \"OperatingSystem\": \"AMAZON_LINUX_2023\", \"ApprovalRules\": {\"PatchRules\": [\(ruleJSON(f("SEVERITY", filter), "\"ApproveAfterDays\": 0"))]}}")
            let n = notice("ALAS2023-2025-1", "Security", "Moderate", updated: "2025-11-01T00:00:00Z", [new])
            #expect(state(scan(b, os: .amazonLinux2023, product: "AmazonLinux2023", installed: [installed(old)], packages: [old, new], notices: [n], at: "2025-11-10T00:00:00Z", profile: profile), "tool.x86_64") == expected)
        }
    }

    @Test("#26 #27 [APR-10] any rule approves; the highest compliance level wins")
    func cases26and27() throws {
        let r1 = ruleJSON([f("CLASSIFICATION", "Security"), f("SEVERITY", "Critical")].joined(separator: ","), level: "CRITICAL")
        let r2 = ruleJSON(f("CLASSIFICATION", "Bugfix"), "\"ApproveAfterDays\": 0", level: "LOW")
        let old = rpm("tool", "1.0-1"), new = rpm("tool", "1.0-2")
        let b = try baseline("{\"Name\": \"two\", \"OperatingSystem\": \"AMAZON_LINUX_2\", \"ApprovalRules\": {\"PatchRules\": [\(r1), \(r2)]}}")
        let r = scan(b, os: .amazonLinux2, product: "AmazonLinux2", installed: [installed(old)], packages: [old, new],
                     notices: [notice("ALAS2-2025-2", "Bugfix", updated: "2025-11-10T00:00:00Z", [new])], at: "2025-11-10T12:00:00Z")
        #expect(r.records.first?.state == .MISSING && r.records.first?.complianceLevel == .LOW)
        #expect(r.summary.complianceSeverity == .LOW)
        // #27: a rule at CRITICAL and the approved list at HIGH: CRITICAL.
        let b2 = try baseline("{\"Name\": \"both\", \"OperatingSystem\": \"AMAZON_LINUX_2\", \"ApprovalRules\": {\"PatchRules\": [\(ruleJSON(f("PRODUCT", "*"), "\"ApproveAfterDays\": 0", level: "CRITICAL"))]}, \"ApprovedPatches\": [\"tool-1.0-2.x86_64\"], \"ApprovedPatchesComplianceLevel\": \"HIGH\"}")
        let r2b = scan(b2, os: .amazonLinux2, product: "AmazonLinux2", installed: [installed(old)], packages: [old, new],
                       notices: [notice("ALAS2-2025-3", "Security", "Critical", updated: "2025-11-01T00:00:00Z", [new])], at: "2025-11-10T00:00:00Z")
        #expect(r2b.records.first?.complianceLevel == .CRITICAL)
    }

    @Test("#28 #29 [APR-8] [AGT-3] a package without notice: no candidate with the flag off; with it a CLASSIFICATION Security rule still misses it (no bypass), a PRODUCT-only rule approves it", arguments: EvaluationProfile.all)
    func cases28and29(_ profile: EvaluationProfile) throws {
        let old = rpm("tool", "1.0-1"), new = rpm("tool", "1.0-2")
        let productOnly = try baseline("{\"Name\": \"al2\", \"OperatingSystem\": \"AMAZON_LINUX_2\", \"ApprovalRules\": {\"PatchRules\": [\(ruleJSON(f("PRODUCT", "*"), "\"ApproveAfterDays\": 0", ens: true))]}}")
        #expect(state(scan(productOnly, os: .amazonLinux2, product: "AmazonLinux2", installed: [installed(old)], packages: [old, new], at: "2025-11-10T00:00:00Z", profile: profile), "tool.x86_64") == .MISSING)
        let star = try baseline("{\"Name\": \"al2\", \"OperatingSystem\": \"AMAZON_LINUX_2\", \"ApprovalRules\": {\"PatchRules\": [\(ruleJSON(f("CLASSIFICATION", "*"), "\"ApproveAfterDays\": 0", ens: true))]}}")
        #expect(state(scan(star, os: .amazonLinux2, product: "AmazonLinux2", installed: [installed(old)], packages: [old, new], at: "2025-11-10T00:00:00Z", profile: profile), "tool.x86_64") == .MISSING)
        for (ens, expected) in [(false, PatchComplianceState.INSTALLED_OTHER), (true, .INSTALLED_OTHER)] {
            let b = try baseline("{\"Name\": \"al2\", \"OperatingSystem\": \"AMAZON_LINUX_2\", \"ApprovalRules\": {\"PatchRules\": [\(ruleJSON(f("CLASSIFICATION", "Security"), "\"ApproveAfterDays\": 0", ens: ens))]}}")
            let r = scan(b, os: .amazonLinux2, product: "AmazonLinux2", installed: [installed(old)], packages: [old, new], at: "2025-11-10T00:00:00Z", profile: profile)
            #expect(state(r, "tool.x86_64") == expected)
            #expect(r.summary.missingCount == 0 && r.summary.notApplicableCount == 0)
        }
    }

    @Test("#30 #31 [APR-8][PRE-DEF] CentOS default repos: a custom flag-off baseline finds nothing; the predefined one approves after 7 days")
    func cases30and31() throws {
        let old = rpm("tool", "1.0-1.el7"), new = rpm("tool", "1.0-2.el7", build: "2025-11-02T00:00:00Z")
        let custom = try baseline("{\"Name\": \"centos\", \"OperatingSystem\": \"CENTOS\", \"ApprovalRules\": {\"PatchRules\": [\(ruleJSON(f("PRODUCT", "*"), "\"ApproveAfterDays\": 0"))]}}")
        let r = scan(custom, os: .centOS, product: "CentOS7.9", installed: [installed(old)], packages: [old, new], at: "2025-11-10T00:00:00Z")
        #expect(r.summary.complianceStatus == "COMPLIANT" && r.summary.missingCount == 0)
        let predefined = try #require(PredefinedBaselines.named("AWS-CentOSDefaultPatchBaseline"))
        let p = scan(predefined, os: .centOS, product: "CentOS7.9", installed: [installed(old)], packages: [old, new], at: "2025-11-10T00:00:00Z")
        #expect(state(p, "tool.x86_64") == .MISSING)
    }

    @Test("#32 [APR-8] Ubuntu: a candidate in focal-updates needs EnableNonSecurity")
    func case32() throws {
        let old = deb("openssl", "1.1.1f-1ubuntu2", pocket: "focal"), new = deb("openssl", "1.1.1f-1ubuntu2.2", pocket: "focal-updates")
        let sec = deb("openssl", "1.1.1f-1ubuntu2.1", pocket: "focal-security")
        for (ens, expected) in [(false, PatchComplianceState.INSTALLED_OTHER), (true, .MISSING)] {
            let b = try baseline("{\"Name\": \"ubuntu\", \"OperatingSystem\": \"UBUNTU\", \"ApprovalRules\": {\"PatchRules\": [\(ruleJSON(f("PRODUCT", "*"), ens: ens))]}}")
            // The newest candidate decides even though an older fix sits in -security.
            let r = scan(b, os: .ubuntu, product: "Ubuntu20.04", installed: [installed(old)], packages: [old, sec, new], at: "2025-11-10T00:00:00Z")
            #expect(state(r, "openssl.amd64") == expected)
        }
    }

    @Test("#34 [APR-8] SLES: a Recommended patch matching CLASSIFICATION * is approved with the flag off")
    func case34() throws {
        let old = rpm("tool", "1.0-150300.1.1"), new = rpm("tool", "1.0-150300.2.1")
        let b = try baseline("{\"Name\": \"sles\", \"OperatingSystem\": \"SUSE\", \"ApprovalRules\": {\"PatchRules\": [\(ruleJSON(f("CLASSIFICATION", "*"), "\"ApproveAfterDays\": 0"))]}}")
        let n = notice("SUSE-SLE-SERVER-15-SP3-2025-1", "Recommended", "Moderate", updated: "2025-11-01T00:00:00Z", [new])
        #expect(state(scan(b, os: .suse, product: "Suse15.3", installed: [installed(old)], packages: [old, new], notices: [n], at: "2025-11-10T00:00:00Z"), "tool.x86_64") == .MISSING)
    }

    func listScene(_ lists: String, installedEVR: String = "0.710.9-1.abcd", available: [String] = ["0.710.10-2.7.abcd"],
                   noticeFor: [String]? = nil, bugzillas: [String] = [], action: String = "ALLOW_AS_DEPENDENCY") throws -> ScanResult {
        let old = rpm("example-pkg", installedEVR)
        let offers = available.map { rpm("example-pkg", $0) }
        let noticed = offers.filter { (noticeFor ?? available).contains($0.version.description) }
        let b = try baseline("{\"Name\": \"lists\", \"OperatingSystem\": \"AMAZON_LINUX_2\", \(lists), \"RejectedPatchesAction\": \"\(action)\"}")
        let n = notice("ALAS2-2025-9", "Security", "Important", updated: "2025-11-01T00:00:00Z", bugzillas: bugzillas, noticed + (offers.isEmpty ? [] : []))
        return scan(b, os: .amazonLinux2, product: "AmazonLinux2", installed: [installed(old)], packages: [old] + offers,
                    notices: noticed.isEmpty ? [] : [n], at: "2025-11-10T00:00:00Z")
    }

    @Test("#35 [LST-3] a one-* pattern approves the matching package")
    func case35() throws {
        #expect(state(try listScene("\"ApprovedPatches\": [\"example-pkg-*.abcd.x86_64\"]"), "example-pkg.x86_64") == .MISSING)
        #expect(state(try listScene("\"ApprovedPatches\": [\"example-pkg-*.efgh.x86_64\"]"), "example-pkg.x86_64") == .INSTALLED_OTHER)
    }

    @Test("#37 [LST-2/3] an all-digit entry is a Bugzilla id")
    func case37() throws {
        #expect(state(try listScene("\"ApprovedPatches\": [\"1234567\"]", bugzillas: ["1234567"]), "example-pkg.x86_64") == .MISSING)
        #expect(state(try listScene("\"ApprovedPatches\": [\"7654321\"]", bugzillas: ["1234567"]), "example-pkg.x86_64") == .INSTALLED_OTHER)
    }

    @Test("#38 [LST-3] a full name approves one exact version")
    func case38() throws {
        let r = try listScene("\"ApprovedPatches\": [\"example-pkg-1.0-1.x86_64\"]", installedEVR: "1.0-1", available: ["1.0-1", "1.1-1"], noticeFor: ["1.0-1", "1.1-1"])
        #expect(state(r, "example-pkg.x86_64") == .INSTALLED)
    }

    @Test("#39 [LST-4] approved and rejected: rejected")
    func case39() throws {
        let r = try listScene("\"ApprovedPatches\": [\"example-pkg-*.x86_64\"], \"RejectedPatches\": [\"example-pkg-0.710.10-2.7.abcd.x86_64\"]")
        #expect(state(r, "example-pkg.x86_64") == .INSTALLED_OTHER && r.summary.missingCount == 0)
    }

    @Test("#41 [LST-2] [AGT-2] Ubuntu entries: `name`, `name.amd64`, `name.amd64:version` and `amd64:version` name versions; `name.i386` does not")
    func case41() throws {
        let old = deb("ExamplePkg33", "1.0-1", pocket: "focal"), new = deb("ExamplePkg33", "1.0-1ubuntu0.1", pocket: "focal-security")
        for (entry, expected) in [("ExamplePkg33.amd64", PatchComplianceState.MISSING), ("ExamplePkg33", .MISSING), ("examplepkg33", .MISSING),
                                  ("ExamplePkg33.i386", .INSTALLED_OTHER), ("ExamplePkg33.amd64:1.0-1ubuntu0.1", .MISSING),
                                  ("amd64:1.0-1ubuntu0.*", .MISSING), ("ExamplePkg33-1.0-1ubuntu0.1", .MISSING), ("ExamplePkg3?", .MISSING)] {
            let b = try baseline("{\"Name\": \"ubuntu\", \"OperatingSystem\": \"UBUNTU\", \"ApprovedPatches\": [\"\(entry)\"]}")
            #expect(state(scan(b, os: .ubuntu, product: "Ubuntu20.04", installed: [installed(old)], packages: [old, new], at: "2025-11-10T00:00:00Z"), "ExamplePkg33.amd64") == expected)
        }
    }

    @Test("#42 [LST-7] an approved non-security package needs ApprovedPatchesEnableNonSecurity")
    func case42() throws {
        #expect(state(try listScene("\"ApprovedPatches\": [\"example-pkg-*\"]", noticeFor: []), "example-pkg.x86_64") == .INSTALLED_OTHER)
        #expect(state(try listScene("\"ApprovedPatches\": [\"example-pkg-*\"], \"ApprovedPatchesEnableNonSecurity\": true", noticeFor: []), "example-pkg.x86_64") == .MISSING)
    }

    @Test("#47 #48 [LST-9] a rejected package installed: INSTALLED_REJECTED under BLOCK, INSTALLED_OTHER under ALLOW_AS_DEPENDENCY")
    func cases47and48() throws {
        let block = try listScene("\"RejectedPatches\": [\"example-pkg-*\"]", available: [], action: "BLOCK")
        #expect(state(block, "example-pkg.x86_64") == .INSTALLED_REJECTED)
        #expect(block.summary.complianceStatus == "NON_COMPLIANT" && block.summary.installedRejectedCount == 1)
        let allow = try listScene("\"RejectedPatches\": [\"example-pkg-*\"]", available: [])
        #expect(state(allow, "example-pkg.x86_64") == .INSTALLED_OTHER)
        #expect(allow.summary.complianceStatus == "COMPLIANT" && allow.summary.installedRejectedCount == 0)
    }

    @Test("#49 [LST-9] Windows: a rejected KB not installed is skipped, not MISSING")
    func case49() throws {
        let b = try baseline("{\"Name\": \"win\", \"OperatingSystem\": \"WINDOWS\", \"ApprovalRules\": {\"PatchRules\": [\(ruleJSON(f("PRODUCT", "*"), "\"ApproveAfterDays\": 0"))]}, \"RejectedPatches\": [\"KB4000004\"]}")
        let r = windowsScan(b, [Self.windowsUpdate(4000004)])
        #expect(state(r, "KB4000004") == nil && r.summary.missingCount == 0)
    }

    @Test("#62 [CMP-5] Critical 2, Security 2, Other 1; severity CRITICAL")
    func case62() throws {
        // a: MISSING, CRITICAL, Security; b: FAILED, CRITICAL, Security; c: FAILED, LOW, Bugfix.
        let r1 = ruleJSON(f("CLASSIFICATION", "Security"), "\"ApproveAfterDays\": 0", level: "CRITICAL")
        let r2 = ruleJSON(f("CLASSIFICATION", "Bugfix"), "\"ApproveAfterDays\": 0", level: "LOW")
        let b = try baseline("{\"Name\": \"cmp5\", \"OperatingSystem\": \"AMAZON_LINUX_2\", \"ApprovalRules\": {\"PatchRules\": [\(r1), \(r2)]}}")
        let pkgs = ["a", "b", "c"].flatMap { [rpm($0, "1-1"), rpm($0, "1-2")] }
        let notices = [notice("S1", "Security", "Critical", updated: "2025-11-01T00:00:00Z", [pkgs[1], pkgs[3]]),
                       notice("B1", "Bugfix", updated: "2025-11-01T00:00:00Z", [pkgs[5]])]
        let r = scan(b, os: .amazonLinux2, product: "AmazonLinux2", installed: [pkgs[0], pkgs[2], pkgs[4]].map(installed),
                     packages: pkgs, notices: notices, at: "2025-11-10T00:00:00Z", failed: ["b.x86_64", "c.x86_64"])
        #expect(r.summary.missingCount == 1 && r.summary.failedCount == 2)
        #expect(r.summary.criticalNonCompliantCount == 2 && r.summary.securityNonCompliantCount == 2 && r.summary.otherNonCompliantCount == 1)
        #expect(r.summary.complianceSeverity == .CRITICAL && r.summary.complianceStatus == "NON_COMPLIANT")
    }

    @Test("#63 [PRE-DEF][CMP-5] [AGT-4] a predefined baseline: NON_COMPLIANT, no critical count, node severity INFORMATIONAL (never UNSPECIFIED when non-compliant)")
    func case63() throws {
        let b = try #require(PredefinedBaselines.named("AWS-AmazonLinux2DefaultPatchBaseline"))
        let pkgs = ["a", "b", "c", "d"].flatMap { [rpm($0, "1-1"), rpm($0, "1-2")] }
        let n = notice("ALAS2-2025-4", "Security", "Critical", updated: "2025-11-01T00:00:00Z", stride(from: 1, to: 8, by: 2).map { pkgs[$0] })
        let r = scan(b, os: .amazonLinux2, product: "AmazonLinux2", installed: stride(from: 0, to: 8, by: 2).map { installed(pkgs[$0]) },
                     packages: pkgs, notices: [n], at: "2025-11-10T00:00:00Z")
        #expect(r.summary.missingCount == 4 && r.summary.complianceStatus == "NON_COMPLIANT")
        #expect(r.summary.complianceSeverity == .INFORMATIONAL && r.summary.criticalNonCompliantCount == 0)
        #expect(r.records.filter { $0.state == .MISSING }.allSatisfy { $0.complianceLevel == .UNSPECIFIED })
    }

    @Test("#67 [MD-3][WIN-1][CMP-4] a superseding KB inside its delay: AVAILABLE_SECURITY_UPDATE, compliant unless the baseline says otherwise")
    func case67() throws {
        let rule = ruleJSON(f("PRODUCT", "*"))
        let old = Self.windowsUpdate(3135456, released: "2025-10-01T00:00:00Z")
        let new = Self.windowsUpdate(4012214, released: "2025-11-17T00:00:00Z", supersedes: [3135456])
        let b = try baseline("{\"Name\": \"win\", \"OperatingSystem\": \"WINDOWS\", \"ApprovalRules\": {\"PatchRules\": [\(rule)]}}")
        let r = windowsScan(b, installed: [3135456], [old, new])
        #expect(state(r, "KB4012214") == .AVAILABLE_SECURITY_UPDATE && r.summary.missingCount == 0)
        #expect(r.summary.complianceStatus == "COMPLIANT")
        let strict = try baseline("{\"Name\": \"win\", \"OperatingSystem\": \"WINDOWS\", \"ApprovalRules\": {\"PatchRules\": [\(rule)]}, \"AvailableSecurityUpdatesComplianceStatus\": \"NON_COMPLIANT\"}")
        #expect(windowsScan(strict, installed: [3135456], [old, new]).summary.complianceStatus == "NON_COMPLIANT")
    }

    @Test("#68 [CMP-1] an approved KB superseded by an installed one is NOT_APPLICABLE")
    func case68() throws {
        let b = try baseline(#"{"Name":"win","OperatingSystem":"WINDOWS","ApprovedPatches":["KB3135456"]}"#)
        let old = Self.windowsUpdate(3135456), new = Self.windowsUpdate(4012214, supersedes: [3135456])
        #expect(state(windowsScan(b, installed: [4012214], [old, new]), "KB3135456") == .NOT_APPLICABLE)
    }

    @Test("#69 [MAC-1] a macOS installer package is never MISSING")
    func case69() throws {
        let b = try #require(PredefinedBaselines.named("AWS-MacOSDefaultPatchBaseline"))
        func mac(_ v: String, _ m: PackageTooling) -> AvailablePackage {
            AvailablePackage(identity: PackageIdentity(name: "Tool", arch: "", version: .macOS(MacOSVersion(v) ?? MacOSVersion(numbers: [0]))),
                             repository: "mac", macOSPackageManager: m)
        }
        let r = scan(b, os: .macOS, product: "BigSur11.4", installed: [installed(mac("1.0", .installer))], packages: [mac("1.0", .installer), mac("2.0", .installer)], at: "2025-11-10T00:00:00Z")
        #expect(state(r, "Tool") != .MISSING)
        let brew = scan(b, os: .macOS, product: "BigSur11.4", installed: [installed(mac("1.0", .brew))], packages: [mac("1.0", .brew), mac("2.0", .brew)], at: "2025-11-10T00:00:00Z")
        #expect(state(brew, "Tool") == .MISSING)
    }
}
