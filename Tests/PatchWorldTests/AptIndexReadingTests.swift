import Foundation
import Testing
@testable import PatchBaselines
@testable import PatchModel
@testable import PatchWorld

/// The deb822 line grammar as the byte reader applies it, and the Packages importer's
/// lazy `Depends`, which must not change what a scan reports.
@Suite("deb822 reading and lazy Packages requirements")
struct AptIndexReadingTests {
    @Test("deb822: folded values, comments, CRLF, blank-only lines; the first kept field wins")
    func grammar() throws {
        let text = "# a comment\r\nPackage: a\r\nDescription: one\r\n two\r\n .\r\n three\r\n \t \r\n\nPackage: b \nPackage: c\n"
        let stanzas = try Deb822.parse(text, file: "f")
        #expect(stanzas.count == 2)
        #expect(stanzas[0].firstLine == 2)
        #expect(stanzas[0]["description"] == "one\ntwo\n\nthree")
        #expect(stanzas[1]["Package"] == "b")
        #expect(stanzas[1].line(of: "Package") == 9)
    }

    @Test("deb822: errors name the line and what was found")
    func errors() {
        let cases: [(String, Int, String)] = [
            ("Package: a\nno colon here\n", 2, "'no colon here'"),
            (" continued\n", 1, "a continuation line with no field before it"),
            ("Package: a\n\n continued\n", 3, "a continuation line with no field before it"),
            ("Pack age: a\n", 1, "field name 'Pack age' with spaces"),
        ]
        for (text, line, found) in cases {
            do {
                _ = try Deb822.parse(text, file: "f")
                Issue.record("accepted \(text.debugDescription)")
            } catch let e as InputError {
                #expect(e.description.contains("f: line \(line):"), "\(e.description)")
                #expect(e.description.contains(found), "\(e.description)")
            } catch { Issue.record("\(error)") }
        }
    }

    @Test("Packages: a stanza without Version, an invalid Version, a folded Depends")
    func packagesStanzas() throws {
        let release = try AptRelease.parse("Origin: Debian\nCodename: bookworm\n", file: "Release")
        #expect(throws: InputError.self) {
            try AptListsImporter.parsePackages("Package: a\nArchitecture: all\n", file: "P", release: release, repository: "bookworm")
        }
        #expect(throws: InputError.self) {
            try AptListsImporter.parsePackages("Package: a\nVersion: 1:\nArchitecture: all\n", file: "P", release: release, repository: "bookworm")
        }
        let folded = try AptListsImporter.parsePackages("Package: a\nVersion: 1.0-1\nArchitecture: all\nDepends: b (>= 2),\n c\nPackage: dup\n",
                                                        file: "P", release: release, repository: "bookworm")
        #expect(folded.first?.name == "a")
        #expect(folded.first?.requires.map(\.description) == ["b (>= 2)", "c"])
    }

    /// The filtered import reads Depends for installed versions only (what Install's breaks
    /// check, [AGT-5], reads of installed packages); a scan must report the same on it.
    @Test("a scan on lazily read requirements reports what the full import reports")
    func lazyRequirementsScanAlike() throws {
        let status = """
            Package: libfoo
            Status: install ok installed
            Architecture: amd64
            Version: 1.0-1

            Package: libbar
            Status: install ok installed
            Architecture: amd64
            Version: 1.0-1

            Package: tool
            Status: install ok installed
            Architecture: amd64
            Version: 2.0-1

            """
        let packages = """
            Package: libfoo
            Version: 1.0-1
            Architecture: amd64
            Priority: required
            Depends: libbar (= 1.0-1)

            Package: libfoo
            Version: 1.1-1
            Architecture: amd64
            Priority: required
            Depends: libbar (= 1.1-1)

            Package: libbar
            Version: 1.1-1
            Architecture: amd64
            Priority: required

            Package: tool
            Version: 2.1-1
            Architecture: amd64
            Priority: required
            Depends: libfoo (>= 1.1)

            Package: unrelated
            Version: 1.0-1
            Architecture: amd64
            Priority: required
            Depends: libc6

            """
        let inventory = try DpkgStatusImporter.parse(status, file: "status")
        let release = try AptRelease.parse("Origin: Debian\nLabel: Debian-Security\nCodename: bookworm-security\n", file: "Release")
        let full = try AptListsImporter.parsePackages(packages, file: "P", release: release, repository: "bookworm-security")
        let lazy = try AptListsImporter.parsePackages(packages, file: "P", release: release, repository: "bookworm-security",
                                                      requirementsOf: inventory)
        // Only libfoo 1.0-1 is installed at its offered version: the rest lose their Depends.
        #expect(full.filter { !$0.requires.isEmpty }.count == 4)
        #expect(lazy.filter { !$0.requires.isEmpty }.map(\.identity.title) == ["libfoo.amd64:1.0-1"])
        let baseline = try #require(PredefinedBaselines.named("AWS-DebianDefaultPatchBaseline"))
        for profile in [EvaluationProfile.standard, try #require(EvaluationProfile.named("agent-1.80"))] {
            let scanner = NodeScanner(baseline: baseline, at: Instant(year: 2030, month: 1, day: 1), profile: profile)
            let node = NodeState(os: .debian, product: "Debian12", inventory: inventory)
            let a = scanner.scan(node, AvailableContent(packages: full, notices: []))
            let b = scanner.scan(node, AvailableContent(packages: lazy, notices: []))
            #expect(Array(a.records) == Array(b.records))
            #expect(a.summary == b.summary)
            #expect(a.summary.notApplicableCount == 1)  // `unrelated`, approved, not installed
        }
    }
}

