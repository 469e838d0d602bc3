import Foundation
import PatchModel

/// An IANA time zone for schedules, with the two conversions cron evaluation needs.
/// Uses the system's tz database through Foundation; no clock is read.
public struct ScheduleTimeZone: Sendable {
    public let identifier: String
    /// nil: UTC, computed without the tz database.
    private let zone: TimeZone?

    public static let utc = ScheduleTimeZone(utc: ())

    private init(utc: Void) {
        identifier = "UTC"
        zone = nil
    }

    /// [MW-1] Use: the exact IANA name, else a case-insensitive match of one (the console
    /// shows `etc/UTC`), else an error. The zone keeps its canonical spelling.
    public init(identifier: String) throws {
        guard let name = Self.canonicalName(identifier), let z = TimeZone(identifier: name) else {
            throw ScheduleError(field: "ScheduleTimezone", "'\(identifier)' is not an IANA time zone such as America/New_York or Etc/UTC")
        }
        self.identifier = name
        zone = z
    }

    static let ianaNames: [String] = (TimeZone.knownTimeZoneIdentifiers + ["UTC", "GMT", "Etc/UTC", "Etc/GMT"])
        .filter { $0.contains("/") || $0 == "UTC" || $0 == "GMT" }

    static func canonicalName(_ name: String) -> String? {
        if ianaNames.contains(name) { return name }
        let lower = name.lowercased()
        return ianaNames.filter { $0.lowercased() == lower }.min()
    }

    /// Offset from UTC in seconds at a UTC instant.
    public func offset(at t: Instant) -> Int64 {
        guard let zone else { return 0 }
        return Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(t.secondsSinceEpoch))))
    }

    /// The local wall-clock time, as seconds since 1970 "as if UTC".
    /// An instant as the API renders it for a window with this zone ([SCH-10]): the
    /// local time with its offset (`2019-10-20T05:34:56-07:00`), or `Z` in UTC;
    /// milliseconds only when non-zero.
    public func rendered(_ t: Instant, milliseconds ms: Int = 0) -> String {
        guard identifier != "UTC" else { return t.iso8601(milliseconds: ms) }
        let local = Instant(secondsSinceEpoch: self.local(t))
        let offsetSeconds = offset(at: t)
        let sign = offsetSeconds < 0 ? "-" : "+"
        let h = abs(offsetSeconds) / 3600, m = abs(offsetSeconds) % 3600 / 60
        return String(local.iso8601(milliseconds: ms).dropLast()) + "\(sign)\(h < 10 ? "0" : "")\(h):\(m < 10 ? "0" : "")\(m)"
    }

    public func local(_ t: Instant) -> Int64 { t.secondsSinceEpoch + offset(at: t) }

    /// The UTC instant of a local wall-clock time: nil in a DST gap (the time does not
    /// exist; [SCH-5] Use: skipped), the earlier instant in an overlap ([SCH-5] Use: once).
    public func instant(fromLocal local: Int64) -> Instant? {
        var candidates: [Int64] = []
        for probe in [local - 86_400, local, local + 86_400] {
            let o = offset(at: Instant(secondsSinceEpoch: probe))
            let u = local - o
            if offset(at: Instant(secondsSinceEpoch: u)) == o && !candidates.contains(u) { candidates.append(u) }
        }
        return candidates.min().map { Instant(secondsSinceEpoch: $0) }
    }
}
