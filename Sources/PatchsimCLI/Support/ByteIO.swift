#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a file descriptor line by line in large chunks: no per-line system call and
/// no Foundation bridging, so a million-line stream takes well under a second.
struct LineReader {
    private let fd: Int32
    private var buffer: [UInt8] = []
    private var start = 0
    private var eof = false
    private static let chunkBytes = 1 << 16

    private let fixed: Bool

    init(fd: Int32) { self.fd = fd; self.fixed = false }

    /// A reader over bytes already in memory (tests).
    init(bytes: [UInt8]) { self.fd = -1; self.fixed = true; self.buffer = bytes; self.eof = true }

    /// The next line without its `\n` (and without a trailing `\r`); nil at the end.
    mutating func next<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R? {
        while true {
            if let nl = buffer[start...].firstIndex(of: 0x0A) {
                var end = nl
                if end > start && buffer[end - 1] == 0x0D { end -= 1 }
                let lineStart = start
                start = nl + 1
                return try buffer.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[lineStart..<end])) }
            }
            if eof {
                guard start < buffer.count else { return nil }
                let lineStart = start
                start = buffer.count
                return try buffer.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[lineStart...])) }
            }
            fill()
        }
    }

    private mutating func fill() {
        if start > 0 {
            buffer.removeSubrange(0..<start)
            start = 0
        }
        let old = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: Self.chunkBytes))
        let n = buffer.withUnsafeMutableBufferPointer { p in
            guard let base = p.baseAddress else { return 0 }
            return read(fd, base + old, Self.chunkBytes)
        }
        if n <= 0 {
            buffer.removeSubrange(old...)
            eof = true
        } else {
            buffer.removeSubrange((old + n)...)
        }
    }
}

/// Buffered writer for standard output and standard error; with no descriptor it
/// keeps everything it is given (tests read `captured`).
struct ByteWriter {
    private let fd: Int32?
    private var buffer: [UInt8] = []
    private(set) var captured: [UInt8] = []
    private static let flushBytes = 1 << 16

    init(fd: Int32?) {
        self.fd = fd
        buffer.reserveCapacity(Self.flushBytes + 256)
    }

    mutating func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= Self.flushBytes { flush() }
    }

    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= Self.flushBytes { flush() }
    }

    mutating func writeLine(_ text: String) {
        write(text)
        buffer.append(0x0A)
    }

    mutating func flush() {
        guard let fd else {
            captured.append(contentsOf: buffer)
            buffer.removeAll(keepingCapacity: true)
            return
        }
        var offset = 0
        buffer.withUnsafeBufferPointer { p in
            while offset < p.count {
                guard let base = p.baseAddress else { break }
                let n = posixWrite(fd, base + offset, p.count - offset)
                if n <= 0 { break }
                offset += n
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }
}

@inline(__always)
private func posixWrite(_ fd: Int32, _ p: UnsafePointer<UInt8>, _ n: Int) -> Int {
    #if canImport(Glibc)
    return Glibc.write(fd, p, n)
    #elseif canImport(Musl)
    return Musl.write(fd, p, n)
    #else
    return Darwin.write(fd, p, n)
    #endif
}
