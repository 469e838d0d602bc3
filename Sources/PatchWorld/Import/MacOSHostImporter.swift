import PatchModel

/// What a real macOS host has and is offered, from the outputs of its own tools ([MAC-1]):
/// installed packages from `pkgutil --pkgs` (or `pkgutil --pkg-info` blocks, which carry
/// versions), `brew list --versions` and `brew list --cask --versions`; offered updates
/// from `softwareupdate --list` and `brew outdated --verbose` (formulae or casks).
/// Every installed package is also offered at its own version by its package manager, so
/// its CLASSIFICATION (the manager, [AGT-1]) is known.
public struct MacOSHost: Sendable {
    public var inventory: Inventory
    public var offers: [AvailablePackage]

    public static let repositoryName = "macos-host"

    public init(pkgutil: String? = nil, brew: String? = nil, brewCask: String? = nil, softwareUpdate: String? = nil,
                brewOutdated: String? = nil, brewCaskOutdated: String? = nil, files: [String: String] = [:]) throws {
        var installed: [InstalledPackage] = []
        var offers: [AvailablePackage] = []
        func add(_ name: String, _ version: MacOSVersion, _ manager: PackageTooling) {
            let identity = PackageIdentity(name: name, arch: "", version: .macOS(version))
            installed.append(InstalledPackage(identity: identity, macOSPackageManager: manager))
            offers.append(AvailablePackage(identity: identity, repository: Self.repositoryName, macOSPackageManager: manager))
        }
        func offer(_ name: String, _ version: MacOSVersion, _ manager: PackageTooling) {
            offers.append(AvailablePackage(identity: PackageIdentity(name: name, arch: "", version: .macOS(version)),
                                           repository: Self.repositoryName, macOSPackageManager: manager))
        }
        if let text = pkgutil { for (n, v) in try Self.parsePkgutil(text, file: files["pkgutil"] ?? "pkgutil") { add(n, v, .installer) } }
        if let text = brew { for (n, v) in try Self.parseBrewList(text, file: files["brew"] ?? "brew list") { add(n, v, .brew) } }
        if let text = brewCask { for (n, v) in try Self.parseBrewList(text, file: files["brewCask"] ?? "brew list --cask") { add(n, v, .brewCask) } }
        if let text = softwareUpdate {
            for (n, v) in try Self.parseSoftwareUpdateList(text, file: files["softwareUpdate"] ?? "softwareupdate --list") {
                // softwareupdate lists updates of installed software only; when nothing else
                // names its installed version, it is below the offered one.
                if !installed.contains(where: { $0.name == n }) {
                    installed.append(InstalledPackage(identity: PackageIdentity(name: n, arch: "", version: .macOS(MacOSVersion(numbers: [0]))),
                                                      macOSPackageManager: .softwareupdate))
                }
                offer(n, v, .softwareupdate)
            }
        }
        for (text, key, manager) in [(brewOutdated, "brewOutdated", PackageTooling.brew), (brewCaskOutdated, "brewCaskOutdated", .brewCask)] {
            guard let text else { continue }
            for (n, current, newest) in try Self.parseBrewOutdated(text, file: files[key] ?? "brew outdated") {
                if !installed.contains(where: { $0.name == n }) { add(n, current, manager) }
                offer(n, newest, manager)
            }
        }
        self.inventory = Inventory(installed)
        self.offers = offers
    }

    static func version(_ text: Substring, file: String, line: Int) throws -> MacOSVersion {
        guard let v = MacOSVersion(String(text)) else {
            throw InputError(file: file, location: .line(line), found: "'\(text.prefix(60))'", allowed: "a version")
        }
        return v
    }

    /// `pkgutil --pkgs` (one package id a line) or `pkgutil --pkg-info` output (blocks of
    /// `package-id:` and `version:` lines). An id without a version is at version 0.
    public static func parsePkgutil(_ text: String, file: String) throws -> [(String, MacOSVersion)] {
        var result: [(String, MacOSVersion)] = []
        var pending: String? = nil
        for (k, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingWhitespace
            if line.isEmpty { continue }
            if line.hasPrefix("package-id:") {
                if let p = pending { result.append((p, MacOSVersion(numbers: [0]))) }
                pending = line.dropFirst("package-id:".count).trimmingWhitespace
            } else if line.hasPrefix("version:") {
                guard let p = pending else {
                    throw InputError(file: file, location: .line(k + 1), found: "a version before any package-id", allowed: "pkgutil --pkg-info blocks")
                }
                result.append((p, try version(Substring(line.dropFirst("version:".count).trimmingWhitespace), file: file, line: k + 1)))
                pending = nil
            } else if line.contains(":") {
                continue  // other --pkg-info fields: volume, location, install-time
            } else {
                guard !line.contains(" ") else {
                    throw InputError(file: file, location: .line(k + 1), found: "'\(line.prefix(60))'", allowed: "a package id (pkgutil --pkgs) or pkgutil --pkg-info fields")
                }
                if let p = pending { result.append((p, MacOSVersion(numbers: [0]))) }
                pending = nil
                result.append((line, MacOSVersion(numbers: [0])))
            }
        }
        if let p = pending { result.append((p, MacOSVersion(numbers: [0]))) }
        return result
    }

