import Testing
@testable import PatchModel

/// rpm's own cases from `tests/rpmvercmp.at` (rpm-software-management/rpm), transcribed as data.
let rpmUpstreamCases: [(String, String, Int)] = [
    ("1.0", "1.0", 0), ("1.0", "2.0", -1), ("2.0", "1.0", 1),
    ("2.0.1", "2.0.1", 0), ("2.0", "2.0.1", -1), ("2.0.1", "2.0", 1),
    ("2.0.1a", "2.0.1a", 0), ("2.0.1a", "2.0.1", 1), ("2.0.1", "2.0.1a", -1),
    ("5.5p1", "5.5p1", 0), ("5.5p1", "5.5p2", -1), ("5.5p2", "5.5p1", 1),
    ("5.5p10", "5.5p10", 0), ("5.5p1", "5.5p10", -1), ("5.5p10", "5.5p1", 1),
    ("10xyz", "10.1xyz", -1), ("10.1xyz", "10xyz", 1),
    ("xyz10", "xyz10", 0), ("xyz10", "xyz10.1", -1), ("xyz10.1", "xyz10", 1),
    ("xyz.4", "xyz.4", 0), ("xyz.4", "8", -1), ("8", "xyz.4", 1), ("xyz.4", "2", -1), ("2", "xyz.4", 1),
    ("5.5p2", "5.6p1", -1), ("5.6p1", "5.5p2", 1),
    ("5.6p1", "6.5p1", -1), ("6.5p1", "5.6p1", 1),
    ("6.0.rc1", "6.0", 1), ("6.0", "6.0.rc1", -1),
    ("10b2", "10a1", 1), ("10a2", "10b2", -1),
    ("1.0aa", "1.0aa", 0), ("1.0a", "1.0aa", -1), ("1.0aa", "1.0a", 1),
    ("10.0001", "10.0001", 0), ("10.0001", "10.1", 0), ("10.1", "10.0001", 0),
    ("10.0001", "10.0039", -1), ("10.0039", "10.0001", 1),
    ("4.999.9", "5.0", -1), ("5.0", "4.999.9", 1),
    ("20101121", "20101121", 0), ("20101121", "20101122", -1), ("20101122", "20101121", 1),
    ("2_0", "2_0", 0), ("2.0", "2_0", 0), ("2_0", "2.0", 0),
    // RhBug:178798
    ("a", "a", 0), ("a+", "a+", 0), ("a+", "a_", 0), ("a_", "a+", 0), ("+a", "+a", 0),
    ("+a", "_a", 0), ("_a", "+a", 0), ("+_", "+_", 0), ("_+", "+_", 0), ("_+", "_+", 0),
    ("+", "_", 0), ("_", "+", 0),
    // Tilde
    ("1.0~rc1", "1.0~rc1", 0), ("1.0~rc1", "1.0", -1), ("1.0", "1.0~rc1", 1),
    ("1.0~rc1", "1.0~rc2", -1), ("1.0~rc2", "1.0~rc1", 1),
    ("1.0~rc1~git123", "1.0~rc1~git123", 0), ("1.0~rc1~git123", "1.0~rc1", -1), ("1.0~rc1", "1.0~rc1~git123", 1),
    // Caret (rpm 4.15+ upstream cases)
    ("1.0^", "1.0^", 0), ("1.0^", "1.0", 1), ("1.0", "1.0^", -1),
    ("1.0^git1", "1.0^git1", 0), ("1.0^git1", "1.0", 1), ("1.0", "1.0^git1", -1),
    ("1.0^git1", "1.0^git2", -1), ("1.0^git2", "1.0^git1", 1),
    ("1.0^git1", "1.01", -1), ("1.01", "1.0^git1", 1),
    ("1.0^20160101", "1.0^20160101", 0), ("1.0^20160101", "1.0.1", -1), ("1.0.1", "1.0^20160101", 1),
    ("1.0^20160101^git1", "1.0^20160101^git1", 0), ("1.0^20160102", "1.0^20160101^git1", 1),
    ("1.0^20160101^git1", "1.0^20160102", -1),
    ("1.0~rc1^git1", "1.0~rc1^git1", 0), ("1.0~rc1^git1", "1.0~rc1", 1), ("1.0~rc1", "1.0~rc1^git1", -1),
    ("1.0^git1~pre", "1.0^git1~pre", 0), ("1.0^git1", "1.0^git1~pre", 1), ("1.0^git1~pre", "1.0^git1", -1),
    // rpm's documented oddities (RhBug:811992), asserted as rpm behaves.
    ("1b.fc17", "1b.fc17", 0), ("1b.fc17", "1.fc17", -1), ("1.fc17", "1b.fc17", 1),
    ("1g.fc17", "1g.fc17", 0), ("1g.fc17", "1.fc17", 1), ("1.fc17", "1g.fc17", -1),
    // Non-ASCII bytes are separators.
    ("1.1.α", "1.1.α", 0), ("1.1.α", "1.1.β", 0), ("1.1.αα", "1.1.α", 0), ("1.1.ββ", "1.1.αα", 0),
]

