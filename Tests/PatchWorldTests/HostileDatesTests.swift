import Foundation
import Testing
@testable import PatchModel
@testable import PatchWorld

/// [21] Dates from every reader are checked into 1970–2999 before calendar arithmetic:
/// each row trapped (overflow) or produced a nonsense instant before.
@Suite("Dates out of range in imported files are located errors")
struct HostileDatesTests {
    static func release(_ date: String) -> String {
        "Origin: Debian\nLabel: Debian\nSuite: stable\nCodename: bookworm\nDate: \(date)\nArchitectures: amd64\n"
    }

    @Test("a Release file's Date: a huge hour, a huge or negative year, a bad zone", arguments: [
        "Sat, 11 Jul 2026 99999999999999999:16:37 UTC",
        "Sat, 11 Jul 9223372036854775807 10:16:37 UTC",
        "Sat, 11 Jul -9223372036854775807 10:16:37 UTC",
        "Sat, 11 Jul 1969 10:16:37 UTC",
        "Sat, 11 Jul 3000 10:16:37 UTC",
        "Sat, 11 Jul 2026 10:99:37 UTC",
        "Sat, 31 Feb 2026 10:16:37 UTC",
    ])
    func releaseDate(_ date: String) {
        #expect(throws: InputError.self) { try AptRelease.parse(Self.release(date), file: "Release") }
        do { _ = try AptRelease.parse(Self.release(date), file: "Release") } catch {
            #expect("\(error)".hasPrefix("Release: line 5: Date: found '"), "\(error)")
            #expect("\(error)".contains("years 1970 to 2999"))
        }
    }

    @Test("a valid Release Date still reads, with its zone")
    func releaseDateValid() throws {
        let r = try AptRelease.parse(Self.release("Sat, 11 Jul 2026 10:16:37 +0200"), file: "Release")
        #expect(r.date == Instant(year: 2026, month: 7, day: 11, hour: 8, minute: 16, second: 37))
    }

    @Test("updateinfo dates: the 64-bit minimum, beyond 2999, year 0000", arguments: [
        "-9223372036854775808", "9223372036854775807", "32503680000", "0000-01-01 00:00:00", "1969-12-31 23:59:59",
    ])
    func updateinfoDate(_ date: String) {
        let doc = "<updates><update type=\"security\"><id>A-1</id><issued date=\"\(date)\"/></update></updates>"
        do {
            _ = try UpdateInfoImporter.parse(Data(doc.utf8), file: "updateinfo.xml")
            Issue.record("accepted \(date)")
        } catch {
            #expect("\(error)".hasPrefix("updateinfo.xml: line 1: <issued>: date '\(date)' is not a date"), "\(error)")
        }
    }

    @Test("primary.xml times and rpm -qa install times out of range", arguments: [
        ("<time file=\"-9223372036854775808\" build=\"1\"/>", "primary.xml: line 1: <time>: file='-9223372036854775808' is not seconds since 1970"),
        ("<time file=\"1\" build=\"99999999999999\"/>", "primary.xml: line 1: <time>: build='99999999999999' is not seconds since 1970"),
    ])
    func primaryTime(_ c: (String, String)) {
        let doc = "<metadata><package type=\"rpm\"><name>a</name><arch>x86_64</arch><version epoch=\"0\" ver=\"1\" rel=\"1\"/>\(c.0)</package></metadata>"
        do {
            _ = try RPMPrimaryImporter.parse(Data(doc.utf8), file: "primary.xml", repository: "r")
            Issue.record("accepted \(c.0)")
        } catch {
            #expect("\(error)".hasPrefix(c.1), "\(error)")
        }
    }

    @Test("rpm -qa INSTALLTIME beyond 2999 or negative", arguments: ["99999999999999", "-1", "9223372036854775808"])
    func rpmInstallTime(_ t: String) {
        do {
            _ = try RPMQueryImporter.parse("bash 0 5.1 1.amzn2 x86_64 \(t)\n", file: "rpm-qa.txt")
            Issue.record("accepted \(t)")
        } catch {
            #expect("\(error)".hasPrefix("rpm-qa.txt: line 1: found install time '\(t)'"), "\(error)")
        }
    }

    @Test("ISO-8601 instants outside 1970–2999 are not instants")
    func iso() {
        for text in ["0000-01-01T00:00:00Z", "0001-01-01", "1969-12-31T23:59:59Z", "3000-01-01T00:00:00Z", "1970-01-01T00:30:00+01:00"] {
            #expect(Instant(iso8601: text) == nil, "\(text)")
        }
        #expect(Instant(iso8601: "2999-12-31T23:59:59Z") != nil)
        #expect(Instant(iso8601: "1970-01-01T00:00:00Z") == .epoch)
    }
}
