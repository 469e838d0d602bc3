import Foundation
import Testing
@testable import PatchModel
@testable import PatchWorld
@testable import PatchsimCLI
@testable import PatchScenarios

/// [21] Each class of hostile input, with a small reproducer: exit 2 and an error that
/// names the input and the place, never a crash, a hang, a partial set of outputs or a
/// file outside the named folder.
@Suite("Hostile input: bounded work, named errors, whole output sets")
struct HostileInputTests {
    func scenario(_ edit: (String) -> String = { $0 }, in dir: URL, named: String = "s.json") throws -> String {
        let path = dir.appendingPathComponent(named).path
        let text = edit(smallScenario)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("work a file asks for is bounded before it is done: the knob to lower is named", arguments: [
        ("\"start\": \"2026-11-01T00:00:00Z\"", "\"start\": \"0001-01-01T00:00:00Z\"", "start: found \"0001-01-01T00:00:00Z\"; allowed: an ISO-8601 instant such as 2026-01-20T04:30:00Z, years 1970 to 2999"),
        ("\"start\": \"2026-11-01T00:00:00Z\"", "\"start\": \"0000-01-01T00:00:00Z\"", "start: found \"0000-01-01T00:00:00Z\""),
        ("\"start\": \"2026-11-01T00:00:00Z\", \"end\": \"2026-11-12T00:00:00Z\"", "\"start\": \"1970-01-01T00:00:00Z\", \"end\": \"2199-12-31T00:00:00Z\"",
         "end: found a span of 84005 days from start 1970-01-01T00:00:00Z; allowed: at most 3660 days: bring start and end closer"),
        ("\"packageCount\": 50", "\"packageCount\": 200000, \"meanDaysBetweenUpdates\": 0.1",
         "repositories[0].generate: the generated repositories would hold about 22000024 package updates (packageCount 200000 over 11 days, an update every 0.1 days per package); at most 3000000: lower packageCount, raise meanDaysBetweenUpdates or shorten the scenario (start to end)"),
        ("\"count\": 3", "\"count\": 200000", "fleet: about"),
        ("\"Schedule\": \"cron(0 2 ? * TUE *)\"", "\"Schedule\": \"rate(5 minutes)\"", ""),
    ])
    func boundedWork(_ c: (String, String, String)) throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = try scenario({ $0.replacingOccurrences(of: c.0, with: c.1) }, in: dir)
        let (code, _, err) = runPatchsim(["check", file])
        if c.2.isEmpty {
            // A 5-minute window over 11 days on 3 nodes is within bounds: it runs.
            #expect(code == 0, "\(err)")
        } else if c.2.hasPrefix("fleet: about") {
            // 200,000 nodes × (12 days + 3 runs) is within bounds; × a 5-minute rate is not.
            let busy = try scenario({ $0.replacingOccurrences(of: c.0, with: c.1).replacingOccurrences(of: "cron(0 2 ? * TUE *)", with: "rate(5 minutes)") }, in: dir)
            let (code, _, err) = runPatchsim(["check", busy])
            #expect(code == 2 && err.contains("s.json: fleet: about 636200000 node operations (3169 scheduled runs over the nodes each reaches, 0 events and 12 days over 200000 instances); at most 100000000: lower the fleet's counts"), "\(err)")
            // The same window over nodes of another patch group reaches none of them: 200,000 × 12
            // days is within bounds (a window counts only the nodes its tag targets admit).
            let elsewhere = try scenario({
                $0.replacingOccurrences(of: c.0, with: c.1).replacingOccurrences(of: "cron(0 2 ? * TUE *)", with: "rate(5 minutes)")
                    .replacingOccurrences(of: "\"tags\": { \"PatchGroup\": \"g\" }", with: "\"tags\": { \"PatchGroup\": \"h\" }")
            }, in: dir)
            #expect(try String(contentsOfFile: elsewhere, encoding: .utf8).contains("\"PatchGroup\": \"h\""))
            let (idle, _, idleErr) = runPatchsim(["check", elsewhere])
            #expect(idle == 0, "\(idleErr)")
        } else {
            #expect(code == 2 && err.contains("\(file): \(c.2)"), "\(err)")
        }
    }

