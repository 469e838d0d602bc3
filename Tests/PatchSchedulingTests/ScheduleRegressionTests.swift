import Testing
@testable import PatchModel
@testable import PatchScheduling

func windowRuns(_ expr: String, created: String, zone: String? = nil, offset: Int? = nil, start: String? = nil,
                end: String? = nil, count: Int) throws -> [String] {
    let schedule = try MaintenanceWindowSchedule(
        expression: try ScheduleExpression(parsing: expr),
        timeZone: try zone.map { try ScheduleTimeZone(identifier: $0) } ?? .utc, offsetDays: offset,
        startDate: start.flatMap { Instant(iso8601: $0) }, endDate: end.flatMap { Instant(iso8601: $0) },
        created: try #require(Instant(iso8601: created)))
    return schedule.nextRuns(count: count).map(\.iso8601)
}

/// scheduling.md §6, the schedule rows. Each test names its case number.
@Suite("Schedule regression cases (scheduling.md §6)")
struct ScheduleRegressionTests {
    @Test("#1 [SCH-5] Sundays 02:00 New York: the spring-forward Sunday does not run")
    func case1() throws {
        #expect(try windowRuns("cron(0 2 ? * SUN *)", created: "2024-03-01T00:00:00Z", zone: "America/New_York", count: 2)
                == ["2024-03-03T07:00:00Z", "2024-03-17T06:00:00Z"])
    }

    @Test("#2 [SCH-5] 01:30 on the fall-back Sunday runs once, at the earlier instant")
    func case2() throws {
        #expect(try windowRuns("cron(30 1 ? * SUN *)", created: "2024-11-01T00:00:00Z", zone: "America/New_York", count: 2)
                == ["2024-11-03T05:30:00Z", "2024-11-10T06:30:00Z"])
    }

    @Test("#3 #4 third and second Sundays across DST")
    func cases3and4() throws {
        #expect(try windowRuns("cron(0 2 ? * SUN#3 *)", created: "2024-02-01T00:00:00Z", zone: "America/New_York", count: 2)
                == ["2024-02-18T07:00:00Z", "2024-03-17T06:00:00Z"])
        #expect(try windowRuns("cron(30 2 ? * SUN#2 *)", created: "2024-03-01T00:00:00Z", zone: "America/New_York", count: 1)
                == ["2024-04-14T06:30:00Z"])
    }

    @Test("#5 #6 gaps and overlaps in London and Sydney")
    func cases5and6() throws {
        let london = try windowRuns("cron(30 1 ? * SUN *)", created: "2024-03-20T00:00:00Z", zone: "Europe/London", count: 40)
        #expect(!london.contains { $0.hasPrefix("2024-03-31") })
        #expect(london.filter { $0.hasPrefix("2024-10-27") } == ["2024-10-27T00:30:00Z"])
        let sydney = try windowRuns("cron(30 2 ? * SUN *)", created: "2024-04-01T00:00:00Z", zone: "Australia/Sydney", count: 30)
        #expect(sydney.first == "2024-04-06T15:30:00Z")
        #expect(!sydney.contains { $0.hasPrefix("2024-10-05") })  // 2024-10-06 02:30 local is in the gap
    }

    @Test("#7 hourly in New York on the fall-back day: no 06:00Z")
    func case7() throws {
        let runs = try windowRuns("cron(0 * * * ? *)", created: "2024-11-03T03:30:00Z", zone: "America/New_York", count: 3)
        #expect(runs == ["2024-11-03T04:00:00Z", "2024-11-03T05:00:00Z", "2024-11-03T07:00:00Z"])
    }

    @Test("#8 #9 #10 #11 [SCH-8] offsets: the Thursday after, the creation rule, offsets from L, offsets into a gap")
    func offsets() throws {
        #expect(try windowRuns("cron(30 23 ? * TUE#3 *)", created: "2024-01-01T00:00:00Z", offset: 2, count: 1) == ["2024-01-18T23:30:00Z"])
        #expect(try windowRuns("cron(30 23 ? * TUE#3 *)", created: "2024-05-01T00:00:00Z", offset: 2, count: 1) == ["2024-05-23T23:30:00Z"])
        #expect(try windowRuns("cron(30 23 ? * TUE#3 *)", created: "2024-05-22T12:00:00Z", offset: 2, count: 1) == ["2024-06-20T23:30:00Z"])
        #expect(try windowRuns("cron(0 2 L * ? *)", created: "2024-01-15T00:00:00Z", offset: 3, count: 2) == ["2024-02-03T02:00:00Z", "2024-03-03T02:00:00Z"])
        let ny = try windowRuns("cron(0 2 ? * FRI *)", created: "2024-03-01T00:00:00Z", zone: "America/New_York", offset: 2, count: 2)
        #expect(ny == ["2024-03-03T07:00:00Z", "2024-03-17T06:00:00Z"])  // no run on 2024-03-10
    }

    @Test("#12 [SCH-8] offsets with rate, 0 or 7 are rejected")
    func case12() throws {
        #expect(throws: ScheduleError.self) { try windowRuns("rate(1 day)", created: "2024-01-01T00:00:00Z", offset: 1, count: 1) }
        #expect(throws: ScheduleError.self) { try windowRuns("cron(0 9 ? * WED *)", created: "2024-01-01T00:00:00Z", offset: 0, count: 1) }
        #expect(throws: ScheduleError.self) { try windowRuns("cron(0 9 ? * WED *)", created: "2024-01-01T00:00:00Z", offset: 7, count: 1) }
    }

    @Test("#13 StartDate in Los Angeles: the first run is Wed 2021-01-06 09:00 PST")
    func case13() throws {
        #expect(try windowRuns("cron(0 09 ? * WED *)", created: "2020-12-01T00:00:00Z", zone: "America/Los_Angeles",
                               start: "2021-01-01T00:00:00-08:00", count: 1) == ["2021-01-06T17:00:00Z"])
    }

    @Test("#14 [SCH-6] a weekly rate between StartDate and EndDate in Tokyo: 25 runs")
    func case14() throws {
        let runs = try windowRuns("rate(7 days)", created: "2018-12-01T00:00:00Z", zone: "Asia/Tokyo",
                                  start: "2019-01-01T00:03:15+09:00", end: "2019-06-30T00:06:15+09:00", count: 100)
        #expect(runs.count == 25 && runs.first == "2019-01-07T15:03:15Z" && runs.last == "2019-06-24T15:03:15Z")
    }

    @Test("#15 rate(5 minutes) created at 16:41:16.991: the next run keeps the milliseconds, then every 300 s; cron runs stay on whole seconds")
    func case15() throws {
        var schedule = try MaintenanceWindowSchedule(expression: try ScheduleExpression(parsing: "rate(5 minutes)"),
                                                     created: try #require(Instant(iso8601: "2019-05-11T16:41:16.991Z")))
        schedule.createdMilliseconds = Instant.milliseconds(inISO8601: "2019-05-11T16:41:16.991Z")
        #expect(schedule.nextRuns(count: 2).map { $0.iso8601(milliseconds: schedule.runMilliseconds) }
                == ["2019-05-11T16:46:16.991Z", "2019-05-11T16:51:16.991Z"])
        // A later StartDate anchors the rate with its own milliseconds; an earlier one does not.
        schedule.startDate = Instant(iso8601: "2019-05-11T16:41:16Z")
        schedule.startDateMilliseconds = 995
        #expect(schedule.runMilliseconds == 995)
        schedule.startDateMilliseconds = 500
        #expect(schedule.runMilliseconds == 991)
        schedule.expression = try ScheduleExpression(parsing: "cron(0 2 ? * SUN *)")
        #expect(schedule.runMilliseconds == 0)
        #expect(Instant.milliseconds(inISO8601: "2019-05-11T16:41:16.9Z") == 900 && Instant.milliseconds(inISO8601: "2019-05-11T16:41:16.12345Z") == 123)
        #expect(Instant.milliseconds(inISO8601: "2019-05-11T16:41:16Z") == 0 && Instant.milliseconds(inISO8601: "2019-05-11") == 0)
    }

    @Test("#16 a rate whose StartDate is past is anchored at the update instant")
    func case16() throws {
        #expect(try windowRuns("rate(1 hour)", created: "2024-05-01T10:00:00Z", start: "2024-01-01T00:00:00Z", count: 1) == ["2024-05-01T11:00:00Z"])
    }

    @Test("#18 [SCH-7] at() is read in the window's zone")
    func case18() throws {
        #expect(try windowRuns("at(2021-07-07T13:15:30)", created: "2021-01-01T00:00:00Z", zone: "America/Los_Angeles", count: 2) == ["2021-07-07T20:15:30Z"])
    }

    @Test("#19 the 31st fires in seven months of 2024")
    func case19() throws {
        let runs = try windowRuns("cron(0 0 31 * ? *)", created: "2024-01-01T00:00:00Z", end: "2024-12-31T23:59:59Z", count: 20)
        #expect(runs.map { String($0.prefix(7)) } == ["2024-01", "2024-03", "2024-05", "2024-07", "2024-08", "2024-10", "2024-12"])
    }

    @Test("#20 #21 #22 #23 W, #, L forms")
    func forms() throws {
        #expect(try windowRuns("cron(0 3 15W * ? *)", created: "2024-09-01T00:00:00Z", count: 1) == ["2024-09-16T03:00:00Z"])
        #expect(try windowRuns("cron(0 0 ? * 3L *)", created: "2024-05-01T00:00:00Z", count: 1) == ["2024-05-28T00:00:00Z"])
        #expect(try windowRuns("cron(0 0 29 2 ? *)", created: "2024-01-01T00:00:00Z", count: 2) == ["2024-02-29T00:00:00Z", "2028-02-29T00:00:00Z"])
    }

    @Test("#25 [SCH-4] the 5-minute floor across midnight applies only when consecutive days can match")
    func case25() throws {
        #expect(throws: ScheduleError.self) { try ScheduleExpression(parsing: "cron(1,58 0,23 * * ? *)") }
        _ = try ScheduleExpression(parsing: "cron(1,58 0,23 1 * ? *)")
    }

    @Test("#26 #27 the floor itself is allowed")
    func cases26and27() throws {
        let runs = try windowRuns("cron(0/5 8-17 ? * MON-FRI *)", created: "2024-01-05T17:50:00Z", count: 2)
        #expect(runs == ["2024-01-05T17:55:00Z", "2024-01-08T08:00:00Z"])
        #expect(throws: ScheduleError.self) { try ScheduleExpression(parsing: "rate(4 minutes)") }
        _ = try ScheduleExpression(parsing: "rate(5 minutes)")
    }
}
