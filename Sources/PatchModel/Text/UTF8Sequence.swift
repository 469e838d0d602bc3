/// One UTF-8 sequence checked as RFC 3629 requires (no overlong forms, no surrogates,
/// nothing above U+10FFFF), for the readers that walk bytes themselves (JSON, XML).
public enum UTF8Sequence {
    /// The length of the sequence starting at `i`, or why it is not one.
    public static func length(_ bytes: [UInt8], at i: Int) -> Result<Int, Problem> {
        let b0 = bytes[i]
        if b0 < 0x80 { return .success(1) }
        let (n, low, high): (Int, UInt8, UInt8)
        switch b0 {
        case 0xC2...0xDF: (n, low, high) = (2, 0x80, 0xBF)
        case 0xE0: (n, low, high) = (3, 0xA0, 0xBF)
        case 0xE1...0xEC, 0xEE...0xEF: (n, low, high) = (3, 0x80, 0xBF)
        case 0xED: (n, low, high) = (3, 0x80, 0x9F)
        case 0xF0: (n, low, high) = (4, 0x90, 0xBF)
        case 0xF1...0xF3: (n, low, high) = (4, 0x80, 0xBF)
        case 0xF4: (n, low, high) = (4, 0x80, 0x8F)
        default: return .failure(Problem(text: "invalid UTF-8 (byte 0x\(String(b0, radix: 16)))"))
        }
        guard i + n <= bytes.count else { return .failure(Problem(text: "invalid UTF-8: a sequence cut short")) }
        guard bytes[i + 1] >= low && bytes[i + 1] <= high else { return .failure(Problem(text: "invalid UTF-8")) }
        for j in 2..<max(2, n) where bytes[i + j] & 0xC0 != 0x80 { return .failure(Problem(text: "invalid UTF-8")) }
        return .success(n)
    }

    public struct Problem: Error, Sendable { public var text: String }
}
