import Testing
@testable import PatchModel

/// Comparison cases: dpkg's `t-version.c` and Debian Policy §5.6.12 examples, plus corners
/// checked against `dpkg --compare-versions` 1.21.
let debianCases: [(String, String, Int)] = [
    ("0:0-0", "0:0-0", 0), ("0:0-00", "0:00-0", 0), ("1:2-3", "1:2-3", 0),
    ("0:0-0", "1:0-0", -1), ("0:a-0", "0:b-0", -1), ("0:0-a", "0:0-b", -1),
    ("0", "0:0", 0), ("0", "0:0-0", 0), ("1:0", "0:9", 1),
    ("1.0~rc1", "1.0", -1), ("1.0~~", "1.0~", -1), ("1.0~", "1.0", -1), ("1.0", "1.0+b1", -1),
    ("1.0~rc1-1", "1.0-1", -1), ("1.0-1~bpo1", "1.0-1", -1), ("1.0-1", "1.0-1+deb12u1", -1),
    ("1.0a", "1.0+", -1), ("1.0a", "1.0.", -1), ("1.0+", "1.0.", -1), ("1.0+", "1.0-1", 1),
    ("1.0", "1.00", 0), ("1.01", "1.1", 0), ("1.0", "1.0.0", -1), ("9", "10", -1),
    ("2.30-1", "2.30-1ubuntu1", -1), ("2:1.6.6-5ubuntu2.1", "2:1.6.6-5ubuntu2", 1),
    ("1.2.3-1ubuntu0.20.04.1", "1.2.3-1ubuntu0.18.04.1", 1),
    ("7.88.1-10+deb12u5", "7.88.1-10+deb12u14", -1),
    ("1:9.18.28-1~deb12u2", "1:9.18.33-1~deb12u2", -1),
    ("1-a", "1-A", 1), ("1-Z", "1-a", -1),
    ("1a", "1Z", 1), ("1~", "1", -1), ("1~~a", "1~~", 1), ("1~~a", "1~", -1),
    ("12345678901234567890", "12345678901234567891", -1),
]

@Test("dpkg ordering (t-version.c, Policy §5.6.12 and corners)", arguments: debianCases)
func debianOrdering(_ c: (String, String, Int)) throws {
    let a = try #require(DebianVersion(lenient: c.0)), b = try #require(DebianVersion(lenient: c.1))
    #expect(DebianVersion.compare(a, b) == c.2, "\(c.0) vs \(c.1)")
    #expect(DebianVersion.compare(b, a) == -c.2)
}

/// dpkg's `parseversion` results from `t-version.c`: what it accepts and the fields it makes.
let debianParseCases: [(String, Int, String, String)] = [
    ("0", 0, "0", ""), ("0:0", 0, "0", ""), ("0:0-0", 0, "0", "0"), ("0:0.0-0.0", 0, "0.0", "0.0"),
    ("1:0", 1, "0", ""), ("5:1", 5, "1", ""),
    ("0:0-0-0", 0, "0-0", "0"), ("0:0-0-0-0", 0, "0-0-0", "0"),
    ("0:0:0-0", 0, "0:0", "0"), ("0:0:0:0-0", 0, "0:0:0", "0"),
    ("0:0:0-0-0", 0, "0:0-0", "0"), ("0:0-0:0-0", 0, "0-0:0", "0"),
    ("0:09azAZ.-+~:-0", 0, "09azAZ.-+~:", "0"), ("0:0-azAZ09.+~", 0, "0", "azAZ09.+~"),
    ("  \t0:0-1", 0, "0", "1"), ("0:0-1\t  ", 0, "0", "1"), ("\t  0:0-1  \t", 0, "0", "1"),
    ("+1:2", 1, "2", ""),
]

@Test("dpkg parseversion: accepted forms", arguments: debianParseCases)
func debianParse(_ c: (String, Int, String, String)) {
    guard case .valid(let v) = DebianVersion.parse(c.0) else {
        Issue.record("\(c.0) should parse cleanly"); return
    }
    #expect(v.epoch == c.1 && v.upstream == c.2 && v.revision == c.3, "\(c.0) -> \(v.epoch) \(v.upstream) \(v.revision)")
}

/// Hard errors (dpkg refuses the version) and warnings (dpkg compares anyway).
let debianBadCases: [(String, DebianVersion.Problem)] = [
    ("", .empty), ("  ", .empty), ("0:", .nothingAfterColon), ("0:0 0-1", .embeddedSpaces),
    ("-1:0-1", .epochNegative), ("999999999999999999999999:0-1", .epochTooBig),
    ("4294967296:1", .epochTooBig), ("a:0-0", .epochEmpty), ("A:0-0", .epochEmpty),
    ("1a:0", .epochNotNumber), ("09azAZ.-+~:-0", .epochNotNumber), ("-0", .upstreamEmpty), ("0:-0", .upstreamEmpty),
    ("0:0-", .revisionEmpty), ("1.0-", .revisionEmpty), (":1", .epochEmpty),
    ("0:abc3-0", .upstreamNotStartingWithDigit), ("0:0-0:0", .invalidCharacterInRevision),
] + "!#@$%&/|\\<>()[]{};,_=*^'".map { ("0:0\($0)a-0", DebianVersion.Problem.invalidCharacterInUpstream) }
  + "!#@$%&/|\\<>()[]{}:;,_=*^'".map { ("0:0-\($0)", DebianVersion.Problem.invalidCharacterInRevision) }

@Test("dpkg parseversion: errors and warnings", arguments: debianBadCases)
func debianBad(_ c: (String, DebianVersion.Problem)) {
    switch DebianVersion.parse(c.0) {
    case .valid: Issue.record("\(c.0) should not be valid")
    case .warning(_, let p): #expect(p == c.1 && p.isWarning, "\(c.0): \(p)")
    case .invalid(let p): #expect(p == c.1 && !p.isWarning, "\(c.0): \(p)")
    }
}

@Test("dpkg sorts bytes >= 0x80 after letters and before ASCII punctuation (signed char)")
func debianHighBytes() {
    #expect(DebianVersion.compareFragment("1é", "1z") == 1)
    #expect(DebianVersion.compareFragment("1é", "1+") == -1)
}
