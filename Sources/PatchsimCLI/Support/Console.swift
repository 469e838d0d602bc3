/// Where a command reads and writes: the process's standard streams, or memory in tests.
final class Console {
    var out: ByteWriter
    var err: ByteWriter
    var input: LineReader
    /// Whether standard error is a terminal (progress is shown only then).
    let stderrIsTerminal: Bool

    init(out: ByteWriter, err: ByteWriter, input: LineReader, stderrIsTerminal: Bool = false) {
        self.out = out
        self.err = err
        self.input = input
        self.stderrIsTerminal = stderrIsTerminal
    }

    static func standard() -> Console {
        Console(out: ByteWriter(fd: 1), err: ByteWriter(fd: 2), input: LineReader(fd: 0),
                stderrIsTerminal: isatty(2) != 0)
    }

    static func captured(stdin: String = "") -> Console {
        Console(out: ByteWriter(fd: nil), err: ByteWriter(fd: nil), input: LineReader(bytes: Array(stdin.utf8)))
    }

    func flush() {
        out.flush()
        err.flush()
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
