import Foundation
import PatchModel

/// The `Release`/`InRelease` facts that say what a pocket is.
public struct AptRelease: Sendable {
    public var origin: String?
    public var label: String?
    public var suite: String?
    public var codename: String?
    public var date: Instant?

    /// The archive name the service reports (§2.3): the codename or suite that names the
    /// pocket (`bookworm-security` is Debian's Codename, whose Suite is the moving
    /// `oldstable-security`; `focal-security` is Ubuntu's Suite, whose Codename is `focal`).
    public var archive: String {
        let pocketSuffixes = ["-security", "-updates", "-backports", "-proposed"]
        for candidate in [codename, suite].compactMap({ $0 }) where pocketSuffixes.contains(where: candidate.hasSuffix) {
            return candidate
        }
        return codename ?? suite ?? "unknown"
    }

    /// Parses a Release file, or the clear-signed InRelease (its signature is not checked:
    /// apt already did when it wrote the file).
    public static func parse(_ text: String, file: String) throws -> AptRelease {
        var body = text
        if text.hasPrefix("-----BEGIN PGP SIGNED MESSAGE-----") {
            // Skip the armor header block (up to the first blank line), stop at the signature.
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            var k = 0
            while k < lines.count && !lines[k].trimmingWhitespace.isEmpty { k += 1 }
            var kept: [Substring] = []
            k += 1
            while k < lines.count && !lines[k].hasPrefix("-----BEGIN PGP SIGNATURE-----") {
                kept.append(lines[k].hasPrefix("- ") ? lines[k].dropFirst(2) : lines[k])
                k += 1
            }
            body = kept.joined(separator: "\n")
        }
        guard let stanza = try Deb822.parse(body, file: file).first else {
            throw InputError(file: file, message: "empty Release file")
        }
        guard stanza["Suite"] != nil || stanza["Codename"] != nil else {
            throw InputError(file: file, location: .line(stanza.firstLine),
                             found: "no Suite or Codename field", allowed: "a Release file of an APT archive")
        }
        // apt refuses a Release file whose Date it cannot read ("Invalid 'Date' entry").
        var date: Instant? = nil
        if let raw = stanza["Date"] {
            guard let d = RFC2822Date.parse(raw) else {
                throw InputError(file: file, location: .field("Date", line: stanza.line(of: "Date")), found: "'\(InputError.cut(raw))'",
                                 allowed: "an RFC 2822 date such as 'Sat, 21 Nov 2026 08:14:23 UTC', \(Instant.supportedYears)")
            }
            date = d
        }
        return AptRelease(origin: stanza["Origin"], label: stanza["Label"], suite: stanza["Suite"],
                          codename: stanza["Codename"], date: date)
    }
}

/// Imports Debian/Ubuntu/Raspbian `Packages` indexes with their `Release`/`InRelease`
/// files, as found in `/var/lib/apt/lists` (plain or LZ4-compressed). Each pocket
/// becomes one repository whose packages are published at the Release file's `Date`
/// (or `fallbackPublished` when it has none).
public enum AptListsImporter {
    /// Parses one `Packages` index.
    /// - Parameter requirementsOf: when given, `Depends`/`Pre-Depends` are read only for the
    ///   versions this inventory has installed (a scan reads none; apt's breaks check,
    ///   [AGT-5], reads only those), which saves most of a 60,000-package index's parse.
    ///   Nil reads every version's, as Install's dependency resolution needs.
    public static func parsePackages(_ text: String, file: String, release: AptRelease, repository: String,
                                     requirementsOf inventory: Inventory? = nil) throws -> [AvailablePackage] {
        var text = text
        return try text.withUTF8 { try parsePackages(bytes: $0, file: file, release: release, repository: repository, requirementsOf: inventory) }
    }

    /// The fields a Packages stanza is read for; the raw value is the slot.
    enum Field: Int, CaseIterable {
        case package, version, architecture, priority, section, depends, preDepends, provides

