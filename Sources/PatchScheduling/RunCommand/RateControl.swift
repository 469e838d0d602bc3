/// `MaxConcurrency` / `MaxErrors` as the API accepts them ([RC-1]) and resolves them
/// against the number of targets ([RC-2]).
public struct RateControl: Equatable, Sendable {
    public enum Value: Equatable, Sendable {
        case absolute(Int)
        case percent(Int)
    }

    public var maxConcurrency: Value
    public var maxErrors: Value

    /// The values as the API prints them (`"10"`, `"25%"`).
    public var maxConcurrencyText: String { Self.text(maxConcurrency) }
    public var maxErrorsText: String { Self.text(maxErrors) }
    static func text(_ v: Value) -> String {
        switch v { case .absolute(let n): return String(n); case .percent(let p): return "\(p)%" }
    }

    public init(maxConcurrency: String, maxErrors: String) throws {
        self.maxConcurrency = try Self.parse(maxConcurrency, field: "MaxConcurrency", allowZero: false)
        self.maxErrors = try Self.parse(maxErrors, field: "MaxErrors", allowZero: true)
    }

    /// `^([1-9][0-9]*|[1-9][0-9]%|[1-9]%|100%)$` (MaxConcurrency) and
    /// `^([1-9][0-9]*|[0]|[1-9][0-9]%|[0-9]%|100%)$` (MaxErrors), 1-7 characters.
    static func parse(_ text: String, field: String, allowZero: Bool) throws -> Value {
        let allowed = allowZero ? "a positive integer, 0, or a percentage 0%-100% without leading zeros"
                                : "a positive integer or a percentage 1%-100% without leading zeros"
        guard (1...7).contains(text.count) else { throw ScheduleError(field: field, "'\(text)'; allowed: \(allowed)") }
        if text.hasSuffix("%") {
            let digits = String(text.dropLast())
            guard let p = Int(digits), digits.allSatisfy(\.isNumber), String(p) == digits, p <= 100, allowZero || p >= 1 else {
                throw ScheduleError(field: field, "'\(text)'; allowed: \(allowed)")
            }
            return .percent(p)
        }
        guard let n = Int(text), text.allSatisfy(\.isNumber), String(n) == text, allowZero || n >= 1 else {
            throw ScheduleError(field: field, "'\(text)'; allowed: \(allowed)")
        }
        return .absolute(n)
    }

    /// [RC-2] Use: concurrency = max(1, ⌊N·p/100⌋); allowed errors = ⌊N·p/100⌋.
    public func concurrency(targets n: Int) -> Int {
        switch maxConcurrency {
        case .absolute(let c): return max(1, c)
        case .percent(let p): return max(1, n * p / 100)
        }
    }

    public func allowedErrors(targets n: Int) -> Int {
        switch maxErrors {
        case .absolute(let a): return a
        case .percent(let p): return n * p / 100
        }
    }
}
