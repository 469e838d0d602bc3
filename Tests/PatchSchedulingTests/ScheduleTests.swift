import Testing
@testable import PatchModel
@testable import PatchScheduling

func runs(_ expr: String, from: String, zone: String? = nil, offset: Int? = nil, count: Int = 4) throws -> [String] {
    try windowRuns(expr, created: from, zone: zone, offset: offset, count: count)
}

@Suite("Schedule expressions ([SCH-EX], scheduling.md §1.12)")
struct ScheduleExampleTests {
    @Test("valid examples fire as documented", arguments: [
        ("cron(30 09 ? * * *)", "2024-01-01T00:00:00Z", ["2024-01-01T09:30:00Z", "2024-01-02T09:30:00Z"]),           // 1
        ("cron(24 30 09 ? * * *)", "2024-01-01T00:00:00Z", ["2024-01-01T09:30:24Z", "2024-01-02T09:30:24Z"]),        // 2
        ("cron(0 2 ? * THU#3 *)", "2024-01-01T00:00:00Z", ["2024-01-18T02:00:00Z", "2024-02-15T02:00:00Z"]),         // 3
        ("cron(15 10 ? * MON-FRI *)", "2024-01-05T11:00:00Z", ["2024-01-08T10:15:00Z", "2024-01-09T10:15:00Z"]),     // 4
        ("cron(0 2 L * ? *)", "2024-02-01T00:00:00Z", ["2024-02-29T02:00:00Z", "2024-03-31T02:00:00Z"]),             // 5
        ("cron(15 10 ? * 6L *)", "2024-05-01T00:00:00Z", ["2024-05-31T10:15:00Z", "2024-06-28T10:15:00Z"]),          // 6
        ("cron(0 8 1 * ? *)", "2024-01-01T08:00:00Z", ["2024-02-01T08:00:00Z", "2024-03-01T08:00:00Z"]),             // 7 (strictly after)
        ("cron(0/15 * * * ? *)", "2024-01-01T00:00:00Z", ["2024-01-01T00:15:00Z", "2024-01-01T00:30:00Z"]),          // 8
        ("cron(0/5 8-17 ? * MON-FRI *)", "2024-01-05T17:50:00Z", ["2024-01-05T17:55:00Z", "2024-01-08T08:00:00Z"]),  // 9
        ("cron(0 0 22 ? * TUE *)", "2024-01-01T00:00:00Z", ["2024-01-02T22:00:00Z", "2024-01-09T22:00:00Z"]),        // 12
        ("cron(0 3 1W * ? *)", "2024-06-01T00:00:00Z", ["2024-06-03T03:00:00Z", "2024-07-01T03:00:00Z"]),            // 13
        ("cron(0 3 31W * ? *)", "2024-03-01T00:00:00Z", ["2024-03-29T03:00:00Z", "2024-05-31T03:00:00Z"]),           // 14
        ("cron(0 2 ? * SUN#5 *)", "2024-01-01T00:00:00Z", ["2024-03-31T02:00:00Z", "2024-06-30T02:00:00Z"]),         // 15
        ("cron(0 0 29 2 ? *)", "2024-03-01T00:00:00Z", ["2028-02-29T00:00:00Z", "2032-02-29T00:00:00Z"]),            // 16
        ("cron(0 10 ? JAN,JUL MON *)", "2024-01-30T00:00:00Z", ["2024-07-01T10:00:00Z", "2024-07-08T10:00:00Z"]),    // 17
        ("cron(0 10 ? * 7 *)", "2024-01-01T00:00:00Z", ["2024-01-06T10:00:00Z", "2024-01-13T10:00:00Z"]),            // 18
        ("rate(30 minutes)", "2024-01-01T00:00:07Z", ["2024-01-01T00:30:07Z", "2024-01-01T01:00:07Z"]),              // 19
        ("rate(1 hour)", "2024-01-01T00:00:00Z", ["2024-01-01T01:00:00Z", "2024-01-01T02:00:00Z"]),                  // 19
        ("rate(25 days)", "2024-01-01T00:00:00Z", ["2024-01-26T00:00:00Z", "2024-02-20T00:00:00Z"]),                 // 19
        ("at(2020-07-07T15:55:00)", "2020-01-01T00:00:00Z", ["2020-07-07T15:55:00Z"]),                               // 20
        ("at(2020-07-07T15:55:00)", "2021-01-01T00:00:00Z", []),                                                     // [SCH-7] past: never
        ("cron(0 0 1 1 ? 1999)", "2024-01-01T00:00:00Z", []),                                                        // [SCH-4] #7
    ])
    func valid(_ c: (String, String, [String])) throws {
        #expect(try runs(c.0, from: c.1, count: 2) == c.2, "\(c.0)")
    }

