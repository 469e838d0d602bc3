import PatchModel
import PatchScheduling

/// `patchsim schedule`: the next run instants of a maintenance-window schedule, like
/// `describe-maintenance-window-schedule`.
enum ScheduleCommand: Command {
    static let name = "schedule"
    static let abstract = "List the next run instants of a maintenance-window schedule."
    static let usage = "usage: patchsim schedule EXPRESSION --from ISO [--timezone ZONE] [--offset DAYS] [--start-date ISO] [--end-date ISO] [--count N] [--format text|json]"
    static let help = """
        \(usage)

        EXPRESSION is cron(...), rate(N unit) or at(yyyy-MM-ddTHH:mm:ss), as Systems Manager
        accepts them for maintenance windows. --from plays the instant the window was
        created: cron and at() runs are those strictly after it, and a rate is anchored
        there (or at --start-date when that is later). Prints one UTC instant per line
        (2026-01-20T04:30:00Z); --format json adds the local time. --count defaults to 5.
        An invalid expression is a one-line error naming the field, exit 2.

        Examples:
          patchsim schedule \"cron(0 2 ? * TUE *)\" --from 2026-01-01T00:00:00Z --timezone America/New_York --count 3
          patchsim schedule \"rate(5 minutes)\" --from 2026-01-01T00:00:00.991Z --format json
        """

    static func run(_ raw: [String], console: Console) throws -> Int32 {
        let args = try Arguments(raw, options: ["--from", "--timezone", "--offset", "--start-date", "--end-date", "--count", "--format"], usage: usage)
        guard args.positionals.count == 1 else { throw UsageError(message: "schedule takes one expression (quote it)", usage: usage) }
        let format = try args.choice("--format", ["text", "json"], default: "text") ?? "text"
        func instant(_ flag: String) throws -> Instant? {
            guard let v = args.value(flag) else { return nil }
            guard let t = Instant(iso8601: v) else {
                throw UsageError(message: "option '\(flag)': '\(v)' is not an ISO-8601 instant such as 2026-01-20T04:30:00Z", usage: usage)
            }
            return t
        }
        guard let from = try instant("--from") else { throw UsageError(message: "schedule needs --from ISO", usage: usage) }
        let count = try args.int("--count", in: 1...10_000) ?? 5
        do {
            let expression = try ScheduleExpression(parsing: args.positionals[0])
            let zone = try args.value("--timezone").map { try ScheduleTimeZone(identifier: $0) } ?? .utc
            var offset: Int? = nil
            if let o = args.value("--offset") {
                guard let v = Int(o) else { throw ScheduleError(field: "ScheduleOffset", "'\(o)' is not an integer; allowed: 1-6") }
                offset = v
            }
            var schedule = try MaintenanceWindowSchedule(expression: expression, timeZone: zone, offsetDays: offset,
                                                         startDate: try instant("--start-date"), endDate: try instant("--end-date"),
                                                         created: from)
            schedule.createdMilliseconds = args.value("--from").map(Instant.milliseconds(inISO8601:)) ?? 0
            schedule.startDateMilliseconds = args.value("--start-date").map(Instant.milliseconds(inISO8601:)) ?? 0
            let runs = schedule.nextRuns(count: count)
            let ms = schedule.runMilliseconds
            if format == "json" {
                console.out.write(JSONOutput.array(runs.map { t in
                    .object([("ExecutionTime", .string(t.iso8601(milliseconds: ms))),
                             ("LocalTime", .string(zone.rendered(t, milliseconds: ms))),
                             ("ScheduleTimezone", .string(zone.identifier))])
                }).rendered())
            } else {
                for t in runs { console.out.writeLine(t.iso8601(milliseconds: ms)) }
            }
        } catch let e as ScheduleError {
            throw InputError(file: args.positionals[0], message: e.description)
        }
        return ExitCode.success
    }
}
