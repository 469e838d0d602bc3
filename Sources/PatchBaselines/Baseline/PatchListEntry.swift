import PatchModel

/// One entry of `ApprovedPatches` / `RejectedPatches`, validated per OS when a baseline is
/// created ([LST-1], [LST-2]) and matched, by every caller, through `matches(_:...)`
/// ([AGT-2]): the evaluator, Install, the invariants and `explain` ask the same value.
public struct PatchListEntry: Equatable, Sendable, CustomStringConvertible {
    public enum Form: Equatable, Sendable {
        /// Bugzilla id (all digits), CVE id, advisory or SUSE patch id: YUM/DNF/Zypper.
        case bugzilla, cve, advisory
        /// A package spelling or pattern.
        case package
        case kb(WindowsKB)
        case bulletin(MSRCBulletin)
    }

    public let text: String
    public let form: Form
    /// Zypper: the name pattern and version conditions (`name > 1.2-3`), parsed once.
    let zypper: ZypperPattern?

    public var description: String {
        switch form {
        case .kb(let k): return k.description
        case .bulletin(let b): return b.description
        default: return text
        }
    }

    public static func == (a: PatchListEntry, b: PatchListEntry) -> Bool { a.text == b.text && a.form == b.form }

    init(_ text: String, _ form: Form, os: OperatingSystem) {
        self.text = text
        self.form = form
        zypper = form == .package ? ZypperPattern(text) : nil
    }

    /// A package spelling or pattern, unvalidated (tests and built-in baselines).
    public static func package(_ text: String) -> PatchListEntry { PatchListEntry(text, .package, os: .amazonLinux2) }

    /// Parses an entry for an OS; a failure with the reason when [LST-2] does not allow it.
    public static func parse(_ text: String, os: OperatingSystem) -> Result<PatchListEntry, ListEntryError> {
        let stars = text.filter { $0 == "*" }.count
        switch os.family {
        case .windows:
            if let kb = WindowsKB(text) { return .success(PatchListEntry(text, .kb(kb), os: os)) }
            if let b = MSRCBulletin(text) { return .success(PatchListEntry(text, .bulletin(b), os: os)) }
            return .failure(ListEntryError(message: "'\(text)' is neither a KB id (KB2032276) nor an MSRC bulletin id (MS10-048)"))
        case .macOS:
            guard stars == 0 else { return .failure(ListEntryError(message: "'\(text)': macOS entries are full package names; no wildcards")) }
            return .success(PatchListEntry(text, .package, os: os))
        case .apt:
            guard stars <= 1 else { return .failure(ListEntryError(message: "'\(text)': at most one '*'")) }
            return .success(PatchListEntry(text, .package, os: os))
        case .yumDNF, .zypper:
            guard stars <= 1 else { return .failure(ListEntryError(message: "'\(text)': at most one '*' (found \(stars))")) }
            if !text.isEmpty && text.allSatisfy(\.isNumber) { return .success(PatchListEntry(text, .bugzilla, os: os)) }
            if text.hasPrefix("CVE-") { return .success(PatchListEntry(text, .cve, os: os)) }
            if looksLikeAdvisory(text) { return .success(PatchListEntry(text, .advisory, os: os)) }
            return .success(PatchListEntry(text, .package, os: os))
        }
    }

    /// `ALAS-2018-123`, `ALAS2-2021-1594`, `RHSA-2017:0864`, `ELSA-...`, `SUSE-SLE-...`:
    /// an upper-case prefix and a year (a package called `alsa-lib` is not an advisory).
    static func looksLikeAdvisory(_ t: String) -> Bool {
        if t.hasPrefix("SUSE-") && !t.hasSuffix(".rpm") { return true }
        let prefixes = ["ALAS-", "ALAS2-", "ALAS2022-", "ALAS2023-", "ALASKERNEL-", "ALAS2LIVEPATCH-", "RHSA-", "RHBA-", "RHEA-", "ELSA-",
                        "ELBA-", "ELEA-", "RLSA-", "RLBA-", "RLEA-", "ALSA-", "ALBA-", "ALEA-", "CESA-", "CEBA-", "CEEA-", "FEDORA-"]
        guard let p = prefixes.first(where: { t.hasPrefix($0) }) else { return false }
        return t.dropFirst(p.count).prefix(4).allSatisfy(\.isNumber)
    }

