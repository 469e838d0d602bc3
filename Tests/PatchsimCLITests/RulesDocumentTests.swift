import Foundation
import Testing

/// [19] Every rule id a scenario, a test or the code names is explained in Scenarios/RULES.md.
@Suite("RULES.md covers every rule id in use")
struct RulesDocumentTests {
    @Test("no rule id without an entry")
    func covered() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let rules = try String(contentsOf: root.appendingPathComponent("Scenarios/RULES.md"), encoding: .utf8)
        let pattern = try NSRegularExpression(pattern: "\\b(AGT|APR|BL|CMP|FLT|KLP|LNX|LST|MAC|MD|MW|OP|OVR|PRE|RBT|RC|RPT|SCH|SNP|SRC|WIN)-[0-9]+\\b")
        var used: [String: String] = [:]
        for folder in ["Sources", "Tests", "Scenarios"] {
            guard let walker = FileManager.default.enumerator(atPath: root.appendingPathComponent(folder).path) else { continue }
            while let name = walker.nextObject() as? String {
                guard name.hasSuffix(".swift") || name.hasSuffix(".json"), !name.contains("Fixtures/") else { continue }
                let text = (try? String(contentsOf: root.appendingPathComponent(folder).appendingPathComponent(name), encoding: .utf8)) ?? ""
                for m in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                    if let r = Range(m.range, in: text) { used[String(text[r]), default: "\(folder)/\(name)"] = used[String(text[r])] ?? "\(folder)/\(name)" }
                }
            }
        }
        #expect(used.count > 90)
        let documented = Set(pattern.matches(in: rules, range: NSRange(rules.startIndex..., in: rules)).compactMap { Range($0.range, in: rules).map { String(rules[$0]) } })
        for (id, file) in used.sorted(by: { $0.key < $1.key }) where !documented.contains(id) {
            Issue.record("\(id) (named in \(file)) has no entry in Scenarios/RULES.md")
        }
    }
}
