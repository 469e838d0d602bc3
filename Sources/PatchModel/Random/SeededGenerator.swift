/// The only source of randomness in patchsim: a seeded, splittable generator
/// (SplitMix64 to derive streams, xoshiro256** to draw), so one seed gives the same
/// run on every machine, whatever the thread count. The system generator is never used.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    public init(seed: UInt64) {
        var sm = seed
        s0 = SeededGenerator.splitMix(&sm)
        s1 = SeededGenerator.splitMix(&sm)
        s2 = SeededGenerator.splitMix(&sm)
        s3 = SeededGenerator.splitMix(&sm)
    }

    /// An independent stream for a named purpose (`"repo:amzn2-core"`, an instance id...):
    /// drawing from one stream never shifts another, so adding an instance does not
    /// change what the others drew.
    public init(seed: UInt64, stream: String) {
        var name = StreamName()
        name.append(stream)
        self.init(seed: seed, stream: name)
    }

    /// The same stream as the name's text would give, without building the string.
    public init(seed: UInt64, stream name: StreamName) {
        self.init(seed: seed ^ (name.hash &* 0x9e37_79b9_7f4a_7c15))
    }

    /// A stream's name hashed as it is written (FNV-1a over its UTF-8, stable across runs
    /// unlike Hasher): `append("run:")`, an id, a number... equals hashing the whole text.
    public struct StreamName: Sendable {
        public private(set) var hash: UInt64 = 0xcbf2_9ce4_8422_2325

        public init() {}

        public mutating func append(_ text: String) {
            for byte in text.utf8 {
                hash ^= UInt64(byte)
                hash = hash &* 0x100_0000_01b3
            }
        }

        /// A number's decimal text, as string interpolation writes it.
        public mutating func append(_ n: Int64) {
            if n < 0 { byte(UInt8(ascii: "-")) }
            var magnitude = n.magnitude, divisor: UInt64 = 1
            while magnitude / divisor >= 10 { divisor *= 10 }
            while divisor > 0 {
                byte(UInt8(ascii: "0") + UInt8(magnitude / divisor))
                magnitude %= divisor
                divisor /= 10
            }
        }

        mutating func byte(_ b: UInt8) {
            hash ^= UInt64(b)
            hash = hash &* 0x100_0000_01b3
        }
    }

    static func splitMix(_ state: inout UInt64) -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    public mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = (s3 << 45) | (s3 >> 19)
        return result
    }

    /// A uniform integer in `0..<bound` (Lemire's method; no modulo bias).
    public mutating func below(_ bound: Int) -> Int {
        guard bound > 1 else { return 0 }
        let b = UInt64(bound)
        var m = next().multipliedFullWidth(by: b)
        if m.low < b {
            let t = (0 &- b) % b
            while m.low < t { m = next().multipliedFullWidth(by: b) }
        }
        return Int(m.high)
    }

    /// A uniform Double in [0, 1).
    public mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// True with probability `p`.
    public mutating func chance(_ p: Double) -> Bool { unit() < p }

    /// Picks by weight; weights need not sum to 1.
    public mutating func weighted<T>(_ choices: [(T, Double)]) -> T {
        let total = choices.reduce(0) { $0 + $1.1 }
        var x = unit() * total
        for (value, w) in choices {
            if x < w { return value }
            x -= w
        }
        return choices[choices.count - 1].0
    }
}