    /// Whether this entry names `subject` on a node driven by `manager` ([AGT-2]):
    /// - YUM/DNF: a case-insensitive glob (`*`, `?`, `[...]`) or exact match with any
    ///   spelling of the version (`n`, `n.a`, `n-v`, `n-v-r`, `n-v-r.a`, `e:n-v-r.a`,
    ///   `n-e:v-r.a`, `n-e:v-r`, `v`, `v-r`, `e:v-r`, `n.a:e:v-r`), or exact, case-sensitive
    ///   membership among the ids of the version's notices (rejected ids only when the
    ///   profile says they reject);
    /// - APT: the same glob over `n`, `v`, `n.a`, `n-v`, `a:v`, `n.a:v`;
    /// - Zypper: a name pattern anchored at the start against `n` and `n.a`, case-sensitive,
    ///   with optional version conditions (patch ids and `.rpm` names match no package);
    /// - macOS: the exact name; Windows: the KB or the bulletin.
    public func matches(_ subject: ListSubject, manager: PackageManager, list: PatchList, profile: EvaluationProfile) -> Bool {
        switch manager {
        case .windowsUpdate:
            switch form {
            case .kb(let k): return subject.kb == k
            case .bulletin(let b): return subject.bulletin == b
            default: return false
            }
        case .macOS:
            return subject.identity?.name == text
        case .zypper:
            guard let identity = subject.identity, let zypper else { return false }
            return zypper.matches(identity)
        case .apt:
            guard let identity = subject.identity else { return false }
            return Glob.matchesAny(text, Self.aptSpellings(identity))
        case .yum, .dnf:
            if list == .approved || profile.rejectedIdsRejectOnYumDNF,
               subject.advisoryIds.contains(text) || subject.cveIds.contains(text) || subject.bugzillaIds.contains(text) {
                return true
            }
            guard let identity = subject.identity else { return false }
            return Glob.matchesAny(text, Self.rpmSpellings(identity))
        }
    }

    /// Every spelling YUM and DNF match an entry against, for one version.
    public static func rpmSpellings(_ p: PackageIdentity) -> [String] {
        guard case .rpm(let evr) = p.version else { return [p.name] }
        let n = p.name, a = p.arch, e = String(evr.epochNumber), v = evr.version, r = evr.release ?? ""
        return [n, "\(n).\(a)", "\(n)-\(v)", "\(n)-\(v)-\(r)", "\(n)-\(v)-\(r).\(a)", "\(e):\(n)-\(v)-\(r).\(a)",
                "\(n)-\(e):\(v)-\(r).\(a)", "\(n)-\(e):\(v)-\(r)", v, "\(v)-\(r)", "\(e):\(v)-\(r)", "\(n).\(a):\(e):\(v)-\(r)"]
    }

    /// The full `n-e:v-r.a` spelling (DNF's rejected-closure check, [AGT-4]).
    public static func nevra(_ p: PackageIdentity) -> String {
        guard case .rpm(let evr) = p.version else { return p.name }
        return "\(p.name)-\(evr.epochNumber):\(evr.version)-\(evr.release ?? "").\(p.arch)"
    }

    public static func aptSpellings(_ p: PackageIdentity) -> [String] {
        let n = p.name, a = p.arch, v = p.version.description
        return [n, v, "\(n).\(a)", "\(n)-\(v)", "\(a):\(v)", "\(n).\(a):\(v)"]
    }
}

public enum PatchList: Sendable { case approved, rejected }

/// What a list entry is matched against: one version and the ids of its notices (or one
/// Windows update).
public struct ListSubject: Sendable {
    public var identity: PackageIdentity?
    public var advisoryIds: [String] = []
    public var cveIds: [String] = []
    public var bugzillaIds: [String] = []
    public var kb: WindowsKB? = nil
    public var bulletin: MSRCBulletin? = nil

    public init(identity: PackageIdentity?, advisoryIds: [String] = [], cveIds: [String] = [], bugzillaIds: [String] = [],
                kb: WindowsKB? = nil, bulletin: MSRCBulletin? = nil) {
        self.identity = identity
        self.advisoryIds = advisoryIds
        self.cveIds = cveIds
        self.bugzillaIds = bugzillaIds
        self.kb = kb
        self.bulletin = bulletin
    }

    /// A package version and the ids of the notices that list it.
    public init(_ identity: PackageIdentity, notices: [UpdateNotice]) {
        self.identity = identity
        for n in notices {
            advisoryIds.append(n.id)
            cveIds += n.cveIds
            bugzillaIds += n.bugzillaIds
        }
    }
}

public struct ListEntryError: Error, Equatable, Sendable {
    public var message: String
}

/// A zypper list entry: a name pattern anchored at the start (`*` stands for one or more
/// characters, `.` for any one) tested against `name` and `name.arch`, case-sensitive,
/// then every version condition (`=`, `!=`, `<`, `>`) against the version-release.
struct ZypperPattern: Sendable {
    var name: [UInt8]
    var conditions: [(op: String, version: String)]

    init(_ text: String) {
        var tokens: [String] = []
        var current = ""
        var chars = Array(text)[...]
        // Split on the operators as the payload does: `=` first, then `!=`, `<`, `>`.
        while let c = chars.first {
            if c == "!" && chars.dropFirst().first == "=" {
                tokens.append(current); tokens.append("!="); current = ""; chars = chars.dropFirst(2); continue
            }
            if c == "=" || c == "<" || c == ">" {
                tokens.append(current); tokens.append(String(c)); current = ""; chars = chars.dropFirst(); continue
            }
            current.append(c)
            chars = chars.dropFirst()
        }
        tokens.append(current)
        let trimmed = tokens.map { $0.trimmingWhitespace }
        name = Array(trimmed[0].utf8)
        var conditions: [(String, String)] = []
        var k = 1
        while k + 1 < trimmed.count {
            conditions.append((trimmed[k], trimmed[k + 1]))
            k += 2
        }
        self.conditions = conditions
    }

