import PatchModel

/// A State Manager association's schedule, as patch policies and Patch now use it
/// ([SCH-11]): narrower than a window's. Cron only every ½, 1, 2, 4, 8 or 12 hours, daily,
/// weekly, on the nth weekday or the last weekday of the month, at fixed times; Month `*`;
/// a Seconds field only `0`. Rate at least 30 minutes and under 31 days. Always UTC.
/// A new association runs once at creation, then on schedule, unless
/// `ApplyOnlyAtCronInterval` (cron only).
public struct AssociationSchedule: Sendable {
    public let text: String
    public let applyOnlyAtCronInterval: Bool
    let schedule: MaintenanceWindowSchedule

    public static let minimumRateSeconds: Int64 = 1800
    public static let rateLimitSeconds: Int64 = 31 * 86_400
    /// The repeat periods allowed within a day, in seconds.
    static let periods: Set<Int> = [1800, 3600, 7200, 14_400, 28_800, 43_200]

    public init(_ text: String, created: Instant, applyOnlyAtCronInterval: Bool = false) throws {
        let expression = try ScheduleExpression(parsing: text)
        switch expression {
        case .at:
            throw ScheduleError(field: "ScheduleExpression", "at(...) is not an association schedule; allowed: cron(...) or rate(...)")
        case .rate(let seconds):
            guard seconds >= Self.minimumRateSeconds, seconds < Self.rateLimitSeconds else {
                throw ScheduleError(field: "ScheduleExpression", "rate of \(seconds / 60) minutes; allowed: at least 30 minutes and under 31 days")
            }
            guard !applyOnlyAtCronInterval else {
                throw ScheduleError(field: "ApplyOnlyAtCronInterval", "not allowed with a rate schedule")
            }
        case .cron(let cron):
            try Self.checkAssociationCron(cron)
        }
        self.text = text
        self.applyOnlyAtCronInterval = applyOnlyAtCronInterval
        self.schedule = try MaintenanceWindowSchedule(expression: expression, created: created)
    }

    static func checkAssociationCron(_ c: CronExpression) throws {
        func reject(_ field: String, _ message: String) -> ScheduleError {
            ScheduleError(field: field, "\(message) (association schedules: every 1/2, 1, 2, 4, 8 or 12 hours, daily, weekly, nth or last weekday of the month)")
        }
        guard c.seconds == .values([0]) else { throw reject("Seconds", "must be 0") }
        guard c.month == .values(Set(1...12)) else { throw reject("Month", "months cannot be specified; use *") }
        guard c.year == .values(Set(1970...2199)) else { throw reject("Year", "years cannot be specified; use *") }
        let times = c.secondsOfDay
        let everyDay = (c.dayOfMonth == .values(Set(1...31)) && c.dayOfWeek == .noSpecificValue)
            || (c.dayOfMonth == .noSpecificValue && c.dayOfWeek == .values(Set(1...7)))
        if times.count > 1 {
            let period = times[1] - times[0]
            let even = zip(times, times.dropFirst()).allSatisfy { $1 - $0 == period }
            guard even, Self.periods.contains(period), times.count * period == 86_400 else {
                throw reject("Hours", "\(times.count) times a day that are not an even 1/2, 1, 2, 4, 8 or 12 hour repeat")
            }
            guard everyDay else { throw reject("Day-of-week", "a repeat within the day runs every day") }
            return
        }
        if everyDay { return }
        guard c.dayOfMonth == .noSpecificValue else { throw reject("Day-of-month", "a day of the month cannot be specified; use ?") }
        switch c.dayOfWeek {
        case .values(let days) where days.count == 1: return
        case .nthWeekday, .lastWeekdayInMonth: return
        default: throw reject("Day-of-week", "one weekday, n#k or nL")
        }
    }

    /// At most how many times it runs through `end` (see `MaintenanceWindowSchedule.estimatedRuns`).
    public func estimatedRuns(through end: Instant) -> Int { schedule.estimatedRuns(through: end) + 1 }

    /// The instants the association runs at, in (created, end], with the run at creation
    /// first unless it waits for the cron interval.
    public func runs(until end: Instant) -> [Instant] {
        var result: [Instant] = applyOnlyAtCronInterval || schedule.created > end ? [] : [schedule.created]
        var s = schedule
        while true {
            let batch = s.nextRuns(count: 256).filter { $0 <= end }
            result += batch
            guard batch.count == 256, let last = batch.last else { break }
            s.created = last
        }
        return result
    }
}
