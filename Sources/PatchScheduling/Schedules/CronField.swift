/// One cron field as Systems Manager's maintenance-window grammar defines it
/// (spec scheduling.md §1.2 [SCH-2], §1.3 [SCH-3]).
import Foundation

public enum CronFieldKind: String, Sendable, CaseIterable {
    case seconds = "Seconds"
    case minutes = "Minutes"
    case hours = "Hours"
    case dayOfMonth = "Day-of-month"
    case month = "Month"
    case dayOfWeek = "Day-of-week"
    case year = "Year"

    var range: ClosedRange<Int> {
        switch self {
        case .seconds, .minutes: return 0...59
        case .hours: return 0...23
        case .dayOfMonth: return 1...31
        case .month: return 1...12
        case .dayOfWeek: return 1...7
        case .year: return 1970...2199
        }
    }

    var allowedText: String {
        switch self {
        case .seconds, .minutes: return "0-59 with , - * /"
        case .hours: return "0-23 with , - * /"
        case .dayOfMonth: return "1-31 with , - * ? / L W"
        case .month: return "1-12 or JAN-DEC with , - * /"
        case .dayOfWeek: return "1-7 or SUN-SAT (1 = SUN) with , - * ? / L #"
        case .year: return "1970-2199 with , - * /"
        }
    }

    /// Three-letter names, case-insensitive (AMBIGUOUS in §1.2; Use: case-insensitive).
    var names: [String] {
        switch self {
        case .month: return ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
        case .dayOfWeek: return ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]
        default: return []
        }
    }
}

/// A parsed field: either a set of values or one of the day specials.
public enum CronField: Equatable, Sendable {
    /// The matching values (a bitset over the field's range offset by its minimum).
    case values(Set<Int>)
    /// `?`: no specific value (day fields only).
    case noSpecificValue
    /// Day-of-month `L`: the last day of the month.
    case lastDayOfMonth
    /// Day-of-month `LW`: the last weekday (Mon-Fri) of the month (Quartz; AMBIGUOUS, Use).
    case lastWeekdayOfMonth
    /// Day-of-month `nW`: the Mon-Fri day nearest day n, inside the month.
    case nearestWeekday(Int)
    /// Day-of-week `nL`: the last weekday n of the month.
    case lastWeekdayInMonth(Int)
    /// Day-of-week `n#k`: the k-th weekday n of the month.
    case nthWeekday(Int, Int)

    /// Parses one field's text.
    static func parse(_ text: String, kind: CronFieldKind) throws -> CronField {
        func fail(_ message: String) -> ScheduleError {
            ScheduleError(field: kind.rawValue, "\(message); allowed: \(kind.allowedText)")
        }
        guard !text.isEmpty else { throw fail("empty field") }
        let upper = text.uppercased()
        if upper == "?" {
            guard kind == .dayOfMonth || kind == .dayOfWeek else { throw fail("'?' is not allowed here") }
            return .noSpecificValue
        }
        // Day specials stand alone: no lists, ranges or steps with them (§1.3, Use).
        if kind == .dayOfMonth {
            if upper == "L" { return .lastDayOfMonth }
            if upper == "LW" { return .lastWeekdayOfMonth }
            if upper.hasSuffix("W") {
                guard let n = Int(upper.dropLast()), kind.range.contains(n), upper.count <= 3 else {
                    throw fail("'\(text)' is not a day followed by W")
                }
                return .nearestWeekday(n)
            }
            if upper.contains("L") || upper.contains("W") { throw fail("'\(text)' is not a valid L or W form") }
            if upper.contains("#") { throw fail("'#' is not allowed here") }
        }
        if kind == .dayOfWeek {
            if upper == "L" { return .values([7]) }  // L alone = Saturday (§1.3)
            if upper.hasSuffix("L") {
                guard let n = Int(upper.dropLast()), kind.range.contains(n), upper.count == 2 else {
                    throw fail("'\(text)' is not a weekday number followed by L")
                }
                return .lastWeekdayInMonth(n)
            }
            if let hash = upper.firstIndex(of: "#") {
                if upper.contains(",") { throw ScheduleError(field: kind.rawValue, "only one '#' item is allowed and it cannot be combined with a list") }
                let day = try value(String(upper[..<hash]), kind: kind, fail: fail)
                guard let k = Int(upper[upper.index(after: hash)...]), (1...5).contains(k) else {
                    throw fail("'#' needs an occurrence 1-5, found '\(upper[upper.index(after: hash)...])'")
                }
                return .nthWeekday(day, k)
            }
            // Names such as WED must not read as the W or L specials.
            let withoutNames = kind.names.reduce(upper) { $0.replacingOccurrences(of: $1, with: "") }
            if withoutNames.contains("W") { throw fail("'W' is not allowed here") }
            if withoutNames.contains("L") { throw fail("'\(text)' is not a valid L form") }
        }
        var result: Set<Int> = []
        for item in upper.split(separator: ",", omittingEmptySubsequences: false) {
            guard !item.isEmpty else { throw fail("empty list item") }
            var rangePart = Substring(item)
            var step = 1
            var stepped = false
            if let slash = item.firstIndex(of: "/") {
                rangePart = item[..<slash]
                guard let s = Int(item[item.index(after: slash)...]), s >= 1 else {
                    throw fail("step '\(item[item.index(after: slash)...])' is not a positive integer")
                }
                step = s
                stepped = true
            }
            var low: Int, high: Int
            if rangePart == "*" {
                low = kind.range.lowerBound; high = kind.range.upperBound
            } else if let dash = rangePart.firstIndex(of: "-") {
                low = try value(String(rangePart[..<dash]), kind: kind, fail: fail)
                high = try value(String(rangePart[rangePart.index(after: dash)...]), kind: kind, fail: fail)
            } else {
                low = try value(String(rangePart), kind: kind, fail: fail)
                high = stepped ? kind.range.upperBound : low
            }
            // a > b wraps around (Quartz; AMBIGUOUS in §1.3, Use).
            let span = kind.range.count
            var offset = 0
            let distance = high >= low ? high - low : high + span - low
            while offset <= distance {
                let v = low + offset
                result.insert(v > kind.range.upperBound ? v - span : v)
                offset += step
            }
        }
        return .values(result)
    }

    static func value(_ text: String, kind: CronFieldKind, fail: (String) -> ScheduleError) throws -> Int {
        if let n = Int(text), text.allSatisfy(\.isNumber) {
            guard kind.range.contains(n) else { throw fail("\(n) is out of range") }
            return n
        }
        if let k = kind.names.firstIndex(of: text) { return k + 1 }
        throw fail("'\(text)' is not a value")
    }
}
