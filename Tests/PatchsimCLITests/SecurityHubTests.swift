import Foundation
import Testing
@testable import PatchBaselines
@testable import PatchModel
@testable import PatchScenarios

@Suite("Security Hub findings ([RPT-4])")
struct SecurityHubTests {
    static func summary(_ id: String, missing levels: [ComplianceLevel]) -> InstancePatchState {
        let records = levels.enumerated().map { k, level in
            PatchComplianceRecord(title: "p\(k)", kbId: "p\(k).x86_64", classification: "Security", severity: "Important", state: .MISSING,
                                  installedTime: nil, cveIds: [], complianceLevel: level, isSecurity: true)
        }
        return InstancePatchState(instanceId: id, patchGroup: "web", baselineId: "pb-0123456789abcdef0", operation: "Scan",
                                  at: Instant(year: 2026, month: 11, day: 3, hour: 2), records: records, notApplicableCount: 0,
                                  availableSecurityUpdatesNonCompliant: false)
    }

    /// The rendered JSON at a path (`"CRITICAL"` with its quotes, `90`).
    static func field(_ v: JSONOutput?, _ path: String...) -> String? {
        var v = v
        for key in path { v = v?[key] }
        return v?.rendered().trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test("scheduling §6 #69: CRITICAL and LOW missing → one finding labelled CRITICAL; a compliant node → none; only UNSPECIFIED → INFORMATIONAL, Normalized 0")
    func severities() throws {
        let critical = SecurityHubFindings.finding(Self.summary("i-01", missing: [.CRITICAL, .LOW]), rebootOption: nil, seed: 1)
        #expect(Self.field(critical, "Severity", "Label") == #""CRITICAL""# && Self.field(critical, "Severity", "Normalized") == "90")
        #expect(SecurityHubFindings.finding(Self.summary("i-02", missing: []), rebootOption: nil, seed: 1) == nil)
        let unspecified = SecurityHubFindings.finding(Self.summary("i-03", missing: [.UNSPECIFIED]), rebootOption: nil, seed: 1)
        #expect(Self.field(unspecified, "Severity", "Label") == #""INFORMATIONAL""# && Self.field(unspecified, "Severity", "Normalized") == "0")
        // The sample's shape: the node as an EC2 resource, the patch summary, the fixed strings.
        #expect(Self.field(critical, "Title") == #""Systems Manager Patch Summary - Managed Instance Non-Compliant""#)
        #expect(Self.field(critical, "PatchSummary", "MissingCount") == "2" && Self.field(critical, "PatchSummary", "Operation") == #""SCAN""#)
        #expect(Self.field(critical, "RecordState") == #""ACTIVE""# && Self.field(critical, "Workflow", "Status") == #""NEW""#)
        let id = Self.field(critical, "Id") ?? "", generator = String((Self.field(critical, "GeneratorId") ?? "").dropFirst().dropLast())
        #expect(!generator.isEmpty && id.hasPrefix("\"arn:aws:patchmanager:us-east-1:123456789012:instance/i-01/document/AWS-RunPatchBaseline/run-command/") && id.hasSuffix(generator + "\""))
        #expect(SecurityHubFindings.severity(.MEDIUM) == ("MEDIUM", 40) && SecurityHubFindings.severity(.HIGH) == ("HIGH", 70)
                && SecurityHubFindings.severity(.LOW) == ("LOW", 1))
    }

    @Test("run --findings writes one finding per non-compliant node of the run")
    func cli() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (code, _, err) = runPatchsim(["run", scenariosFolder() + "/noreboot-pending-until-scan.json", "--findings", dir.path, "--quiet",
                                          "--report", dir.appendingPathComponent("r.json").path])
        #expect(code == 0, "\(err)")
        let text = try String(contentsOfFile: dir.appendingPathComponent("noreboot-pending-until-scan/securityhub-findings.json").path, encoding: .utf8)
        let report = try String(contentsOfFile: dir.appendingPathComponent("r.json").path, encoding: .utf8)
        let nonCompliant = report.components(separatedBy: "\"ComplianceStatus\": \"NON_COMPLIANT\"").count - 1
        #expect(nonCompliant > 0 && text.components(separatedBy: "\"SchemaVersion\"").count - 1 == nonCompliant)
    }
}
