import PatchModel

/// A maintenance-window `Schedule`: `cron(...)`, `rate(N unit)` or `at(...)` ([SCH-1]).
public enum ScheduleExpression: Equatable, Sendable {
    case cron(CronExpression)
    /// An elapsed-time interval in seconds ([SCH-6]: every unit is elapsed time).
    case rate(seconds: Int64)
    /// A local date-time, interpreted in the window's zone ([SCH-7], AMBIGUOUS; Use).
    case at(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int)

    /// `Schedule` is 1-256 characters (API).
    public static let maxLength = 256
    /// AMBIGUOUS in [SCH-6]: no documented floor for window rates. Use: 5 minutes, as cron.
    public static let minimumRateSeconds: Int64 = 300

    public init(parsing text: String) throws {
        guard (1...Self.maxLength).contains(text.count) else {
            throw ScheduleError(field: "Schedule", "length \(text.count); allowed: 1-256 characters")
        }
        func inner(_ prefix: String) -> String? {
            guard text.hasPrefix(prefix), text.hasSuffix(")") else { return nil }
            return String(text.dropFirst(prefix.count).dropLast())
        }
        if let body = inner("cron(") {
            self = .cron(try CronExpression(fields: body))
        } else if let body = inner("rate(") {
            self = try Self.rate(body)
        } else if let body = inner("at(") {
            self = try Self.at(body)
        } else {
            throw ScheduleError(field: "Schedule", "'\(text)' is not cron(...), rate(...) or at(...) (lower-case, no space before '(')")
        }
    }

    static func rate(_ body: String) throws -> ScheduleExpression {
        let parts = body.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[0].allSatisfy(\.isNumber), let n = Int64(parts[0]), n >= 1 else {
            throw ScheduleError(field: "rate", "'\(body)' is not 'N unit' with N a positive integer")
        }
        let unit = String(parts[1])
        let seconds: Int64
        switch unit {
        case "minute", "minutes": seconds = 60
        case "hour", "hours": seconds = 3600
        case "day", "days": seconds = 86_400
        default: throw ScheduleError(field: "rate", "unit '\(unit)'; allowed: minute(s), hour(s), day(s)")
        }
        // The value 1 takes the singular unit, larger values the plural (§1.6).
        let plural = unit.hasSuffix("s")
        if n == 1 && plural { throw ScheduleError(field: "rate", "'1 \(unit)' needs the singular unit '\(unit.dropLast())'") }
        if n > 1 && !plural { throw ScheduleError(field: "rate", "'\(n) \(unit)' needs the plural unit '\(unit)s'") }
        let (total, overflow) = n.multipliedReportingOverflow(by: seconds)
        guard !overflow, total <= 3_660 * 86_400 else { throw ScheduleError(field: "rate", "\(n) \(unit) is too long") }
        guard total >= minimumRateSeconds else { throw ScheduleError(field: "rate", "\(n) \(unit); the minimum interval is 5 minutes") }
        return .rate(seconds: total)
    }

    /// `yyyy-MM-ddTHH:mm:ss` exactly: no zone designator, no fraction ([SCH-7], Use).
    static func at(_ body: String) throws -> ScheduleExpression {
        let b = Array(body.utf8)
        let shape = "dddd-dd-ddTdd:dd:dd"
        let ok = b.count == shape.utf8.count && zip(b, shape.utf8).allSatisfy { c, s in
            s == UInt8(ascii: "d") ? (c >= 48 && c <= 57) : c == s
        }
        guard ok else { throw ScheduleError(field: "at", "'\(body)'; allowed: yyyy-MM-ddTHH:mm:ss with no zone or fraction") }
        func num(_ r: Range<Int>) -> Int { b[r].reduce(0) { $0 * 10 + Int($1 - 48) } }
        let y = num(0..<4), mo = num(5..<7), d = num(8..<10), h = num(11..<13), mi = num(14..<16), s = num(17..<19)
        guard (1...12).contains(mo), d >= 1, d <= CivilDate.daysInMonth(year: y, month: mo), h < 24, mi < 60, s < 60 else {
            throw ScheduleError(field: "at", "'\(body)' is not a real date and time")
        }
        return .at(year: y, month: mo, day: d, hour: h, minute: mi, second: s)
    }

    public var isCron: Bool { if case .cron = self { return true } else { return false } }
}