    @Test("[SCH-EX] 10: Tuesdays 16:00 Pacific, across the DST change")
    func pacific() throws {
        #expect(try runs("cron(0 16 ? * TUE *)", from: "2024-03-01T00:00:00Z", zone: "America/Los_Angeles", count: 3)
                == ["2024-03-06T00:00:00Z", "2024-03-12T23:00:00Z", "2024-03-19T23:00:00Z"])
    }

    @Test("[SCH-EX] 11 / [SCH-8]: offset 2 after the third Tuesday is the Thursday after it")
    func offset() throws {
        #expect(try runs("cron(30 23 ? * TUE#3 *)", from: "2024-05-01T00:00:00Z", offset: 2, count: 1) == ["2024-05-23T23:30:00Z"])
        // Creation rule: the May occurrence (21st) is already past on the 22nd, so May is dropped.
        #expect(try runs("cron(30 23 ? * TUE#3 *)", from: "2024-05-22T00:00:00Z", offset: 2, count: 1) == ["2024-06-20T23:30:00Z"])
    }

    @Test("[SCH-5] a local time in the spring gap is skipped; a repeated hour runs once, at the earlier instant")
    func dst() throws {
        #expect(try runs("cron(30 2 ? * * *)", from: "2024-03-08T12:00:00Z", zone: "America/New_York", count: 3)
                == ["2024-03-09T07:30:00Z", "2024-03-11T06:30:00Z", "2024-03-12T06:30:00Z"])
        #expect(try runs("cron(30 1 ? * * *)", from: "2024-11-02T12:00:00Z", zone: "America/New_York", count: 2)
                == ["2024-11-03T05:30:00Z", "2024-11-04T06:30:00Z"])
    }

    @Test("[SCH-6] a daily rate is elapsed time: its local hour moves across DST")
    func rateElapsed() throws {
        #expect(try runs("rate(1 day)", from: "2024-03-09T12:00:00Z", zone: "America/New_York", count: 2)
                == ["2024-03-10T12:00:00Z", "2024-03-11T12:00:00Z"])
    }

    @Test("invalid examples are rejected, naming the field", arguments: [
        ("cron(0 10 * * * *)", "Day-of-month/Day-of-week"), ("cron(0 10 ? * ? *)", "Day-of-month/Day-of-week"),   // 21, 22
        ("cron(0 10 * * ?)", "cron"), ("cron(0 10 ? * 0 *)", "Day-of-week"),                                       // 23, 24
        ("cron(60 10 ? * * *)", "Minutes"), ("cron(0 24 ? * * *)", "Hours"),                                         // 25
        ("cron(0/4 * * * ? *)", "cron"), ("cron(2,58 * * * ? *)", "cron"), ("cron(0,3 10 ? * * *)", "cron"),       // 26-28
        ("cron(0 10 ? * MON#2,FRI#4 *)", "Day-of-week"), ("cron(0 10 ? * MON#6 *)", "Day-of-week"),                // 29
        ("cron(0 10 W * ? *)", "Day-of-month"), ("cron(0 10 ? * MONW *)", "Day-of-week"),                          // 30
        ("0 15 10 ? * MON-FRI", "Schedule"), ("cron(0 0 1 1 ? 2200)", "Year"),                                       // 31, 32
        ("rate(1 hours)", "rate"), ("rate(5 hour)", "rate"), ("rate(0 minutes)", "rate"), ("rate(1 week)", "rate"),
        ("rate(1.5 hours)", "rate"), ("rate(4 minutes)", "rate"),                                                   // 33, 34
        ("at(2020-07-07 15:55:00)", "at"), ("at(2020-07-07T15:55:00Z)", "at"),                                      // 37
        ("cron(0 10 ? * * * * *)", "cron"), ("Cron(0 10 ? * * *)", "Schedule"), ("cron (0 10 ? * * *)", "Schedule"),
        ("cron(0 10 ? L * *)", "Month"), ("cron(? 10 ? * * *)", "Minutes"), ("cron(0 10 1#2 * ? *)", "Day-of-month"),
        ("cron(0 0/0 ? * * *)", "Hours"), ("cron(0 0 32 * ? *)", "Day-of-month"), ("cron(0 0 ? 13 MON *)", "Month"),
        ("cron(0 0 ? * 8 *)", "Day-of-week"), ("cron(0 0 ? * * 1969)", "Year"), ("cron(1,2 0 0 ? * * *)", "cron"),
    ])
    func invalid(_ c: (String, String)) {
        do {
            _ = try ScheduleExpression(parsing: c.0)
            Issue.record("\(c.0) should be rejected")
        } catch let e as ScheduleError {
            #expect(e.field == c.1, "\(c.0): \(e)")
        } catch {
            Issue.record("\(c.0): unexpected \(error)")
        }
    }

    @Test("offset rules: cron only, 1-6 days ([SCH-EX] 35, 36)")
    func offsetRules() throws {
        let t = try #require(Instant(iso8601: "2024-01-01T00:00:00Z"))
        #expect(throws: ScheduleError.self) { try MaintenanceWindowSchedule(expression: try ScheduleExpression(parsing: "rate(7 days)"), offsetDays: 2, created: t) }
        #expect(throws: ScheduleError.self) { try MaintenanceWindowSchedule(expression: try ScheduleExpression(parsing: "cron(0 9 ? * WED *)"), offsetDays: 7, created: t) }
        #expect(throws: ScheduleError.self) { try MaintenanceWindowSchedule(expression: try ScheduleExpression(parsing: "cron(0 9 ? * WED *)"), offsetDays: 0, created: t) }
    }

    @Test("names are case-insensitive and ranges wrap ([SCH-2], [SCH-3])")
    func namesAndWrap() throws {
        #expect(try runs("cron(0 10 ? * fri-mon *)", from: "2024-01-01T00:00:00Z", count: 4)  // Mon 1 Jan 2024
                == ["2024-01-01T10:00:00Z", "2024-01-05T10:00:00Z", "2024-01-06T10:00:00Z", "2024-01-07T10:00:00Z"])
        #expect(try runs("cron(0 22-2 ? * * *)", from: "2024-01-01T00:00:00Z", count: 4)
                == ["2024-01-01T01:00:00Z", "2024-01-01T02:00:00Z", "2024-01-01T22:00:00Z", "2024-01-01T23:00:00Z"])
    }
}
