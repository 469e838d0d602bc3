/// An rpm EVR label, `[epoch:]version[-release]`, parsed as rpm's `parseEVR` does:
/// the epoch is the leading digits when a `:` follows them, the release is what follows
/// the last `-` after them. A label without an epoch has epoch 0 for ordering; a label
/// without a release is older than the same version with any release (rpm 4.18's
/// `rpm.ver` and python `labelCompare` agree on this).
public struct RPMVersion: Hashable, Sendable, CustomStringConvertible {
    /// The epoch as written (`nil` when absent); ordered with rpm's segment comparison.
    public var epoch: String?
    public var version: String
    public var release: String?

    public init(epoch: String? = nil, version: String, release: String? = nil) {
        self.epoch = epoch
        self.version = version
        self.release = release
    }

    /// Numeric epoch, 0 when absent (the NEVRA field; rpm stores an integer).
    public var epochNumber: Int {
        guard let epoch, !epoch.isEmpty else { return 0 }
        return Int(epoch) ?? Int.max
    }

    /// Parses a label. An empty label is rejected (rpm's own parser yields nothing for it).
    public init?(parsing label: String) {
        guard !label.isEmpty else { return nil }
        let bytes = Array(label.utf8)
        var s = 0
        while s < bytes.count && RPMVersionComparison.isDigit(bytes[s]) { s += 1 }
        var versionStart = 0
        if s < bytes.count && bytes[s] == UInt8(ascii: ":") {
            epoch = s == 0 ? "0" : String(decoding: bytes[0..<s], as: UTF8.self)
            versionStart = s + 1
        } else {
            epoch = nil
        }
        // The release separator is searched from the end of the epoch digits, as rpm does.
        var hyphen: Int? = nil
        var k = bytes.count - 1
        while k >= s {
            if bytes[k] == UInt8(ascii: "-") { hyphen = k; break }
            k -= 1
        }
        if let h = hyphen, h >= versionStart {
            version = String(decoding: bytes[versionStart..<h], as: UTF8.self)
            release = String(decoding: bytes[(h + 1)...], as: UTF8.self)
        } else {
            version = String(decoding: bytes[versionStart...], as: UTF8.self)
            release = nil
        }
    }

    public var description: String {
        var text = ""
        if let epoch { text += epoch + ":" }
        text += version
        if let release { text += "-" + release }
        return text
    }

    /// Full EVR order: epoch, then version, then release.
    public static func compare(_ a: RPMVersion, _ b: RPMVersion) -> Int {
        let c = RPMVersionComparison.compare(a.epoch ?? "0", b.epoch ?? "0")
        if c != 0 { return c }
        let v = RPMVersionComparison.compare(a.version, b.version)
        if v != 0 { return v }
        switch (a.release, b.release) {
        case (nil, nil): return 0
        case (nil, _): return -1
        case (_, nil): return 1
        case let (ra?, rb?): return RPMVersionComparison.compare(ra, rb)
        }
    }
}

extension RPMVersion: Comparable {
    public static func < (a: RPMVersion, b: RPMVersion) -> Bool { compare(a, b) < 0 }
    /// Equality is ordering equality (`0:1.0-1` == `1.0-1`), not spelling.
    public static func == (a: RPMVersion, b: RPMVersion) -> Bool { compare(a, b) == 0 }
    public func hash(into hasher: inout Hasher) {
        // Equal under ordering must hash equal: hash only what survives normalisation.
        hasher.combine(epochNumber)
    }
}

extension RPMVersion {
    /// Compares two EVR labels held as UTF-8 without building strings (the streaming
    /// `vercmp` and benchmarks use this); nil when either label is empty.
    public static func compareLabels(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let x = LabelRanges(a), let y = LabelRanges(b) else { return nil }
        let zero: StaticString = "0"
        return zero.withUTF8Buffer { z in
            let ea = x.epoch.map { UnsafeBufferPointer(rebasing: a[$0]) } ?? z
            let eb = y.epoch.map { UnsafeBufferPointer(rebasing: b[$0]) } ?? z
            let c = RPMVersionComparison.compare(ea, eb)
            if c != 0 { return c }
            let v = RPMVersionComparison.compare(UnsafeBufferPointer(rebasing: a[x.version]), UnsafeBufferPointer(rebasing: b[y.version]))
            if v != 0 { return v }
            switch (x.release, y.release) {
            case (nil, nil): return 0
            case (nil, _): return -1
            case (_, nil): return 1
            case let (ra?, rb?):
                return RPMVersionComparison.compare(UnsafeBufferPointer(rebasing: a[ra]), UnsafeBufferPointer(rebasing: b[rb]))
            }
        }
    }

    /// Where epoch, version and release lie in a label, by `parseEVR`'s rules.
    struct LabelRanges {
        var epoch: Range<Int>?
        var version: Range<Int>
        var release: Range<Int>?

        init?(_ p: UnsafeBufferPointer<UInt8>) {
            let n = p.count
            guard n > 0 else { return nil }
            var s = 0
            while s < n && RPMVersionComparison.isDigit(p[s]) { s += 1 }
            var versionStart = 0
            epoch = nil
            if s < n && p[s] == UInt8(ascii: ":") {
                epoch = s == 0 ? nil : 0..<s
                versionStart = s + 1
            }
            var hyphen = -1
            var k = n - 1
            while k >= s { if p[k] == UInt8(ascii: "-") { hyphen = k; break }; k -= 1 }
            if hyphen >= versionStart {
                version = versionStart..<hyphen
                release = (hyphen + 1)..<n
            } else {
                version = versionStart..<n
                release = nil
            }
        }
    }
}
