/// A Debian package version, `[epoch:]upstream_version[-debian_revision]`, parsed and
/// ordered exactly as dpkg 1.21 (`parseversion`, `verrevcmp`) does.
public struct DebianVersion: Sendable, CustomStringConvertible {
    public var epoch: Int
    public var upstream: String
    public var revision: String

    public init(epoch: Int = 0, upstream: String, revision: String = "") {
        self.epoch = epoch
        self.upstream = upstream
        self.revision = revision
    }

    /// dpkg distinguishes hard errors (the version is refused) from warnings
    /// (policy is broken, yet `dpkg --compare-versions` still compares).
    public enum Problem: Error, Equatable, Sendable, CustomStringConvertible {
        case empty, embeddedSpaces, epochEmpty, epochNotNumber, epochNegative, epochTooBig
        case nothingAfterColon, revisionEmpty, upstreamEmpty
        // Warnings:
        case upstreamNotStartingWithDigit, invalidCharacterInUpstream, invalidCharacterInRevision

        public var isWarning: Bool {
            switch self {
            case .upstreamNotStartingWithDigit, .invalidCharacterInUpstream, .invalidCharacterInRevision: return true
            default: return false
            }
        }

        /// dpkg's own wording.
        public var description: String {
            switch self {
            case .empty: return "version string is empty"
            case .embeddedSpaces: return "version string has embedded spaces"
            case .epochEmpty: return "epoch in version is empty"
            case .epochNotNumber: return "epoch in version is not number"
            case .epochNegative: return "epoch in version is negative"
            case .epochTooBig: return "epoch in version is too big"
            case .nothingAfterColon: return "nothing after colon in version number"
            case .revisionEmpty: return "revision number is empty"
            case .upstreamEmpty: return "upstream version is empty"
            case .upstreamNotStartingWithDigit: return "version number does not start with digit"
            case .invalidCharacterInUpstream: return "invalid character in version number"
            case .invalidCharacterInRevision: return "invalid character in revision number"
            }
        }
    }

    /// The outcome of parsing: a version (possibly with a warning) or a hard error.
    public enum ParseResult: Sendable {
        case valid(DebianVersion)
        case warning(DebianVersion, Problem)
        case invalid(Problem)

        public var version: DebianVersion? {
            switch self {
            case .valid(let v), .warning(let v, _): return v
            case .invalid: return nil
            }
        }
    }

    /// Strict parse: a version only when dpkg accepts it without a warning.
    public init?(_ text: String) {
        guard case .valid(let v) = DebianVersion.parse(text) else { return nil }
        self = v
    }

    /// Lenient parse: accepts what dpkg warns about but still compares (package
    /// archives in the wild carry such versions).
    public init?(lenient text: String) {
        guard let v = DebianVersion.parse(text).version else { return nil }
        self = v
    }

    /// Lenient parse of a version's UTF-8 bytes (an index's field, without a String first).
    public init?(lenient bytes: UnsafeBufferPointer<UInt8>) {
        guard case .success(let p) = Self.parts(bytes) else { return nil }
        self = Self(p, in: bytes)
    }

    init(_ p: Parts, in bytes: UnsafeBufferPointer<UInt8>) {
        self.init(epoch: p.epoch, upstream: String(decoding: UnsafeBufferPointer(rebasing: bytes[p.upstream]), as: UTF8.self),
                  revision: String(decoding: UnsafeBufferPointer(rebasing: bytes[p.revision]), as: UTF8.self))
    }

    public static func parse(_ text: String) -> ParseResult {
        var text = text
        return text.withUTF8 { bytes in
            switch parts(bytes) {
            case .failure(let problem): return .invalid(problem)
            case .success(let p):
                let version = DebianVersion(p, in: bytes)
                return p.warning.map { .warning(version, $0) } ?? .valid(version)
            }
        }
    }

    /// Where dpkg finds a version's parts in its bytes, and what it warns about (nil: nothing).
    public struct Parts: Sendable {
        public var epoch: Int
        public var upstream: Range<Int>
        public var revision: Range<Int>
        public var warning: Problem?
    }

