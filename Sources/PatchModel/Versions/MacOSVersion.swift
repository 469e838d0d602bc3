/// A macOS product or package version such as `11.4`, `11.3.1` or Homebrew's `3.1.2_1`.
///
/// Dotted components compare left to right; a missing component counts as 0, so
/// `11.4` > `11.3.1` and `11.4` == `11.4.0`. Each component compares numerically
/// when both are numbers and with rpm's segment algorithm otherwise (Homebrew's
/// `_1` revisions and `-beta` suffixes), which keeps one total order for all
/// three macOS package managers.
public struct MacOSVersion: Sendable, CustomStringConvertible {
    public let text: String
    public let components: [Substring]

    public init?(_ text: String) {
        let trimmed = text.trimmingWhitespace
        guard !trimmed.isEmpty else { return nil }
        self.text = trimmed
        self.components = trimmed.split(separator: ".", omittingEmptySubsequences: false)
    }

    /// A version from numeric components (`[11, 4]` is `11.4`).
    public init(numbers: [Int]) {
        let parts = numbers.isEmpty ? [0] : numbers
        text = parts.map(String.init).joined(separator: ".")
        components = text.split(separator: ".")
    }

    public var description: String { text }

    public static func compare(_ a: MacOSVersion, _ b: MacOSVersion) -> Int {
        let n = max(a.components.count, b.components.count)
        for k in 0..<n {
            let x = k < a.components.count ? a.components[k] : "0"
            let y = k < b.components.count ? b.components[k] : "0"
            if let u = UInt64(x), let v = UInt64(y) {
                if u != v { return u < v ? -1 : 1 }
                continue
            }
            let c = RPMVersionComparison.compare(String(x), String(y))
            if c != 0 { return c }
        }
        return 0
    }
}

extension MacOSVersion: Comparable, Hashable {
    public static func < (a: MacOSVersion, b: MacOSVersion) -> Bool { compare(a, b) < 0 }
    public static func == (a: MacOSVersion, b: MacOSVersion) -> Bool { compare(a, b) == 0 }
    public func hash(into hasher: inout Hasher) {
        // Trailing zero components do not change equality; hash the leading one only.
        hasher.combine(components.first.flatMap { UInt64($0) })
    }
}

extension StringProtocol {
    /// The string without leading and trailing spaces, tabs, CR and LF.
    public var trimmingWhitespace: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }
        guard let first = firstIndex(where: { !isSpace($0) }),
              let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}
