import Foundation
import PatchModel

/// Imports an RPM repository's `primary.xml` (uncompressed): every `<package type="rpm">`
/// with its NEVRA, build and file times, and `rpm:requires` entries that carry a
/// version (`flags="GE"`/`"EQ"`/`"GT"`). A package is published at its `time@file`
/// (when it entered the repository), else `time@build`, else `fallbackPublished`.
public enum RPMPrimaryImporter {
    public struct Entry: Sendable {
        public var package: AvailablePackage
        public var published: Instant?
    }

    public static func parse(_ data: Data, file: String, repository: String) throws -> [Entry] {
        let reader = Reader(file: file, repository: repository)
        try reader.read(data)
        return reader.entries
    }

    public static func importFile(_ path: String, into repository: inout Repository, fallbackPublished: Instant = .epoch) throws {
        let data = Data(try FileBytes.read(path))
        for e in try parse(data, file: path, repository: repository.name) {
            repository.publish(e.package, at: e.published ?? fallbackPublished)
        }
    }

    final class Reader: XMLDocumentReader {
        static let relations: [String: PackageRequirement.Relation] = [
            "LT": .lessThan, "LE": .lessOrEqual, "EQ": .equal, "GE": .greaterOrEqual, "GT": .greaterThan,
        ]
        let repository: String
        var entries: [Entry] = []
        var sawRoot = false
        var inPackage = false
        var inRequires = false
        var inProvides = false
        var name = "", arch = ""
        var version: RPMVersion? = nil
        var buildTime: Instant? = nil, fileTime: Instant? = nil
        var requires: [PackageRequirement] = []
        var provides: [PackageCapability] = []
        var packageLine = 0

        init(file: String, repository: String) {
            self.repository = repository
            super.init(file: file)
        }

        override func start(_ element: String, _ a: [String: String]) throws {
            if !sawRoot {
                guard element == "metadata" else {
                    throw error(element, "root element is <\(element)>; a primary.xml has <metadata>")
                }
                sawRoot = true
                return
            }
            switch element {
            case "package":
                inPackage = a["type"].map { $0 == "rpm" } ?? true
                name = ""; arch = ""; version = nil; buildTime = nil; fileTime = nil; requires = []; provides = []
                packageLine = line
            case "version" where inPackage && !inRequires && !inProvides:
                guard let ver = a["ver"], !ver.isEmpty else { throw error(element, "missing ver attribute") }
                version = RPMVersion(epoch: a["epoch"].flatMap { $0.isEmpty ? nil : $0 } ?? "0", version: ver, release: a["rel"] ?? "")
            case "time" where inPackage:
                func time(_ attribute: String) throws -> Instant? {
                    guard let raw = a[attribute] else { return nil }
                    guard let t = Int64(raw).flatMap(Instant.init(checkedSecondsSinceEpoch:)) else {
                        throw error(element, "\(attribute)='\(InputError.cut(raw))' is not seconds since 1970 (\(Instant.supportedYears))")
                    }
                    return t
                }
                fileTime = try time("file")
                buildTime = try time("build")
            case "rpm:requires":
                inRequires = true
            case "rpm:provides":
                inProvides = true
            case "rpm:entry" where inRequires:
                // A requirement with its relation (LT, LE, EQ, GE, GT), resolved through
                // package names and provided capabilities ([LNX-1] step 9).
                guard let n = a["name"], !n.hasPrefix("rpmlib("), !n.hasPrefix("/") else { return }
                let relation = a["flags"].flatMap { Self.relations[$0] }
                let version = a["ver"].map { PackageVersion.rpm(RPMVersion(epoch: a["epoch"] ?? "0", version: $0, release: a["rel"])) }
                requires.append(PackageRequirement(alternatives: [.init(name: n, relation: relation, version: version)]))
            case "rpm:entry" where inProvides:
                guard let n = a["name"], n != name else { return }
                let version = a["ver"].map { PackageVersion.rpm(RPMVersion(epoch: a["epoch"] ?? "0", version: $0, release: a["rel"])) }
                provides.append(PackageCapability(name: n, version: a["flags"] == "EQ" ? version : nil))
            default:
                break
            }
        }

        override func end(_ element: String, text: String) throws {
            guard inPackage else { return }
            switch element {
            case "name" where stack.count >= 2 && stack[stack.count - 2] == "package": name = text
            case "arch" where stack.count >= 2 && stack[stack.count - 2] == "package": arch = text
            case "rpm:requires": inRequires = false
            case "rpm:provides": inProvides = false
            case "package":
                guard !name.isEmpty, !arch.isEmpty, let version else {
                    throw InputError(file: file, location: .element("package", line: packageLine),
                                     message: "package lacks <name>, <arch> or <version> (truncated?)")
                }
                let identity = PackageIdentity(name: name, arch: arch, version: .rpm(version))
                entries.append(Entry(
                    package: AvailablePackage(identity: identity, repository: repository, requires: requires, provides: provides, buildTime: buildTime),
                    published: fileTime ?? buildTime))
                inPackage = false
            default: break
            }
        }

        override func finish() throws {
            guard sawRoot else { throw InputError(file: file, message: "empty document; a primary.xml has <metadata>") }
        }
    }
}