    @Test("every path option and key that is empty is named; system errors are words")
    func emptyPaths() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = try scenario({ $0 }, in: dir)
        for (args, message) in [
            (["run", file, "--report", ""], "option '--report': the value is empty"),
            (["run", file, "--junit="], "option '--junit': the value is empty"),
            (["merge", file, "--report", ""], "option '--report': the value is empty"),
            (["scan", "--os", "DEBIAN", "--product", "Debian12", "--dpkg-status", fixture("dpkg-status"), "--apt-lists", ""], "option '--apt-lists': the value is empty"),
            (["run", ""], "a scenario argument is empty"),
            (["merge", ""], "a part argument is empty"),
            (["run", file, "--report", dir.path], "\(dir.path): option '--report': is a folder, not a file"),
            (["run", file, "--report", dir.appendingPathComponent("no/such/r.json").path], "option '--report': the folder \(dir.path)/no/such does not exist"),
            (["run", file, "--csv", file], "option '--csv': is a file, not a folder"),
        ] as [([String], String)] {
            let (code, _, err) = runPatchsim(args)
            #expect(code == 2 && err.contains(message), "\(args): \(err)")
        }
        let image = "{ \"ImageId\": \"ami-1\", \"OperatingSystem\": \"AMAZON_LINUX_2\", \"Product\": \"AmazonLinux2\" }"
        let rpmQa = try scenario({ $0.replacingOccurrences(of: image, with: image.replacingOccurrences(of: " }", with: ", \"inventory\": { \"rpmQa\": \"\" } }")) }, in: dir)
        let (code, _, err) = runPatchsim(["check", rpmQa])
        #expect(code == 2 && err.contains("images[0].inventory.rpmQa: found an empty path"), "\(err)")
    }

    @Test("a 4 MB value is cut in its error line")
    func longValues() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let huge = String(repeating: "x", count: 4 << 20)
        let file = try scenario({ $0.replacingOccurrences(of: "\"OperatingSystem\": \"AMAZON_LINUX_2\", \"Product\"", with: "\"OperatingSystem\": \"\(huge)\", \"Product\"") }, in: dir)
        let (code, _, err) = runPatchsim(["check", file])
        #expect(code == 2 && err.contains("images[0].OperatingSystem: found \"xxxx") && err.contains("… (4194306 bytes)"), "\(err.prefix(300))")
        #expect(err.utf8.count < 3000)
    }

    @Test("a scenario named ../escaped writes inside --csv DIR and --findings DIR only")
    func namesStayInside() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = try scenario({ $0.replacingOccurrences(of: "\"name\": \"small\"", with: "\"name\": \"../escaped\"") }, in: dir)
        let out = dir.appendingPathComponent("out")
        let (code, _, err) = runPatchsim(["run", file, "--csv", out.path, "--findings", out.path, "--quiet"])
        #expect(code == 0, "\(err)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path) == ["_.._escaped"])
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("_.._escaped/compliance-summary.csv").path))
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("_.._escaped/compliance-summary.csv").path))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("escaped").path))
        #expect(OutputSet.component("a/b\u{0}c") == "a_b_c" && OutputSet.component("..") == "_.." && OutputSet.component("") == "_")
    }

    @Test("a bad --junit path: no --report either (the outputs are a set)")
    func wholeSet() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = try scenario({ $0 }, in: dir)
        let report = dir.appendingPathComponent("report.json").path
        let (code, _, err) = runPatchsim(["run", file, "--report", report, "--junit", dir.appendingPathComponent("missing/j.xml").path])
        #expect(code == 2 && err.contains("option '--junit': the folder"), "\(err)")
        #expect(!FileManager.default.fileExists(atPath: report))
        // Two options naming one file is a mistake too, caught before anything is written.
        let (code2, _, err2) = runPatchsim(["run", file, "--report", report, "--html", report])
        #expect(code2 == 2 && err2.contains("options '--report' and '--html' name the same file"), "\(err2)")
        #expect(!FileManager.default.fileExists(atPath: report))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["s.json"])
    }

    /// Reads a document with our strict XML reader: nil when well-formed, else the error.
    final class WellFormed: XMLDocumentReader {}

    @Test("an expectation name with NUL, control characters and markup still yields well-formed JUnit and HTML")
    func wellFormedOutputs() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = try scenario({ $0.replacingOccurrences(of: "\"name\": \"compliant\"", with: "\"name\": \"a\\u0000b\\u0007 <c> & \\\"d\\\" \\n\\uFFFF\"") }, in: dir)
        let junit = dir.appendingPathComponent("j.xml").path
        let (code, _, err) = runPatchsim(["run", file, "--junit", junit, "--quiet"])
        #expect(code == 0, "\(err)")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: junit))
        #expect(throws: Never.self) { try WellFormed(file: junit).read(bytes) }
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains("name=\"[RBT-1] a\\u{0}b\\u{7} &lt;c&gt; &amp; &quot;d&quot; &#10;\\u{ffff}\""), "\(text)")
    }

    @Test("check refuses a misspelt member of expectations[].summary (run would fail it at the end)")
    func summaryMembers() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        for (summary, message) in [
            ("{ \"MisingCount\": 0 }", "expectations[1].summary.MisingCount: found member \"MisingCount\"; allowed: an InstancePatchState member: InstalledCount"),
            ("{ \"MissingCount\": \"0\" }", "expectations[1].summary.MissingCount: found \"0\"; allowed: a count (a number)"),
            ("{ \"ComplianceStatus\": \"compliant\" }", "expectations[1].summary.ComplianceStatus: found \"compliant\"; allowed: COMPLIANT, NON_COMPLIANT"),
        ] {
            let file = try scenario({ $0.replacingOccurrences(of: "\"expectations\": [", with: "\"expectations\": [ { \"name\": \"s\", \"instance\": \"i-0s000000000000000\", \"summary\": \(summary) },") }, in: dir)
            let (code, _, err) = runPatchsim(["check", file])
            // The inserted entry is first, so the summary is expectations[0].
            #expect(code == 2 && err.contains(message.replacingOccurrences(of: "expectations[1]", with: "expectations[0]")), "\(err)")
        }
    }

    @Test("a write that fails is an error in words, naming the option (not NSCocoaErrorDomain error 512)")
    func writeErrorsInWords() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = try scenario(in: dir)
        // The parent of the output is a file: refused before the run, in words.
        let (code, _, err) = runPatchsim(["run", file, "--report", file + "/r.json"])
        #expect(code == 2 && err.contains("option '--report': \(file) is a file, not a folder"), "\(err)")
        #expect(!err.contains("NSCocoaErrorDomain"))
        // What the system says when a write fails anyway, in words.
        for (code, words) in [(ENOSPC, "no space left on the device"), (EACCES, "permission denied"), (EROFS, "the file system is read-only"),
                              (EDQUOT, "the disk quota is exhausted"), (ENOTDIR, "a part of the path is a file, not a folder")] {
            #expect(FileProblem.posix(code, "/x/y") == words)
        }
        let cocoa = CocoaError(.fileWriteUnknown, userInfo: [NSUnderlyingErrorKey: NSError(domain: NSPOSIXErrorDomain, code: Int(ENOSPC))])
        #expect(FileProblem.describeWrite("/x/y", cocoa) == "no space left on the device")
    }

    /// Foundation's `deletingLastPathComponent` trapped on these (found by `patchsim fuzz`).
    @Test("one-character paths are paths: named errors, no trap", arguments: ["0", "-", "=", "*", "\u{FEFF}"])
    func oneCharacterPaths(_ p: String) {
        var (code, _, err) = runPatchsim(["inventory", "--dpkg-status", p])
        #expect(code == 2 && err.contains("patchsim inventory: \(p): no such file"), "\(err)")
        (code, _, err) = runPatchsim(["merge", p, "--quiet"])
        #expect(code == 2 && err.contains("\(p): no such file"), "\(err)")
        (code, _, err) = runPatchsim(["run", ShardingTests.shardedScenario, "--report", "x/\(p)", "--quiet"])
        #expect(code == 2 && err.contains("option '--report': the folder x does not exist"), "\(err)")
    }

    @Test("PathText.parent, case by case")
    func parents() {
        for (path, parent) in [("a/b/c", "a/b"), ("/c", "/"), ("c", ""), ("0", ""), ("a/b/", "a"), ("/", "/"), ("a//b", "a"), ("", "")] {
            #expect(PathText.parent(path) == parent, "\(path)")
        }
    }

    @Test("CSV fields with CR LF, a lone CR or a quote carrying a combining mark stay one field (RFC 4180)")
    func csvFields() {
        #expect(CSVReport.field("a\r\nb") == "\"a\r\nb\"")
        #expect(CSVReport.field("a\rb") == "\"a\rb\"")
        #expect(CSVReport.field("x\"\u{301}y") == "\"x\"\"\u{301}y\"")
        #expect(CSVReport.field("plain") == "plain")
    }
}
