import PatchModel

/// One entry of `ApprovedPatches` / `RejectedPatches`, validated per OS ([LST-2]) and
/// matched as [LST-3] says.
public enum PatchListEntry: Equatable, Sendable, CustomStringConvertible {
    /// Bugzilla id (all digits) — YUM/DNF/Zypper.
    case bugzilla(String)
    /// `CVE-2018-1234567`.
    case cve(String)
    /// Advisory or SUSE patch id (`ALAS-2018-123`, `RHSA-2017:0864`, `SUSE-SLE-...`), possibly with one `*`.
    case advisory(String)
    /// A package glob: `name-version-release.arch` (YUM), `name-version-release.arch.rpm`
    /// (SLES), a bare name (APT, macOS); at most one `*`.
    case package(String)
    case kb(WindowsKB)
    case bulletin(MSRCBulletin)

    public var description: String {
        switch self {
        case .bugzilla(let s), .cve(let s), .advisory(let s), .package(let s): return s
        case .kb(let k): return k.description
        case .bulletin(let b): return b.description
        }
    }

    /// Parses an entry for an OS; nil with a reason when the format is not allowed.
    public static func parse(_ text: String, os: OperatingSystem) -> Result<PatchListEntry, ListEntryError> {
        let stars = text.filter { $0 == "*" }.count
        switch os.family {
        case .windows:
            if let kb = WindowsKB(text) { return .success(.kb(kb)) }
            if let b = MSRCBulletin(text) { return .success(.bulletin(b)) }
            return .failure(ListEntryError(message: "'\(text)' is neither a KB id (KB2032276) nor an MSRC bulletin id (MS10-048)"))
        case .macOS:
            guard stars == 0 else { return .failure(ListEntryError(message: "'\(text)': macOS entries are full package names; no wildcards")) }
            return .success(.package(text))
        case .apt:
            guard stars <= 1 else { return .failure(ListEntryError(message: "'\(text)': at most one '*'")) }
            return .success(.package(text))
        case .yumDNF, .zypper:
            guard stars <= 1 else { return .failure(ListEntryError(message: "'\(text)': at most one '*' (found \(stars))")) }
            if !text.isEmpty && text.allSatisfy(\.isNumber) { return .success(.bugzilla(text)) }
            if text.uppercased().hasPrefix("CVE-") { return .success(.cve(text)) }
            if looksLikeAdvisory(text) { return .success(.advisory(text)) }
            return .success(.package(text))
        }
    }

    /// `ALAS-2018-123`, `ALAS2-2021-1594`, `RHSA-2017:0864`, `ELSA-...`, `SUSE-SLE-...`.
    static func looksLikeAdvisory(_ t: String) -> Bool {
        let u = t.uppercased()
        if u.hasPrefix("SUSE-") && !u.hasSuffix(".RPM") { return true }
        let prefixes = ["ALAS", "RHSA-", "RHBA-", "RHEA-", "ELSA-", "ELBA-", "ELEA-", "RLSA-", "RLBA-", "RLEA-", "ALSA-", "ALBA-", "ALEA-", "CESA-", "CEBA-", "CEEA-", "FEDORA-"]
        return prefixes.contains { u.hasPrefix($0) }
    }

    /// Glob with at most one `*` matching any run of characters ([LST-3]).
    public static func glob(_ pattern: String, _ text: String) -> Bool {
        guard let star = pattern.firstIndex(of: "*") else { return pattern == text }
        let prefix = pattern[..<star], suffix = pattern[pattern.index(after: star)...]
        return text.count >= prefix.count + suffix.count && text.hasPrefix(prefix) && text.hasSuffix(suffix)
    }
}

public struct ListEntryError: Error, Equatable, Sendable {
    public var message: String
}
