import Foundation
import PatchModel

/// Decodes the LZ4 frame format (magic 0x184D2204), which apt uses for
/// `/var/lib/apt/lists/*.lz4` on Debian. Checksums are skipped: the input is a local
/// cache, and a corrupt block still fails bounds checks with a clear error.
public enum LZ4Frame {
    static let magic: UInt32 = 0x184D_2204

    public static func isLZ4(_ data: [UInt8]) -> Bool {
        data.count >= 4 && readLE32(data, 0) == magic
    }

    public static func decompress(_ data: [UInt8], file: String) throws -> [UInt8] {
        func corrupt(_ what: String) -> InputError {
            InputError(file: file, message: "not a valid LZ4 frame: \(what)")
        }
        var out: [UInt8] = []
        // Room for a typical index's ratio up front (apt's lists shrink about 2.7 times):
        // growing a 50 MB buffer by doubling copies it over and over.
        out.reserveCapacity(min(data.count, InputFile.maxBytes / 4) * 4)
        var p = 0
        while p < data.count {
            guard p + 4 <= data.count else { throw corrupt("truncated magic") }
            let m = readLE32(data, p)
            if m & 0xFFFF_FFF0 == 0x184D_2A50 {  // skippable frame
                guard p + 8 <= data.count else { throw corrupt("truncated skippable frame") }
                p += 8 + Int(readLE32(data, p + 4))
                continue
            }
            guard m == magic else { throw corrupt("bad magic at byte \(p)") }
            p += 4
            guard p + 2 <= data.count else { throw corrupt("truncated frame descriptor") }
            let flg = data[p]
            guard flg >> 6 == 1 else { throw corrupt("unsupported version") }
            // Block maximum size from the BD byte: 64 KiB, 256 KiB, 1 MiB or 4 MiB.
            let blockMax = 1 << (8 + 2 * Int(max(4, min(7, (data[p + 1] >> 4) & 7))))
            let blockChecksum = flg & 0x10 != 0
            let contentSize = flg & 0x08 != 0
            let contentChecksum = flg & 0x04 != 0
            let dictID = flg & 0x01 != 0
            p += 2 + (contentSize ? 8 : 0) + (dictID ? 4 : 0) + 1  // FLG, BD, sizes, HC
            while true {
                guard p + 4 <= data.count else { throw corrupt("truncated block header") }
                let header = readLE32(data, p)
                p += 4
                if header == 0 { break }
                let size = Int(header & 0x7FFF_FFFF)
                guard p + size <= data.count else { throw corrupt("truncated block") }
                if header & 0x8000_0000 != 0 {
                    out.append(contentsOf: data[p..<(p + size)])
                } else {
                    try decodeBlock(data, p, p + size, into: &out, capacity: blockMax, corrupt: corrupt)
                }
                p += size + (blockChecksum ? 4 : 0)
            }
            p += contentChecksum ? 4 : 0
        }
        return out
    }

    /// One LZ4 block: sequences of literals and back-references into `out` (which may
    /// reach into earlier blocks: apt writes linked blocks). The block is decoded into
    /// space reserved up front, through raw pointers, copying runs with memcpy: per-byte
    /// work costs seconds on a 100 MB index. Every length is checked before it is copied.
    static func decodeBlock(_ data: [UInt8], _ start: Int, _ end: Int, into out: inout [UInt8], capacity: Int,
                            corrupt: (String) -> InputError) throws {
        let base = out.count
        if out.capacity < base + capacity { out.reserveCapacity(max(base + capacity, out.capacity * 2)) }
        out.append(contentsOf: repeatElement(0, count: capacity))
        var written = 0
        defer { out.removeSubrange((base + written)...) }
        try data.withUnsafeBufferPointer { dBuffer in
            try out.withUnsafeMutableBufferPointer { buf in
                guard let d = dBuffer.baseAddress, let o0 = buf.baseAddress else { return }
                let dataCount = dBuffer.count
                let limit = base + capacity
                var o = base
                var i = start
                // A 4-bit length of 15 continues in following bytes until one is not 255.
                func extended(_ first: Int, _ what: String) throws -> Int {
                    guard first == 15 else { return first }
                    var length = first
                    while true {
                        guard i < end else { throw corrupt("truncated \(what) length") }
                        let b = d[i]; i += 1
                        length += Int(b)
                        if b != 255 { return length }
                    }
                }
                while i < end {
                    let token = d[i]
                    i += 1
                    let literals = try extended(Int(token >> 4), "literal")
                    guard literals <= end - i else { throw corrupt("literals past block end") }
                    guard literals <= limit - o else { throw corrupt("block larger than its declared maximum") }
                    if literals <= 16 && i + 16 <= dataCount && o + 16 <= limit {
                        // Short runs (most of them) as two 8-byte words: a memcpy call
                        // costs more than the copy. Both sides have 16 bytes of room.
                        copyWord(from: d + i, to: o0 + o)
                        copyWord(from: d + i + 8, to: o0 + o + 8)
                    } else {
                        memcpy(o0 + o, d + i, literals)
                    }
                    o += literals
                    i += literals
                    if i >= end { break }  // the last sequence has literals only
                    guard i + 2 <= end else { throw corrupt("truncated match offset") }
                    let offset = Int(d[i]) | Int(d[i + 1]) << 8
                    i += 2
                    let length = try extended(Int(token & 0x0F), "match") + 4
                    guard offset > 0, offset <= o else { throw corrupt("match offset out of range") }
                    guard length <= limit - o else { throw corrupt("block larger than its declared maximum") }
                    let from = o - offset
                    if offset >= 8 && o + length + 8 <= limit {
                        // Word by word: each word's source lies wholly before its
                        // destination (offset >= 8); up to 7 bytes past the match are
                        // written and later overwritten, inside the reserved space.
                        var k = 0
                        while k < length { copyWord(from: UnsafePointer(o0 + from + k), to: o0 + o + k); k += 8 }
                    } else if offset >= length {
                        memcpy(o0 + o, o0 + from, length)
                    } else {
                        // An overlapping match repeats the bytes it produces: byte by byte.
                        for k in 0..<length { o0[o + k] = o0[from + k] }
                    }
                    o += length
                }
                written = o - base
            }
        }
    }

    @inline(__always) static func copyWord(from: UnsafePointer<UInt8>, to: UnsafeMutablePointer<UInt8>) {
        UnsafeMutableRawPointer(to).storeBytes(of: UnsafeRawPointer(from).loadUnaligned(as: UInt64.self), as: UInt64.self)
    }

    static func readLE32(_ d: [UInt8], _ p: Int) -> UInt32 {
        UInt32(d[p]) | UInt32(d[p + 1]) << 8 | UInt32(d[p + 2]) << 16 | UInt32(d[p + 3]) << 24
    }
}