    /// `brew list --versions`: `name version [version...]`; the newest version counts.
    public static func parseBrewList(_ text: String, file: String) throws -> [(String, MacOSVersion)] {
        var result: [(String, MacOSVersion)] = []
        for (k, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let words = raw.split(separator: " ")
            if words.isEmpty { continue }
            guard words.count >= 2 else {
                throw InputError(file: file, location: .line(k + 1), found: "'\(raw.prefix(60))'", allowed: "'name version' (brew list --versions)")
            }
            let versions = try words.dropFirst().map { try version($0, file: file, line: k + 1) }
            guard let newest = versions.max(by: { MacOSVersion.compare($0, $1) < 0 }) else { continue }
            result.append((String(words[0]), newest))
        }
        return result
    }

    /// `softwareupdate --list`: macOS 11+ (`* Label: X` then `Title: T, Version: V, ...`)
    /// and the older form (`   * LABEL` then a tab and `Title (Version), size`).
    public static func parseSoftwareUpdateList(_ text: String, file: String) throws -> [(String, MacOSVersion)] {
        var result: [(String, MacOSVersion)] = []
        var expectingDetail = false
        for (k, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingWhitespace
            if line.hasPrefix("*") { expectingDetail = true; continue }
            guard expectingDetail, !line.isEmpty else { continue }
            expectingDetail = false
            if line.hasPrefix("Title:") {
                let fields = line.split(separator: ",").map { $0.trimmingWhitespace }
                guard let title = fields.first?.dropFirst("Title:".count).trimmingWhitespace,
                      let v = fields.first(where: { $0.hasPrefix("Version:") })?.dropFirst("Version:".count).trimmingWhitespace else {
                    throw InputError(file: file, location: .line(k + 1), found: "'\(line.prefix(60))'", allowed: "'Title: T, Version: V, ...'")
                }
                result.append((title, try version(Substring(v), file: file, line: k + 1)))
            } else if let open = line.lastIndex(of: "("), let close = line[open...].firstIndex(of: ")") {
                let title = line[..<open].trimmingWhitespace
                result.append((title, try version(line[line.index(after: open)..<close], file: file, line: k + 1)))
            } else {
                throw InputError(file: file, location: .line(k + 1), found: "'\(line.prefix(60))'", allowed: "an update's title and version")
            }
        }
        return result
    }

    /// `brew outdated --verbose`: `name (installed[, installed...]) < newest` (casks print
    /// `!=` instead of `<` for their version).
    public static func parseBrewOutdated(_ text: String, file: String) throws -> [(String, MacOSVersion, MacOSVersion)] {
        var result: [(String, MacOSVersion, MacOSVersion)] = []
        for (k, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingWhitespace
            if line.isEmpty { continue }
            guard let open = line.firstIndex(of: "("), let close = line[open...].firstIndex(of: ")"),
                  let op = line[close...].range(of: "<") ?? line[close...].range(of: "!=") else {
                throw InputError(file: file, location: .line(k + 1), found: "'\(line.prefix(60))'", allowed: "'name (installed) < newest' (brew outdated --verbose)")
            }
            let name = line[..<open].trimmingWhitespace
            let installed = try line[line.index(after: open)..<close].split(separator: ",").map { try version(Substring($0.trimmingWhitespace), file: file, line: k + 1) }
            guard let current = installed.max(by: { MacOSVersion.compare($0, $1) < 0 }) else { continue }
            result.append((name, current, try version(Substring(line[op.upperBound...].trimmingWhitespace), file: file, line: k + 1)))
        }
        return result
    }
}

/// Reading the tools' output files.
public enum MacOSHostImporter {
    public static func text(_ path: String) throws -> String { try FileBytes.text(path) }
}
