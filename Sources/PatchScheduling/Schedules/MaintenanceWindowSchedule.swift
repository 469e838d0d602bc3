import PatchModel

/// When a maintenance window runs: its `Schedule`, `ScheduleTimezone`, `ScheduleOffset`,
/// `StartDate` and `EndDate`, and the instant it was created (or its schedule last
/// updated), which anchors rates and bounds cron ([SCH-5]..[SCH-8]).
public struct MaintenanceWindowSchedule: Sendable {
    public var expression: ScheduleExpression
    public var timeZone: ScheduleTimeZone
    public var offsetDays: Int?
    public var startDate: Instant?
    public var endDate: Instant?
    public var created: Instant
    /// The milliseconds of `created` and `startDate` (instants are whole seconds): a rate
    /// keeps its anchor's, so `rate(5 minutes)` created at 16:41:16.991 runs at
    /// 16:46:16.991 (case 15). Cron and at() runs are on whole seconds.
    public var createdMilliseconds = 0
    public var startDateMilliseconds = 0

    /// AMBIGUOUS in [SCH-6] whether a rate fires at its StartDate (k = 0). Use: no.
    public static let rateFiresAtStartDate = false
    /// The last day a cron can match: the Year field's maximum, 2199-12-31.
    public static let lastSearchDay: Int64 = CivilDate.daysFromCivil(year: 2199, month: 12, day: 31)

    public init(expression: ScheduleExpression, timeZone: ScheduleTimeZone = .utc, offsetDays: Int? = nil,
                startDate: Instant? = nil, endDate: Instant? = nil, created: Instant) throws {
        if let o = offsetDays {
            guard expression.isCron else { throw ScheduleError(field: "ScheduleOffset", "allowed only with a cron schedule") }
            guard (1...6).contains(o) else { throw ScheduleError(field: "ScheduleOffset", "\(o); allowed: 1-6 days") }
        }
        if let s = startDate, let e = endDate, e <= s {
            throw ScheduleError(field: "EndDate", "\(e) is not after StartDate \(s)")
        }
        if let e = endDate, e <= created {
            throw ScheduleError(field: "EndDate", "\(e) is already past")
        }
        self.expression = expression
        self.timeZone = timeZone
        self.offsetDays = offsetDays
        self.startDate = startDate
        self.endDate = endDate
        self.created = created
    }

    /// This schedule after `UpdateMaintenanceWindow` at `t`: a new expression, and the zone
    /// and offset when given (omitted: unchanged); validated as at creation.
    public func updated(expression text: String, timeZone zone: String?, offsetDays offset: Int?, at t: Instant) throws -> MaintenanceWindowSchedule {
        let expression = try ScheduleExpression(parsing: text)
        let timeZone = try zone.map { try ScheduleTimeZone(identifier: $0) } ?? self.timeZone
        // An offset only suits cron: a rate update drops the old one unless one is given.
        let offsetDays = offset ?? (expression.isCron ? self.offsetDays : nil)
        return try MaintenanceWindowSchedule(expression: expression, timeZone: timeZone, offsetDays: offsetDays,
                                             startDate: startDate, endDate: endDate, created: t)
    }

    /// The next `count` run instants, ascending (what `DescribeMaintenanceWindowSchedule` lists).
    public func nextRuns(count: Int) -> [Instant] {
        var runs: [Instant] = []
        guard count > 0 else { return runs }
        switch expression {
        case .rate(let interval):
            // Anchor: creation, or a later StartDate; runs at anchor + k·interval, k ≥ 1.
            let (anchor, ms) = rateAnchor
            var k: Int64 = Self.rateFiresAtStartDate && startDate == anchor ? 0 : 1
            while runs.count < count {
                let t = anchor.adding(seconds: k * interval)
                if let e = endDate, t > e || (t == e && ms > 0) { break }
                runs.append(t)
                k += 1
            }
        case .at(let y, let mo, let d, let h, let mi, let s):
            let local = Instant(year: y, month: mo, day: d, hour: h, minute: mi, second: s).secondsSinceEpoch
            if let t = timeZone.instant(fromLocal: local), t > created, inValidPeriod(occurrence: t, run: t) { runs.append(t) }
        case .cron(let cron):
            let offsetSeconds = Int64(offsetDays ?? 0) * Instant.secondsPerDay
            let firstDay = Instant(secondsSinceEpoch: timeZone.local(created)).utcDay - 1
            var day = firstDay
            while runs.count < count && day <= Self.lastSearchDay {
                if cron.matchesDay(day) {
                    for second in cron.secondsOfDay {
                        let localC = day * Instant.secondsPerDay + Int64(second)
                        guard let c = timeZone.instant(fromLocal: localC), c > created else { continue }
                        // The run is C plus the offset in calendar days on the local clock.
                        guard let r = offsetSeconds == 0 ? c : timeZone.instant(fromLocal: localC + offsetSeconds) else { continue }
                        if let e = endDate, r > e { return runs }
                        if inValidPeriod(occurrence: c, run: r) && r > created { runs.append(r) }
                        if runs.count == count { break }
                    }
                }
                day += 1
            }
        }
        return runs
    }

    /// At most how many runs fall in (created, end]: an upper bound computed without
    /// expanding the schedule, so a scenario's work can be bounded before it runs.
    public func estimatedRuns(through end: Instant) -> Int {
        let span = max(0, (endDate.map { min($0, end) } ?? end).secondsSinceEpoch - created.secondsSinceEpoch)
        switch expression {
        case .rate(let interval): return Int(span / max(interval, 1)) + 1
        case .at: return 1
        case .cron(let cron): return Int(span / Instant.secondsPerDay + 2) * cron.secondsOfDay.count
        }
    }

    /// A rate's anchor, to the millisecond: creation, or StartDate when that is later.
    var rateAnchor: (Instant, Int) {
        guard let s = startDate, (s, startDateMilliseconds) > (created, createdMilliseconds) else { return (created, createdMilliseconds) }
        return (s, startDateMilliseconds)
    }

    /// The milliseconds every run carries past its whole second (a rate's anchor's; else 0).
    public var runMilliseconds: Int {
        if case .rate = expression { return rateAnchor.1 }
        return 0
    }

    /// [SCH-8] Use: StartDate is compared with the occurrence C, EndDate with the run R.
    func inValidPeriod(occurrence c: Instant, run r: Instant) -> Bool {
        if let s = startDate, !(s < c) { return false }
        if let e = endDate, r > e { return false }
        return true
    }
}
