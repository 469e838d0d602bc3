import Foundation
import Testing
@testable import PatchsimCLI

/// Runs the command line in memory and returns (exit code, stdout, stderr).
func runPatchsim(_ args: [String], stdin: String = "") -> (Int32, String, String) {
    let console = Console.captured(stdin: stdin)
    let code = Patchsim.run(args, console: console)
    console.flush()
    return (code, String(decoding: console.out.captured, as: UTF8.self), String(decoding: console.err.captured, as: UTF8.self))
}

@Suite("The patchsim command line")
struct CommandLineTests {
    @Test("--help lists every command; --version prints the version")
    func helpAndVersion() {
        let (code, out, _) = runPatchsim(["--help"])
        #expect(code == 0)
        for c in ["vercmp", "repo", "inventory", "bench", "help"] { #expect(out.contains(c)) }
        let (vcode, vout, _) = runPatchsim(["--version"])
        #expect(vcode == 0 && vout == "patchsim \(Patchsim.version)\n")
        let (hcode, hout, _) = runPatchsim(["help", "vercmp"])
        #expect(hcode == 0 && hout.contains("--scheme rpm|evr|deb"))
    }

    @Test("unknown commands and flags: one-line error, the usage, exit 2", arguments: [
        ["frobnicate"], ["vercmp", "--scheme", "rpm", "--bogus", "1", "2"], ["vercmp", "--scheme", "xyz", "1", "2"],
        ["vercmp", "1", "2"], ["help", "nope"], [], ["vercmp", "--scheme", "rpm", "1"],
    ])
    func usageErrors(_ args: [String]) {
        let (code, out, err) = runPatchsim(args)
        #expect(code == 2)
        #expect(out.isEmpty)
        #expect(err.contains("usage:"), "\(err)")
    }

    @Test("vercmp with two arguments prints -1, 0 or 1", arguments: [
        ("rpm", "1.0~rc1", "1.0", "-1"), ("rpm", "1.0^git1", "1.0", "1"), ("rpm", "10.0001", "10.1", "0"),
        ("evr", "1:1.0-1", "2.0-1", "1"), ("evr", "1.0", "1.0-1", "-1"),
        ("deb", "1.0~rc1", "1.0", "-1"), ("deb", "1:0", "2", "1"), ("deb", "", "0", "-1"),
    ])
    func vercmpArguments(_ c: (String, String, String, String)) {
        let (code, out, _) = runPatchsim(["vercmp", "--scheme", c.0, c.1, c.2])
        #expect(code == 0)
        #expect(out == c.3 + "\n", "\(c)")
    }

    @Test("vercmp streams A<TAB>B lines")
    func vercmpStream() {
        let (code, out, _) = runPatchsim(["vercmp", "--scheme", "evr"], stdin: "1.0-1\t1.0-2\n2:1\t1:9\n1.0\t0:1.0\n")
        #expect(code == 0)
        #expect(out == "-1\n1\n0\n")
        let (c2, o2, _) = runPatchsim(["vercmp", "--scheme", "rpm"], stdin: "a\tb\r\n1.1\t1.01")
        #expect(c2 == 0 && o2 == "-1\n0\n")
    }

    @Test("an invalid Debian version in the stream names the line, exit 2; a warning goes on")
    func vercmpDebErrors() {
        let (code, out, err) = runPatchsim(["vercmp", "--scheme", "deb"], stdin: "1.0\t1.1\n1.0-\t1.0\n2\t1\n")
        #expect(code == 2)
        #expect(out == "-1\n")
        #expect(err.contains("<stdin>: line 2") && err.contains("revision number is empty"), "\(err)")
        let (wcode, wout, werr) = runPatchsim(["vercmp", "--scheme", "deb"], stdin: "abc\tabd\n")
        #expect(wcode == 0 && wout == "-1\n")
        #expect(werr.contains("warning") && werr.contains("does not start with digit"))
        let (ncode, _, nerr) = runPatchsim(["vercmp", "--scheme", "deb"], stdin: "1.0 1.1\n")
        #expect(ncode == 2 && nerr.contains("line 1") && nerr.contains("TAB"))
    }

    @Test("an empty EVR label is an error")
    func emptyEVR() {
        let (code, _, err) = runPatchsim(["vercmp", "--scheme", "evr"], stdin: "1.0\t\n")
        #expect(code == 2 && err.contains("line 1"))
    }

    @Test("inventory reads rpm -qa output and reports errors with file and line")
    func inventory() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("patchsim-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let good = dir.appendingPathComponent("qa.txt").path
        try "bash 0 4.2.46 34.amzn2 x86_64 1609459200\nbind-libs 32 9.11.4 26.P2.amzn2.5.2 x86_64 1609459200\n"
            .write(toFile: good, atomically: true, encoding: .utf8)
        let (code, out, _) = runPatchsim(["inventory", "--rpm-qa", good])
        #expect(code == 0)
        #expect(out == "bash.x86_64 0:4.2.46-34.amzn2\nbind-libs.x86_64 32:9.11.4-26.P2.amzn2.5.2\n")
        let bad = dir.appendingPathComponent("bad.txt").path
        try "bash 0 4.2.46 x86_64\n".write(toFile: bad, atomically: true, encoding: .utf8)
        let (bcode, _, berr) = runPatchsim(["inventory", "--rpm-qa", bad])
        #expect(bcode == 2 && berr.contains("\(bad): line 1"))
    }

    @Test("repo: a scenario with a bad value names the JSON path, exit 2")
    func repoErrors() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("patchsim-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("s.json").path
        try """
        {"name":"x","seed":1,"start":"2026-11-01T00:00:00Z","end":"2026-12-01T00:00:00Z",
         "repositories":[{"generate":{"os":"AMAZON_LINUX_2","packageCount":10}},{"generate":{"os":"UBUNTU","securityShare":1.5}}]}
        """.write(toFile: file, atomically: true, encoding: .utf8)
        let (code, _, err) = runPatchsim(["repo", file])
        #expect(code == 2)
        #expect(err.contains("\(file): repositories[1].generate.securityShare: 1.5 is out of range 0.0...1.0"), "\(err)")

        try """
        {"seed":1,"start":"2026-11-01T00:00:00Z","end":"2026-12-01T00:00:00Z",
         "repositories":[{"generate":{"os":"AMAZON_LINUX_3"}}]}
        """.write(toFile: file, atomically: true, encoding: .utf8)
        let (c2, _, e2) = runPatchsim(["repo", file])
        #expect(c2 == 2 && e2.contains("repositories[0].generate.os") && e2.contains("AMAZON_LINUX_2023"), "\(e2)")

        try "{\"seed\": 1, \"start\": \"2026-11-01\"".write(toFile: file, atomically: true, encoding: .utf8)
        let (c3, _, e3) = runPatchsim(["repo", file])
        #expect(c3 == 2 && e3.contains("not valid JSON"), "\(e3)")
    }

    @Test("repo on the bundled scenario is byte-identical run to run")
    func repoDeterministic() throws {
        let scenario = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Scenarios/foundation-repositories.json").path
        let (c1, a, _) = runPatchsim(["repo", scenario, "--format", "json", "--at", "2026-11-20T00:00:00Z"])
        let (c2, b, _) = runPatchsim(["repo", scenario, "--format", "json", "--at", "2026-11-20T00:00:00Z"])
        #expect(c1 == 0 && c2 == 0)
        #expect(a == b)
        #expect(a.contains("\"name\": \"amzn2-core\"") && a.contains("ALAS2-2026-"))
        let (c3, other, _) = runPatchsim(["repo", scenario, "--format", "json", "--at", "2026-11-20T00:00:00Z", "--seed", "7"])
        #expect(c3 == 0 && other != a)
    }

    @Test("scheduling §6 #15: schedule keeps a rate anchor's milliseconds")
    func scheduleMilliseconds() {
        let (code, out, _) = runPatchsim(["schedule", "rate(5 minutes)", "--from", "2019-05-11T16:41:16.991Z", "--count", "2"])
        #expect(code == 0 && out == "2019-05-11T16:46:16.991Z\n2019-05-11T16:51:16.991Z\n")
    }

    @Test("schedule prints UTC instants; an invalid expression is one line naming the field, exit 2")
    func schedule() {
        let (code, out, _) = runPatchsim(["schedule", "cron(0 2 ? * THU#3 *)", "--from", "2024-01-01T00:00:00Z", "--count", "2"])
        #expect(code == 0 && out == "2024-01-18T02:00:00Z\n2024-02-15T02:00:00Z\n")
        let (bad, _, err) = runPatchsim(["schedule", "cron(0 10 ? * 0 *)", "--from", "2024-01-01T00:00:00Z"])
        #expect(bad == 2 && err.contains("Day-of-week: 0 is out of range") && err.split(separator: "\n").count == 1, "\(err)")
        let (json, jout, _) = runPatchsim(["schedule", "cron(0 16 ? * TUE *)", "--timezone", "America/Los_Angeles",
                                           "--from", "2024-03-01T00:00:00Z", "--count", "1", "--format", "json"])
        #expect(json == 0 && jout.contains("\"ExecutionTime\": \"2024-03-06T00:00:00Z\"") && jout.contains("2024-03-05T16:00:00-08:00"), "\(jout)")
    }
}

@Suite("patchsim schedule output")
struct ScheduleOutputTests {
    @Test("scheduling §6 #70 [SCH-10]: local ExecutionTime strings carry the zone's offset, ascending")
    func case70() {
        let (code, out, _) = runPatchsim(["schedule", "cron(0 2 ? * SUN *)", "--timezone", "America/Los_Angeles",
                                          "--from", "2019-01-28T00:00:00Z", "--count", "2", "--format", "json"])
        #expect(code == 0 && out.contains("\"LocalTime\": \"2019-02-03T02:00:00-08:00\"") && out.contains("\"ExecutionTime\": \"2019-02-03T10:00:00Z\""))
        #expect(out.range(of: "2019-02-03")?.lowerBound ?? out.endIndex < out.range(of: "2019-02-10")?.lowerBound ?? out.startIndex)
    }
}

@Suite("Help texts ([19])")
struct HelpTextTests {
    @Test("every command's help has an example; help help is help; products lists product names")
    func helps() {
        for command in Patchsim.commands {
            let (code, out, _) = runPatchsim(["help", command.name])
            #expect(code == 0 && out.contains("Example"), "\(command.name)")
        }
        let (code, out, _) = runPatchsim(["help", "help"])
        #expect(code == 0 && out.contains("usage: patchsim help COMMAND"))
        let (p, text, _) = runPatchsim(["products", "AMAZON_LINUX_2", "DEBIAN"])
        #expect(p == 0 && text.contains("products: AmazonLinux2, AmazonLinux2.0") && text.contains("products: Debian8, Debian9, Debian10, Debian11, Debian12"))
        let (bad, _, err) = runPatchsim(["products", "AMAZON_LINUX_3"])
        #expect(bad == 2 && err.contains("'AMAZON_LINUX_3' is not an OperatingSystem"))
        let (_, bench, _) = runPatchsim(["help", "bench"])
        #expect(bench.contains("all but fleet-100k and fleet-1m by default"))
    }
}
