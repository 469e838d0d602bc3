import Foundation
import Testing
@testable import PatchsimCLI

/// [21] The fuzzer's own parts: a case is the same input everywhere, and the judge calls
/// each kind of misbehaviour by its name (the CI run of `patchsim fuzz` relies on both).
@Suite("patchsim fuzz: reproducible cases, a judge that can fail")
struct FuzzTests {
    let seed = Array("{\"name\": \"small\", \"count\": 3, \"start\": \"2026-11-01T00:00:00Z\"}\n".utf8)

    @Test("case N mutates the same way every time; other cases and seeds differ")
    func reproducible() {
        var a = FuzzMutator(seed: 1, caseNumber: 7), b = FuzzMutator(seed: 1, caseNumber: 7)
        #expect(a.mutate(seed) == b.mutate(seed))
        let outputs = Set((0..<40).map { n -> [UInt8] in var m = FuzzMutator(seed: 1, caseNumber: n); return m.mutate(seed) })
        #expect(outputs.count > 30)
        var c = FuzzMutator(seed: 2, caseNumber: 7), d = FuzzMutator(seed: 1, caseNumber: 7)
        #expect(c.mutate(seed) != d.mutate(seed))
        var e = FuzzMutator(seed: 1, caseNumber: 3), f = FuzzMutator(seed: 1, caseNumber: 3)
        #expect(e.mutate(arguments: ["run", "a.json", "--quiet"]) == f.mutate(arguments: ["run", "a.json", "--quiet"]))
    }

    @Test("no mutation grows a file past 8 MiB")
    func bounded() {
        // A 6 MiB input: any overlong insertion or repetition would pass the bound.
        let big = [UInt8](repeating: 0x41, count: 6 << 20) + Array("\n\"x\": 1\n".utf8)
        var grew = false
        for n in 0..<12 {
            var m = FuzzMutator(seed: 9, caseNumber: n)
            let out = m.mutate(big)
            #expect(out.count <= FuzzMutator.maxBytes)
            grew = grew || out.count == FuzzMutator.maxBytes
        }
        #expect(grew, "some case must reach the bound for this to test it")
    }

    func result(_ ending: ChildProcess.Ending, stderr: String = "") -> ChildProcess.Result {
        ChildProcess.Result(ending: ending, stdout: [], stderr: Array(stderr.utf8), seconds: 1)
    }

    @Test("the judge: crash, hang, odd exit code, unnamed or untranslated error, long line, partial output; a named error passes")
    func judge() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let invocation = FuzzTarget.Invocation(arguments: ["run", "x.json"], inputs: ["/in/x.json"], outputs: [.json("out/r.json")])
        func problems(_ r: ChildProcess.Result) -> String { FuzzJudge.problems(r, invocation, dir: dir.path).joined(separator: "; ") }
        #expect(problems(result(.signalled(11))).hasPrefix("crash or out of memory: killed by signal 11"))
        #expect(problems(result(.timedOut)).hasPrefix("hang"))
        #expect(problems(result(.exited(134))) == "exit code 134")
        #expect(problems(result(.exited(2))) == "exit 2 without an error message")
        #expect(problems(result(.exited(2), stderr: "patchsim run: something is wrong\n")).hasPrefix("unnamed error"))
        #expect(problems(result(.exited(2), stderr: "patchsim run: /in/x.json: NSCocoaErrorDomain error 512\n")).hasPrefix("error not in words"))
        #expect(problems(result(.exited(2), stderr: "patchsim run: /in/x.json: " + String(repeating: "x", count: 5000) + "\n")).hasPrefix("a long value repeated whole"))
        #expect(problems(result(.exited(2), stderr: "patchsim run: /in/x.json: found 3; allowed: 1...2\n")).isEmpty)
        // A report written despite the error is a partial output.
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("out"), withIntermediateDirectories: true)
        try "{}".write(to: dir.appendingPathComponent("out/r.json"), atomically: true, encoding: .utf8)
        #expect(problems(result(.exited(2), stderr: "patchsim run: /in/x.json: bad\n")) == "outputs written despite the error: out/r.json")
        // After success the outputs must be well-formed.
        try "{\"a\": }".write(to: dir.appendingPathComponent("out/r.json"), atomically: true, encoding: .utf8)
        #expect(problems(result(.exited(0))).hasPrefix("malformed output"))
        try "{\"a\": 1}".write(to: dir.appendingPathComponent("out/r.json"), atomically: true, encoding: .utf8)
        #expect(problems(result(.exited(1))).isEmpty)
    }
}
