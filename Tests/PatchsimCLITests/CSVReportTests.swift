import Foundation
import Testing
@testable import PatchModel
@testable import PatchScenarios
@testable import PatchWorld

/// [RPT-3] The S3 compliance exports filled as AWS fills them ([19]).
@Suite("Compliance CSV exports")
struct CSVReportTests {
    @Test("Platform name and version as each OS reports them", arguments: [
        (OperatingSystem.amazonLinux2, "AmazonLinux2", "Amazon Linux", "2"),
        (.amazonLinux2023, "AmazonLinux2023", "Amazon Linux", "2023"),
        (.amazonLinux, "AmazonLinux2018.03", "Amazon Linux AMI", "2018.03"),
        (.ubuntu, "Ubuntu22.04", "Ubuntu", "22.04"),
        (.debian, "Debian12", "Debian GNU/Linux", "12"),
        (.redhatEnterpriseLinux, "RedhatEnterpriseLinux8.6", "Red Hat Enterprise Linux", "8.6"),
        (.redhatEnterpriseLinux, "RedhatEnterpriseLinux7.9", "Red Hat Enterprise Linux Server", "7.9"),
        (.centOS, "CentOSStream8", "CentOS Stream", "8"),
        (.suse, "Suse15.4", "SLES", "15.4"),
        (.oracleLinux, "OracleLinux8.6", "Oracle Linux Server", "8.6"),
        (.windows, "WindowsServer2022", "Microsoft Windows Server 2022 Datacenter", "10.0.20348"),
        (.windows, "WindowsServer2012R2", "Microsoft Windows Server 2012 R2 Datacenter", "6.3.9600"),
        (.macOS, "BigSur11.3.1", "macOS", "11.3.1"),
    ])
    func platform(_ c: (OperatingSystem, String, String, String)) {
        let p = PlatformIdentity.of(os: c.0, product: c.1)
        #expect(p.name == c.2 && p.version == c.3)
    }

    @Test("Name tag, given and generated IPs; the single-node report with its detail section (--csv-instance)")
    func exports() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("small.json").path
        // A Scan only: the nodes stay NON_COMPLIANT, so the detail section has rows.
        try smallScenario.replacingOccurrences(of: "\"tags\": { \"PatchGroup\": \"g\" }", with: "\"tags\": { \"PatchGroup\": \"g\", \"Name\": \"web, primary\" }, \"ipAddresses\": [\"10.1.2.3\"]")
            .replacingOccurrences(of: "\"Operation\": [\"Install\"]", with: "\"Operation\": [\"Scan\"]")
            .replacingOccurrences(of: "\"compliantShare\": { \"min\": 1.0 }", with: "\"compliantShare\": { \"max\": 0.0 }")
            .write(toFile: file, atomically: true, encoding: .utf8)
        let csv = dir.appendingPathComponent("csv")
        let (code, out, err) = runPatchsim(["run", file, "--csv", csv.path, "--csv-instance", "i-0s000000000000001", "--quiet"])
        #expect(code == 0, "\(out)\(err)")
        let summary = try String(contentsOfFile: csv.appendingPathComponent("small/compliance-summary.csv").path, encoding: .utf8).split(separator: "\n")
        #expect(summary.count == 4)
        #expect(summary[1].hasPrefix("1,i-0s000000000000000,\"web, primary\",10.1.2.3,Amazon Linux,2,3.3.1142.0,pb-0000000000000000001,g,NON_COMPLIANT,"), "\(summary[1])")
        let generated = ManagedInstance.generatedIPAddress(instanceId: "i-0s000000000000001")
        #expect(summary[2].hasPrefix("2,i-0s000000000000001,\"web, primary\",\(generated),Amazon Linux,2,"))
        #expect(generated.hasPrefix("10.") && generated.split(separator: ".").count == 4)
        let single = try String(contentsOfFile: csv.appendingPathComponent("small/compliance-i-0s000000000000001.csv").path, encoding: .utf8)
        let lines = single.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[0] == Substring(CSVReport.summaryHeader.joined(separator: ",")))
        #expect(lines[1].hasPrefix("1,i-0s000000000000001,"))
        #expect(lines[2].isEmpty && lines[3] == Substring(CSVReport.detailHeader.joined(separator: ",")))
        let details = lines.dropFirst(4).filter { !$0.isEmpty }
        #expect(!details.isEmpty)
        #expect(details.allSatisfy { $0.contains(",MISSING,") || $0.contains(",FAILED,") || $0.contains(",INSTALLED_PENDING_REBOOT,") })
        #expect(details.first?.hasPrefix("1,i-0s000000000000001,\"web, primary\",") == true)
        let (bad, _, badErr) = runPatchsim(["run", file, "--csv", csv.path, "--csv-instance", "i-0nope"])
        #expect(bad == 2 && badErr.contains("option '--csv-instance': no scenario of this run has an instance i-0nope"))
    }
}
