/// Path text arithmetic for paths users type. Ours, because Foundation's
/// `NSString.deletingLastPathComponent` traps on a one-character path such as `0` or `-`
/// (swift-corelibs-foundation on Linux), and a path on a command line can be anything.
public enum PathText {
    /// The folder part of `path`: `a/b/c` → `a/b`, `/c` → `/`, `c` → `` (the current folder).
    public static func parent(_ path: String) -> String {
        var p = Substring(path)
        while p.count > 1, p.hasSuffix("/") { p = p.dropLast() }
        guard let slash = p.lastIndex(of: "/") else { return "" }
        var head = p[..<slash]
        while head.count > 1, head.hasSuffix("/") { head = head.dropLast() }
        return head.isEmpty ? "/" : String(head)
    }

    /// The last component of `path`: `a/b/c.json` → `c.json`, `a/b/` → `b`, `c` → `c`.
    public static func lastComponent(_ path: String) -> String {
        var p = Substring(path)
        while p.count > 1, p.hasSuffix("/") { p = p.dropLast() }
        guard let slash = p.lastIndex(of: "/") else { return String(p) }
        let tail = p[p.index(after: slash)...]
        return tail.isEmpty ? String(p) : String(tail)
    }
}
