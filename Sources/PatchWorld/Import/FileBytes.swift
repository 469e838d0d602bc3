import Foundation
import PatchModel

/// Reading input files: whole, as bytes, with an error that names the file.
enum FileBytes {
    static func read(_ path: String) throws -> [UInt8] { try InputFile.read(path) }

    /// Text of a file, LZ4-decompressed when it is an LZ4 frame (apt's lists on Debian).
    static func text(_ path: String) throws -> String {
        String(decoding: try contents(path), as: UTF8.self)
    }

    /// The file's bytes, LZ4-decompressed when it is an LZ4 frame.
    static func contents(_ path: String) throws -> [UInt8] {
        let bytes = try read(path)
        return LZ4Frame.isLZ4(bytes) ? try LZ4Frame.decompress(bytes, file: path) : bytes
    }
}

/// RFC 2822 dates as Release files write them: `Sat, 21 Nov 2026 08:14:23 UTC`
/// (the weekday is optional; the zone is `UTC`, `GMT`, `Z` or `+hhmm`).
enum RFC2822Date {
    static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    static func parse(_ text: String) -> Instant? {
        var parts = text.split(separator: " ").map(String.init)
        if let first = parts.first, first.hasSuffix(",") { parts.removeFirst() }
        guard parts.count >= 4, let day = Int(parts[0]),
              let month = months.firstIndex(of: parts[1].lowercased()).map({ $0 + 1 }),
              let year = Int(parts[2]) else { return nil }
        let hms = parts[3].split(separator: ":").compactMap { Int($0) }
        guard hms.count >= 2, (1...31).contains(day) else { return nil }
        // Every field is range-checked before arithmetic: a Release file can say anything.
        guard var t = Instant(checkedYear: year, month: month, day: day, hour: hms[0], minute: hms[1], second: hms.count > 2 ? hms[2] : 0)
        else { return nil }
        if parts.count > 4, let zone = parts.last, zone.count == 5, let sign = zone.first, sign == "+" || sign == "-",
           let hhmm = Int(zone.dropFirst()), hhmm >= 0, hhmm / 100 < 24, hhmm % 100 < 60 {
            let seconds = Int64((hhmm / 100) * 3600 + (hhmm % 100) * 60)
            t = t.adding(seconds: sign == "+" ? -seconds : seconds)
        }
        return Instant.supported.contains(t.secondsSinceEpoch) ? t : nil
    }
}