    /// dpkg's `parseversion` on bytes, without building strings: the one reading both
    /// `parse` and streaming comparisons use.
    public static func parts(_ bytes: UnsafeBufferPointer<UInt8>) -> Swift.Result<Parts, Problem> {
        let n = bytes.count
        func isBlank(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 }
        var start = 0
        while start < n && isBlank(bytes[start]) { start += 1 }
        if start == n { return .failure(.empty) }
        var end = start
        while end < n && !isBlank(bytes[end]) { end += 1 }
        var rest = end
        while rest < n && isBlank(bytes[rest]) { rest += 1 }
        if rest < n { return .failure(.embeddedSpaces) }

        var bodyStart = start
        var epoch = 0
        var colon = start
        while colon < end && bytes[colon] != UInt8(ascii: ":") { colon += 1 }
        if colon < end {
            // strtol semantics: optional sign, then base-10 digits, ending exactly at the colon.
            var p = start
            var negative = false
            if p < colon && (bytes[p] == UInt8(ascii: "+") || bytes[p] == UInt8(ascii: "-")) {
                negative = bytes[p] == UInt8(ascii: "-"); p += 1
            }
            let digitsStart = p
            var value = 0
            var overflow = false
            while p < end && RPMVersionComparison.isDigit(bytes[p]) {
                let (m, o1) = value.multipliedReportingOverflow(by: 10)
                let (s, o2) = m.addingReportingOverflow(Int(bytes[p] - 48))
                if o1 || o2 { overflow = true } else { value = s }
                p += 1
            }
            if p == digitsStart { return .failure(.epochEmpty) }
            if p != colon { return .failure(.epochNotNumber) }
            if negative && value != 0 { return .failure(.epochNegative) }
            if overflow || value > Int(Int32.max) { return .failure(.epochTooBig) }
            if colon + 1 == end { return .failure(.nothingAfterColon) }
            epoch = value
            bodyStart = colon + 1
        }
        var bodyEnd = end
        var revision = end..<end
        var hyphen = end - 1
        while hyphen >= bodyStart && bytes[hyphen] != UInt8(ascii: "-") { hyphen -= 1 }
        if hyphen >= bodyStart {
            revision = (hyphen + 1)..<end
            bodyEnd = hyphen
            if revision.isEmpty { return .failure(.revisionEmpty) }
        }
        if bodyEnd == bodyStart { return .failure(.upstreamEmpty) }
        var parts = Parts(epoch: epoch, upstream: bodyStart..<bodyEnd, revision: revision, warning: nil)
        func isAlnum(_ c: UInt8) -> Bool { RPMVersionComparison.isAlnum(c) }
        if !RPMVersionComparison.isDigit(bytes[bodyStart]) {
            parts.warning = .upstreamNotStartingWithDigit
        } else if bytes[(bodyStart + 1)..<bodyEnd].contains(where: { c in !isAlnum(c) && c != 0x2E && c != 0x2D && c != 0x2B && c != 0x7E && c != 0x3A }) {
            parts.warning = .invalidCharacterInUpstream
        } else if bytes[revision].contains(where: { c in !isAlnum(c) && c != 0x2E && c != 0x2B && c != 0x7E }) {
            parts.warning = .invalidCharacterInRevision
        }
        return .success(parts)
    }

    /// dpkg's comparison of two versions read by `parts` from their bytes.
    public static func compareParts(_ a: Parts, in x: UnsafeBufferPointer<UInt8>, _ b: Parts, in y: UnsafeBufferPointer<UInt8>) -> Int {
        if a.epoch != b.epoch { return a.epoch < b.epoch ? -1 : 1 }
        let u = verrevcmp(UnsafeBufferPointer(rebasing: x[a.upstream]), UnsafeBufferPointer(rebasing: y[b.upstream]))
        if u != 0 { return u }
        return verrevcmp(UnsafeBufferPointer(rebasing: x[a.revision]), UnsafeBufferPointer(rebasing: y[b.revision]))
    }


    public var description: String {
        var text = epoch > 0 ? "\(epoch):" : ""
        text += upstream
        if !revision.isEmpty { text += "-" + revision }
        return text
    }

    /// dpkg's `dpkg_version_compare`: epoch, then upstream, then revision.
    public static func compare(_ a: DebianVersion, _ b: DebianVersion) -> Int {
        if a.epoch != b.epoch { return a.epoch < b.epoch ? -1 : 1 }
        let u = compareFragment(a.upstream, b.upstream)
        if u != 0 { return u }
        return compareFragment(a.revision, b.revision)
    }

    /// dpkg's `verrevcmp` on one fragment (upstream or revision); returns -1, 0 or 1.
    public static func compareFragment(_ a: String, _ b: String) -> Int {
        var a = a, b = b
        return a.withUTF8 { ua in b.withUTF8 { ub in verrevcmp(ua, ub) } }
    }

    /// Sort weight of one non-digit byte: `~` below the end of the string (0), letters
    /// by ASCII, everything else after letters. `char` is signed in dpkg's C on the
    /// platforms it ships for, so bytes ≥ 0x80 weigh 128...255: after letters, before
    /// ASCII punctuation.
    @inline(__always)
    static func order(_ c: UInt8) -> Int {
        if RPMVersionComparison.isDigit(c) { return 0 }
        if RPMVersionComparison.isAlpha(c) { return Int(c) }
        if c == UInt8(ascii: "~") { return -1 }
        if c == 0 { return 0 }
        return Int(Int8(bitPattern: c)) + 256
    }

    public static func verrevcmp(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Int {
        let na = a.count, nb = b.count
        var i = 0, j = 0
        @inline(__always) func at(_ p: UnsafeBufferPointer<UInt8>, _ k: Int, _ n: Int) -> UInt8 { k < n ? p[k] : 0 }
        while i < na || j < nb {
            var firstDiff = 0
            while (i < na && !RPMVersionComparison.isDigit(a[i])) || (j < nb && !RPMVersionComparison.isDigit(b[j])) {
                let ac = order(at(a, i, na)), bc = order(at(b, j, nb))
                if ac != bc { return ac < bc ? -1 : 1 }
                i += 1; j += 1
            }
            while i < na && a[i] == UInt8(ascii: "0") { i += 1 }
            while j < nb && b[j] == UInt8(ascii: "0") { j += 1 }
            while i < na && j < nb && RPMVersionComparison.isDigit(a[i]) && RPMVersionComparison.isDigit(b[j]) {
                if firstDiff == 0 { firstDiff = Int(a[i]) - Int(b[j]) }
                i += 1; j += 1
            }
            if i < na && RPMVersionComparison.isDigit(a[i]) { return 1 }
            if j < nb && RPMVersionComparison.isDigit(b[j]) { return -1 }
            if firstDiff != 0 { return firstDiff < 0 ? -1 : 1 }
        }
        return 0
    }
}

extension DebianVersion: Comparable, Hashable {
    public static func < (a: DebianVersion, b: DebianVersion) -> Bool { compare(a, b) < 0 }
    /// Ordering equality: `1:0-0` == `1:00-0`, as dpkg says `eq`.
    public static func == (a: DebianVersion, b: DebianVersion) -> Bool { compare(a, b) == 0 }
    public func hash(into hasher: inout Hasher) { hasher.combine(epoch) }
}
