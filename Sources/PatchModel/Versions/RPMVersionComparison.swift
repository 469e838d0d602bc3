/// rpm's segment comparison, `rpmvercmp`, as rpm 4.15 and later define it.
///
/// A version splits into maximal runs of ASCII digits or ASCII letters; every other
/// byte separates runs and is otherwise ignored. Runs compare left to right:
/// - `~` sorts before everything, even the end of the string (`1.0~rc1 < 1.0`);
/// - `^` sorts after the end of the string but before any further segment
///   (`1.0 < 1.0^git1 < 1.0.1`);
/// - a numeric run beats an alphabetic one; numeric runs compare by value
///   (leading zeros dropped, so arbitrarily long runs never overflow);
///   alphabetic runs compare bytewise;
/// - when all runs match, the string with something left over is newer.
///
/// Non-ASCII bytes are separators, exactly as rpm's `risalnum` makes them.
/// Complexity: O(n) in the total length; no allocation.
public enum RPMVersionComparison {
    /// Compares two bare version (or release) strings; returns -1, 0 or 1.
    public static func compare(_ a: String, _ b: String) -> Int {
        var a = a, b = b
        return a.withUTF8 { ua in b.withUTF8 { ub in compare(ua, ub) } }
    }

    /// The same comparison on raw bytes (for callers holding interned UTF-8).
    public static func compare(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Int {
        if a.count == b.count && (a.count == 0 || memcmpEqual(a, b)) { return 0 }
        let tilde = UInt8(ascii: "~"), caret = UInt8(ascii: "^")
        let na = a.count, nb = b.count
        var i = 0, j = 0
        while i < na || j < nb {
            while i < na && !isAlnum(a[i]) && a[i] != tilde && a[i] != caret { i += 1 }
            while j < nb && !isAlnum(b[j]) && b[j] != tilde && b[j] != caret { j += 1 }

            let ca: UInt8 = i < na ? a[i] : 0
            let cb: UInt8 = j < nb ? b[j] : 0
            // Tilde: sorts before everything else, the end of the string included.
            if ca == tilde || cb == tilde {
                if ca != tilde { return 1 }
                if cb != tilde { return -1 }
                i += 1; j += 1
                continue
            }
            // Caret: like tilde, except that a string that ended (the base version) is older.
            if ca == caret || cb == caret {
                if ca == 0 { return -1 }
                if cb == 0 { return 1 }
                if ca != caret { return 1 }
                if cb != caret { return -1 }
                i += 1; j += 1
                continue
            }
            if ca == 0 || cb == 0 { break }

            var ei = i, ej = j
            let isNumeric = isDigit(ca)
            if isNumeric {
                while ei < na && isDigit(a[ei]) { ei += 1 }
                while ej < nb && isDigit(b[ej]) { ej += 1 }
            } else {
                while ei < na && isAlpha(a[ei]) { ei += 1 }
                while ej < nb && isAlpha(b[ej]) { ej += 1 }
            }
            // Segments of different kinds: numeric is newer than alphabetic.
            if ej == j { return isNumeric ? 1 : -1 }

            if isNumeric {
                while i < ei && a[i] == UInt8(ascii: "0") { i += 1 }
                while j < ej && b[j] == UInt8(ascii: "0") { j += 1 }
                let la = ei - i, lb = ej - j
                if la != lb { return la > lb ? 1 : -1 }
            }
            // Bytewise (strcmp) over the two segments.
            while i < ei && j < ej {
                if a[i] != b[j] { return a[i] < b[j] ? -1 : 1 }
                i += 1; j += 1
            }
            if i < ei { return 1 }
            if j < ej { return -1 }
        }
        if i >= na && j >= nb { return 0 }
        return i >= na ? -1 : 1
    }

    @inline(__always) public static func isDigit(_ c: UInt8) -> Bool { c &- 48 < 10 }
    @inline(__always) public static func isAlpha(_ c: UInt8) -> Bool { (c | 0x20) &- 97 < 26 }
    @inline(__always) public static func isAlnum(_ c: UInt8) -> Bool { isDigit(c) || isAlpha(c) }

    static func memcmpEqual(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        for k in 0..<a.count where a[k] != b[k] { return false }
        return true
    }
}
