import Testing
@testable import PatchModel

/// [19] Failure texts in plain words: no `1 windows`, no `3...4611686018427387903`.
@Suite("Wording of counts and ranges")
struct WordingTests {
    @Test("counts and plurals", arguments: [
        (1, "window", "1 window"), (2, "window", "2 windows"), (0, "repository", "0 repositories"), (3, "patch", "3 patches"),
        (1, "policy", "1 policy"), (2, "day", "2 days"),
    ])
    func counts(_ c: (Int, String, String)) {
        #expect(Wording.count(c.0, c.1, c.1 == "patch" ? "patches" : nil) == c.2)
    }

    @Test("ranges", arguments: [
        (3, Int.max / 2, "at least 3 nodes"), (0, 0, "no node"), (1, 1, "exactly 1 node"), (0, 4, "at most 4 nodes"),
        (2, 5, "2 to 5 nodes"), (0, Int.max / 2, "any number of nodes"),
    ])
    func ranges(_ c: (Int, Int, String)) {
        #expect(Wording.range(c.0, c.1, "node") == c.2)
    }

    @Test("shares as percentages")
    func shares() {
        #expect(Wording.shareRange(1, 1) == "100%")
        #expect(Wording.shareRange(0.9, 1) == "at least 90%")
        #expect(Wording.shareRange(0, 0.5) == "at most 50%")
        #expect(Wording.shareRange(0.2, 0.455) == "20% to 45.5%")
        #expect(Wording.percent(2.0 / 3.0) == "66.7%")
    }
}
