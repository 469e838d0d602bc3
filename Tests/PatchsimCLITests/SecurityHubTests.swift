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
        let text = try String(contentsOfFile: dir.appendingPathComponent("noreboot-pending-until-scan/securityhub-findings-0001.json").path, encoding: .utf8)
        #expect(text.contains("\"Types\": [\n") && text.contains("\"Software and Configuration Checks/Patch Management/Compliance\""))
        // The last report is the Wednesday Scan's, whose RebootOption is the default.
        #expect(text.contains("\"RebootOption\": \"RebootIfNeeded\""), "PatchSummary carries the RebootOption of the run that wrote the report")
        let report = try String(contentsOfFile: dir.appendingPathComponent("r.json").path, encoding: .utf8)
        let nonCompliant = report.components(separatedBy: "\"ComplianceStatus\": \"NON_COMPLIANT\"").count - 1
        #expect(nonCompliant > 0 && text.components(separatedBy: "\"SchemaVersion\"").count - 1 == nonCompliant)
    }

    @Test("findings come as BatchImportFindings requests of at most 100, with the ProductArn asked for")
    func batches() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("many.json").path
        try smallScenario.replacingOccurrences(of: "\"count\": 3", with: "\"count\": 250")
            .replacingOccurrences(of: "\"Operation\": [\"Install\"]", with: "\"Operation\": [\"Scan\"]")
            .replacingOccurrences(of: "\"compliantShare\": { \"min\": 1.0 }", with: "\"compliantShare\": { \"max\": 0.0 }")
            .write(toFile: file, atomically: true, encoding: .utf8)
        let arn = "arn:aws:securityhub:us-east-1:111122223333:product/111122223333/default"
        let out = dir.appendingPathComponent("f")
        let (code, o, err) = runPatchsim(["run", file, "--findings", out.path, "--findings-product-arn", arn, "--quiet"])
        #expect(code == 0, "\(o)\(err)")
        let names = try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("small").path).sorted()
        #expect(names == ["securityhub-findings-0001.json", "securityhub-findings-0002.json", "securityhub-findings-0003.json"])
        var total = 0
        for name in names {
            let doc = try JSONValue.parse(contentsOf: out.appendingPathComponent("small/\(name)").path)
            let findings = try doc.required("Findings").array()
            #expect(findings.count <= 100 && !findings.isEmpty)
            total += findings.count
            for f in findings {
                #expect(try f.required("ProductArn").string() == arn)
                #expect(try f.required("ProductFields").required("aws/securityhub/FindingId").string().hasPrefix(arn + "/arn:aws:patchmanager:"))
            }
        }
        #expect(total == 250)
        let (bad, _, badErr) = runPatchsim(["run", file, "--findings", out.path, "--findings-product-arn", "arn:aws:s3:::bucket"])
        #expect(bad == 2 && badErr.contains("option '--findings-product-arn': 'arn:aws:s3:::bucket' is not a Security Hub product ARN"), "\(badErr)")
    }

    @Test("two scenarios of one name with --csv or --findings: refused before the run")
    func sameName() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let a = dir.appendingPathComponent("a.json").path, b = dir.appendingPathComponent("b.json").path
        try smallScenario.write(toFile: a, atomically: true, encoding: .utf8)
        try smallScenario.write(toFile: b, atomically: true, encoding: .utf8)
        let (code, _, err) = runPatchsim(["run", a, b, "--csv", dir.appendingPathComponent("csv").path])
        #expect(code == 2 && err.contains("b.json: name: scenarios \(a) and \(b) are both named 'small': their --csv outputs would collide"), "\(err)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("csv").path))
    }
}
