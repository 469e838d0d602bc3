import Foundation
import PatchModel
import PatchWorld

/// What counts as a failure of one fuzz case ([21]): a crash or out-of-memory death (a
/// signal), a hang (past the time limit), an exit code other than 0, 1 or 2, an error
/// that names no input or is not in words, a long value repeated whole, a partial set
/// of outputs after an error, or an output that is not well-formed for its format.
enum FuzzJudge {
    /// Phrases that mean a system error reached the user untranslated.
    static let untranslated = ["NSCocoaErrorDomain", "NSXMLParserErrorDomain", "NSPOSIXErrorDomain", "Fatal error", "error 512",
                               "Swift runtime failure", "The operation could not be completed"]
    static let maxErrorLineBytes = 4000

    /// The problems with one run, empty when it behaved.
    static func problems(_ result: ChildProcess.Result, _ invocation: FuzzTarget.Invocation, dir: String) -> [String] {
        var problems: [String] = []
        let stderr = String(decoding: result.stderr, as: UTF8.self)
        switch result.ending {
        case .couldNotStart(let why): return ["could not start: \(why)"]
        case .timedOut: return [String(format: "hang: no answer in %.0f s", result.seconds)]
        case .signalled(let signal): return ["crash or out of memory: killed by signal \(signal)" + (stderr.isEmpty ? "" : ": " + String(stderr.prefix(300)))]
        case .exited(let code) where ![0, 1, 2].contains(code): return ["exit code \(code)"]
        case .exited(let code):
            for phrase in untranslated where stderr.contains(phrase) { problems.append("error not in words ('\(phrase)'): \(firstLine(stderr))") }
            if let long = stderr.split(separator: "\n").first(where: { $0.utf8.count > maxErrorLineBytes }) {
                problems.append("a long value repeated whole: an error line of \(long.utf8.count) bytes")
            }
            let partial = partialFiles(in: dir)
            if !partial.isEmpty { problems.append("temporary output left behind: \(partial.joined(separator: ", "))") }
            if code == 2 {
                if stderr.isEmpty { problems.append("exit 2 without an error message") }
                else if !invocation.inputs.contains(where: { !$0.isEmpty && stderr.contains($0) }) {
                    problems.append("unnamed error (names none of the inputs): \(firstLine(stderr))")
                }
                let written = invocation.outputs.map(\.path).filter { FileManager.default.fileExists(atPath: (dir as NSString).appendingPathComponent($0)) }
                // Only one exit-2 run writes outputs: `run --junit` with an invalid scenario
                // among others, where the JUnit file names it as an <error> and the whole
                // set is written. Anything else written after an error is a partial set.
                let junit = invocation.outputs.first { if case .xml = $0 { return true } else { return false } }
                let junitText = junit.flatMap { FileManager.default.contents(atPath: (dir as NSString).appendingPathComponent($0.path)) }
                    .map { String(decoding: $0, as: UTF8.self) } ?? ""
                if !written.isEmpty {
                    if junitText.contains("<error type=\"InvalidScenario\"") {
                        problems += malformedOutputs(invocation, dir: dir, stdout: [], requireAll: false)
                    } else {
                        problems.append("outputs written despite the error: \(written.joined(separator: ", "))")
                    }
                }
            } else {
                problems += malformedOutputs(invocation, dir: dir, stdout: result.stdout)
            }
        }
        return problems
    }

    static func firstLine(_ text: String) -> String {
        InputError.cut(String(text.split(separator: "\n").first ?? ""), limit: 300)
    }

    static func partialFiles(in dir: String) -> [String] {
        guard let e = FileManager.default.enumerator(atPath: dir) else { return [] }
        var found: [String] = []
        while let name = e.nextObject() as? String {
            if name.hasSuffix(".patchsim-partial") { found.append(name) }
            if name == "data" { e.skipDescendants() }
        }
        return found
    }

    /// After exit 0 or 1: every output there, and well-formed.
    static func malformedOutputs(_ invocation: FuzzTarget.Invocation, dir: String, stdout: [UInt8], requireAll: Bool = true) -> [String] {
        var problems: [String] = []
        if invocation.stdoutIsJSON, !stdout.isEmpty {
            do { _ = try JSONParser.parse(stdout, file: "standard output") } catch { problems.append("standard output is not JSON: \(error)") }
        }
        for output in invocation.outputs {
            let path = (dir as NSString).appendingPathComponent(output.path)
            if case .file = output { continue }  // command lines: optional outputs
            guard FileManager.default.fileExists(atPath: path) else {
                if requireAll { problems.append("output missing: \(output.path)") }
                continue
            }
            let bytes = [UInt8](FileManager.default.contents(atPath: path) ?? Data())
            do {
                switch output {
                case .json: _ = try JSONParser.parse(bytes, file: output.path)
                case .jsonLines:
                    for line in bytes.split(separator: 0x0A) { _ = try JSONParser.parse(Array(line), file: output.path) }
                case .xml: try WellFormed(file: output.path).read(Data(bytes))
                case .html:
                    if !String(decoding: bytes, as: UTF8.self).hasSuffix("</html>\n") { problems.append("\(output.path): the page does not end with </html>") }
                case .jsonFolder:
                    for file in FileManager.default.subpaths(atPath: path) ?? [] where file.hasSuffix(".json") {
                        let p = (path as NSString).appendingPathComponent(file)
                        _ = try JSONParser.parse([UInt8](FileManager.default.contents(atPath: p) ?? Data()), file: p)
                    }
                case .file, .folder: break
                }
            } catch {
                problems.append("malformed output: \(error)")
            }
        }
        return problems
    }

    /// Our strict XML reader with no hooks: reading succeeds only on a well-formed document.
    final class WellFormed: XMLDocumentReader {}
}
