import PatchModel

/// A maintenance-window cron expression: 6 fields (Minutes Hours Day-of-month Month
/// Day-of-week Year) or 7 with Seconds first, validated as the service validates it
/// ([SCH-2]..[SCH-4]) and matched on a local calendar day ([SCH-5]).
public struct CronExpression: Equatable, Sendable {
    public var seconds: CronField
    public var minutes: CronField
    public var hours: CronField
    public var dayOfMonth: CronField
    public var month: CronField
    public var dayOfWeek: CronField
    public var year: CronField
    /// Matching seconds of the day, ascending.
    public let secondsOfDay: [Int]

    /// The floor between two runs (§1.4 #6): exactly 5 minutes is allowed.
    public static let minimumIntervalSeconds = 300

    /// Parses the text inside `cron(...)`.
    public init(fields text: String) throws {
        guard !text.hasPrefix(" "), !text.hasSuffix(" ") else {
            throw ScheduleError(field: "cron", "leading or trailing space inside the parentheses")
        }
        let tokens = text.split(separator: " ").map(String.init)
        guard tokens.count == 6 || tokens.count == 7 else {
            throw ScheduleError(field: "cron", "\(tokens.count) fields; allowed: 6 (Minutes Hours Day-of-month Month Day-of-week Year) or 7 (Seconds first)")
        }
        let t = tokens.count == 7 ? tokens : ["0"] + tokens
        seconds = try CronField.parse(t[0], kind: .seconds)
        minutes = try CronField.parse(t[1], kind: .minutes)
        hours = try CronField.parse(t[2], kind: .hours)
        dayOfMonth = try CronField.parse(t[3], kind: .dayOfMonth)
        month = try CronField.parse(t[4], kind: .month)
        dayOfWeek = try CronField.parse(t[5], kind: .dayOfWeek)
        year = try CronField.parse(t[6], kind: .year)

        // Exactly one of the day fields is `?` (§1.4 #4).
        switch (dayOfMonth == .noSpecificValue, dayOfWeek == .noSpecificValue) {
        case (true, true): throw ScheduleError(field: "Day-of-month/Day-of-week", "both are '?'; exactly one of them must be '?'")
        case (false, false): throw ScheduleError(field: "Day-of-month/Day-of-week", "neither is '?'; exactly one of them must be '?'")
        default: break
        }
        guard case .values(let s) = seconds, case .values(let m) = minutes, case .values(let h) = hours else {
            throw ScheduleError(field: "cron", "time fields take values only")
        }
        var daySeconds: [Int] = []
        for hh in h.sorted() { for mm in m.sorted() { for ss in s.sorted() { daySeconds.append(hh * 3600 + mm * 60 + ss) } } }
        secondsOfDay = daySeconds
        try checkMinimumInterval()
    }

    /// §1.4 #6: adjacent times of day closer than 5 minutes, or a wrap from the last time of
    /// one day to the first of the next closer than that when two consecutive days can match.
    func checkMinimumInterval() throws {
        let floor = Self.minimumIntervalSeconds
        for (a, b) in zip(secondsOfDay, secondsOfDay.dropFirst()) where b - a < floor {
            throw ScheduleError(field: "cron", "runs \(b - a) seconds apart; the minimum interval is 5 minutes")
        }
        guard let first = secondsOfDay.first, let last = secondsOfDay.last else { return }
        let wrap = 86_400 - last + first
        guard wrap < floor else { return }
        // Do two consecutive calendar days ever both match? Scan the whole year range once.
        var previous = false
        let startDay = CivilDate.daysFromCivil(year: 1970, month: 1, day: 1)
        let endDay = CivilDate.daysFromCivil(year: 2199, month: 12, day: 31)
        var day = startDay
        while day <= endDay {
            let matches = matchesDay(day)
            if matches && previous {
                throw ScheduleError(field: "cron", "runs \(wrap) seconds apart across midnight; the minimum interval is 5 minutes")
            }
            previous = matches
            day += 1
        }
    }

    /// Whether the local calendar day (days since 1970-01-01) matches the date fields.
    public func matchesDay(_ day: Int64) -> Bool {
        let (y, m, d) = CivilDate.civilFromDays(day)
        guard Self.contains(year, y), Self.contains(month, m) else { return false }
        let weekday = CivilDate.weekday(ofDay: day) + 1  // 1 = SUN
        let lastDay = CivilDate.daysInMonth(year: y, month: m)
        switch dayOfMonth {
        case .noSpecificValue: break
        case .values(let v): return v.contains(d)
        case .lastDayOfMonth: return d == lastDay
        case .lastWeekdayOfMonth:
            var target = lastDay
            while Self.weekday(y, m, target) == 1 || Self.weekday(y, m, target) == 7 { target -= 1 }
            return d == target
        case .nearestWeekday(let n):
            guard n <= lastDay else { return false }
            var target = n
            switch Self.weekday(y, m, n) {
            case 7: target = n == 1 ? n + 2 : n - 1   // Saturday: Friday, or Monday the 3rd at the month's start
            case 1: target = n == lastDay ? n - 2 : n + 1  // Sunday: Monday, or Friday at the month's end
            default: break
            }
            return d == target
        default: return false
        }
        switch dayOfWeek {
        case .values(let v): return v.contains(weekday)
        case .lastWeekdayInMonth(let n): return weekday == n && d + 7 > lastDay
        case .nthWeekday(let n, let k): return weekday == n && (d - 1) / 7 + 1 == k
        default: return false
        }
    }

    static func weekday(_ y: Int, _ m: Int, _ d: Int) -> Int {
        CivilDate.weekday(ofDay: CivilDate.daysFromCivil(year: y, month: m, day: d)) + 1
    }

    static func contains(_ field: CronField, _ v: Int) -> Bool {
        if case .values(let s) = field { return s.contains(v) }
        return true
    }
}
