import PatchModel

/// Imports an inventory from a dpkg status file (`/var/lib/dpkg/status`). Only entries
/// whose `Status` is `install ok installed` count: removed packages with config files
/// left (`deinstall ok config-files`) and half-installed ones are not installed.
public enum DpkgStatusImporter {
    public static func importFile(_ path: String) throws -> Inventory {
        try parse(try FileBytes.text(path), file: path)
    }

    public static func parse(_ text: String, file: String) throws -> Inventory {
        var packages: [InstalledPackage] = []
        for stanza in try Deb822.parse(text, file: file) {
            let name = try Deb822.require(stanza, "Package", file: file)
            let status = try Deb822.require(stanza, "Status", file: file)
            let words = status.split(separator: " ")
            guard words.count == 3 else {
                throw InputError(file: file, location: .field("Status", line: stanza.line(of: "Status")),
                                 found: "'\(status)'", allowed: "'want flag state', e.g. 'install ok installed'")
            }
            guard words[0] == "install", words[1] == "ok", words[2] == "installed" else { continue }
            let versionText = try Deb822.require(stanza, "Version", file: file)
            let arch = try Deb822.require(stanza, "Architecture", file: file)
            guard let version = DebianVersion(lenient: versionText) else {
                throw InputError(file: file, location: .field("Version", line: stanza.line(of: "Version")),
                                 message: "invalid Debian version '\(versionText)' of package \(name)")
            }
            packages.append(InstalledPackage(identity: PackageIdentity(name: name, arch: arch, version: .deb(version))))
        }
        return Inventory(packages)
    }
}

/// Imports an inventory from the output of
/// `rpm -qa --queryformat '%{NAME} %{EPOCHNUM} %{VERSION} %{RELEASE} %{ARCH} %{INSTALLTIME}\n'`.
/// `(none)` is accepted for the epoch (the `%{EPOCH}` tag prints it) and means 0.
/// `gpg-pubkey` entries are rpm's keyring, not packages, and are skipped.
public enum RPMQueryImporter {
    public static func importFile(_ path: String) throws -> Inventory {
        try parse(try FileBytes.text(path), file: path)
    }

    public static func parse(_ text: String, file: String) throws -> Inventory {
        var packages: [InstalledPackage] = []
        var lineNumber = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = rawLine.trimmingWhitespace
            if line.isEmpty || line.hasPrefix("#") { continue }
            let f = line.split(separator: " ", omittingEmptySubsequences: true)
            guard f.count == 6 else {
                throw InputError(file: file, location: .line(lineNumber), found: "\(f.count) fields",
                                 allowed: "6: NAME EPOCHNUM VERSION RELEASE ARCH INSTALLTIME")
            }
            let epochText = f[1] == "(none)" ? "0" : String(f[1])
            guard let epoch = UInt32(epochText) else {
                throw InputError(file: file, location: .line(lineNumber), found: "epoch '\(f[1])'",
                                 allowed: "a non-negative integer or (none)")
            }
            guard let installTime = Int64(f[5]).flatMap(Instant.init(checkedSecondsSinceEpoch:)) else {
                throw InputError(file: file, location: .line(lineNumber), found: "install time '\(InputError.cut(String(f[5])))'",
                                 allowed: "seconds since 1970 (%{INSTALLTIME}), \(Instant.supportedYears)")
            }
            if f[0] == "gpg-pubkey" { continue }
            let version = RPMVersion(epoch: String(epoch), version: String(f[2]), release: String(f[3]))
            packages.append(InstalledPackage(
                identity: PackageIdentity(name: String(f[0]), arch: String(f[4]), version: .rpm(version)),
                installedAt: installTime))
        }
        return Inventory(packages)
    }
}