/// Our own corner cases, each checked against rpm 4.18 (`rpm.vercmp`).
let rpmCornerCases: [(String, String, Int)] = [
    ("", "", 0), ("", "1", -1), ("1", "", 1), ("", "a", -1), ("", "~", 1), ("", "^", -1),
    ("~", "~~", 1), ("~~", "~", -1), ("~1", "~a", 1), ("^", "^^", -1),
    ("1.0", "1..0", 0), ("1.0", "1.0.", 0), ("1.0.", "1.0", 0),
    ("000", "0", 0), ("00001", "1", 0), ("1.00", "1.0", 0),
    ("123456789012345678901234567890", "123456789012345678901234567891", -1),
    ("99999999999999999999999", "1", 1),
    ("a", "b", -1), ("A", "a", -1), ("Z", "a", -1), ("abc", "abcd", -1),
    ("1a", "1.a", 0), ("1.a", "1a", 0), ("1+a", "1.a", 0),
    ("2.6.32-431.el6", "2.6.32-504.el6", -1), ("4.14.165", "4.14.165-131.185", -1),
    ("9.8.2-0.68.rc1.60.amzn1", "9.8.2-0.62.rc1.57.amzn1", 1),
    ("1.el7", "1.el7_9", -1), ("1.el7_9", "1.el7_9.1", -1),
    ("0.68.rc1.60.amzn1", "0.68.rc1.60.amzn2", -1),
]

@Test("rpmvercmp: rpm's upstream cases", arguments: rpmUpstreamCases)
func rpmUpstream(_ c: (String, String, Int)) {
    #expect(RPMVersionComparison.compare(c.0, c.1) == c.2, "rpmvercmp(\(c.0), \(c.1))")
}

@Test("rpmvercmp: corner cases (~, ^, separators, leading zeros, long numbers)", arguments: rpmCornerCases)
func rpmCorners(_ c: (String, String, Int)) {
    #expect(RPMVersionComparison.compare(c.0, c.1) == c.2, "rpmvercmp(\(c.0), \(c.1))")
    #expect(RPMVersionComparison.compare(c.1, c.0) == -c.2, "antisymmetry for (\(c.1), \(c.0))")
}

/// Full EVR labels, checked against rpm 4.18's `rpm.ver` ordering.
let evrCases: [(String, String, Int)] = [
    ("1.0", "0:1.0", 0), (":1.0", "1.0", 0), ("00:1", "0:1", 0),
    ("1.0-1", "1.0", 1), ("1.0-", "1.0", 1), ("1.0", "1.0-1", -1),
    ("1:1.0", "2.0", 1), ("1:1.0-1", "1:1.0-2", -1), ("2:0.1", "1:9.9", 1),
    ("1.0-1-2", "1.0-1", 1), ("a:1", "0:1", -1), ("1.0-1", "1.0-1~", 1),
    ("32:9.8.2-0.68.rc1.60.amzn1", "32:9.8.2-0.62.rc1.57.amzn1", 1),
    ("0:4.14.165-131.185.amzn2", "4.14.165-131.185.amzn2", 0),
    ("1:2.0-1.el8", "2.0-1.el8", 1),
]

@Test("EVR label ordering: missing epoch is 0, missing release is older", arguments: evrCases)
func evrOrdering(_ c: (String, String, Int)) throws {
    let a = try #require(RPMVersion(parsing: c.0)), b = try #require(RPMVersion(parsing: c.1))
    #expect(RPMVersion.compare(a, b) == c.2, "\(c.0) vs \(c.1)")
    #expect(RPMVersion.compare(b, a) == -c.2)
}

@Test("EVR parsing splits epoch at the first colon after digits and release at the last hyphen")
func evrParsing() throws {
    let v = try #require(RPMVersion(parsing: "32:9.8.2-0.68.rc1.60.amzn1"))
    #expect(v.epoch == "32" && v.version == "9.8.2" && v.release == "0.68.rc1.60.amzn1")
    #expect(v.epochNumber == 32)
    let w = try #require(RPMVersion(parsing: "1.2-3-4"))
    #expect(w.epoch == nil && w.version == "1.2-3" && w.release == "4")
    let x = try #require(RPMVersion(parsing: "abc:1.0"))
    #expect(x.epoch == nil && x.version == "abc:1.0")
    #expect(RPMVersion(parsing: "") == nil)
}
