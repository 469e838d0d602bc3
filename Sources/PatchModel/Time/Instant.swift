/// A point in simulated time: whole seconds since 1970-01-01T00:00:00Z, always UTC.
///
/// The engine never reads the wall clock; every instant comes from a scenario, a file
/// or a computation on other instants. Calendar conversions use the proleptic Gregorian
/// civil-from-days algorithm, so they are exact, allocation-free and need no time zone
/// database (zones belong to the scheduling layer).
public struct Instant: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var secondsSinceEpoch: Int64

    public init(secondsSinceEpoch: Int64) { self.secondsSinceEpoch = secondsSinceEpoch }

    public static let epoch = Instant(secondsSinceEpoch: 0)

    /// The instants any input may name: 1970-01-01T00:00:00Z up to the end of 2999.
    /// Every reader checks a date against it before calendar arithmetic, so no file can
    /// make a sum trap or a simulation loop over millennia.
    public static let supported: ClosedRange<Int64> = 0...(32_503_680_000 - 1)
    public static let supportedYears = "years 1970 to 2999"

    /// An instant read from input, or nil when it lies outside `supported`.
    public init?(checkedSecondsSinceEpoch s: Int64) {
        guard Self.supported.contains(s) else { return nil }
        self.init(secondsSinceEpoch: s)
    }

    /// The civil date and time, or nil outside `supported` or when a field is out of
    /// its range (hour 0–23, minute 0–59, second 0–60, taken as 59).
    public init?(checkedYear year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) {
        guard (1970...2999).contains(year), (1...12).contains(month), day >= 1, day <= CivilDate.daysInMonth(year: year, month: month),
              (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second) else { return nil }
        self.init(year: year, month: month, day: day, hour: hour, minute: minute, second: min(second, 59))
    }
    public static let secondsPerDay: Int64 = 86_400

    public static func < (a: Instant, b: Instant) -> Bool { a.secondsSinceEpoch < b.secondsSinceEpoch }

    public func adding(seconds: Int64) -> Instant { Instant(secondsSinceEpoch: secondsSinceEpoch + seconds) }
    public func adding(days: Int) -> Instant { adding(seconds: Int64(days) * Self.secondsPerDay) }

    /// Days since 1970-01-01 of this instant's UTC calendar date (the "UTC day").
    public var utcDay: Int64 { secondsSinceEpoch >= 0 ? secondsSinceEpoch / Self.secondsPerDay : (secondsSinceEpoch - Self.secondsPerDay + 1) / Self.secondsPerDay }

    /// Midnight UTC of this instant's date.
    public var startOfUTCDay: Instant { Instant(secondsSinceEpoch: utcDay * Self.secondsPerDay) }

    public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) {
        let days = CivilDate.daysFromCivil(year: year, month: month, day: day)
        secondsSinceEpoch = days * Self.secondsPerDay + Int64(hour * 3600 + minute * 60 + second)
    }

    /// The UTC calendar fields.
    public var civil: (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        let day = utcDay
        let (y, m, d) = CivilDate.civilFromDays(day)
        let rem = Int(secondsSinceEpoch - day * Self.secondsPerDay)
        return (y, m, d, rem / 3600, (rem % 3600) / 60, rem % 60)
    }

    /// `2026-01-20T04:30:00Z`.
    public var description: String { iso8601 }

    public var iso8601: String {
        let c = civil
        return "\(pad(c.year, 4))-\(pad(c.month, 2))-\(pad(c.day, 2))T\(pad(c.hour, 2)):\(pad(c.minute, 2)):\(pad(c.second, 2))Z"
    }

    /// `2019-05-11T16:46:16.991Z` (the seconds form when `milliseconds` is 0).
    public func iso8601(milliseconds: Int) -> String {
        guard milliseconds > 0 else { return iso8601 }
        return String(iso8601.dropLast()) + "." + pad(milliseconds, 3) + "Z"
    }

    /// The milliseconds of an ISO-8601 text's fractional seconds (`16:41:16.991Z` → 991;
    /// digits past the third are dropped, as the services keep milliseconds); 0 without.
    /// Instants themselves are whole seconds; only schedule anchors carry this.
    public static func milliseconds(inISO8601 text: String) -> Int {
        let b = Array(text.utf8)
        guard let t = b.firstIndex(where: { $0 == 84 || $0 == 32 }), let dot = b[t...].firstIndex(of: 46) else { return 0 }
        var ms = 0, n = 0
        var k = dot + 1
        while k < b.count, b[k] >= 48, b[k] <= 57 {
            if n < 3 { ms = ms * 10 + Int(b[k] - 48); n += 1 }
            k += 1
        }
        while n < 3 && n > 0 { ms *= 10; n += 1 }
        return ms
    }

    /// `2026-01-20`.
    public var isoDate: String {
        let c = civil
        return "\(pad(c.year, 4))-\(pad(c.month, 2))-\(pad(c.day, 2))"
    }

    /// Parses the ISO-8601 forms found in scenarios and package metadata:
    /// `2026-01-20`, `2026-01-20T04:30`, `2026-01-20T04:30:00`, with optional fractional
    /// seconds, and `Z`, `+hh:mm`, `+hhmm` or no zone (taken as UTC). A space may stand
    /// for the `T` (updateinfo writes `2021-03-02 17:35:00`). Nil outside `supported`.
    public init?(iso8601 text: String) {
        let b = Array(text.utf8)
        var i = 0
        func digits(_ n: Int) -> Int? {
            guard i + n <= b.count else { return nil }
            var v = 0
            for k in i..<(i + n) {
                let c = b[k]
                guard c >= 48 && c <= 57 else { return nil }
                v = v * 10 + Int(c - 48)
            }
            i += n
            return v
        }
        func expect(_ c: UInt8) -> Bool {
            guard i < b.count, b[i] == c else { return false }
            i += 1
            return true
        }
        guard let y = digits(4), expect(45), let mo = digits(2), expect(45), let d = digits(2),
              (1...12).contains(mo), d >= 1, d <= CivilDate.daysInMonth(year: y, month: mo) else { return nil }
        var h = 0, mi = 0, s = 0
        if i < b.count && (b[i] == 84 || b[i] == 32) {  // 'T' or ' '
            i += 1
            guard let hh = digits(2), expect(58), let mm = digits(2) else { return nil }
            h = hh; mi = mm
            if expect(58) {
                guard let ss = digits(2) else { return nil }
                s = ss
                if expect(46) {  // fractional seconds are dropped
                    let start = i
                    while i < b.count && b[i] >= 48 && b[i] <= 57 { i += 1 }
                    guard i > start else { return nil }
                }
            }
            guard h < 24, mi < 60, s < 61 else { return nil }
        }
        var offset = 0
        if i < b.count {
            if b[i] == 90 {  // 'Z'
                i += 1
            } else if b[i] == 43 || b[i] == 45 {  // '+' or '-'
                let sign = b[i] == 45 ? -1 : 1
                i += 1
                guard let oh = digits(2) else { return nil }
                _ = expect(58)
                guard let om = digits(2), oh < 24, om < 60 else { return nil }
                offset = sign * (oh * 3600 + om * 60)
            } else {
                return nil
            }
        }
        guard i == b.count else { return nil }
        guard (1970...2999).contains(y) else { return nil }
        self.init(year: y, month: mo, day: d, hour: h, minute: mi, second: min(s, 59))
        secondsSinceEpoch -= Int64(offset)
        guard Self.supported.contains(secondsSinceEpoch) else { return nil }
    }
}

private func pad(_ v: Int, _ width: Int) -> String {
    let s = String(v)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
}

/// Proleptic Gregorian calendar arithmetic (H. Hinnant's days-from-civil algorithms).
public enum CivilDate {
    public static func daysFromCivil(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let m = Int64(month)
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    public static func civilFromDays(_ z0: Int64) -> (Int, Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (Int(m <= 2 ? y + 1 : y), Int(m), Int(d))
    }

    public static func isLeapYear(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Weekday of a day number, 0 = Sunday.
    public static func weekday(ofDay day: Int64) -> Int {
        let w = (day + 4) % 7  // 1970-01-01 was a Thursday
        return Int(w >= 0 ? w : w + 7)
    }
}
