import Foundation
import PatchModel

/// Imports `updateinfo.xml` (uncompressed): each `<update>` becomes an `UpdateNotice`
/// with its type, severity, issued and updated dates, id, CVE and Bugzilla references
/// and package list ([MD-1]). Dates may be `2021-03-02 17:35:00`, ISO 8601 or seconds
/// since 1970 (all three occur in real repositories). A notice is published at its
/// `updated` date, else `issued`, else `fallbackPublished`.
public enum UpdateInfoImporter {
    public static func parse(_ data: Data, file: String) throws -> [UpdateNotice] {
        let reader = Reader(file: file)
        try reader.read(data)
        return reader.notices
    }

    public static func importFile(_ path: String, into repository: inout Repository, fallbackPublished: Instant = .epoch) throws {
        let data = Data(try FileBytes.read(path))
        for n in try parse(data, file: path) {
            repository.publish(n, at: n.updated ?? n.issued ?? fallbackPublished)
        }
    }

    /// The date forms found in the wild.
    static func parseDate(_ text: String) -> Instant? {
        let t = text.trimmingWhitespace
        if let seconds = Int64(t) { return Instant(checkedSecondsSinceEpoch: seconds) }
        if let i = Instant(iso8601: t) { return i }
        // `2021-03-02 17:35` (no seconds) and `2021-03-02 17:35:00 UTC`.
        if t.hasSuffix(" UTC") { return Instant(iso8601: String(t.dropLast(4))) }
        return nil
    }

    final class Reader: XMLDocumentReader {
        var notices: [UpdateNotice] = []
        var sawRoot = false
        var current: UpdateNotice? = nil
        var updateLine = 0

        override func start(_ element: String, _ a: [String: String]) throws {
            if !sawRoot {
                guard element == "updates" else {
                    throw error(element, "root element is <\(element)>; an updateinfo.xml has <updates>")
                }
                sawRoot = true
                return
            }
            switch element {
            case "update":
                guard let type = a["type"], !type.isEmpty else { throw error(element, "missing type attribute") }
                current = UpdateNotice(id: "", classification: Self.classification(type))
                updateLine = line
            case "issued", "updated":
                guard current != nil, let raw = a["date"] else { return }
                guard let date = UpdateInfoImporter.parseDate(raw) else {
                    throw error(element, "date '\(raw)' is not a date (allowed: 'YYYY-MM-DD hh:mm:ss', ISO 8601 or epoch seconds, \(Instant.supportedYears))")
                }
                if element == "issued" { current?.issued = date } else { current?.updated = date }
                if Int64(raw.trimmingWhitespace) == nil { current?.datesInEpochForm = false }
            case "reference":
                guard current != nil, let id = a["id"] else { return }
                switch a["type"]?.lowercased() {
                case "cve": current?.cveIds.append(id)
                case "bugzilla": current?.bugzillaIds.append(id)
                default: break
                }
            case "package":
                guard current != nil else { return }
                guard let name = a["name"], let arch = a["arch"], let ver = a["version"] else {
                    throw error(element, "package lacks name, arch or version")
                }
                let v = RPMVersion(epoch: a["epoch"].flatMap { $0.isEmpty ? nil : $0 } ?? "0", version: ver, release: a["release"] ?? "")
                current?.packages.append(PackageIdentity(name: name, arch: arch, version: .rpm(v)))
            default:
                break
            }
        }

        override func end(_ element: String, text: String) throws {
            guard current != nil else { return }
            switch element {
            case "id": current?.id = text
            case "title": current?.title = text
            case "severity": current?.severity = text.isEmpty ? nil : Self.capitalised(text)
            case "reboot_suggested": current?.rebootSuggested = ["true", "1", "yes"].contains(text.lowercased())
            case "update":
                guard let notice = current, !notice.id.isEmpty else {
                    throw InputError(file: file, location: .element("update", line: updateLine), message: "update lacks <id>")
                }
                notices.append(notice)
                current = nil
            default: break
            }
        }

        override func finish() throws {
            guard sawRoot else { throw InputError(file: file, message: "empty document; an updateinfo.xml has <updates>") }
        }

        /// `security` → `Security`, `newpackage` → `Newpackage`: the vocabulary's spelling
        /// (matching is case-insensitive anyway, §0).
        static func classification(_ type: String) -> String { capitalised(type) }

        static func capitalised(_ s: String) -> String {
            guard let f = s.first else { return s }
            return f.uppercased() + s.dropFirst().lowercased()
        }
    }
}
