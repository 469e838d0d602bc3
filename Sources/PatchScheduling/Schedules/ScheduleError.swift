/// Why Systems Manager would reject a schedule (a ValidationException): which part of
/// the expression, what was found and what is allowed, on one line.
public struct ScheduleError: Error, Equatable, Sendable, CustomStringConvertible {
    public var field: String
    public var message: String

    public init(field: String, _ message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { "\(field): \(message)" }
}