/// A large index is read in pieces split at blank lines: the pieces joined must be the
/// one-pass result, and an error in a later piece must name the line one pass names.
@Suite("Packages in pieces")
struct PackagesInPiecesTests {
    static let release = AptRelease(origin: "Debian", label: "Debian", suite: "stable", codename: "bookworm", date: nil)

    static func index(_ count: Int) -> String {
        (0..<count).map { k in
            "Package: p\(k)\nVersion: 1.\(k)-1\nArchitecture: amd64\nPriority: optional\nProvides: v\(k % 3) (= 1)\n"
                + "Description: package \(k)\n a continuation\n .\n more\n" + (k % 5 == 0 ? "\n\n" : "\n")
        }.joined()
    }

    func parse(_ text: String, pieceBytes: Int, threads: Int) throws -> [AvailablePackage] {
        var text = text
        return try text.withUTF8 {
            try AptListsImporter.parsePackagesInParallel(bytes: $0, file: "P", release: Self.release, repository: "bookworm",
                                                         requirementsOf: nil, pieceBytes: pieceBytes, threads: threads)
        }
    }

    @Test("pieces of any size on 1 to 8 threads give the one-pass packages", arguments: [1, 2, 3, 8])
    func joined(threads: Int) throws {
        let text = Self.index(400)
        let whole = try parse(text, pieceBytes: Int.max, threads: 1)
        #expect(whole.count == 400)
        for piece in [150, 1_000, 9_999] {
            let pieces = try parse(text, pieceBytes: piece, threads: threads)
            #expect(pieces == whole, "pieces of \(piece) bytes on \(threads) threads")
        }
    }

    @Test("an error in a later piece names the line a single pass names")
    func errorLine() throws {
        let text = Self.index(300) + "Package: broken\nno colon\n" + Self.index(10)
        var expected = ""
        do { _ = try parse(text, pieceBytes: Int.max, threads: 1) } catch let e as InputError { expected = e.description }
        #expect(expected.contains("P: line \(text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex(of: "no colon").map { $0 + 1 } ?? 0):"))
        do {
            _ = try parse(text, pieceBytes: 500, threads: 4)
            Issue.record("the broken stanza was accepted")
        } catch let e as InputError {
            #expect(e.description == expected)
        }
    }
}