        var name: StaticString {
            switch self {
            case .package: "Package"
            case .version: "Version"
            case .architecture: "Architecture"
            case .priority: "Priority"
            case .section: "Section"
            case .depends: "Depends"
            case .preDepends: "Pre-Depends"
            case .provides: "Provides"
            }
        }
    }

    /// On the index's bytes: a stanza's kept fields stay byte ranges until it is complete,
    /// and only they become strings (descriptions and checksums are most of the bytes).
    static func parsePackages(bytes: UnsafeBufferPointer<UInt8>, file: String, release: AptRelease, repository: String,
                              requirementsOf inventory: Inventory?) throws -> [AvailablePackage] {
        struct Slot { var range: Range<Int>? = nil; var folded: String? = nil; var line = 0 }
        var result: [AvailablePackage] = []
        result.reserveCapacity(bytes.count / 600)  // Debian's stanzas average about 800 bytes
        var reader = Deb822Reader(bytes, file: file)
        var slots = [Slot](repeating: Slot(), count: Field.allCases.count)
        var firstLine = 0
        var continuing: Field? = nil  // the slot a continuation line extends
        func value(_ f: Field) -> String? {
            if let folded = slots[f.rawValue].folded { return folded }
            return slots[f.rawValue].range.map(reader.string)
        }
        func required(_ f: Field) throws -> String {
            guard let v = value(f), !v.isEmpty else {
                throw InputError(file: file, location: .line(firstLine), message: "stanza lacks the '\(f.name)' field (truncated?)")
            }
            return v
        }
        let pocket = DebianPackageFields(archive: release.archive, origin: release.origin, label: release.label)
        while let line = try reader.next() {
            switch line {
            case .field(let name, let v):
                if firstLine == 0 { firstLine = reader.lineNumber }
                continuing = nil
                if let f = Field.allCases.first(where: { reader.equals(name, $0.name) }), slots[f.rawValue].range == nil {
                    slots[f.rawValue] = Slot(range: v, line: reader.lineNumber)  // the first wins
                    continuing = f
                }
            case .continuation(let v):
                guard let f = continuing else { continue }
                let more = reader.string(v)
                slots[f.rawValue].folded = (value(f) ?? "") + "\n" + (more == "." ? "" : more)
            case .paragraphEnd:
                let name = try required(.package), versionText = try required(.version), arch = try required(.architecture)
                let versionSlot = slots[Field.version.rawValue]
                let parsed: DebianVersion? = versionSlot.folded == nil
                    ? versionSlot.range.flatMap { DebianVersion(lenient: UnsafeBufferPointer(rebasing: bytes[$0])) }
                    : DebianVersion(lenient: versionText)
                guard let version = parsed else {
                    throw InputError(file: file, location: .field("Version", line: versionSlot.line),
                                     message: "invalid Debian version '\(versionText)'")
                }
                var requires: [PackageRequirement] = []
                if inventory.map({ $0.package(named: name, arch: arch)?.version == .deb(version) }) ?? true {
                    requires = parseDepends(value(.preDepends)) + parseDepends(value(.depends))
                }
                let provides = parseProvides(value(.provides))
                var debian = pocket
                debian.priority = value(.priority)
                debian.section = value(.section)
                result.append(AvailablePackage(
                    identity: PackageIdentity(name: name, arch: arch, version: .deb(version)),
                    repository: repository, requires: requires, provides: provides, debian: debian))
                for k in slots.indices { slots[k] = Slot() }
                firstLine = 0
                continuing = nil
            }
        }
        return result
    }

