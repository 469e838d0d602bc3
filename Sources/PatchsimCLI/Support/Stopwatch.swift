#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Wall-clock and memory measurement for `patchsim bench` only: the command line may
/// read the machine's clock; the engine never does.
struct Stopwatch {
    private let startNanos: UInt64

    init() { startNanos = Stopwatch.now() }

    static func now() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }

    var elapsedSeconds: Double { Double(Stopwatch.now() - startNanos) / 1e9 }

    /// Peak resident set size of this process in bytes (Linux `VmHWM`), nil elsewhere.
    static func peakResidentBytes() -> UInt64? { statusField("VmHWM:") }

    /// Resets the peak resident set size to the current one (Linux: `5` to
    /// /proc/self/clear_refs), so each workload reports its own peak.
    static func resetPeakResident() {
        guard let f = fopen("/proc/self/clear_refs", "w") else { return }
        fputs("5", f)
        fclose(f)
    }

    /// Current resident set size (Linux `VmRSS`).
    static func currentResidentBytes() -> UInt64? { statusField("VmRSS:") }

    static func statusField(_ field: String) -> UInt64? {
        guard let f = fopen("/proc/self/status", "r") else { return nil }
        defer { fclose(f) }
        var line = [CChar](repeating: 0, count: 256)
        while fgets(&line, Int32(line.count), f) != nil {
            let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if text.hasPrefix(field) {
                let digits = text.filter(\.isNumber)
                return UInt64(digits).map { $0 * 1024 }
            }
        }
        return nil
    }
}
