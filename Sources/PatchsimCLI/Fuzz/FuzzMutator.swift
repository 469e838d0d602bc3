import PatchModel

/// Mutations of an input file as an attacker or a careless user makes them ([21]): bit
/// flips, truncations, deletions and duplications, markup and JSON punctuation, numbers
/// swapped for huge, negative or non-finite ones, strings swapped for empty, overlong,
/// escaped-NUL, lone-surrogate, path-escaping or out-of-range dates, invalid UTF-8, deep
/// nesting, repeated lines, and splices from another file of the same format. Every
/// choice comes from the case's seeded stream, so a case is reproduced by its number.
struct FuzzMutator {
    var rng: SeededGenerator

    static let numbers = [
        "0", "-1", "-0", "1e309", "-1e309", "1e-400", "0.5", "9223372036854775807", "-9223372036854775808",
        "9223372036854775808", "18446744073709551616", "4294967296", "2147483648", "99999999999999",
        "100000000000000000000000000000", "3660", "3661", "2000001", "200001", "4097", "1000000000000", "NaN", "Infinity", "00", "01",
    ]
    static let strings = [
        "", "\\u0000", "\\ud800", "\\udc00x", "../escaped", "/", "..", ".", "a\\nb", "\\t", "\u{FEFF}", "x/../../y",
        "0000-01-01T00:00:00Z", "0001-01-01", "1969-12-31T23:59:59Z", "2999-12-31T23:59:59Z", "3000-01-01T00:00:00Z", "2199-12-31T00:00:00Z",
        "2026-02-30T00:00:00Z", "2026-11-01T25:00:00Z", "cron(* * * * ? *)", "cron(0/1 * * * ? *)", "rate(1 minutes)", "rate(5 minutes)",
        "rate(0 days)", "at(0001-01-01T00:00:00)", "cron(0 0 31 2 ? *)", "COMPLIANT", "NON_COMPLIANT", "Install", "Scan", "RebootIfNeeded",
        "AMAZON_LINUX_2", "WINDOWS", "MACOS", "UBUNTU", "*", "**", "[", "<![CDATA[", "&#0;", "&unknown;", "<?x?>", "%s%n", "null", "true",
        "100%", "0%", "101%", "-1%", "10000000000000", "pb-00000000000000000", "AWS-DefaultPatchBaseline", "i-0000000000000000000000",
    ]
    static let tokens = [
        "\"", "\\", "{", "}", "[", "]", ",", ":", "<", ">", "&", "/>", "</", "<!--", "-->", "<?", "?>", "\n", "\r\n", "\t", " ", "\u{0}",
        "null", "true", "{}", "[]", "\"\":", ",,", "Package: x\n", "Version: 1:2.3-4\n", "Depends: a (>= 1) | b\n", " \n", "-----BEGIN PGP SIGNATURE-----\n",
    ]
    static let bytes: [UInt8] = [0x00, 0xFF, 0xFE, 0x80, 0xC0, 0xC3, 0xED, 0xF4, 0xF5, 0x22, 0x5C, 0x7B, 0x7D, 0x5B, 0x5D, 0x2C, 0x3A,
                                 0x3C, 0x3E, 0x26, 0x0A, 0x0D, 0x20, 0x2D, 0x39, 0x7F, 0x1B]
    static let invalidUTF8: [[UInt8]] = [[0xFF], [0xC3, 0x28], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82], [0xC0, 0xAF]]

    static let maxBytes = 8 << 20

    init(seed: UInt64, caseNumber: Int) {
        rng = SeededGenerator(seed: seed, stream: "fuzz-case:\(caseNumber)")
    }

    /// One to four mutations of `input`; `others` are files of the same format to splice from.
    mutating func mutate(_ input: [UInt8], others: [[UInt8]] = []) -> [UInt8] {
        var data = input
        for _ in 0..<(1 + rng.below(4)) {
            data = mutateOnce(data, others: others)
            // Compounded repetitions stay within what one case should write to disk.
            if data.count > Self.maxBytes { data.removeSubrange(Self.maxBytes...) }
        }
        return data
    }

    mutating func mutateOnce(_ data: [UInt8], others: [[UInt8]]) -> [UInt8] {
        var d = data
        let n = d.count
        func position() -> Int { n == 0 ? 0 : rng.below(n + 1) }
        switch rng.below(15) {
        case 0 where n > 0:  // a bit flip
            let i = rng.below(n)
            d[i] ^= UInt8(1 << rng.below(8))
        case 1 where n > 0:  // a byte swapped for an interesting one
            d[rng.below(n)] = Self.bytes[rng.below(Self.bytes.count)]
        case 2 where n > 0:  // a range deleted
            let i = rng.below(n)
            d.removeSubrange(i..<min(n, i + 1 + rng.below(rng.chance(0.8) ? 64 : 4096)))
        case 3 where n > 0:  // a range duplicated
            let i = rng.below(n), len = min(n - i, 1 + rng.below(512))
            let copy = Array(d[i..<(i + len)])
            d.insert(contentsOf: copy, at: position())
        case 4 where n > 0:  // truncated
            d.removeSubrange(rng.below(n)...)
        case 5:  // a token inserted
            d.insert(contentsOf: Array(Self.tokens[rng.below(Self.tokens.count)].utf8), at: position())
        case 6:  // a number swapped for an interesting one
            if let (lo, hi) = run(in: d, where: { $0 >= 0x30 && $0 <= 0x39 }) {
                d.replaceSubrange(lo..<hi, with: Array(Self.numbers[rng.below(Self.numbers.count)].utf8))
            } else { d.insert(contentsOf: Array(Self.numbers[rng.below(Self.numbers.count)].utf8), at: position()) }
        case 7:  // a quoted string's contents swapped
            if let (lo, hi) = quoted(in: d) {
                d.replaceSubrange(lo..<hi, with: Array(interestingString().utf8))
            } else { d.insert(contentsOf: Array(interestingString().utf8), at: position()) }
        case 8:  // invalid UTF-8
            d.insert(contentsOf: Self.invalidUTF8[rng.below(Self.invalidUTF8.count)], at: position())
        case 9 where n > 0:  // a line repeated
            let lines = lineRanges(d)
            let (lo, hi) = lines[rng.below(lines.count)]
            let line = Array(d[lo..<hi])
            let times = rng.chance(0.9) ? 1 + rng.below(16) : 1 + rng.below(2000)
            var repeated: [UInt8] = []
            for _ in 0..<times { repeated += line }
            d.insert(contentsOf: repeated, at: hi)
        case 10 where n > 0:  // two lines swapped
            let lines = lineRanges(d)
            guard lines.count >= 2 else { break }
            let a = lines[rng.below(lines.count)], b = lines[rng.below(lines.count)]
            let (first, second) = a.0 < b.0 ? (a, b) : (b, a)
            guard first.1 <= second.0 else { break }
            d = Array(d[..<first.0]) + Array(d[second.0..<second.1]) + Array(d[first.1..<second.0]) + Array(d[first.0..<first.1]) + Array(d[second.1...])
        case 11:  // deep nesting
            let depth = rng.chance(0.5) ? 400 + rng.below(200) : 10_000 + rng.below(100_000)
            let open: UInt8 = rng.chance(0.5) ? 0x5B : 0x7B
            let p = position()
            d.insert(contentsOf: [UInt8](repeating: open, count: depth), at: p)
        case 12 where !others.isEmpty:  // a splice from another file
            let other = others[rng.below(others.count)]
            guard !other.isEmpty else { break }
            let i = rng.below(other.count), len = min(other.count - i, 1 + rng.below(2048))
            d.insert(contentsOf: other[i..<(i + len)], at: position())
        case 13:  // an overlong value
            let size = rng.chance(0.7) ? 70_000 : 4 << 20
            d.insert(contentsOf: [UInt8](repeating: 0x78, count: size), at: position())
        default:  // a structure flipped: a value's type changed
            if let (lo, hi) = quoted(in: d) {
                let replacement = ["0", "null", "[]", "{}", "true", "-1", "[\"\"]"][rng.below(7)]
                d.replaceSubrange((lo - 1)..<min(d.count, hi + 1), with: Array(replacement.utf8))
            }
        }
        return d
    }

    mutating func interestingString() -> String {
        let s = Self.strings[rng.below(Self.strings.count)]
        return rng.chance(0.05) ? String(repeating: "y", count: 100_000) : s
    }

    /// A maximal run of bytes matching `test`, picked at random among up to 64 of them.
    mutating func run(in d: [UInt8], where test: (UInt8) -> Bool) -> (Int, Int)? {
        var runs: [(Int, Int)] = []
        var k = 0
        while k < d.count && runs.count < 4096 {
            if test(d[k]) {
                let start = k
                while k < d.count && test(d[k]) { k += 1 }
                runs.append((start, k))
            } else { k += 1 }
        }
        return runs.isEmpty ? nil : runs[rng.below(runs.count)]
    }

    /// The contents (between the quotes) of a double-quoted string, picked at random.
    mutating func quoted(in d: [UInt8]) -> (Int, Int)? {
        var spans: [(Int, Int)] = []
        var k = 0
        while k < d.count && spans.count < 4096 {
            if d[k] == 0x22 {
                let start = k + 1
                var j = start
                while j < d.count && d[j] != 0x22 && d[j] != 0x0A { j += d[j] == 0x5C ? 2 : 1 }
                if j < d.count && d[j] == 0x22 { spans.append((start, j)) }
                k = j + 1
            } else { k += 1 }
        }
        return spans.isEmpty ? nil : spans[rng.below(spans.count)]
    }

    func lineRanges(_ d: [UInt8]) -> [(Int, Int)] {
        var lines: [(Int, Int)] = []
        var start = 0
        for (i, b) in d.enumerated() where b == 0x0A {
            lines.append((start, i + 1))
            start = i + 1
        }
        if start < d.count { lines.append((start, d.count)) }
        return lines.isEmpty ? [(0, d.count)] : lines
    }

    /// A command line mutated at the token level: a value changed, a token dropped,
    /// duplicated or replaced, an option given twice or without its value.
    mutating func mutate(arguments: [String]) -> [String] {
        var a = arguments
        for _ in 0..<(1 + rng.below(3)) {
            let i = a.isEmpty ? 0 : rng.below(a.count)
            switch rng.below(8) {
            case 0 where !a.isEmpty: a.remove(at: i)
            case 1 where !a.isEmpty: a.insert(a[i], at: i)
            // Arguments stay under the kernel's 128 KiB per argument.
            case 2 where !a.isEmpty: a[i] = String(interestingString().replacingOccurrences(of: "\\u0000", with: "").prefix(20_000))
            case 3 where !a.isEmpty: a[i] = Self.numbers[rng.below(Self.numbers.count)]
            case 4 where !a.isEmpty:
                let bytes = mutate(Array(a[i].utf8))
                a[i] = String(String(decoding: bytes.filter { $0 != 0 }, as: UTF8.self).prefix(20_000))
            case 5: a.insert(["--", "-", "--help", "--quiet", "--format", "--threads", "--seed", "--at", "=", "--report=", "--x"][rng.below(11)], at: min(a.count, i + 1))
            case 6 where !a.isEmpty: a[i] = a[i].hasPrefix("--") ? a[i] + "=" : a[i]
            default: if !a.isEmpty { a.removeLast() }
            }
        }
        return a
    }
}
