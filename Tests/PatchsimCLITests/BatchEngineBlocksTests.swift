import Foundation
import Testing
@testable import PatchModel

/// [18] README's batch-engine blocks ("Running past one machine"): the shard and merge
/// command lines of the Kubernetes manifests and the AWS Batch job definitions, run here
/// as written, give the unsharded run's report, byte for byte.
@Suite("README: batch-engine blocks")
struct BatchEngineBlocksTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// The fenced blocks of README's section, with their language.
    static func blocks() throws -> [(language: String, text: String)] {
        let readme = try String(contentsOfFile: root + "/README.md", encoding: .utf8)
        guard let start = readme.range(of: "\n## Running past one machine"),
              let end = readme.range(of: "\n## ", range: start.upperBound..<readme.endIndex) else { return [] }
        var out: [(String, String)] = []
        var current: (String, [Substring])? = nil
        for line in readme[start.upperBound..<end.lowerBound].split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```") {
                if let c = current { out.append((c.0, c.1.joined(separator: "\n"))); current = nil } else { current = (String(line.dropFirst(3)), []) }
            } else if current != nil {
                current?.1.append(line)
            }
        }
        return out
    }

    /// The `sh -c` strings that run patchsim, in order.
    static func patchsimLines(_ text: String) -> [String] {
        var out: [String] = []
        var rest = Substring(text)
        while let r = rest.range(of: "\"patchsim ") {
            let tail = rest[r.upperBound...]
            guard let close = tail.firstIndex(of: "\"") else { break }
            out.append("patchsim " + tail[..<close])
            rest = tail[close...].dropFirst()
        }
        return out
    }

    /// What `sh -c` does to such a line here: the index variable, /scenarios and /parts
    /// mapped, `part-*.json` expanded in order.
    static func arguments(_ line: String, index: Int?, parts: String) throws -> [String] {
        var text = line
        for v in ["${JOB_COMPLETION_INDEX}", "${AWS_BATCH_JOB_ARRAY_INDEX}"] { text = text.replacingOccurrences(of: v, with: index.map(String.init) ?? v) }
        text = text.replacingOccurrences(of: "/scenarios/", with: root + "/Scenarios/").replacingOccurrences(of: "/parts/", with: parts + "/")
        return try text.split(separator: " ").dropFirst().flatMap { word -> [String] in
            guard word.contains("*") else { return [String(word)] }
            let folder = PathText.parent(String(word)), pattern = PathText.lastComponent(String(word))
            let (prefix, suffix) = (pattern.components(separatedBy: "*")[0], pattern.components(separatedBy: "*")[1])
            return try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasPrefix(prefix) && $0.hasSuffix(suffix) }.sorted().map { folder + "/" + $0 }
        }
    }

    @Test("the Kubernetes and AWS Batch blocks' shard and merge lines reproduce the unsharded report")
    func blocksRunAsWritten() throws {
        let blocks = try Self.blocks()
        #expect(blocks.contains { $0.language == "dockerfile" && $0.text.contains("COPY Scenarios /scenarios") && $0.text.contains("ENTRYPOINT [\"patchsim\"]") })
        let engines: [(name: String, texts: [String])] = [
            ("Kubernetes", blocks.filter { $0.language == "yaml" }.map(\.text)),
            ("AWS Batch", try blocks.filter { $0.language == "json" }.map { b in
                // The job definitions must be JSON register-job-definition takes; the command is in containerProperties.
                let doc = try JSONValue.parse(embedded: b.text, file: "README.md", at: "")
                return try doc.required("containerProperties").required("command").array().map { try $0.string() }.map { "\"\($0)\"" }.joined(separator: " ")
            }),
        ]
        for (name, texts) in engines {
            let lines = texts.flatMap(Self.patchsimLines)
            let shardLines = lines.filter { $0.contains("--shard") }, mergeLines = lines.filter { $0.hasPrefix("patchsim merge") }
            try #require(shardLines.count == 1 && mergeLines.count == 1, "\(name): \(lines)")
            let shard = shardLines[0]
            guard let n = shard.split(separator: " ").first(where: { $0.contains("}/") }).flatMap({ Int($0.split(separator: "/").last ?? "") }) else {
                Issue.record("\(name): no --shard I/N in \(shard)"); continue
            }
            let parts = try temporaryFolder().path
            for i in 0..<n {
                let (code, out, err) = runPatchsim(try Self.arguments(shard, index: i, parts: parts))
                #expect(code == 0, "\(name) shard \(i): \(out)\(err)")
            }
            let (code, out, err) = runPatchsim(try Self.arguments(mergeLines[0], index: nil, parts: parts))
            #expect(code == 0, "\(name) merge: \(out)\(err)")
            let scenario = shard.split(separator: " ")[2].replacingOccurrences(of: "/scenarios/", with: Self.root + "/Scenarios/")
            #expect(runPatchsim(["run", scenario, "--report", parts + "/whole.json", "--quiet"]).0 == 0)
            #expect(try String(contentsOfFile: parts + "/report.json", encoding: .utf8) == String(contentsOfFile: parts + "/whole.json", encoding: .utf8), "\(name)")
            #expect(FileManager.default.fileExists(atPath: parts + "/junit.xml"))
        }
    }
}
