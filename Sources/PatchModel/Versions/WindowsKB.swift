/// A Windows update's Knowledge Base identity, `KB4284819`.
///
/// KB ids carry no version order: one update is "newer" than another only when it
/// supersedes it (see `SupersedenceGraph`). Matching is case-insensitive
/// (spec §0, AMBIGUOUS; Use: case-insensitive), so `kb4284819` names the same update.
public struct WindowsKB: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let number: UInt64

    public init(number: UInt64) { self.number = number }

    /// Accepts `KB4284819` in any case; a bare number is not a KB id.
    public init?(_ text: String) {
        let t = text.trimmingWhitespace
        guard t.count > 2, t.prefix(2).uppercased() == "KB", let n = UInt64(t.dropFirst(2)) else { return nil }
        number = n
    }

    public var description: String { "KB\(number)" }
    public static func < (a: WindowsKB, b: WindowsKB) -> Bool { a.number < b.number }
}

/// A Microsoft Security Response Center bulletin id, `MS10-048` (case-insensitive).
public struct MSRCBulletin: Hashable, Sendable, CustomStringConvertible {
    public let year: Int
    public let number: Int

    public init?(_ text: String) {
        let t = text.trimmingWhitespace.uppercased()
        let parts = t.split(separator: "-")
        guard parts.count == 2, parts[0].hasPrefix("MS"), parts[0].count == 4,
              let y = Int(parts[0].dropFirst(2)), let n = Int(parts[1]), parts[1].count >= 3 else { return nil }
        year = y
        number = n
    }

    public var description: String {
        let y = year < 10 ? "0\(year)" : "\(year)"
        let n = number < 10 ? "00\(number)" : number < 100 ? "0\(number)" : "\(number)"
        return "MS\(y)-\(n)"
    }
}
