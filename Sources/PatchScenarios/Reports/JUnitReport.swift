/// JUnit XML: one testsuite per scenario, one testcase per expectation, so any CI shows
/// them. Valid against both strict schemas CI tools use, Jenkins xUnit's `junit-10.xsd`
/// and Maven Surefire's `surefire-test-report-3.0.xsd` (copies in the tests), using only
/// what both accept: `name`, `tests`, `failures`, `errors`, `skipped` and `time` on each
/// suite (no `timestamp`, `hostname`, `package`); `classname`, `name` and `time` on each
/// testcase; `type` and `message` on every failure and error. Times are 0: the report
/// is the same bytes on every run, and simulated time is not what a CI timer measures.
public enum JUnitReport {
    public struct Suite: Sendable {
        public var name: String
        /// The scenario's path, which gives each testcase its `classname`.
        public var file: String
        public var outcomes: [Expectation.Outcome]
        /// Why the scenario could not be run (an invalid file): one testcase with `<error>`.
        public var error: String?

        public init(name: String, file: String, outcomes: [Expectation.Outcome], error: String? = nil) {
            self.name = name
            self.file = file
            self.outcomes = outcomes
            self.error = error
        }
    }

    public static func render(_ runs: [ScenarioRun]) -> String {
        render(suites: runs.map { Suite(name: $0.scenario.name, file: $0.scenario.file, outcomes: $0.outcomes) })
    }

    public static func render(suites: [Suite]) -> String {
        let failures = suites.reduce(0) { $0 + $1.outcomes.filter { !$0.passed }.count }
        let errors = suites.filter { $0.error != nil }.count
        let tests = suites.reduce(0) { $0 + ($1.error == nil ? $1.outcomes.count : 1) }
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"patchsim\" tests=\"\(tests)\" failures=\"\(failures)\" errors=\"\(errors)\" time=\"0\">\n"
        for suite in suites {
            let classname = xml(className(suite.file))
            if let error = suite.error {
                out += "  <testsuite name=\"\(xml(suite.name))\" tests=\"1\" failures=\"0\" errors=\"1\" skipped=\"0\" time=\"0\">\n"
                out += "    <testcase classname=\"\(classname)\" name=\"scenario is valid\" time=\"0\">\n"
                out += "      <error type=\"InvalidScenario\" message=\"\(xml(error))\">\(xml(error))</error>\n"
                out += "    </testcase>\n  </testsuite>\n"
                continue
            }
            let failed = suite.outcomes.filter { !$0.passed }.count
            out += "  <testsuite name=\"\(xml(suite.name))\" tests=\"\(suite.outcomes.count)\" failures=\"\(failed)\" errors=\"0\" skipped=\"0\" time=\"0\">\n"
            for o in suite.outcomes {
                out += "    <testcase classname=\"\(classname)\" name=\"\(xml(o.rule.isEmpty ? o.name : "\(o.rule) \(o.name)"))\" time=\"0\""
                if o.passed {
                    out += "/>\n"
                } else {
                    let message = "expected \(o.expected), found \(o.found)"
                    let body = message + (o.examples.isEmpty ? "" : "\ninstances: \(o.examples.joined(separator: ", "))")
                    out += ">\n      <failure type=\"ExpectationFailed\" message=\"\(xml(message))\">\(xml(body))</failure>\n    </testcase>\n"
                }
            }
            out += "  </testsuite>\n"
        }
        return out + "</testsuites>\n"
    }

    /// `Scenarios/al2-patch-tuesday.json` → `Scenarios.al2-patch-tuesday`: the path, as a
    /// Java class name is a path, so CI tools group the testcases by file.
    static func className(_ file: String) -> String {
        var path = file
        while path.hasPrefix("./") { path.removeFirst(2) }
        while path.hasPrefix("/") { path.removeFirst() }
        while path.hasSuffix("/") { path.removeLast() }
        if path.hasSuffix(".json") { path.removeLast(5) }
        let parts = path.split(separator: "/").filter { $0 != "." && !$0.isEmpty }
        return parts.isEmpty ? "scenario" : parts.joined(separator: ".")
    }

    static func xml(_ s: String) -> String { MarkupText.escape(s) }
}
