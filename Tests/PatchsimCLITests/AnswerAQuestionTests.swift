import Foundation
import Testing
@testable import PatchModel

/// README's "Answer a question": every `$ patchsim ...` line in it runs as written (from the
/// repository root, in order) and does what the text beside it says.
@Suite("README: Answer a question")
struct AnswerAQuestionTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// The section's command lines and, for each, the output lines shown under it (without "...").
    static func examples() throws -> [(command: String, shown: [String])] {
        let readme = try String(contentsOfFile: root + "/README.md", encoding: .utf8)
        guard let start = readme.range(of: "\n## Answer a question\n"), let end = readme.range(of: "\n## ", range: start.upperBound..<readme.endIndex) else { return [] }
        var out: [(String, [String])] = []
        var inBlock = false
        for line in readme[start.upperBound..<end.lowerBound].split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```") { inBlock.toggle(); continue }
            guard inBlock else { continue }
            if line.hasPrefix("$ patchsim ") { out.append((String(line.dropFirst(2)), [])) }
            else if !out.isEmpty, !line.trimmingCharacters(in: .whitespaces).hasPrefix("..."), !line.contains("(...)") {
                out[out.count - 1].1.append(String(line))
            }
        }
        return out
    }

    /// Words as sh splits them here: spaces, and single-quoted stretches kept whole.
    static func words(_ line: String) -> [String] {
        var out: [String] = [], current = "", quoted = false, any = false
        for c in line {
            if c == "'" { quoted.toggle(); any = true }
            else if c == " " && !quoted { if any || !current.isEmpty { out.append(current) }; current = ""; any = false }
            else { current.append(c) }
        }
        if any || !current.isEmpty { out.append(current) }
        return out
    }

    @Test("every example runs (exit 0, or 1 where it shows a difference) and prints the lines shown")
    func examplesRun() throws {
        let examples = try Self.examples()
        #expect(examples.count >= 10)
        for (command, shown) in examples {
            // Paths as README gives them, from the repository root (tests run in parallel:
            // the working directory is not changed).
            let args = Self.words(command).dropFirst().map { $0.hasPrefix("Scenarios/") ? Self.root + "/" + $0 : $0 }
            let (code, out, err) = runPatchsim(args)
            let expectsFailure = shown.contains { $0.contains("differences (path: golden") }
            #expect(code == (expectsFailure ? 1 : 0), "\(command): \(err)")
            for line in shown where !line.contains("Scenarios/") {
                // Shown lines are excerpts: the text up to an ellipsis must appear as printed.
                let text = line.components(separatedBy: "...").first ?? line
                #expect((out + err).contains(text.trimmingCharacters(in: .whitespaces)), "\(command): missing \(text)")
            }
        }
    }
}
