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

    public init(identifier: String) throws {
        guard let z = TimeZone(identifier: identifier), identifier.contains("/") || identifier == "UTC" || identifier == "GMT" else {
            throw ScheduleError(field: "ScheduleTimezone", "'\(identifier)' is not an IANA time zone such as America/New_York or Etc/UTC")
        }
        self.identifier = identifier
        zone = z
    }

    /// Offset from UTC in seconds at a UTC instant.
    public func offset(at t: Instant) -> Int64 {
        guard let zone else { return 0 }
        return Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(t.secondsSinceEpoch))))
    }

    /// The local wall-clock time, as seconds since 1970 "as if UTC".
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