    /// A large index read in pieces on every core: split at blank lines (where a stanza
    /// ends, so each piece reads exactly as it would in one pass) and joined in order, so
    /// the result is the one-pass result. A piece's line numbers start at its own first
    /// line, so on any error the whole index is read again in one pass for the exact one.
    static func parsePackagesInParallel(bytes: UnsafeBufferPointer<UInt8>, file: String, release: AptRelease, repository: String,
                                        requirementsOf inventory: Inventory?, pieceBytes: Int = 4 << 20,
                                        threads: Int = ProcessInfo.processInfo.activeProcessorCount) throws -> [AvailablePackage] {
        let pieces = min(max(threads, 1), 8, bytes.count / max(pieceBytes, 1))
        var starts = [0]
        if pieces > 1, let base = bytes.baseAddress {
            for k in 1..<pieces {
                var p = max(starts[starts.count - 1], bytes.count / pieces * k)
                // The next empty line: "\n\n".
                while let hit = memchr(base + p, 0x0A, bytes.count - p) {
                    p = base.distance(to: hit.assumingMemoryBound(to: UInt8.self)) + 1
                    if p < bytes.count && bytes[p] == 0x0A { starts.append(p + 1); break }
                }
            }
        }
        starts.append(bytes.count)
        guard starts.count > 2 else {
            return try parsePackages(bytes: bytes, file: file, release: release, repository: repository, requirementsOf: inventory)
        }
        struct Shared: @unchecked Sendable { let bytes: UnsafeBufferPointer<UInt8> }  // read-only for the call's duration
        let shared = Shared(bytes: bytes), ranges = zip(starts, starts.dropFirst()).map { $0..<$1 }
        do {
            return try ParallelMap.run(ranges.count, threads: max(threads, 1)) { k in
                try parsePackages(bytes: UnsafeBufferPointer(rebasing: shared.bytes[ranges[k]]), file: file, release: release,
                                  repository: repository, requirementsOf: inventory)
            }.flatMap { $0 }
        } catch {
            return try parsePackages(bytes: bytes, file: file, release: release, repository: repository, requirementsOf: inventory)
        }
    }

    /// `Provides:` as capabilities: `foo (= 1.0), bar`, versioned only with `=` (dpkg's rule).
    static func parseProvides(_ field: String?) -> [PackageCapability] {
        guard let field, !field.isEmpty else { return [] }
        return parseDepends(field).compactMap { r -> PackageCapability? in
            guard let a = r.alternatives.first else { return nil }
            return PackageCapability(name: a.name, version: a.relation == .equal ? a.version : nil)
        }
    }