    func matches(_ p: PackageIdentity) -> Bool {
        guard Self.prefixMatch(name[...], Array(p.name.utf8)[...]) || Self.prefixMatch(name[...], Array(p.unitKey.utf8)[...]) else {
            return false
        }
        guard !conditions.isEmpty else { return true }
        guard case .rpm(let evr) = p.version else { return false }
        let vr = RPMVersion(version: evr.version, release: evr.release)
        for (op, text) in conditions {
            let c: Int
            if let other = RPMVersion(parsing: text) {
                c = RPMVersion.compare(vr, RPMVersion(version: other.version, release: other.release))
            } else {
                c = 1  // an empty operand is below every version
            }
            switch op {
            case "=": if c != 0 { return false }
            case "!=": if c == 0 { return false }
            case "<": if c >= 0 { return false }
            default: if c <= 0 { return false }
            }
        }
        return true
    }

    /// `pattern` matches a prefix of `text`: `*` one or more bytes, `.` any byte.
    static func prefixMatch(_ pattern: ArraySlice<UInt8>, _ text: ArraySlice<UInt8>) -> Bool {
        guard let c = pattern.first else { return true }
        if c == UInt8(ascii: "*") {
            guard !text.isEmpty else { return false }
            var rest = text.dropFirst()
            while true {
                if prefixMatch(pattern.dropFirst(), rest) { return true }
                guard !rest.isEmpty else { return false }
                rest = rest.dropFirst()
            }
        }
        guard let t = text.first, c == UInt8(ascii: ".") || c == t else { return false }
        return prefixMatch(pattern.dropFirst(), text.dropFirst())
    }
}

/// Shell-style globs as Python's `fnmatch` reads them, ASCII case-insensitive: `*` any
/// run, `?` one character, `[...]` a class (`!` negates, `a-z` ranges; a `[` without a
/// closing `]` is literal). A pattern without wildcards is an exact comparison.
public enum Glob {
    public static func matches(_ pattern: String, _ text: String) -> Bool {
        matchBytes(Array(pattern.utf8).map(lower)[...], Array(text.utf8).map(lower)[...])
    }

    public static func matchesAny(_ pattern: String, _ texts: [String]) -> Bool {
        let p = Array(pattern.utf8).map(lower)[...]
        return texts.contains { matchBytes(p, Array($0.utf8).map(lower)[...]) }
    }

    static func lower(_ b: UInt8) -> UInt8 { b >= 65 && b <= 90 ? b + 32 : b }

    static func matchBytes(_ p: ArraySlice<UInt8>, _ t: ArraySlice<UInt8>) -> Bool {
        var p = p, t = t
        // Iterative with one backtrack point per `*` (the classic linear-ish glob).
        var starP: ArraySlice<UInt8>? = nil, starT: ArraySlice<UInt8> = t
        while true {
            if let c = p.first {
                if c == UInt8(ascii: "*") {
                    starP = p.dropFirst()
                    starT = t
                    p = p.dropFirst()
                    continue
                }
                if let ch = t.first {
                    if c == UInt8(ascii: "?") { p = p.dropFirst(); t = t.dropFirst(); continue }
                    if c == UInt8(ascii: "["), let (matched, rest) = matchClass(p, ch) {
                        if matched { p = rest; t = t.dropFirst(); continue }
                    } else if c == ch {
                        p = p.dropFirst(); t = t.dropFirst(); continue
                    }
                }
            } else if t.isEmpty {
                return true
            }
            guard let sp = starP, !starT.isEmpty else { return false }
            starT = starT.dropFirst()
            p = sp
            t = starT
        }
    }

    /// A `[...]` class at the start of `p`: whether `ch` is in it and the pattern after it;
    /// nil when there is no closing `]` (then `[` is an ordinary character).
    static func matchClass(_ p: ArraySlice<UInt8>, _ ch: UInt8) -> (Bool, ArraySlice<UInt8>)? {
        var i = p.index(after: p.startIndex)
        var negate = false
        if i < p.endIndex && p[i] == UInt8(ascii: "!") { negate = true; i += 1 }
        var members: [(UInt8, UInt8)] = []
        var first = true
        while i < p.endIndex {
            let c = p[i]
            if c == UInt8(ascii: "]") && !first {
                let hit = members.contains { $0.0 <= ch && ch <= $0.1 }
                return (hit != negate, p[(i + 1)...])
            }
            first = false
            if i + 2 < p.endIndex && p[i + 1] == UInt8(ascii: "-") && p[i + 2] != UInt8(ascii: "]") {
                members.append((c, p[i + 2]))
                i += 3
            } else {
                members.append((c, c))
                i += 1
            }
        }
        return nil
    }
}
