import Testing
@testable import PatchModel
@testable import PatchWorld

/// The LZ4 decoder's fast copies (two 8-byte words for short literal runs, word-wise
/// matches when the offset is at least 8) against a byte-by-byte reading of the format,
/// on frames built from random sequences: short and long literal runs, overlapping
/// matches (offset 1 repeats a byte), matches right at block ends, several blocks.
@Suite("LZ4 frames: fast copies equal the byte-wise reading")
struct LZ4FrameTests {
    /// One frame from sequences (literals, then a match of `length` at `offset`; the last
    /// has no match), and what it decodes to, expanded byte by byte.
    static func frame(blocks: [[(literals: [UInt8], offset: Int, length: Int)]]) -> (frame: [UInt8], expected: [UInt8]) {
        var out: [UInt8] = [0x04, 0x22, 0x4D, 0x18, 0x40, 0x50, 0x00]  // magic, FLG (linked blocks), BD 256 KiB, HC
        var expected: [UInt8] = []
        func length(_ n: Int, into b: inout [UInt8]) {
            var rest = n - 15
            while rest >= 255 { b.append(255); rest -= 255 }
            b.append(UInt8(rest))
        }
        for sequences in blocks {
            var block: [UInt8] = []
            for (k, s) in sequences.enumerated() {
                let last = k == sequences.count - 1
                let m = last ? 0 : s.length - 4
                block.append(UInt8(min(s.literals.count, 15) << 4 | min(m, 15)))
                if s.literals.count >= 15 { length(s.literals.count, into: &block) }
                block += s.literals
                expected += s.literals
                if last { break }
                block += [UInt8(s.offset & 0xFF), UInt8(s.offset >> 8)]
                if m >= 15 { length(m, into: &block) }
                for _ in 0..<s.length { expected.append(expected[expected.count - s.offset]) }
            }
            let size = UInt32(block.count)
            out += [UInt8(size & 0xFF), UInt8(size >> 8 & 0xFF), UInt8(size >> 16 & 0xFF), UInt8(size >> 24)]
            out += block
        }
        out += [0, 0, 0, 0]
        return (out, expected)
    }

    @Test("random sequences over several linked blocks decode to their byte-wise expansion", arguments: [1, 2, 3, 4, 5, 6, 7, 8])
    func randomFrames(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        var produced = 0
        var blocks: [[(literals: [UInt8], offset: Int, length: Int)]] = []
        for _ in 0..<(1 + rng.below(3)) {
            var sequences: [(literals: [UInt8], offset: Int, length: Int)] = []
            for _ in 0..<(20 + rng.below(80)) {
                let literalCount = [0, 1, 7, 8, 15, 16, 17, 300][rng.below(8)] + rng.below(3)
                // A match needs something before it: the first sequence has a literal at least.
                let literals = (0..<max(literalCount, produced == 0 ? 1 : 0)).map { _ in UInt8(truncatingIfNeeded: rng.below(256)) }
                produced += literals.count
                let offset = 1 + rng.below(min(produced, [1, 2, 7, 8, 9, 64, 65_535][rng.below(7)]))
                let length = 4 + [0, 3, 4, 11, 14, 15, 16, 270][rng.below(8)] + rng.below(5)
                sequences.append((literals, offset, length))
                produced += length
            }
            sequences.append(((0..<(1 + rng.below(20))).map { _ in UInt8(rng.below(256)) }, 0, 0))
            produced += sequences.last?.literals.count ?? 0
            blocks.append(sequences)
        }
        let (frame, expected) = Self.frame(blocks: blocks)
        #expect(try LZ4Frame.decompress(frame, file: "f.lz4") == expected)
    }

    @Test("a match reaching before the output's start is refused")
    func badOffset() {
        let (frame, _) = Self.frame(blocks: [[([1, 2, 3], 3, 4), ([9], 0, 0)]])
        var bad = frame
        bad[7 + 4 + 4] = 9  // the offset's low byte: 9 > the 3 bytes produced
        #expect(throws: InputError.self) { try LZ4Frame.decompress(bad, file: "f.lz4") }
        #expect(throws: Never.self) { try LZ4Frame.decompress(frame, file: "f.lz4") }
    }
}