    /// `Depends:` as requirements: every clause, each with its alternatives (`a | b`) and
    /// relations (`<<`, `<=`, `=`, `>=`, `>>`; the obsolete `<` and `>` mean `<=` and `>=`);
    /// architecture qualifiers (`:any`, `[amd64]`) are dropped.
    static func parseDepends(_ field: String?) -> [PackageRequirement] {
        guard var field else { return [] }
        // On bytes: Character-wise splitting of every Depends line dominated import time.
        return field.withUTF8 { b in
            var result: [PackageRequirement] = []
            func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A }
            func text(_ s: Int, _ e: Int) -> String {
                var s = s, e = e
                while s < e && isSpace(b[s]) { s += 1 }
                while e > s && isSpace(b[e - 1]) { e -= 1 }
                return String(decoding: UnsafeBufferPointer(rebasing: b[s..<e]), as: UTF8.self)
            }
            func alternative(_ s: Int, _ e: Int) -> PackageRequirement.Alternative? {
                var nameEnd = s
                while nameEnd < e && b[nameEnd] != UInt8(ascii: "(") && b[nameEnd] != UInt8(ascii: ":") && b[nameEnd] != UInt8(ascii: "[") { nameEnd += 1 }
                let name = text(s, nameEnd)
                guard !name.isEmpty else { return nil }
                guard let open = (s..<e).first(where: { b[$0] == UInt8(ascii: "(") }) else { return .init(name: name) }
                var s = open + 1, e = (open..<e).first(where: { b[$0] == UInt8(ascii: ")") }) ?? e
                while s < e && isSpace(b[s]) { s += 1 }
                while e > s && isSpace(b[e - 1]) { e -= 1 }
                for (op, relation) in Self.relations where e - s >= op.utf8.count && b[s..<(s + op.utf8.count)].elementsEqual(op.utf8) {
                    // The parser trims the blanks around the version itself.
                    var vs = s + op.utf8.count, ve = e
                    while vs < ve && (isSpace(b[vs]) || b[vs] == 0x0D) { vs += 1 }
                    while ve > vs && (isSpace(b[ve - 1]) || b[ve - 1] == 0x0D) { ve -= 1 }
                    let version = DebianVersion(lenient: UnsafeBufferPointer(rebasing: b[vs..<ve])).map { PackageVersion.deb($0) }
                    return .init(name: name, relation: relation, version: version)
                }
                return .init(name: name)
            }
            var clauseStart = 0
            var k = 0
            while k <= b.count {
                if k < b.count && b[k] != UInt8(ascii: ",") { k += 1; continue }
                // One clause [clauseStart, k): its alternatives, split at `|`.
                var alternatives: [PackageRequirement.Alternative] = []
                var s = clauseStart
                var e = clauseStart
                while e <= k {
                    if e == k || b[e] == UInt8(ascii: "|") {
                        if let a = alternative(s, e) { alternatives.append(a) }
                        s = e + 1
                    }
                    e += 1
                }
                if !alternatives.isEmpty { result.append(PackageRequirement(alternatives: alternatives)) }
                k += 1
                clauseStart = k
            }
            return result
        }
    }

    /// Two-character operators first, so `<=` is not read as `<`.
    static let relations: [(String, PackageRequirement.Relation)] = [
        ("<<", .lessThan), ("<=", .lessOrEqual), (">=", .greaterOrEqual), (">>", .greaterThan), ("=", .equal),
        ("<", .lessOrEqual), (">", .greaterOrEqual),
    ]

    /// Imports a lists directory: every `*_Packages[.lz4]` matched to the
    /// `*_InRelease`/`*_Release` file whose name is its longest prefix.
    public static func importDirectory(_ directory: String, os: OperatingSystem, products: [String] = [],
                                       fallbackPublished: Instant = .epoch, requirementsOf inventory: Inventory? = nil) throws -> [Repository] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        } catch {
            throw InputError(file: directory.isEmpty ? "<empty path>" : directory, message: FileProblem.describeFolder(directory))
        }
        let releaseFiles = names.filter { $0.hasSuffix("_InRelease") || $0.hasSuffix("_Release") }
        let packageFiles = names.filter { $0.hasSuffix("_Packages") || $0.hasSuffix("_Packages.lz4") }
        guard !packageFiles.isEmpty else {
            throw InputError(file: directory, found: "no *_Packages or *_Packages.lz4 files",
                             allowed: "an apt lists directory such as /var/lib/apt/lists (run apt-get update first)")
        }
        var repositories: [String: Repository] = [:]
        var order: [String] = []
        for packagesName in packageFiles {
            let releaseName = releaseFiles
                .filter { packagesName.hasPrefix($0.replacingOccurrences(of: $0.hasSuffix("_InRelease") ? "InRelease" : "Release", with: "")) }
                .max { $0.count < $1.count }
            guard let releaseName else {
                throw InputError(file: "\(directory)/\(packagesName)", message: "no matching InRelease or Release file in \(directory)")
            }
            let releasePath = "\(directory)/\(releaseName)"
            let release = try AptRelease.parse(try FileBytes.text(releasePath), file: releasePath)
            let key = release.archive
            if repositories[key] == nil {
                repositories[key] = Repository(name: key, os: os, products: products)
                order.append(key)
            }
            let path = "\(directory)/\(packagesName)"
            let packages = try FileBytes.contents(path).withUnsafeBufferPointer {
                try parsePackagesInParallel(bytes: $0, file: path, release: release, repository: key, requirementsOf: inventory)
            }
            let published = release.date ?? fallbackPublished
            repositories[key]?.publish(contentsOf: packages, at: published)
        }
        return order.compactMap { repositories[$0] }
    }
}
